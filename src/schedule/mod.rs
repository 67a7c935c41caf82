//! Learning-rate schedulers with PyTorch 2.x semantics.
