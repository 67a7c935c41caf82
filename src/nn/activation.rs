//! Hidden-layer activations (`torch.nn.ReLU`, `torch.nn.Tanh`, `torch.nn.Sigmoid`), applied in
//! place, with derivatives expressed through the activation's output so the backward pass needs
//! no stored pre-activations.

use serde::{Deserialize, Serialize};

use super::math;

/// The nonlinearity between linear layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `max(0, x)`; derivative 1 where the output is positive, else 0 (PyTorch's choice at 0).
    #[default]
    #[serde(alias = "ReLU")]
    Relu,
    /// `tanh(x)`; derivative `1 - y²`.
    #[serde(alias = "Tanh")]
    Tanh,
    /// `1 / (1 + e^-x)`; derivative `y (1 - y)`.
    #[serde(alias = "Sigmoid")]
    Sigmoid,
}

impl Activation {
    /// Replaces each pre-activation in `z` by the activation's output.
    pub fn forward(self, z: &mut [f32]) {
        match self {
            Activation::Relu => z.iter_mut().for_each(|v| *v = v.max(0.0)),
            Activation::Tanh => z.iter_mut().for_each(|v| *v = math::tanh(*v)),
            Activation::Sigmoid => z.iter_mut().for_each(|v| *v = math::sigmoid(*v)),
        }
    }

    /// Multiplies the gradient `dy` (with respect to the outputs `y`) by the derivative, turning
    /// it into the gradient with respect to the pre-activations.
    pub fn backward(self, y: &[f32], dy: &mut [f32]) {
        let pairs = dy.iter_mut().zip(y);
        match self {
            Activation::Relu => pairs.for_each(|(d, &y)| {
                if y <= 0.0 {
                    *d = 0.0;
                }
            }),
            Activation::Tanh => pairs.for_each(|(d, &y)| *d *= 1.0 - y * y),
            Activation::Sigmoid => pairs.for_each(|(d, &y)| *d *= y * (1.0 - y)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_values() {
        let mut z = [-1.0, 0.0, 2.0];
        Activation::Relu.forward(&mut z);
        assert_eq!(z, [0.0, 0.0, 2.0]);
        let mut z = [0.0, 1.0];
        Activation::Tanh.forward(&mut z);
        assert_eq!(z, [0.0, 1.0f32.tanh()]);
        let mut z = [0.0];
        Activation::Sigmoid.forward(&mut z);
        assert_eq!(z, [0.5]);
    }

    #[test]
    fn backward_matches_central_differences() {
        for act in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
            for &x in &[-1.3f32, -0.2, 0.4, 2.1] {
                let h = 1e-3f32;
                let f = |v: f32| {
                    let mut z = [v];
                    act.forward(&mut z);
                    z[0]
                };
                let numeric = (f(x + h) - f(x - h)) / (2.0 * h);
                let mut d = [1.0f32];
                act.backward(&[f(x)], &mut d);
                assert!(
                    (d[0] - numeric).abs() < 2e-3,
                    "{act:?} at {x}: {} vs {numeric}",
                    d[0]
                );
            }
        }
    }

    #[test]
    fn names_follow_pytorch_in_either_case() {
        for (name, act) in [
            ("\"relu\"", Activation::Relu),
            ("\"ReLU\"", Activation::Relu),
        ] {
            assert_eq!(serde_json::from_str::<Activation>(name).ok(), Some(act));
        }
        assert_eq!(
            serde_json::from_str::<Activation>("\"Tanh\"").ok(),
            Some(Activation::Tanh)
        );
        assert_eq!(
            serde_json::to_string(&Activation::Sigmoid).ok().as_deref(),
            Some("\"sigmoid\"")
        );
        assert!(serde_json::from_str::<Activation>("\"gelu\"").is_err());
    }
}
