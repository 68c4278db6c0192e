//! The arithmetic of Vale's `metric` rules: a `formula` over the
//! document's counts (`words / sentences`, `math.sqrt(...)`) and a
//! `condition` (`> 8`) it is compared by. Vale evaluates both as Tengo
//! scripts; galley reads the part of Tengo those rules use: numbers,
//! variables (`heading.h1` is `heading_h1`), `+ - * / %`, parentheses,
//! comparisons, `&&`, `||`, `!` and the `math.` functions below. Every
//! number is a float, as Vale's counts are.

use std::collections::HashMap;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Var(String),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
    And,
    Or,
}

/// The functions of Tengo's `math` module galley evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Sqrt,
    Pow,
    Abs,
    Log,
    Log10,
    Log2,
    Exp,
    Floor,
    Ceil,
    Round,
    Max,
    Min,
}

const FUNCS: [(&str, Func, usize); 12] = [
    ("sqrt", Func::Sqrt, 1),
    ("pow", Func::Pow, 2),
    ("abs", Func::Abs, 1),
    ("log", Func::Log, 1),
    ("log10", Func::Log10, 1),
    ("log2", Func::Log2, 1),
    ("exp", Func::Exp, 1),
    ("floor", Func::Floor, 1),
    ("ceil", Func::Ceil, 1),
    ("round", Func::Round, 1),
    ("max", Func::Max, 2),
    ("min", Func::Min, 2),
];

/// A value: formulas give numbers, conditions truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Num(f64),
    Bool(bool),
}

/// Parses `text`; the error says what is wrong and where (a byte offset
/// into `text`).
pub fn parse(text: &str) -> Result<Expr, (usize, String)> {
    let mut p = Parser {
        text,
        toks: lex(text)?,
        at: 0,
    };
    if p.toks.is_empty() {
        return Err((0, "the expression is empty".to_string()));
    }
    let expr = p.or()?;
    match p.toks.get(p.at) {
        None => Ok(expr),
        Some((at, tok)) => Err((*at, format!("unexpected `{}`", tok.show()))),
    }
}

