//! Python's `repr` of numbers, so that error messages read exactly as PyTorch's do
//! (`Invalid epsilon value: 1e-08`, not `0.00000001`).

/// Formats `x` as Python's `repr(float)` does: the shortest digits that round-trip, in
/// positional notation for exponents from -4 to 15 and scientific (`1e-05`, `1e+16`) otherwise.
pub fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` already yields the shortest round-trip digits, e.g. "1.5e-5".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let body = if (-4..16).contains(&exp) {
        positional(&digits, exp)
    } else {
        let mut m = digits[..1].to_string();
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    };
    format!("{sign}{body}")
}

/// Python's `repr` of an integer-valued number when the argument is an int, else of a float:
/// PyTorch messages show `0` for `T_0=0` but `0.0` for `lr=0.0`.
pub fn py_num(x: f64, is_int: bool) -> String {
    if is_int && x.fract() == 0.0 && x.abs() < 1e18 {
        format!("{}", x as i64)
    } else {
        py_float(x)
    }
}

fn positional(digits: &str, exp: i32) -> String {
    let point = exp + 1; // digits before the decimal point
    if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_repr() {
        let cases = [
            (0.1, "0.1"),
            (-0.1, "-0.1"),
            (1e-8, "1e-08"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
            (0.00012, "0.00012"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345e20, "1.2345e+20"),
            (0.3333333333333333, "0.3333333333333333"),
            (-2.5e-7, "-2.5e-07"),
            (0.0, "0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, want) in cases {
            assert_eq!(py_float(x), want, "repr({x:e})");
        }
    }

    #[test]
    fn ints_print_without_point() {
        assert_eq!(py_num(0.0, true), "0");
        assert_eq!(py_num(-3.0, true), "-3");
        assert_eq!(py_num(0.5, true), "0.5");
        assert_eq!(py_num(2.0, false), "2.0");
    }
}
