//! Row filters pushed into the JSON decoder: simple predicates tested on a record's captured
//! values before any column of it is materialised.
//!
//! The provider answers DataFusion's filter pushdown with `Inexact` for the conjuncts this module
//! understands ([`RowFilter::from_expr`]), so DataFusion still applies every filter to every row
//! that comes out of the scan: a pushed filter only has to be *safe*, never exact. A record is
//! dropped only when its value certainly fails the predicate; anything uncertain (a number where a
//! string was expected, a non-ASCII value under `lower`, a value that does not convert, null) keeps
//! the row for DataFusion to decide. Understood shapes, as the planner emits them:
//!
//! | KQL | DataFusion expression |
//! |---|---|
//! | `s == "a"`, `s != "a"`, `s in ("a", "b")` (also as `or` of `==`), `s !in (…)` | `s = 'a'`, `s != 'a'`, `s IN (…)`, `s = 'a' OR s = 'b'` |
//! | `s =~ "a"`, `s in~ (…)` | `lower(s) = 'a'`, `lower(s) IN (…)` |
//! | `s contains "a"`, `startswith`, `endswith` | `contains(lower(s), 'a')`, `lower(s) LIKE 'a%'`, `LIKE '%a'` |
//! | `n > 5`, `t >= datetime(…)`, … on long, int, real, datetime | `n > 5`, … |
//!
//! Filters are plain data (column names, operators, literals), so a scan stays serializable.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::expr::{InList, Like, ScalarFunction};
use datafusion::logical_expr::{BinaryExpr, Expr, Operator};
use kql_syntax::KqlType;

use super::convert;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
}

impl CmpOp {
    fn from_operator(op: Operator) -> Option<CmpOp> {
        Some(match op {
            Operator::Eq => CmpOp::Eq,
            Operator::NotEq => CmpOp::NotEq,
            Operator::Lt => CmpOp::Lt,
            Operator::LtEq => CmpOp::LtEq,
            Operator::Gt => CmpOp::Gt,
            Operator::GtEq => CmpOp::GtEq,
            _ => return None,
        })
    }

    /// `lit op col` → `col op' lit`.
    fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::LtEq => CmpOp::GtEq,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::GtEq => CmpOp::LtEq,
            other => other,
        }
    }

    fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::NotEq => a != b,
            CmpOp::Lt => a < b,
            CmpOp::LtEq => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::GtEq => a >= b,
        }
    }
}

/// What a pushed filter tests.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    /// The string is one of these (case-sensitive); `negated`: none of these.
    StrIn { values: Vec<String>, negated: bool },
    /// The lower-cased string is one of these.
    LowerIn(Vec<String>),
    /// The lower-cased string contains this.
    LowerContains(String),
    /// The lower-cased string starts with this.
    LowerPrefix(String),
    /// The lower-cased string ends with this.
    LowerSuffix(String),
    /// A long or int compared with an integer.
    Long(CmpOp, i64),
    /// A real compared with a real.
    Real(CmpOp, f64),
    /// A datetime compared with an instant (ns since the epoch).
    DateTime(CmpOp, i64),
}

/// One pushed conjunct: a column of the table and its test.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RowFilter {
    /// The column name.
    pub(crate) column: String,
    /// The test.
    pub(crate) test: Test,
}

fn column_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Column(c) => Some(c.name.as_str()),
        _ => None,
    }
}

fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Literal(
            ScalarValue::Utf8(Some(s))
            | ScalarValue::Utf8View(Some(s))
            | ScalarValue::LargeUtf8(Some(s)),
            _,
        ) => Some(s.as_str()),
        _ => None,
    }
}

