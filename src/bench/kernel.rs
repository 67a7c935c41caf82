//! One matrix product of the training step, on buffers made once, repeated on demand: the
//! kernel-level figure beside the whole-step throughput.

use crate::kernels::{matmul, matmul_nt, matmul_tn, Dims};
use crate::{Error, Result};

/// Which product: the three the network's forward and backward passes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelOp {
    /// `C = A·B` (input gradient `dY·W`).
    Nn,
    /// `C = A·Bᵀ` (forward `X·Wᵀ`).
    Nt,
    /// `C = Aᵀ·B` (weight gradient `dYᵀ·X`).
    Tn,
}

/// The products of one batch-128 training step of the default network that carry nearly all
/// of its floating-point work, named as the summary reports them.
pub const KERNEL_SHAPES: [(&str, KernelOp, Dims); 3] = [
    (
        "forward X·W0ᵀ 128x784x128",
        KernelOp::Nt,
        Dims {
            m: 128,
            k: 784,
            n: 128,
        },
    ),
    (
        "weight grad dHᵀ·X 128x128x784",
        KernelOp::Tn,
        Dims {
            m: 128,
            k: 128,
            n: 784,
        },
    ),
    (
        "square 256x256x256",
        KernelOp::Nn,
        Dims {
            m: 256,
            k: 256,
            n: 256,
        },
    ),
];

/// Operands for one product, filled with small values so repeated runs stay finite.
#[derive(Debug, Clone)]
pub struct KernelBench {
    op: KernelOp,
    dims: Dims,
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
}

impl KernelBench {
    /// Buffers for `op` on `dims`.
    ///
    /// # Errors
    /// [`Error::Config`] if a dimension is zero or the operands exceed 64 M floats.
    pub fn new(op: KernelOp, dims: Dims) -> Result<KernelBench> {
        let Dims { m, k, n } = dims;
        let sizes = [m.checked_mul(k), k.checked_mul(n), m.checked_mul(n)];
        if m == 0 || k == 0 || n == 0 || sizes.iter().any(|s| s.is_none_or(|s| s > 1 << 26)) {
            return Err(Error::Config(format!(
                "kernel benchmark shape {m}x{k}x{n} must be positive and at most 64 M floats per operand"
            )));
        }
        let fill = |len: usize, salt: usize| -> Vec<f32> {
            (0..len)
                .map(|i| ((i * 7 + salt) % 13) as f32 / 64.0 - 0.09)
                .collect()
        };
        Ok(KernelBench {
            op,
            dims,
            a: fill(m * k, 1),
            b: fill(k * n, 2),
            c: vec![0.0; m * n],
        })
    }

    /// Runs the product `reps` times and returns one element of `C`, so that the work cannot
    /// be optimised away.
    pub fn run(&mut self, reps: usize) -> f32 {
        let kernel = match self.op {
            KernelOp::Nn => matmul,
            KernelOp::Nt => matmul_nt,
            KernelOp::Tn => matmul_tn,
        };
        for _ in 0..reps {
            kernel(self.dims, &self.a, &self.b, &mut self.c, false);
        }
        self.c[self.c.len() / 2]
    }

    /// Floating-point operations of one product, `2·m·k·n`.
    pub fn flops(&self) -> f64 {
        2.0 * (self.dims.m * self.dims.k * self.dims.n) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_the_product_it_names() {
        let mut bench = KernelBench::new(KernelOp::Nn, Dims::new(2, 3, 2)).unwrap();
        let want: f32 = (0..3)
            .map(|p| bench.a[2 * 3 - 3 + p] * bench.b[p * 2])
            .sum();
        // C's middle element is (1, 0).
        assert!((bench.run(2) - want).abs() < 1e-6);
        assert_eq!(bench.flops(), 24.0);
    }

    #[test]
    fn refuses_empty_and_huge_shapes() {
        assert!(KernelBench::new(KernelOp::Nt, Dims::new(0, 3, 2)).is_err());
        assert!(KernelBench::new(KernelOp::Tn, Dims::new(1 << 14, 1 << 14, 1)).is_err());
    }
}
