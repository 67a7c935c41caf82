//! Analytic loss surfaces of two variables, each with its gradient, a view box, a default
//! start and its known minima: the lecture's first slides, where the step size decides
//! whether a descent creeps, zig-zags, settles or flies off.

use serde::{Deserialize, Serialize};

/// A rectangle of the plane `[x_min, x_max] × [y_min, y_max]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

impl ViewBox {
    /// Whether `(x, y)` lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x_min..=self.x_max).contains(&x) && (self.y_min..=self.y_max).contains(&y)
    }

    /// The box with the same centre, `factor` times wider and taller.
    pub fn scaled(&self, factor: f64) -> ViewBox {
        let (cx, cy) = (
            (self.x_min + self.x_max) / 2.0,
            (self.y_min + self.y_max) / 2.0,
        );
        let (hx, hy) = (
            (self.x_max - self.x_min) / 2.0 * factor,
            (self.y_max - self.y_min) / 2.0 * factor,
        );
        ViewBox {
            x_min: cx - hx,
            x_max: cx + hx,
            y_min: cy - hy,
            y_max: cy + hy,
        }
    }
}

/// A local (or global) minimum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Minimum {
    /// Its x.
    pub x: f64,
    /// Its y.
    pub y: f64,
    /// The surface's value there.
    pub value: f64,
}

/// The playground's surfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    /// `f = (x² + 10 y²) / 2`: an ill-conditioned bowl (condition number 10). Gradient descent
    /// converges for `lr < 2/10`; the steep y direction limits the lr, the shallow x
    /// direction sets the pace.
    Quadratic,
    /// `f = (1 - x)² + 100 (y - x²)²` (Rosenbrock, 1960): a curved, nearly flat valley.
    Rosenbrock,
    /// `f = (x² + y - 11)² + (x + y² - 7)²` (Himmelblau, 1972): four minima of value 0.
    Himmelblau,
    /// `f = (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)²` (Beale, 1958): flat
    /// plateaus and steep walls, minimum at (3, 0.5).
    Beale,
    /// `f = x² - y² + y⁴/4`: a saddle at the origin between two minima at (0, ±√2). Started
    /// near the ridge, plain descent lingers before it escapes; momentum escapes faster.
    Saddle,
    /// `f = (x² + y²)/20 - exp(-|p - (-1.5, 0)|² / 2.88) - 2 exp(-|p - (1.5, 0.5)|² / 0.125)`:
    /// a wide shallow basin beside a narrow deep one (the lecture's "deeper, but narrower
    /// parts of the loss function"). From the default start plain SGD settles in the narrow
    /// one for `lr < 1/16` (its curvature is about 32), bounces around it a little above, and
    /// from about 0.2 is thrown out and ends in the wide one.
    TwoBasins,
}

/// The two Gaussian wells of [`Surface::TwoBasins`]: centre, depth, width σ.
const WELLS: [((f64, f64), f64, f64); 2] = [((-1.5, 0.0), 1.0, 1.2), ((1.5, 0.5), 2.0, 0.25)];
/// Weight of the bowl under [`Surface::TwoBasins`], so that far from the wells the slope
/// still leads back (a plain sum of wells is flat at infinity).
const BOWL: f64 = 0.05;

impl Surface {
    /// Every surface, in the order the panel lists them.
    pub const ALL: [Surface; 6] = [
        Surface::Quadratic,
        Surface::Rosenbrock,
        Surface::Himmelblau,
        Surface::Beale,
        Surface::Saddle,
        Surface::TwoBasins,
    ];

