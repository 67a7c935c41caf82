//! A small, safe expression language for `lr_lambda` (LambdaLR, MultiplicativeLR): Python's
//! syntax and precedence for a calculator's worth of it, parsed once and evaluated per epoch.
//! Never JavaScript, never `eval`.
//!
//! Grammar (Python's precedence: `**` is right-associative and binds tighter than a unary minus
//! on its left, so `-2**2 == -4` and `2**-1 == 0.5`):
//! ```text
//! sum     = product (("+" | "-") product)*
//! product = unary (("*" | "/") unary)*
//! unary   = ("-" | "+") unary | power
//! power   = atom ("**" unary)?
//! atom    = number | "epoch" | "pi" | func "(" sum ("," sum)* ")" | "(" sum ")"
//! func    = exp | log | sqrt | cos | sin | floor | abs | min | max
//! ```
//! Numbers are Python literals (`3`, `0.5`, `.5`, `1e-3`). Positions in messages are 0-based
//! character offsets. Input is limited to [`MAX_LEN`] characters and [`MAX_DEPTH`] levels of
//! nesting, so hostile input cannot exhaust the stack.

use std::fmt;

use crate::pyfmt::{py_float, py_num};
use crate::{Error, Result};

mod parse;

/// Longest accepted expression, in characters.
pub const MAX_LEN: usize = 1000;
/// Deepest accepted nesting (parentheses, unary signs, powers, calls).
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Exp,
    Log,
    Sqrt,
    Cos,
    Sin,
    Floor,
    Abs,
    Min,
    Max,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "exp" => Func::Exp,
            "log" => Func::Log,
            "sqrt" => Func::Sqrt,
            "cos" => Func::Cos,
            "sin" => Func::Sin,
            "floor" => Func::Floor,
            "abs" => Func::Abs,
            "min" => Func::Min,
            "max" => Func::Max,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Func::Exp => "exp",
            Func::Log => "log",
            Func::Sqrt => "sqrt",
            Func::Cos => "cos",
            Func::Sin => "sin",
            Func::Floor => "floor",
            Func::Abs => "abs",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    /// The Python spelling: `math.` functions, or the builtins `abs`, `min`, `max`.
    fn python(self) -> &'static str {
        match self {
            Func::Exp => "math.exp",
            Func::Log => "math.log",
            Func::Sqrt => "math.sqrt",
            Func::Cos => "math.cos",
            Func::Sin => "math.sin",
            Func::Floor => "math.floor",
            Func::Abs => "abs",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    fn variadic(self) -> bool {
        matches!(self, Func::Min | Func::Max)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Ast {
    Num { value: f64, is_int: bool },
    Epoch,
    Pi,
    Neg(Box<Ast>),
    Pos(Box<Ast>),
    Bin(BinOp, Box<Ast>, Box<Ast>),
    Call(Func, Vec<Ast>),
}

/// A parsed `lr_lambda` expression in the variable `epoch`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    source: String,
    ast: Ast,
}

impl Expr {
    /// Parses `source`.
    ///
    /// # Errors
    /// [`Error::Expression`] with the offending position, e.g. "unknown name 'foo' at 5",
    /// "unexpected end of expression", "expression nests deeper than 64 levels".
    pub fn parse(source: &str) -> Result<Expr> {
        Ok(Expr {
            source: source.to_string(),
            ast: parse::parse(source)?,
        })
    }

    /// The value at `epoch`.
    ///
    /// # Errors
    /// [`Error::Expression`] for what Python's `math` would refuse (log of a non-positive
    /// number, division by zero, a complex power, overflow) and for any non-finite result.
    pub fn eval(&self, epoch: f64) -> Result<f64> {
        let v = eval(&self.ast, epoch).map_err(|m| expr_err(format!("{m} at epoch {epoch}")))?;
        if !v.is_finite() {
            return Err(expr_err(format!(
                "'{}' is {} at epoch {epoch}",
                self.source,
                py_float(v)
            )));
        }
        Ok(v)
    }

    /// The same expression in Python (`math.exp`, `math.pi`, ...), for PyTorch snippets.
    pub fn to_python(&self) -> String {
        let mut out = String::new();
        write_python(&self.ast, &mut out);
        out
    }

    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn expr_err(msg: String) -> Error {
    Error::Expression(msg)
}

/// Evaluates with Python's `math` errors; the message gets the epoch appended by the caller.
fn eval(ast: &Ast, epoch: f64) -> std::result::Result<f64, String> {
    Ok(match ast {
        Ast::Num { value, .. } => *value,
        Ast::Epoch => epoch,
        Ast::Pi => std::f64::consts::PI,
        Ast::Neg(a) => -eval(a, epoch)?,
        Ast::Pos(a) => eval(a, epoch)?,
        Ast::Bin(op, a, b) => {
            let (x, y) = (eval(a, epoch)?, eval(b, epoch)?);
            match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div if y == 0.0 => return Err("division by zero".into()),
                BinOp::Div => x / y,
                BinOp::Pow => pow(x, y)?,
            }
        }
        Ast::Call(f, args) => {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(eval(a, epoch)?);
            }
            call(*f, &vals)?
        }
    })
}

