//! The training loop in the lecture's order, its configuration and its history.