/// `lower(<column>)`.
fn lower_of(e: &Expr) -> Option<&str> {
    match e {
        Expr::ScalarFunction(ScalarFunction { func, args }) if func.name() == "lower" => {
            match args.as_slice() {
                [arg] => column_name(arg),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `(column, string)` of `col = 'x'`, for `or` chains.
fn string_equality(e: &Expr) -> Option<(&str, &str, bool)> {
    let Expr::BinaryExpr(BinaryExpr {
        left,
        op: Operator::Eq,
        right,
    }) = e
    else {
        return None;
    };
    let (l, r) = (left.as_ref(), right.as_ref());
    let (side, value) = match (string_literal(l), string_literal(r)) {
        (None, Some(v)) => (l, v),
        (Some(v), None) => (r, v),
        _ => return None,
    };
    match (column_name(side), lower_of(side)) {
        (Some(c), _) => Some((c, value, false)),
        (_, Some(c)) => Some((c, value, true)),
        _ => None,
    }
}

/// The disjuncts of an `or` tree.
fn disjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Or,
            right,
        }) => {
            disjuncts(left, out);
            disjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// A `LIKE` pattern made of one literal and `%` at one or both ends, nothing else special.
fn like_test(pattern: &str) -> Option<Test> {
    let inner = |s: &str| (!s.contains(['%', '_', '\\'])).then(|| s.to_owned());
    if let Some(body) = pattern.strip_prefix('%') {
        if let Some(mid) = body.strip_suffix('%') {
            return inner(mid).map(Test::LowerContains);
        }
        return inner(body).map(Test::LowerSuffix);
    }
    pattern
        .strip_suffix('%')
        .and_then(inner)
        .map(Test::LowerPrefix)
}

impl RowFilter {
    /// The filter a conjunct of a scan's filters describes, if it is one of the understood shapes
    /// on a column of `columns` with a fitting type.
    pub(crate) fn from_expr(e: &Expr, columns: &[(String, KqlType)]) -> Option<RowFilter> {
        let kql_of = |name: &str| columns.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
        let is_string = |name: &str| matches!(kql_of(name), Some(KqlType::String | KqlType::Guid));
        let filter = |column: &str, test: Test| {
            Some(RowFilter {
                column: column.to_owned(),
                test,
            })
        };
        match e {
            Expr::BinaryExpr(BinaryExpr {
                op: Operator::Or, ..
            }) => {
                let mut parts = Vec::new();
                disjuncts(e, &mut parts);
                let mut column = None;
                let mut lower = false;
                let mut values = Vec::new();
                for part in parts {
                    let (c, v, l) = string_equality(part)?;
                    if column.is_some_and(|prev| prev != c) || (column.is_some() && l != lower) {
                        return None;
                    }
                    column = Some(c);
                    lower = l;
                    values.push(v.to_owned());
                }
                let column = column?;
                if !is_string(column) {
                    return None;
                }
                filter(
                    column,
                    if lower {
                        Test::LowerIn(values)
                    } else {
                        Test::StrIn {
                            values,
                            negated: false,
                        }
                    },
                )
            }
            Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
                let op = CmpOp::from_operator(*op)?;
                let (side, lit, op) = match (left.as_ref(), right.as_ref()) {
                    (l, Expr::Literal(v, _)) => (l, v, op),
                    (Expr::Literal(v, _), r) => (r, v, op.swapped()),
                    _ => return None,
                };
                if let Some(c) = lower_of(side) {
                    let (ScalarValue::Utf8(Some(v))
                    | ScalarValue::Utf8View(Some(v))
                    | ScalarValue::LargeUtf8(Some(v))) = lit
                    else {
                        return None;
                    };
                    return (is_string(c) && op == CmpOp::Eq).then(|| RowFilter {
                        column: c.to_owned(),
                        test: Test::LowerIn(vec![v.clone()]),
                    });
                }
                let c = column_name(side)?;
                let test = match (kql_of(c)?, lit) {
                    (
                        KqlType::String | KqlType::Guid,
                        ScalarValue::Utf8(Some(v))
                        | ScalarValue::Utf8View(Some(v))
                        | ScalarValue::LargeUtf8(Some(v)),
                    ) => match op {
                        CmpOp::Eq | CmpOp::NotEq => Test::StrIn {
                            values: vec![v.clone()],
                            negated: op == CmpOp::NotEq,
                        },
                        _ => return None,
                    },
                    (KqlType::Long | KqlType::Int, ScalarValue::Int64(Some(v))) => {
                        Test::Long(op, *v)
                    }
                    (KqlType::Long | KqlType::Int, ScalarValue::Int32(Some(v))) => {
                        Test::Long(op, i64::from(*v))
                    }
                    (KqlType::Real, ScalarValue::Float64(Some(v))) if !v.is_nan() => {
                        Test::Real(op, *v)
                    }
                    (KqlType::DateTime, ScalarValue::TimestampNanosecond(Some(v), _)) => {
                        Test::DateTime(op, *v)
                    }
                    _ => return None,
                };
                filter(c, test)
            }
            Expr::InList(InList {
                expr,
                list,
                negated,
            }) => {
                let values = list
                    .iter()
                    .map(|v| string_literal(v).map(str::to_owned))
                    .collect::<Option<Vec<_>>>()?;
                if let Some(c) = column_name(expr) {
                    return is_string(c).then(|| RowFilter {
                        column: c.to_owned(),
                        test: Test::StrIn {
                            values,
                            negated: *negated,
                        },
                    });
                }
                let c = lower_of(expr)?;
                (is_string(c) && !negated).then(|| RowFilter {
                    column: c.to_owned(),
                    test: Test::LowerIn(values),
                })
            }
            Expr::ScalarFunction(ScalarFunction { func, args }) if func.name() == "contains" => {
                let [haystack, needle] = args.as_slice() else {
                    return None;
                };
                let c = lower_of(haystack)?;
                let v = string_literal(needle)?;
                is_string(c).then(|| RowFilter {
                    column: c.to_owned(),
                    test: Test::LowerContains(v.to_owned()),
                })
            }
            Expr::Like(Like {
                negated: false,
                expr,
                pattern,
                escape_char: None,
                case_insensitive: false,
            }) => {
                let c = lower_of(expr)?;
                let test = like_test(string_literal(pattern)?)?;
                is_string(c).then(|| RowFilter {
                    column: c.to_owned(),
                    test,
                })
            }
            _ => None,
        }
    }
}

/// ASCII `lower(a) == b`.
fn lower_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x.to_ascii_lowercase() == y)
}

