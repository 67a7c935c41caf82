//! Dense `f32` matrix kernels used by the network: `C (+)= A·B`, `A·Bᵀ` and `Aᵀ·B` on row-major
//! slices, cache-blocked, with inner loops the compiler turns into SIMD (SSE natively, SIMD128 on
//! wasm), and the per-step sums of the update ratio (`norms`). Callers own every buffer; the
//! kernels never allocate.

mod gemm;
pub(crate) mod lanes;
mod norms;
mod pack;
mod sparse;
mod tile;

pub use gemm::{matmul, matmul_nt, matmul_tn, Dims};
pub use norms::step_sums_and_keep;
pub use sparse::{matmul_nt_sparse_a, matmul_tn_sparse_b, SparseRows, SparseScratch};