    /// A label for menus.
    pub fn label(self) -> &'static str {
        match self {
            Surface::Quadratic => "Ill-conditioned bowl",
            Surface::Rosenbrock => "Rosenbrock",
            Surface::Himmelblau => "Himmelblau",
            Surface::Beale => "Beale",
            Surface::Saddle => "Saddle",
            Surface::TwoBasins => "Wide and narrow basins",
        }
    }

    /// The formula, in plain text.
    pub fn formula(self) -> &'static str {
        match self {
            Surface::Quadratic => "(x² + 10y²) / 2",
            Surface::Rosenbrock => "(1 − x)² + 100(y − x²)²",
            Surface::Himmelblau => "(x² + y − 11)² + (x + y² − 7)²",
            Surface::Beale => "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            Surface::Saddle => "x² − y² + y⁴/4",
            Surface::TwoBasins => {
                "(x² + y²)/20 − exp(−|p − (−1.5, 0)|²/2.88) − 2·exp(−|p − (1.5, 0.5)|²/0.125)"
            }
        }
    }

    /// `f(x, y)`.
    pub fn value(self, x: f64, y: f64) -> f64 {
        match self {
            Surface::Quadratic => 0.5 * (x * x + 10.0 * y * y),
            Surface::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            Surface::Himmelblau => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
            Surface::Beale => beale_terms(x, y).iter().map(|(t, _, _)| t * t).sum(),
            Surface::Saddle => x * x - y * y + y.powi(4) / 4.0,
            Surface::TwoBasins => {
                let wells: f64 = WELLS
                    .iter()
                    .map(|&(c, depth, sigma)| -depth * gauss(x, y, c, sigma))
                    .sum();
                BOWL * (x * x + y * y) + wells
            }
        }
    }

    /// `∇f(x, y)`, by hand (each formula is checked against central differences in the tests).
    pub fn gradient(self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Surface::Quadratic => (x, 10.0 * y),
            Surface::Rosenbrock => {
                let r = y - x * x;
                (-2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r)
            }
            Surface::Himmelblau => {
                let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
                (4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b)
            }
            Surface::Beale => beale_terms(x, y)
                .iter()
                .fold((0.0, 0.0), |(gx, gy), (t, dx, dy)| {
                    (gx + 2.0 * t * dx, gy + 2.0 * t * dy)
                }),
            Surface::Saddle => (2.0 * x, -2.0 * y + y.powi(3)),
            Surface::TwoBasins => WELLS.iter().fold(
                (2.0 * BOWL * x, 2.0 * BOWL * y),
                |(gx, gy), &(c, depth, sigma)| {
                    let k = depth * gauss(x, y, c, sigma) / (sigma * sigma);
                    (gx + k * (x - c.0), gy + k * (y - c.1))
                },
            ),
        }
    }

    /// The region the panel shows by default.
    pub fn view(self) -> ViewBox {
        let (x_min, x_max, y_min, y_max) = match self {
            Surface::Quadratic => (-3.0, 3.0, -2.0, 2.0),
            Surface::Rosenbrock => (-2.0, 2.0, -1.0, 3.0),
            Surface::Himmelblau => (-5.0, 5.0, -5.0, 5.0),
            Surface::Beale => (-4.5, 4.5, -4.5, 4.5),
            Surface::Saddle => (-2.0, 2.0, -2.5, 2.5),
            Surface::TwoBasins => (-4.0, 4.0, -3.0, 3.0),
        };
        ViewBox {
            x_min,
            x_max,
            y_min,
            y_max,
        }
    }

    /// Where a path starts unless the user clicks elsewhere.
    pub fn start(self) -> (f64, f64) {
        match self {
            Surface::Quadratic => (-2.5, 1.5),
            Surface::Rosenbrock => (-1.2, 1.0),
            Surface::Himmelblau => (0.0, 0.0),
            Surface::Beale => (1.0, 1.5),
            Surface::Saddle => (1.5, 1e-3),
            Surface::TwoBasins => (1.0, 1.0),
        }
    }

    /// Every minimum, global ones first.
    pub fn minima(self) -> Vec<Minimum> {
        let at = |x: f64, y: f64| Minimum {
            x,
            y,
            value: self.value(x, y),
        };
        match self {
            Surface::Quadratic => vec![at(0.0, 0.0)],
            Surface::Rosenbrock => vec![at(1.0, 1.0)],
            Surface::Himmelblau => vec![
                at(3.0, 2.0),
                at(-2.805_118_086_952_745, 3.131_312_518_250_573),
                at(-3.779_310_253_377_747, -3.283_185_991_286_17),
                at(3.584_428_340_330_492, -1.848_126_526_964_404),
            ],
            Surface::Beale => vec![at(3.0, 0.5)],
            Surface::Saddle => vec![at(0.0, 2f64.sqrt()), at(0.0, -(2f64.sqrt()))],
            Surface::TwoBasins => {
                let mut m: Vec<Minimum> = WELLS
                    .iter()
                    .map(|&(c, _, _)| {
                        let (x, y) = two_basins_newton(c);
                        at(x, y)
                    })
                    .collect();
                m.sort_by(|a, b| a.value.total_cmp(&b.value));
                m
            }
        }
    }

    /// The smallest value the surface takes (its global minimum).
    pub fn min_value(self) -> f64 {
        self.minima()
            .iter()
            .map(|m| m.value)
            .fold(f64::INFINITY, f64::min)
    }
}

/// Beale's three residuals with their partial derivatives `(t, ∂t/∂x, ∂t/∂y)`.
fn beale_terms(x: f64, y: f64) -> [(f64, f64, f64); 3] {
    [(1.5, 1), (2.25, 2), (2.625, 3)].map(|(c, k)| {
        let yk = y.powi(k);
        let dy = f64::from(k) * x * y.powi(k - 1);
        (c - x + x * yk, yk - 1.0, dy)
    })
}

