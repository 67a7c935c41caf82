//! Python's arithmetic as PyTorch's users meet it: the exact `ZeroDivisionError`, `KeyError`
//! and overflow texts, floor division and `bisect.bisect_right`, so that lrlab fails where and
//! how PyTorch does.

use crate::pyfmt::py_float;
use crate::{Error, Result};

/// `str(KeyError(key))`: Python shows the repr of the key.
pub(crate) fn key_error(key: &str) -> Error {
    Error::invalid(py_repr_str(key))
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and no double one.
pub(crate) fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `a / b` on floats (`ZeroDivisionError: float division by zero`).
pub(crate) fn py_div(a: f64, b: f64) -> Result<f64> {
    if b == 0.0 {
        return Err(Error::invalid("float division by zero"));
    }
    Ok(a / b)
}

/// Python's `a / b` on two ints (`ZeroDivisionError: division by zero`).
pub(crate) fn py_int_div(a: i64, b: i64) -> Result<f64> {
    if b == 0 {
        return Err(Error::invalid("division by zero"));
    }
    Ok(a as f64 / b as f64)
}

/// Whether Python's `a % b == 0` on ints (`ZeroDivisionError: integer modulo by zero`).
/// Takes `i128` so that callers can form `a` and `b` without overflow, as Python ints never do.
pub(crate) fn py_divides(a: i128, b: i128) -> Result<bool> {
    if b == 0 {
        return Err(Error::invalid("integer modulo by zero"));
    }
    Ok(a % b == 0)
}

/// Python's `a // b` on ints (floor division).
pub(crate) fn py_floordiv(a: i64, b: i64) -> Result<i64> {
    if b == 0 {
        return Err(Error::invalid("integer division or modulo by zero"));
    }
    let (a, b) = (a as i128, b as i128);
    let q = a / b;
    let floored = if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    };
    Ok(floored.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// Python's `float ** float` with CPython's errors (`float_pow`): `0.0` to a negative power,
/// a negative base to a fractional power (a complex number in Python), and overflow.
pub(crate) fn py_pow(base: f64, exp: f64) -> Result<f64> {
    if base == 0.0 && exp < 0.0 {
        return Err(Error::invalid("0.0 cannot be raised to a negative power"));
    }
    if base < 0.0 && exp.is_finite() && exp.fract() != 0.0 {
        return Err(Error::invalid(format!(
            "{} ** {} is a complex number in Python; PyTorch cannot use it as a learning rate",
            py_float(base),
            py_float(exp)
        )));
    }
    let r = libm::pow(base, exp);
    if r.is_infinite() && base.is_finite() && exp.is_finite() {
        return Err(Error::invalid("(34, 'Numerical result out of range')"));
    }
    Ok(r)
}

/// Python's `bisect.bisect_right`, step for step, so that unsorted milestones behave as in
/// PyTorch too.
pub(crate) fn bisect_right(a: &[i64], x: i64) -> usize {
    let (mut lo, mut hi) = (0, a.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bisect_right_matches_python() {
        let a = [2, 5, 5, 9];
        let got: Vec<usize> = [0, 2, 4, 5, 6, 9, 10]
            .iter()
            .map(|&x| bisect_right(&a, x))
            .collect();
        assert_eq!(got, [0, 1, 1, 3, 3, 4, 4]);
        // Unsorted input follows the algorithm, not "count of elements <= x".
        assert_eq!(bisect_right(&[10, 1], 5), 2);
        assert_eq!(bisect_right(&[1, 10, 0], 5), 1);
    }

    #[test]
    fn python_arithmetic_errors() {
        assert_eq!(py_floordiv(-5, 2), Ok(-3));
        assert_eq!(py_floordiv(5, -2), Ok(-3));
        assert_eq!(py_floordiv(6, 3), Ok(2));
        assert_eq!(py_divides(-6, 3), Ok(true));
        assert_eq!(
            py_divides(1, 0),
            Err(Error::invalid("integer modulo by zero"))
        );
        assert_eq!(
            py_div(1.0, 0.0),
            Err(Error::invalid("float division by zero"))
        );
        assert_eq!(py_int_div(0, 0), Err(Error::invalid("division by zero")));
        assert_eq!(
            py_pow(0.0, -1.0),
            Err(Error::invalid("0.0 cannot be raised to a negative power"))
        );
        assert!(py_pow(-2.0, 0.5).is_err());
        assert_eq!(py_pow(-2.0, 3.0), Ok(-8.0));
        assert!(py_pow(10.0, 400.0).is_err());
        assert_eq!(py_pow(0.5, 2000.0), Ok(0.0));
    }

    #[test]
    fn repr_of_strings() {
        assert_eq!(py_repr_str("max_lr"), "'max_lr'");
        assert_eq!(py_repr_str("it's\n"), "\"it's\\n\"");
        assert_eq!(py_repr_str("a'b\"c"), "'a\\'b\"c'");
    }
}