impl Expr {
    /// The variables the expression names, in order.
    pub fn variables(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Var(v) = e {
                out.push(v.as_str());
            }
        });
        out
    }

    fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Neg(e) | Expr::Not(e) => e.walk(f),
            Expr::Bin(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.walk(f)),
            Expr::Num(_) | Expr::Var(_) => {}
        }
    }

    /// Evaluates with the variables' values (one missing is 0).
    pub fn eval(&self, vars: &HashMap<&str, f64>) -> Result<Value, String> {
        let num = |e: &Expr| match e.eval(vars)? {
            Value::Num(n) => Ok(n),
            Value::Bool(_) => Err("a truth value where a number is needed".to_string()),
        };
        let truth = |e: &Expr| match e.eval(vars)? {
            Value::Bool(b) => Ok(b),
            Value::Num(_) => Err("a number where a truth value is needed".to_string()),
        };
        Ok(match self {
            Expr::Num(n) => Value::Num(*n),
            Expr::Var(v) => Value::Num(vars.get(v.as_str()).copied().unwrap_or(0.0)),
            Expr::Neg(e) => Value::Num(-num(e)?),
            Expr::Not(e) => Value::Bool(!truth(e)?),
            Expr::Bin(Op::And, a, b) => Value::Bool(truth(a)? && truth(b)?),
            Expr::Bin(Op::Or, a, b) => Value::Bool(truth(a)? || truth(b)?),
            Expr::Bin(op, a, b) => {
                let (x, y) = (num(a)?, num(b)?);
                match op {
                    Op::Add => Value::Num(x + y),
                    Op::Sub => Value::Num(x - y),
                    Op::Mul => Value::Num(x * y),
                    Op::Div => Value::Num(x / y),
                    Op::Rem => Value::Num(x % y),
                    Op::Gt => Value::Bool(x > y),
                    Op::Ge => Value::Bool(x >= y),
                    Op::Lt => Value::Bool(x < y),
                    Op::Le => Value::Bool(x <= y),
                    Op::Eq => Value::Bool(x == y),
                    Op::Ne => Value::Bool(x != y),
                    Op::And | Op::Or => unreachable!("handled above"),
                }
            }
            Expr::Call(f, args) => {
                let a: Vec<f64> = args.iter().map(num).collect::<Result<_, _>>()?;
                Value::Num(match f {
                    Func::Sqrt => a[0].sqrt(),
                    Func::Pow => a[0].powf(a[1]),
                    Func::Abs => a[0].abs(),
                    Func::Log => a[0].ln(),
                    Func::Log10 => a[0].log10(),
                    Func::Log2 => a[0].log2(),
                    Func::Exp => a[0].exp(),
                    Func::Floor => a[0].floor(),
                    Func::Ceil => a[0].ceil(),
                    Func::Round => a[0].round(),
                    Func::Max => a[0].max(a[1]),
                    Func::Min => a[0].min(a[1]),
                })
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Sym(&'static str),
}

impl Tok {
    fn show(&self) -> String {
        match self {
            Tok::Num(n) => n.to_string(),
            Tok::Name(n) => n.clone(),
            Tok::Sym(s) => s.to_string(),
        }
    }
}

const SYMBOLS: [&str; 18] = [
    ">=", "<=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "(", ")", ",", ">", "<", "!", ".",
];

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, (usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() || c == b';' {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            while i < text.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let n = text[start..i]
                .parse()
                .map_err(|_| (start, format!("`{}` is not a number", &text[start..i])))?;
            out.push((start, Tok::Num(n)));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < text.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((start, Tok::Name(text[start..i].to_string())));
        } else if let Some(sym) = SYMBOLS.iter().find(|s| text[i..].starts_with(**s)) {
            out.push((i, Tok::Sym(sym)));
            i += sym.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            return Err((i, format!("unexpected `{ch}`")));
        }
    }
    Ok(out)
}

struct Parser<'t> {
    text: &'t str,
    toks: Vec<(usize, Tok)>,
    at: usize,
}

impl Parser<'_> {
    fn peek_sym(&self, sym: &str) -> bool {
        matches!(self.toks.get(self.at), Some((_, Tok::Sym(s))) if *s == sym)
    }

    fn eat(&mut self, sym: &str) -> bool {
        let found = self.peek_sym(sym);
        if found {
            self.at += 1;
        }
        found
    }

    fn here(&self) -> usize {
        self.toks
            .get(self.at)
            .map_or(self.text.len(), |(at, _)| *at)
    }

    fn expect(&mut self, sym: &str) -> Result<(), (usize, String)> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err((self.here(), format!("expected `{sym}`")))
        }
    }

    fn binary(
        &mut self,
        ops: &[(&str, Op)],
        next: fn(&mut Self) -> Result<Expr, (usize, String)>,
        once: bool,
    ) -> Result<Expr, (usize, String)> {
        let mut left = next(self)?;
        loop {
            let Some((_, op)) = ops.iter().find(|(s, _)| self.peek_sym(s)) else {
                return Ok(left);
            };
            self.at += 1;
            left = Expr::Bin(*op, Box::new(left), Box::new(next(self)?));
            if once {
                return Ok(left);
            }
        }
    }

    fn or(&mut self) -> Result<Expr, (usize, String)> {
        self.binary(&[("||", Op::Or)], Self::and, false)
    }

    fn and(&mut self) -> Result<Expr, (usize, String)> {
        self.binary(&[("&&", Op::And)], Self::compare, false)
    }

    fn compare(&mut self) -> Result<Expr, (usize, String)> {
        let ops = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            ("==", Op::Eq),
            ("!=", Op::Ne),
            (">", Op::Gt),
            ("<", Op::Lt),
        ];
        self.binary(&ops, Self::sum, true)
    }

    fn sum(&mut self) -> Result<Expr, (usize, String)> {
        self.binary(&[("+", Op::Add), ("-", Op::Sub)], Self::product, false)
    }

    fn product(&mut self) -> Result<Expr, (usize, String)> {
        let ops = [("*", Op::Mul), ("/", Op::Div), ("%", Op::Rem)];
        self.binary(&ops, Self::unary, false)
    }

    fn unary(&mut self) -> Result<Expr, (usize, String)> {
        if self.eat("-") {
            Ok(Expr::Neg(Box::new(self.unary()?)))
        } else if self.eat("+") {
            self.unary()
        } else if self.eat("!") {
            Ok(Expr::Not(Box::new(self.unary()?)))
        } else {
            self.primary()
        }
    }

    fn primary(&mut self) -> Result<Expr, (usize, String)> {
        let at = self.here();
        let Some((_, tok)) = self.toks.get(self.at).cloned() else {
            return Err((at, "the expression ends too soon".to_string()));
        };
        self.at += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Sym("(") => {
                let e = self.or()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Name(first) => {
                let mut name = first;
                while self.eat(".") {
                    match self.toks.get(self.at).cloned() {
                        Some((_, Tok::Name(part))) => {
                            self.at += 1;
                            name = format!("{name}.{part}");
                        }
                        _ => return Err((self.here(), "expected a name after `.`".to_string())),
                    }
                }
                if self.eat("(") {
                    return self.call(at, &name);
                }
                Ok(Expr::Var(name.replace('.', "_")))
            }
            Tok::Sym(s) => Err((at, format!("unexpected `{s}`"))),
        }
    }

    fn call(&mut self, at: usize, name: &str) -> Result<Expr, (usize, String)> {
        let known = name
            .strip_prefix("math.")
            .and_then(|f| FUNCS.iter().find(|(n, _, _)| *n == f));
        let Some((_, func, arity)) = known else {
            return Err((at, format!("unknown function `{name}`")));
        };
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.or()?);
                if self.eat(")") {
                    break;
                }
                self.expect(",")?;
            }
        }
        if args.len() != *arity {
            return Err((
                at,
                format!("`{name}` takes {arity} argument(s), not {}", args.len()),
            ));
        }
        Ok(Expr::Call(*func, args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, vars: &[(&'static str, f64)]) -> Value {
        let vars: HashMap<&str, f64> = vars.iter().copied().collect();
        parse(text).unwrap().eval(&vars).unwrap()
    }

    #[test]
    fn formulas_follow_precedence_and_name_variables() {
        assert_eq!(eval("1 + 2 * 3", &[]), Value::Num(7.0));
        assert_eq!(eval("(1 + 2) * 3", &[]), Value::Num(9.0));
        assert_eq!(eval("10 - 4 - 3", &[]), Value::Num(3.0));
        assert_eq!(eval("-2 * 3", &[]), Value::Num(-6.0));
        assert_eq!(
            eval("words / sentences", &[("words", 30.0), ("sentences", 4.0)]),
            Value::Num(7.5)
        );
        assert_eq!(
            eval("heading.h1 + list", &[("heading_h1", 1.0)]),
            Value::Num(1.0)
        );
        assert_eq!(
            eval("1.0430 * math.sqrt(x * 30.0 / 3) + 1", &[("x", 10.0)]),
            Value::Num(1.0430 * 10.0 + 1.0)
        );
        assert_eq!(eval("math.pow(2, 3)", &[]), Value::Num(8.0));
        let vars = parse("(0.39 * (words / sentences)) + heading.h2").unwrap();
        assert_eq!(vars.variables(), ["words", "sentences", "heading_h2"]);
    }

    #[test]
    fn conditions_compare() {
        assert_eq!(eval("8.500000 > 8", &[]), Value::Bool(true));
        assert_eq!(eval("8.000000 > 8", &[]), Value::Bool(false));
        assert_eq!(eval("3 >= 3 && 2 < 1", &[]), Value::Bool(false));
        assert_eq!(eval("3 != 3 || !(2 < 1)", &[]), Value::Bool(true));
    }

    #[test]
    fn bad_expressions_are_placed_errors() {
        for (text, at, wanted) in [
            ("", 0, "empty"),
            ("words / ", 8, "ends too soon"),
            ("(words", 6, "expected `)`"),
            ("words $ 2", 6, "unexpected `$`"),
            ("math.sine(1)", 0, "unknown function"),
            ("math.sqrt(1, 2)", 0, "takes 1"),
            ("1 2", 2, "unexpected `2`"),
        ] {
            let (pos, message) = parse(text).unwrap_err();
            assert_eq!(pos, at, "{text}");
            assert!(message.contains(wanted), "{text}: {message}");
        }
    }
}
