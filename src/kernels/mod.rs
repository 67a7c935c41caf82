//! Dense matrix kernels used by the network.
