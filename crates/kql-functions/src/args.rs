//! Checking a call's arguments: the one way every function checks its argument count and types.
//!
//! A function takes its arguments with [`fixed`] (exactly N), [`optional`] (N required, up to M
//! optional trailing ones) or [`variadic`] (a count in a range), and gets [`Arg`]s back. Each
//! [`Arg`] knows its position and the function's documentation, so a type check is one call
//! (`source.string()?`, `index.long()?`, `regex.string_literal()?`) and its error names the
//! function, the parameter (taken from the documented syntax) and the type found:
//!
//! ```text
//! split(): expected a string for 'delimiter', found long      (pointing at the argument)
//!   = note: syntax: split(source, delimiter [, requestedIndex])
//! ```

use crate::{FunctionDoc, FunctionError, TypedExpr};
use kql_syntax::KqlType;
use std::ops::RangeInclusive;

/// One argument of a call, with what is needed to report an error about it.
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    value: TypedExpr,
    position: usize,
    doc: &'static FunctionDoc,
}

/// `1 argument`, `2 arguments`.
fn count(n: usize) -> String {
    format!("{n} argument{}", if n == 1 { "" } else { "s" })
}

/// The error for a call with `found` arguments where `expected` describes the allowed counts.
fn count_error(doc: &'static FunctionDoc, expected: &str, found: usize) -> FunctionError {
    FunctionError::call(doc, format!("expected {expected}, found {found}"))
}

fn wrap(doc: &'static FunctionDoc, args: Vec<TypedExpr>) -> impl Iterator<Item = Arg> {
    args.into_iter()
        .enumerate()
        .map(move |(position, value)| Arg {
            value,
            position,
            doc,
        })
}

