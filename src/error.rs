//! The crate's one error type. Messages are user-facing: where PyTorch rejects the same input,
//! the text is PyTorch's own so that a user can search for it.

use thiserror::Error as ThisError;

/// Everything that can go wrong in the core.
#[derive(Debug, Clone, PartialEq, ThisError)]
pub enum Error {
    /// An argument PyTorch would reject (its `ValueError` text, verbatim).
    #[error("{0}")]
    InvalidArgument(String),
    /// A `lr_lambda` expression that does not parse or cannot be evaluated.
    #[error("invalid expression: {0}")]
    Expression(String),
    /// A JSON configuration that is malformed or has fields of the wrong type.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A data file (IDX, gzip) that is malformed or inconsistent.
    #[error("invalid data: {0}")]
    Data(String),
    /// Training produced a NaN or infinite loss.
    #[error("diverged at iteration {iteration}, lr = {}", crate::pyfmt::py_float(*lr))]
    Diverged {
        /// 1-based iteration at which the loss stopped being finite.
        iteration: usize,
        /// The learning rate in force at that iteration.
        lr: f64,
    },
    /// Reading or writing a file failed (CLI only).
    #[error("{0}")]
    Io(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidArgument(msg.into())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Config(e.to_string())
    }
}
