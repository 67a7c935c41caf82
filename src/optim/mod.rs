//! Optimizers with PyTorch's update rules and defaults.