/// `exp(-|p - c|² / (2σ²))`.
fn gauss(x: f64, y: f64, c: (f64, f64), sigma: f64) -> f64 {
    let r2 = (x - c.0).powi(2) + (y - c.1).powi(2);
    (-r2 / (2.0 * sigma * sigma)).exp()
}

/// Newton's method on `∇f = 0` for [`Surface::TwoBasins`] from a well's centre, with the
/// Hessian by hand; converges to machine precision in a few steps.
fn two_basins_newton(start: (f64, f64)) -> (f64, f64) {
    let (mut x, mut y) = start;
    for _ in 0..50 {
        let (gx, gy) = Surface::TwoBasins.gradient(x, y);
        let (mut hxx, mut hxy, mut hyy) = (2.0 * BOWL, 0.0, 2.0 * BOWL);
        for &(c, depth, sigma) in &WELLS {
            let s2 = sigma * sigma;
            let k = depth * gauss(x, y, c, sigma) / s2;
            let (dx, dy) = (x - c.0, y - c.1);
            hxx += k * (1.0 - dx * dx / s2);
            hyy += k * (1.0 - dy * dy / s2);
            hxy -= k * dx * dy / s2;
        }
        let det = hxx * hyy - hxy * hxy;
        if det == 0.0 || !det.is_finite() {
            break;
        }
        let (sx, sy) = ((hyy * gx - hxy * gy) / det, (hxx * gy - hxy * gx) / det);
        x -= sx;
        y -= sy;
        if sx.abs() + sy.abs() < 1e-15 {
            break;
        }
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_central_differences() {
        for s in Surface::ALL {
            let v = s.view();
            for i in 0..7 {
                for j in 0..7 {
                    let x = v.x_min + (v.x_max - v.x_min) * (f64::from(i) + 0.37) / 7.0;
                    let y = v.y_min + (v.y_max - v.y_min) * (f64::from(j) + 0.61) / 7.0;
                    let h = 1e-6;
                    let nx = (s.value(x + h, y) - s.value(x - h, y)) / (2.0 * h);
                    let ny = (s.value(x, y + h) - s.value(x, y - h)) / (2.0 * h);
                    let (gx, gy) = s.gradient(x, y);
                    let scale = 1.0 + gx.abs().max(gy.abs());
                    assert!(
                        (gx - nx).abs() < 1e-5 * scale && (gy - ny).abs() < 1e-5 * scale,
                        "{s:?} at ({x}, {y}): ({gx}, {gy}) vs ({nx}, {ny})"
                    );
                }
            }
        }
    }

    #[test]
    fn minima_are_stationary_and_lowest_nearby() {
        for s in Surface::ALL {
            let minima = s.minima();
            assert!(!minima.is_empty());
            for m in &minima {
                let (gx, gy) = s.gradient(m.x, m.y);
                assert!(
                    gx.abs() < 1e-9 && gy.abs() < 1e-9,
                    "{s:?} {m:?}: ({gx}, {gy})"
                );
                for (dx, dy) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
                    assert!(s.value(m.x + dx, m.y + dy) > m.value, "{s:?} {m:?}");
                }
                assert!(s.view().contains(m.x, m.y), "{s:?} {m:?}");
            }
            assert_eq!(s.min_value(), minima[0].value, "{s:?}: global first");
            let (x0, y0) = s.start();
            assert!(s.view().contains(x0, y0));
            assert!(s.value(x0, y0) > s.min_value());
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(Surface::Rosenbrock.value(1.0, 1.0), 0.0);
        assert_eq!(Surface::Beale.value(3.0, 0.5), 0.0);
        assert_eq!(Surface::Himmelblau.value(3.0, 2.0), 0.0);
        assert_eq!(Surface::Saddle.gradient(0.0, 0.0), (0.0, 0.0));
        assert!((Surface::Saddle.min_value() + 1.0).abs() < 1e-12);
        let m = Surface::TwoBasins.minima();
        assert_eq!(m.len(), 2);
        assert!(
            m[0].x > 1.0 && m[0].value < -1.5,
            "the narrow basin is the deeper: {m:?}"
        );
        assert!(m[1].x < -1.0 && m[1].value > -1.5, "{m:?}");
        let json = serde_json::to_string(&Surface::TwoBasins).unwrap();
        assert_eq!(json, "\"two_basins\"");
    }

    #[test]
    fn scaled_box_keeps_its_centre() {
        let b = Surface::Rosenbrock.view().scaled(10.0);
        assert_eq!(
            (b.x_min, b.x_max, b.y_min, b.y_max),
            (-20.0, 20.0, -19.0, 21.0)
        );
        assert!(!Surface::Rosenbrock.view().contains(0.0, 3.5));
    }
}
