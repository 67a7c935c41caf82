//! The multilayer perceptron: layers, activations, loss, backward pass.