fn pow(x: f64, y: f64) -> std::result::Result<f64, String> {
    if x == 0.0 && y < 0.0 {
        return Err("0.0 cannot be raised to a negative power".into());
    }
    if x < 0.0 && y.fract() != 0.0 {
        return Err(format!(
            "{} ** {} is a complex number",
            py_float(x),
            py_float(y)
        ));
    }
    Ok(libm::pow(x, y))
}

fn call(f: Func, v: &[f64]) -> std::result::Result<f64, String> {
    let x = v.first().copied().unwrap_or(f64::NAN);
    let domain = || format!("{}({}): math domain error", f.name(), py_float(x));
    Ok(match f {
        Func::Exp => {
            let r = libm::exp(x);
            if r.is_infinite() && x.is_finite() {
                return Err(format!("exp({}): math range error", py_float(x)));
            }
            r
        }
        Func::Log if x <= 0.0 => return Err(domain()),
        Func::Log => libm::log(x),
        Func::Sqrt if x < 0.0 => return Err(domain()),
        Func::Sqrt => x.sqrt(),
        Func::Cos => libm::cos(x),
        Func::Sin => libm::sin(x),
        Func::Floor => x.floor(),
        Func::Abs => x.abs(),
        // Python's min/max keep the first of equal values; for numbers that is invisible.
        Func::Min => v.iter().copied().fold(f64::INFINITY, f64::min),
        Func::Max => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

/// Binding strength, for writing the Python back with only the parentheses it needs.
fn prec(ast: &Ast) -> u8 {
    match ast {
        Ast::Bin(BinOp::Add | BinOp::Sub, ..) => 1,
        Ast::Bin(BinOp::Mul | BinOp::Div, ..) => 2,
        Ast::Neg(_) | Ast::Pos(_) => 3,
        Ast::Bin(BinOp::Pow, ..) => 4,
        Ast::Num { value, .. } if *value < 0.0 => 3,
        _ => 5,
    }
}

fn write_python(ast: &Ast, out: &mut String) {
    let wrapped = |a: &Ast, parens: bool, out: &mut String| {
        if parens {
            out.push('(');
        }
        write_python(a, out);
        if parens {
            out.push(')');
        }
    };
    match ast {
        Ast::Num { value, is_int } => out.push_str(&py_num(*value, *is_int && *value < 9.0e15)),
        Ast::Epoch => out.push_str("epoch"),
        Ast::Pi => out.push_str("math.pi"),
        Ast::Neg(a) | Ast::Pos(a) => {
            out.push(if matches!(ast, Ast::Neg(_)) { '-' } else { '+' });
            wrapped(a, prec(a) < 3, out);
        }
        Ast::Bin(op, a, b) => {
            let p = prec(ast);
            let (left_parens, right_parens) = if *op == BinOp::Pow {
                (prec(a) <= 4, prec(b) < 3)
            } else {
                (prec(a) < p, prec(b) <= p)
            };
            wrapped(a, left_parens, out);
            out.push_str(if *op == BinOp::Pow {
                "**"
            } else {
                match op {
                    BinOp::Add => " + ",
                    BinOp::Sub => " - ",
                    BinOp::Mul => " * ",
                    _ => " / ",
                }
            });
            wrapped(b, right_parens, out);
        }
        Ast::Call(f, args) => {
            out.push_str(f.python());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python(a, out);
            }
            out.push(')');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn val(src: &str, epoch: f64) -> Result<f64> {
        Expr::parse(src)?.eval(epoch)
    }

    #[test]
    fn numbers_names_and_functions() {
        assert_eq!(val("1e-3 * epoch", 2.0), Ok(0.002));
        assert_eq!(val(".5 + 5.", 0.0), Ok(5.5));
        assert_eq!(val("0.95 ** epoch", 3.0), Ok(0.95f64.powf(3.0)));
        assert_eq!(val("floor(epoch / 10)", 25.0), Ok(2.0));
        assert_eq!(val("min(1, epoch / 5, 3)", 2.0), Ok(0.4));
        assert_eq!(val("max(0.1, cos(pi * epoch / 4))", 4.0), Ok(0.1));
        assert_eq!(
            val("exp(log(2)) + sqrt(abs(-9))", 0.0),
            Ok(2.0f64.ln().exp() + 3.0)
        );
        assert_eq!(val("sin(0)", 0.0), Ok(0.0));
    }

    #[test]
    fn evaluation_errors() {
        let e = |src: &str, x: f64| val(src, x).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e("1 / epoch", 0.0).contains("division by zero at epoch 0"));
        assert!(e("log(epoch)", 0.0).contains("math domain error"));
        assert!(e("sqrt(epoch - 5)", 1.0).contains("math domain error"));
        assert!(e("(-8) ** (1/3)", 0.0).contains("complex"));
        assert!(e("exp(epoch)", 1000.0).contains("math range error"));
        assert!(e("10 ** epoch", 400.0).contains("is inf"));
        assert!(e("0 ** -1", 0.0).contains("negative power"));
    }

    #[test]
    fn python_translation() {
        let py = |src: &str| Expr::parse(src).map(|e| e.to_python()).unwrap_or_default();
        assert_eq!(py("0.95 ** epoch"), "0.95**epoch");
        assert_eq!(py("exp(-0.1*epoch)"), "math.exp(-0.1 * epoch)");
        assert_eq!(py("-(2**2)"), "-2**2");
        assert_eq!(py("(-2)**2"), "(-2)**2");
        assert_eq!(py("(2**3)**2"), "(2**3)**2");
        assert_eq!(py("2**-epoch"), "2**-epoch");
        assert_eq!(py("1 - (2 - epoch)"), "1 - (2 - epoch)");
        assert_eq!(py("(1 - 2) - epoch"), "1 - 2 - epoch");
        assert_eq!(
            py("floor(epoch/10) * pi"),
            "math.floor(epoch / 10) * math.pi"
        );
        assert_eq!(py("max(1e-3, 1/(1+epoch))"), "max(0.001, 1 / (1 + epoch))");
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn never_panics_on_arbitrary_input(s in "[ -~]{0,60}") {
            let _ = Expr::parse(&s).map(|e| e.eval(3.0));
        }

        #[test]
        fn python_text_parses_back_to_the_same_value(
            a in -5.0f64..5.0, b in 0.1f64..3.0, epoch in 0.0f64..20.0
        ) {
            let src = format!("-({a}) * (1 + epoch) ** -({b}) - {a} / (2 - -{b})");
            let e = Expr::parse(&src).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let py = e.to_python().replace("math.", "");
            let back = Expr::parse(&py).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(e.eval(epoch).ok(), back.eval(epoch).ok());
        }
    }
}
