//! The multilayer perceptron: layers, activations, softmax cross-entropy, backward pass.
//!
//! Parameters are one flat `f32` buffer owned by the caller (see [`Mlp`]); the network only
//! describes shapes and computes.

mod activation;
mod loss;
pub mod math;
mod mlp;
mod workspace;

pub use activation::Activation;
pub use loss::{argmax_rows, cross_entropy};
pub use mlp::{Evaluation, LayerShape, Mlp, MlpConfig};
pub use workspace::Workspace;