/// Exactly `N` arguments.
pub(crate) fn fixed<const N: usize>(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<[Arg; N], FunctionError> {
    let found = args.len();
    let args: Vec<Arg> = wrap(doc, args).collect();
    args.try_into().map_err(|_| {
        let expected = if N == 0 {
            "no arguments".to_owned()
        } else {
            count(N)
        };
        count_error(doc, &expected, found)
    })
}

/// `N` required arguments followed by up to `M` optional ones.
pub(crate) fn optional<const N: usize, const M: usize>(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<([Arg; N], [Option<Arg>; M]), FunctionError> {
    let found = args.len();
    if !(N..=N + M).contains(&found) {
        let expected = if N == 0 {
            format!("at most {}", count(M))
        } else if M == 1 {
            format!("{N} or {}", count(N + 1))
        } else {
            format!("{N} to {}", count(N + M))
        };
        return Err(count_error(doc, &expected, found));
    }
    let mut args = wrap(doc, args);
    let required: Vec<Arg> = args.by_ref().take(N).collect();
    let required: [Arg; N] = required
        .try_into()
        .map_err(|_| count_error(doc, &count(N), found))?;
    let optional = std::array::from_fn(|_| args.next());
    Ok((required, optional))
}

/// A number of arguments in `range`.
pub(crate) fn variadic(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
    range: RangeInclusive<usize>,
) -> Result<Vec<Arg>, FunctionError> {
    if !range.contains(&args.len()) {
        let expected = if range.end() == &usize::MAX {
            format!("at least {}", count(*range.start()))
        } else {
            format!("{} to {}", range.start(), count(*range.end()))
        };
        return Err(count_error(doc, &expected, args.len()));
    }
    Ok(wrap(doc, args).collect())
}

/// The name of parameter `position` in a documented syntax such as
/// `split(source, delimiter [, requestedIndex])`; `None` past an ellipsis (`strcat(a1, a2, …)`).
fn parameter_name(syntax: &str, position: usize) -> Option<&str> {
    let inner = syntax.split_once('(')?.1.rsplit_once(')')?.0;
    let names: Vec<&str> = inner
        .split(',')
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '[' || c == ']'))
        .filter(|p| !p.is_empty())
        .collect();
    let ellipsis = names
        .iter()
        .position(|n| n.contains('…') || n.contains("..."));
    if ellipsis.is_some_and(|e| position >= e) {
        return None;
    }
    names
        .get(position)
        .copied()
        .filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// `a string`, `an int`.
fn a(what: &str) -> String {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {what}")
}

impl Arg {
    /// The argument's KQL type.
    pub(crate) fn kql_type(&self) -> KqlType {
        self.value.kql_type
    }

    /// The argument as planned, whatever its type.
    pub(crate) fn any(self) -> TypedExpr {
        self.value
    }

    /// Borrows the argument as planned.
    pub(crate) fn get(&self) -> &TypedExpr {
        &self.value
    }

    /// `'delimiter'`, or `argument 3` where the syntax has no single name for the position.
    pub(crate) fn name(&self) -> String {
        match parameter_name(self.doc.syntax, self.position) {
            Some(name) => format!("'{name}'"),
            None => format!("argument {}", self.position + 1),
        }
    }

    /// An error about this argument.
    pub(crate) fn error(&self, message: impl std::fmt::Display) -> FunctionError {
        FunctionError::arg(self.doc, self.position, message)
    }

    /// `expected <what> for '<name>', found <type>`.
    pub(crate) fn type_error(&self, what: &str) -> FunctionError {
        let mut message = format!(
            "expected {} for {}, found {}",
            a(what),
            self.name(),
            self.kql_type()
        );
        if self.kql_type() == KqlType::Dynamic {
            message.push_str(" (convert it first, e.g. with tostring() or tolong())");
        }
        self.error(message)
    }

    /// The argument if `accepts` its type, else a type error naming `what` was expected.
    pub(crate) fn expect(
        self,
        what: &str,
        accepts: impl Fn(KqlType) -> bool,
    ) -> Result<TypedExpr, FunctionError> {
        if accepts(self.kql_type()) {
            Ok(self.value)
        } else {
            Err(self.type_error(what))
        }
    }

    /// A string (a guid is read as its text).
    pub(crate) fn string(self) -> Result<TypedExpr, FunctionError> {
        self.expect("string", |t| matches!(t, KqlType::String | KqlType::Guid))
            .map(|v| TypedExpr::new(v.expr, KqlType::String))
    }

    /// Any scalar, converted to its string as `tostring()` does (`strlen(12345)` is 5).
    pub(crate) fn text(self) -> TypedExpr {
        crate::conversion::to_kql_string(self.value)
    }

    /// An int or a long, as a long.
    pub(crate) fn long(self) -> Result<TypedExpr, FunctionError> {
        self.expect("long", |t| matches!(t, KqlType::Int | KqlType::Long))
            .map(|v| v.cast_to(KqlType::Long))
    }

    /// Any number (int, long, real, decimal), as a real.
    pub(crate) fn real(self) -> Result<TypedExpr, FunctionError> {
        self.expect("number", KqlType::is_numeric)
            .map(|v| v.cast_to(KqlType::Real))
    }

    /// Any number, unchanged.
    pub(crate) fn number(self) -> Result<TypedExpr, FunctionError> {
        self.expect("number", KqlType::is_numeric)
    }

    /// A bool.
    pub(crate) fn bool(self) -> Result<TypedExpr, FunctionError> {
        self.expect("bool", |t| t == KqlType::Bool)
    }

    /// A datetime.
    pub(crate) fn datetime(self) -> Result<TypedExpr, FunctionError> {
        self.expect("datetime", |t| t == KqlType::DateTime)
    }

    /// A timespan.
    pub(crate) fn timespan(self) -> Result<TypedExpr, FunctionError> {
        self.expect("timespan", |t| t == KqlType::TimeSpan)
    }

    /// A dynamic value.
    pub(crate) fn dynamic(self) -> Result<TypedExpr, FunctionError> {
        self.expect("dynamic value", |t| t == KqlType::Dynamic)
    }

    /// A constant string, such as a regex or a period name: its value.
    pub(crate) fn string_literal(self) -> Result<String, FunctionError> {
        match self.value.as_string_literal() {
            Some(s) if matches!(self.kql_type(), KqlType::String) => Ok(s.to_owned()),
            _ if !matches!(self.kql_type(), KqlType::String) => Err(self.type_error("string")),
            _ => Err(self.error(format!(
                "{} must be a constant string; a computed value is not supported yet",
                self.name()
            ))),
        }
    }

    /// A constant int or long: its value.
    pub(crate) fn long_literal(self) -> Result<i64, FunctionError> {
        match self.value.as_long_literal() {
            Some(v) if matches!(self.kql_type(), KqlType::Int | KqlType::Long) => Ok(v),
            _ if !matches!(self.kql_type(), KqlType::Int | KqlType::Long) => {
                Err(self.type_error("long"))
            }
            _ => Err(self.error(format!(
                "{} must be a constant long; a computed value is not supported yet",
                self.name()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::logical_expr::lit;

    const DOC: FunctionDoc = FunctionDoc {
        name: "f",
        aliases: &[],
        category: "test",
        syntax: "f(source, delimiter [, requestedIndex])",
        description: "",
        returns: "",
        examples: &[],
    };

    fn longs(n: usize) -> Vec<TypedExpr> {
        (0..n)
            .map(|i| TypedExpr::new(lit(i as i64), KqlType::Long))
            .collect()
    }

    #[test]
    fn counts_are_checked_with_the_syntax() {
        let e = fixed::<2>(&DOC, longs(1)).unwrap_err();
        assert_eq!(e.message, "f(): expected 2 arguments, found 1");
        assert_eq!(e.syntax, DOC.syntax);
        let e = optional::<2, 1>(&DOC, longs(4)).unwrap_err();
        assert_eq!(e.message, "f(): expected 2 or 3 arguments, found 4");
        let e = variadic(&DOC, longs(0), 1..=64).unwrap_err();
        assert_eq!(e.message, "f(): expected 1 to 64 arguments, found 0");
        let e = fixed::<0>(&DOC, longs(1)).unwrap_err();
        assert_eq!(e.message, "f(): expected no arguments, found 1");
        let ([_, _], [third]) = optional::<2, 1>(&DOC, longs(2)).unwrap();
        assert!(third.is_none());
    }

    #[test]
    fn type_errors_name_the_parameter() {
        let [_, delimiter] = fixed::<2>(&DOC, longs(2)).unwrap();
        let e = delimiter.string().unwrap_err();
        assert_eq!(
            e.message,
            "f(): expected a string for 'delimiter', found long"
        );
        assert_eq!(e.arg, Some(1));
    }

    #[test]
    fn parameter_names_come_from_the_syntax() {
        assert_eq!(
            parameter_name("split(source, delimiter [, requestedIndex])", 2),
            Some("requestedIndex")
        );
        assert_eq!(
            parameter_name("strcat(argument1, argument2 [, …])", 1),
            Some("argument2")
        );
        assert_eq!(
            parameter_name("strcat(argument1, argument2 [, …])", 5),
            None
        );
        assert_eq!(parameter_name("now([offset])", 0), Some("offset"));
    }

    #[test]
    fn literals_must_be_constant() {
        let [s] = fixed::<1>(&DOC, vec![TypedExpr::new(lit("a+"), KqlType::String)]).unwrap();
        assert_eq!(s.string_literal().unwrap(), "a+");
        let column = TypedExpr::new(
            datafusion::logical_expr::Expr::Column(datafusion::common::Column::from_name("c")),
            KqlType::String,
        );
        let [s] = fixed::<1>(&DOC, vec![column]).unwrap();
        assert!(
            s.string_literal()
                .unwrap_err()
                .message
                .contains("constant string")
        );
    }
}
