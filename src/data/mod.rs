//! Datasets: IDX parsing, the bundled MNIST subset, seeded subsets.
