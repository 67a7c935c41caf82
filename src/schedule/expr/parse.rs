//! The expression language's lexer and recursive-descent parser (grammar in the parent
//! module's doc), with a depth limit so that hostile input cannot exhaust the stack.

use super::{expr_err, Ast, BinOp, Func, MAX_DEPTH, MAX_LEN};
use crate::pyfmt::py_num;
use crate::Result;

/// Parses `source` into its syntax tree.
pub(super) fn parse(source: &str) -> Result<Ast> {
    let chars: Vec<char> = source.chars().collect();
    if chars.len() > MAX_LEN {
        return Err(expr_err(format!(
            "expression is longer than {MAX_LEN} characters"
        )));
    }
    let tokens = lex(&chars)?;
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
        depth: 0,
    };
    let ast = p.sum()?;
    match p.peek() {
        (Tok::End, _) => Ok(ast),
        (t, at) => Err(expr_err(format!("unexpected {} at {at}", t.describe()))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64, bool),
    Name(String),
    Op(BinOp),
    LParen,
    RParen,
    Comma,
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Num(v, is_int) => format!("number {}", py_num(*v, *is_int)),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Op(op) => format!("'{}'", op_str(*op)),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::End => "end of expression".into(),
        }
    }
}

fn op_str(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Pow => "**",
    }
}

fn lex(chars: &[char]) -> Result<Vec<(Tok, usize)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '0'..='9' | '.' => {
                let (tok, next) = lex_number(chars, i)?;
                out.push((tok, start));
                i = next;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((Tok::Name(chars[start..i].iter().collect()), start));
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                Tok::Op(BinOp::Pow)
            }
            '+' => Tok::Op(BinOp::Add),
            '-' => Tok::Op(BinOp::Sub),
            '*' => Tok::Op(BinOp::Mul),
            '/' => Tok::Op(BinOp::Div),
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            c => return Err(expr_err(format!("unexpected character '{c}' at {i}"))),
        };
        i += 1;
        out.push((tok, start));
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

/// A Python float or int literal starting at `i`; returns the token and the index after it.
fn lex_number(chars: &[char], start: usize) -> Result<(Tok, usize)> {
    let digits = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits(start);
    let mut is_int = true;
    if chars.get(i) == Some(&'.') {
        is_int = false;
        i = digits(i + 1);
    }
    if i - start == 1 && chars[start] == '.' {
        return Err(expr_err(format!("unexpected '.' at {start}")));
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        let end = digits(j);
        if end == j {
            return Err(expr_err(format!("malformed number at {start}")));
        }
        is_int = false;
        i = end;
    }
    let text: String = chars[start..i].iter().collect();
    let value: f64 = text
        .parse()
        .map_err(|_| expr_err(format!("malformed number at {start}")))?;
    Ok((Tok::Num(value, is_int), i))
}

