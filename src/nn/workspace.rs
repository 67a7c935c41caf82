//! Buffers reused by every forward and backward pass, so that training allocates nothing per
//! iteration (they only grow when a larger batch than before arrives).

use crate::kernels::{SparseRows, SparseScratch};

/// Per-layer outputs and back-propagated gradients for batches of up to `rows` samples.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    rows: usize,
    /// `acts[l]`: output of layer `l` after its activation (the last one holds the logits).
    pub(crate) acts: Vec<Vec<f32>>,
    /// Gradient with respect to the current layer's pre-activations.
    pub(crate) delta: Vec<f32>,
    /// Gradient with respect to the previous layer's outputs, then pre-activations.
    pub(crate) delta_prev: Vec<f32>,
    /// Predicted classes of the last evaluated chunk.
    pub(crate) preds: Vec<u8>,
    /// The nonzero entries of the last forward pass's input (the backward pass of the same
    /// batch reads them again).
    pub(crate) input_index: SparseRows,
    /// Buffers of the sparse products.
    pub(crate) sparse: SparseScratch,
}

impl Workspace {
    /// Makes room for `rows` samples through layers of widths `sizes`.
    pub(crate) fn reserve(&mut self, sizes: &[usize], rows: usize) {
        let layers = sizes.len().saturating_sub(1);
        if rows <= self.rows && self.acts.len() == layers {
            return;
        }
        let rows = rows.max(self.rows);
        let widest = sizes.iter().copied().max().unwrap_or(0);
        self.acts = sizes[1..].iter().map(|&w| vec![0.0; rows * w]).collect();
        self.delta = vec![0.0; rows * widest];
        self.delta_prev = vec![0.0; rows * widest];
        self.preds = vec![0; rows];
        self.rows = rows;
    }

    /// The largest batch the buffers hold without growing.
    pub fn capacity(&self) -> usize {
        self.rows
    }
}
