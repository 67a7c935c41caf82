//! The `lr_lambda` expression parser on arbitrary text: a parse may fail, evaluation may fail,
//! but a value it returns is finite and nothing panics.

use lrlab::schedule::Expr;

/// Parses `data` (as UTF-8, lossily) and evaluates the expression at a few epochs.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(expr) = Expr::parse(&text) {
        for epoch in [0.0, 1.0, 7.0, 1e6] {
            if let Ok(v) = expr.eval(epoch) {
                assert!(v.is_finite(), "{text:?} at {epoch} gave {v}");
            }
        }
        assert!(!expr.to_python().is_empty());
    }
}