/// A value as the decoder sees it before conversion.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Probe<'a> {
    /// The column's string text (`""` when missing or null).
    Str(&'a str),
    /// A number's JSON text.
    Number(&'a str),
    /// Anything else (bool, object, array, a string of a non-string column, null…): untested.
    Other,
    /// A string column's value that is not a JSON string: untested.
    Unknown,
}

impl Test {
    /// True only when a row with this value certainly fails the test.
    pub(crate) fn rejects(&self, value: Probe<'_>, kql: KqlType, text_of: Option<&str>) -> bool {
        match self {
            Test::StrIn { values, negated } => match value {
                Probe::Str(s) => values.iter().any(|v| v == s) == *negated,
                _ => false,
            },
            Test::LowerIn(values) => match value {
                Probe::Str(s) if s.is_ascii() => !values.iter().any(|v| lower_eq(s, v)),
                _ => false,
            },
            Test::LowerContains(v) | Test::LowerPrefix(v) | Test::LowerSuffix(v) => {
                let Probe::Str(s) = value else {
                    return false;
                };
                if !s.is_ascii() || !v.is_ascii() {
                    return false;
                }
                let (s, v) = (s.as_bytes(), v.as_bytes());
                let eq = |a: &[u8]| a.iter().zip(v).all(|(x, y)| x.to_ascii_lowercase() == *y);
                let found = match self {
                    Test::LowerPrefix(_) => s.len() >= v.len() && eq(&s[..v.len()]),
                    Test::LowerSuffix(_) => s.len() >= v.len() && eq(&s[s.len() - v.len()..]),
                    _ => v.is_empty() || s.windows(v.len()).any(eq),
                };
                !found
            }
            Test::Long(op, lit) => {
                let v = match (value, kql) {
                    (Probe::Number(n), _) => n.parse::<i64>().ok(),
                    (_, _) => text_of.and_then(convert::parse_long),
                };
                let v = match (v, kql) {
                    (Some(v), KqlType::Int) => i32::try_from(v).ok().map(i64::from),
                    (v, _) => v,
                };
                v.is_some_and(|v| !op.holds(v, *lit))
            }
            Test::Real(op, lit) => {
                let v = match value {
                    Probe::Number(n) => convert::parse_real(n),
                    _ => text_of.and_then(convert::parse_real),
                };
                v.is_some_and(|v| !v.is_nan() && !op.holds(v, *lit))
            }
            Test::DateTime(op, lit) => text_of
                .and_then(convert::parse_datetime)
                .is_some_and(|v| !op.holds(v, *lit)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::logical_expr::{Like, lit};
    use datafusion::prelude::{Column, lower};

    fn col(name: &str) -> Expr {
        Expr::Column(Column::from_name(name))
    }

    fn columns() -> Vec<(String, KqlType)> {
        vec![
            ("S".to_owned(), KqlType::String),
            ("N".to_owned(), KqlType::Long),
            ("T".to_owned(), KqlType::DateTime),
        ]
    }

    fn test_of(e: Expr) -> Option<Test> {
        RowFilter::from_expr(&e, &columns()).map(|f| f.test)
    }

    #[test]
    fn understood_shapes() {
        assert_eq!(
            test_of(col("S").eq(lit("a"))),
            Some(Test::StrIn {
                values: vec!["a".into()],
                negated: false
            })
        );
        assert_eq!(
            test_of(col("S").eq(lit("a")).or(col("S").eq(lit("b")))),
            Some(Test::StrIn {
                values: vec!["a".into(), "b".into()],
                negated: false
            })
        );
        assert_eq!(
            test_of(col("S").eq(lit("a")).or(col("N").eq(lit(1i64)))),
            None
        );
        assert_eq!(
            test_of(lower(col("S")).eq(lit("a"))),
            Some(Test::LowerIn(vec!["a".into()]))
        );
        assert_eq!(
            test_of(lit(5i64).lt(col("N"))),
            Some(Test::Long(CmpOp::Gt, 5))
        );
        assert_eq!(test_of(col("N").eq(lit("5"))), None);
        assert_eq!(test_of(col("X").eq(lit("5"))), None);
        let like = |p: &str| {
            Expr::Like(Like::new(
                false,
                Box::new(lower(col("S"))),
                Box::new(lit(p)),
                None,
                false,
            ))
        };
        assert_eq!(test_of(like("ab%")), Some(Test::LowerPrefix("ab".into())));
        assert_eq!(test_of(like("%ab")), Some(Test::LowerSuffix("ab".into())));
        assert_eq!(
            test_of(like("%ab%")),
            Some(Test::LowerContains("ab".into()))
        );
        assert_eq!(test_of(like("a_b%")), None);
    }

    #[test]
    fn rejects_only_certain_failures() {
        let eq = Test::StrIn {
            values: vec!["a".into()],
            negated: false,
        };
        assert!(eq.rejects(Probe::Str("b"), KqlType::String, None));
        assert!(!eq.rejects(Probe::Str("a"), KqlType::String, None));
        assert!(!eq.rejects(Probe::Unknown, KqlType::String, None));
        let lower = Test::LowerIn(vec!["jobfailed".into()]);
        assert!(!lower.rejects(Probe::Str("JobFailed"), KqlType::String, None));
        assert!(lower.rejects(Probe::Str("JobRunning"), KqlType::String, None));
        // Non-ASCII text lower-cases differently: DataFusion decides.
        assert!(!lower.rejects(Probe::Str("JÖB"), KqlType::String, None));
        let contains = Test::LowerContains("mpi".into());
        assert!(!contains.rejects(Probe::Str("CustomMPI"), KqlType::String, None));
        assert!(contains.rejects(Probe::Str("Horovod"), KqlType::String, None));
        let gt = Test::Long(CmpOp::Gt, 3);
        assert!(gt.rejects(Probe::Number("3"), KqlType::Long, Some("3")));
        assert!(!gt.rejects(Probe::Number("4"), KqlType::Long, Some("4")));
        assert!(gt.rejects(Probe::Other, KqlType::Long, Some("2")));
        assert!(!gt.rejects(Probe::Other, KqlType::Long, None));
        assert!(!gt.rejects(Probe::Other, KqlType::Long, Some("x")));
        // 2024-05-01T00:00:00Z = 1714521600 s.
        let after = Test::DateTime(CmpOp::Gt, 1_714_521_600_000_000_000);
        assert!(after.rejects(
            Probe::Other,
            KqlType::DateTime,
            Some("2024-04-30T23:59:59Z")
        ));
        assert!(!after.rejects(
            Probe::Other,
            KqlType::DateTime,
            Some("2024-05-01T00:00:01Z")
        ));
    }
}
