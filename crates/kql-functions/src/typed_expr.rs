//! Typed expressions and the one way to cast them.
//!
//! A [`TypedExpr`] is a DataFusion `Expr` with the KQL type of its values (Arrow alone cannot
//! tell `string`, `guid` and `dynamic` apart). Every cast kqlake plans goes through the methods
//! here: [`TypedExpr::cast_to`] (the value must convert), [`TypedExpr::try_cast_to`] (null when
//! it does not, as KQL's `to*()` conversions want), and [`TypedExpr::to_nanos`] /
//! [`TypedExpr::from_nanos`] (datetime and timespan arithmetic on Int64 nanoseconds, so that it
//! never depends on SQL interval rules).

use crate::types::kql_to_arrow;
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{Cast, Expr, TryCast};
use kql_syntax::KqlType;

/// A DataFusion expression with the KQL type of its values.
#[derive(Debug, Clone)]
pub struct TypedExpr {
    /// The expression.
    pub expr: Expr,
    /// Its KQL type.
    pub kql_type: KqlType,
}

/// `CAST(expr AS to)`, unless `from` already has that layout.
fn cast(expr: Expr, from: &DataType, to: DataType, fallible: bool) -> Expr {
    if *from == to {
        expr
    } else if fallible {
        Expr::TryCast(TryCast::new(Box::new(expr), to))
    } else {
        Expr::Cast(Cast::new(Box::new(expr), to))
    }
}

impl TypedExpr {
    /// Pairs an expression with its KQL type.
    pub fn new(expr: Expr, kql_type: KqlType) -> TypedExpr {
        TypedExpr { expr, kql_type }
    }

    /// Casts to `to` (a value that does not convert is a runtime error; use it where every
    /// value converts: int → long, long → real, …).
    ///
    /// A real becomes a decimal with a try-cast: NaN, the infinities and values of 10^20 or
    /// more have no decimal and give null.
    pub fn cast_to(self, to: KqlType) -> TypedExpr {
        let from = kql_to_arrow(self.kql_type);
        let fallible = self.kql_type == KqlType::Real && to == KqlType::Decimal;
        TypedExpr::new(cast(self.expr, &from, kql_to_arrow(to), fallible), to)
    }

    /// Casts to `to`, giving null where a value does not convert (`toint("x")` is null).
    pub fn try_cast_to(self, to: KqlType) -> TypedExpr {
        let from = kql_to_arrow(self.kql_type);
        TypedExpr::new(cast(self.expr, &from, kql_to_arrow(to), true), to)
    }

    /// A datetime or timespan as Int64 nanoseconds (since the Unix epoch for a datetime).
    pub fn to_nanos(self) -> Expr {
        let from = kql_to_arrow(self.kql_type);
        cast(self.expr, &from, DataType::Int64, false)
    }

    /// Int64 nanoseconds as a datetime or timespan.
    pub fn from_nanos(nanos: Expr, to: KqlType) -> TypedExpr {
        TypedExpr::new(nanos, KqlType::Long).cast_to(to)
    }

    /// The null of a KQL type (`""` for a string, which is never null in KQL).
    pub fn null(of: KqlType) -> TypedExpr {
        use datafusion::common::ScalarValue;
        use datafusion::logical_expr::lit;
        if of == KqlType::String {
            return TypedExpr::new(lit(""), of);
        }
        let value = ScalarValue::try_from(&kql_to_arrow(of)).unwrap_or(ScalarValue::Null);
        TypedExpr::new(lit(value), of)
    }

    /// The literal string value, when the expression is one (`"a"`, not a column).
    pub fn as_string_literal(&self) -> Option<&str> {
        use datafusion::common::ScalarValue;
        match &self.expr {
            Expr::Literal(ScalarValue::Utf8(Some(s)), _) => Some(s),
            _ => None,
        }
    }

    /// The literal long or int value, when the expression is one (`-1` included).
    pub fn as_long_literal(&self) -> Option<i64> {
        use datafusion::common::ScalarValue;
        match &self.expr {
            Expr::Literal(ScalarValue::Int64(Some(v)), _) => Some(*v),
            Expr::Literal(ScalarValue::Int32(Some(v)), _) => Some(i64::from(*v)),
            Expr::Negative(inner) => TypedExpr::new((**inner).clone(), self.kql_type)
                .as_long_literal()
                .and_then(i64::checked_neg),
            _ => None,
        }
    }

    /// True when the expression is a null literal (`long(null)`, `dynamic(null)`).
    pub fn is_null_literal(&self) -> bool {
        matches!(&self.expr, Expr::Literal(v, _) if v.is_null())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::logical_expr::lit;

    #[test]
    fn same_layout_needs_no_cast() {
        let e = TypedExpr::new(lit("x"), KqlType::Guid).cast_to(KqlType::String);
        assert!(matches!(e.expr, Expr::Literal(..)));
        assert_eq!(e.kql_type, KqlType::String);
    }

    #[test]
    fn fallible_casts_are_try_casts() {
        let e = TypedExpr::new(lit("x"), KqlType::String).try_cast_to(KqlType::Long);
        assert!(matches!(e.expr, Expr::TryCast(_)));
        let e = TypedExpr::new(lit(1i32), KqlType::Int).cast_to(KqlType::Long);
        assert!(matches!(e.expr, Expr::Cast(_)));
    }

    #[test]
    fn literals_are_read_back() {
        let minus_two = TypedExpr::new(Expr::Negative(Box::new(lit(2i64))), KqlType::Long);
        assert_eq!(minus_two.as_long_literal(), Some(-2));
        assert_eq!(
            TypedExpr::new(lit("a"), KqlType::String).as_string_literal(),
            Some("a")
        );
        assert!(TypedExpr::null(KqlType::Long).is_null_literal());
        assert_eq!(
            TypedExpr::null(KqlType::String).as_string_literal(),
            Some("")
        );
    }
}