struct Parser<'a> {
    tokens: &'a [(Tok, usize)],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> (&Tok, usize) {
        let (t, at) = &self.tokens[self.pos.min(self.tokens.len() - 1)];
        (t, *at)
    }

    fn next(&mut self) -> (Tok, usize) {
        let (t, at) = self.peek();
        let t = t.clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        (t, at)
    }

    fn enter(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(expr_err(format!(
                "expression nests deeper than {MAX_DEPTH} levels at {at}"
            )));
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<Ast> {
        let mut left = self.product()?;
        while let (Tok::Op(op @ (BinOp::Add | BinOp::Sub)), _) = self.peek() {
            let op = *op;
            self.next();
            let right = self.product()?;
            left = Ast::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Ast> {
        let mut left = self.unary()?;
        while let (Tok::Op(op @ (BinOp::Mul | BinOp::Div)), _) = self.peek() {
            let op = *op;
            self.next();
            let right = self.unary()?;
            left = Ast::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Ast> {
        let (tok, at) = self.peek();
        let sign = match tok {
            Tok::Op(BinOp::Sub) => Some(true),
            Tok::Op(BinOp::Add) => Some(false),
            _ => None,
        };
        let Some(negate) = sign else {
            return self.power();
        };
        self.next();
        self.enter(at)?;
        let inner = Box::new(self.unary()?);
        self.depth -= 1;
        Ok(if negate {
            Ast::Neg(inner)
        } else {
            Ast::Pos(inner)
        })
    }

    fn power(&mut self) -> Result<Ast> {
        let base = self.atom()?;
        if let (Tok::Op(BinOp::Pow), at) = self.peek() {
            self.next();
            self.enter(at)?;
            let exp = self.unary()?;
            self.depth -= 1;
            return Ok(Ast::Bin(BinOp::Pow, Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Ast> {
        match self.next() {
            (Tok::Num(value, is_int), _) => Ok(Ast::Num { value, is_int }),
            (Tok::LParen, at) => {
                self.enter(at)?;
                let inner = self.sum()?;
                self.expect_close(at)?;
                self.depth -= 1;
                Ok(inner)
            }
            (Tok::Name(name), at) => self.name(&name, at),
            (Tok::End, _) => Err(expr_err("unexpected end of expression".into())),
            (t, at) => Err(expr_err(format!("unexpected {} at {at}", t.describe()))),
        }
    }

    fn name(&mut self, name: &str, at: usize) -> Result<Ast> {
        let called = matches!(self.peek(), (Tok::LParen, _));
        match (name, Func::from_name(name)) {
            ("epoch", _) | ("pi", _) if called => {
                Err(expr_err(format!("'{name}' is not a function, at {at}")))
            }
            ("epoch", _) => Ok(Ast::Epoch),
            ("pi", _) => Ok(Ast::Pi),
            (_, Some(f)) if called => self.call(f, at),
            (_, Some(_)) => Err(expr_err(format!(
                "function '{name}' must be called, as in {name}(epoch), at {at}"
            ))),
            _ => Err(expr_err(format!("unknown name '{name}' at {at}"))),
        }
    }

    fn call(&mut self, f: Func, at: usize) -> Result<Ast> {
        let (_, open) = self.next();
        self.enter(at)?;
        let mut args = vec![self.sum()?];
        while let (Tok::Comma, _) = self.peek() {
            self.next();
            args.push(self.sum()?);
        }
        self.expect_close(open)?;
        self.depth -= 1;
        let ok = if f.variadic() {
            args.len() >= 2
        } else {
            args.len() == 1
        };
        if !ok {
            let want = if f.variadic() {
                "at least 2 arguments"
            } else {
                "1 argument"
            };
            return Err(expr_err(format!(
                "{}() takes {want}, got {} at {at}",
                f.name(),
                args.len()
            )));
        }
        Ok(Ast::Call(f, args))
    }

    fn expect_close(&mut self, open: usize) -> Result<()> {
        match self.next() {
            (Tok::RParen, _) => Ok(()),
            (Tok::End, _) => Err(expr_err(format!(
                "unexpected end of expression: '(' at {open} is not closed"
            ))),
            (t, at) => Err(expr_err(format!(
                "expected ')' but found {} at {at}",
                t.describe()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Expr;
    use crate::Result;

    fn val(src: &str, epoch: f64) -> Result<f64> {
        Expr::parse(src)?.eval(epoch)
    }

    fn err(src: &str) -> String {
        Expr::parse(src)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn python_precedence() {
        assert_eq!(val("-2**2", 0.0), Ok(-4.0));
        assert_eq!(val("2**-1", 0.0), Ok(0.5));
        assert_eq!(val("2**3**2", 0.0), Ok(512.0));
        assert_eq!(val("(-2)**2", 0.0), Ok(4.0));
        assert_eq!(val("1 - 2 - 3", 0.0), Ok(-4.0));
        assert_eq!(val("8 / 4 / 2", 0.0), Ok(1.0));
        assert_eq!(val("2 * 3 + 4 * 5", 0.0), Ok(26.0));
        assert_eq!(val("--3", 0.0), Ok(3.0));
    }

    #[test]
    fn parse_errors_say_where() {
        assert_eq!(
            err("epoch + foo"),
            "invalid expression: unknown name 'foo' at 8"
        );
        assert_eq!(
            err("epoch *"),
            "invalid expression: unexpected end of expression"
        );
        assert_eq!(
            err("(epoch"),
            "invalid expression: unexpected end of expression: '(' at 0 is not closed"
        );
        assert_eq!(
            err("epoch 2"),
            "invalid expression: unexpected number 2 at 6"
        );
        assert_eq!(
            err("epoch % 2"),
            "invalid expression: unexpected character '%' at 6"
        );
        assert!(err("exp").contains("must be called"));
        assert!(err("epoch(2)").contains("not a function"));
        assert!(err("min(1)").contains("at least 2 arguments"));
        assert!(err("log(1, 2)").contains("takes 1 argument"));
        assert!(err("1e").contains("malformed number"));
        assert!(err("").contains("unexpected end"));
    }

    #[test]
    fn hostile_input_is_refused_not_overflowed() {
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).contains("longer than"));
        let deep = format!("{}1{}", "(".repeat(400), ")".repeat(400));
        assert!(err(&deep).contains("nests deeper"));
        assert!(err(&"-".repeat(900)).contains("nests deeper"));
        assert!(err(&"2**".repeat(300)).contains("nests deeper"));
        let long_flat = vec!["epoch"; 120].join(" + ");
        assert_eq!(val(&long_flat, 1.0), Ok(120.0));
    }
}
