//! KQL's `decimal`: values, literals and arithmetic on Arrow `Decimal128(38, 18)`.
//!
//! Kusto's `decimal` is a 128-bit decimal number (`scalar-data-types/decimal.md`) whose scale
//! varies per value. Arrow's decimals have one scale per column, so kqlake stores every decimal
//! with 18 digits after the point and at most 20 before it (`types.rs`); a literal or a
//! conversion with more fraction digits is rounded half away from zero, and a value of 10^20
//! or more is null (or, as a literal, an error). The text of a decimal is its exact value
//! without trailing zeros ([`crate::format::write_decimal`]): `decimal(1.50)` prints `1.5`.
//!
//! Arithmetic follows Kusto.Language's promotion (`decimal` is wider than `int`, `long` and
//! `real`, so `decimal(1.5) + 1` and `decimal(1.5) * 2.0` are decimals) and is exact at 18
//! fraction digits: a product is rounded half away from zero, a quotient truncated toward zero
//! (as .NET's `SqlDecimal` divides); a result out of range, and a division by zero, is null.
//! DataFusion's own decimal arithmetic widens the scale of a product to 36 and would overflow
//! from 100 × 100 on, hence the kqlake UDFs here.

use crate::TypedExpr;
use crate::udf::{Batch, udf};
use datafusion::arrow::array::{Array, PrimitiveArray};
use datafusion::arrow::datatypes::{DataType, Decimal128Type, i256};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::sync::Arc;

/// Digits of every kqlake decimal.
pub const PRECISION: u8 = 38;
/// Digits after the point of every kqlake decimal.
pub const SCALE: i8 = 18;
/// 10^18: one unit at [`SCALE`].
const ONE: i128 = 1_000_000_000_000_000_000;
/// The largest magnitude a decimal holds (10^38 - 1 units, 20 integer digits).
const MAX: i128 = 99_999_999_999_999_999_999_999_999_999_999_999_999;

/// The stored units (value × 10^18) of canonical decimal text (`-12.5`), rounded half away
/// from zero beyond 18 fraction digits; `None` when the text is not a plain decimal number or
/// the value is out of range.
///
/// ```text
/// "1.5" → 1_500_000_000_000_000_000      "1e5" → None (not plain)
/// ```
pub fn units_of(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 20 {
        return None;
    }
    let mut units: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse::<i128>().ok()?.checked_mul(ONE)?
    };
    let kept = fraction.len().min(SCALE as usize);
    for (i, b) in fraction.bytes().take(kept).enumerate() {
        units += i128::from(b - b'0') * 10i128.pow(u32::try_from(SCALE as usize - 1 - i).ok()?);
    }
    if fraction.as_bytes().get(kept).is_some_and(|b| *b >= b'5') {
        units += 1;
    }
    (units <= MAX).then_some(if negative { -units } else { units })
}

/// The literal `decimal(text)` as a DataFusion scalar; `None` when out of range.
pub fn literal(text: &str) -> Option<ScalarValue> {
    units_of(text).map(|v| ScalarValue::Decimal128(Some(v), PRECISION, SCALE))
}

/// `value`, or decimal 0 where it is null (`sum` over no rows), in the canonical layout.
pub fn or_zero(value: datafusion::logical_expr::Expr) -> datafusion::logical_expr::Expr {
    use datafusion::logical_expr::{cast, lit};
    let zero = lit(ScalarValue::Decimal128(Some(0), PRECISION, SCALE));
    cast(
        datafusion::functions::core::expr_fn::coalesce(vec![cast(value, decimal_type()), zero]),
        decimal_type(),
    )
}

/// `l op r` over two decimals (`op` one of `+ - * / %`), null where the result is out of
/// range or the divisor is zero; `%` is never negative, as for the other numbers
/// (`numerical-operators.md`).
pub fn arithmetic(op: char, l: TypedExpr, r: TypedExpr) -> TypedExpr {
    let (name, body): (&'static str, crate::udf::UdfBody) = match op {
        '+' => ("kql_decimal_add", |b| binary(b, |x, y| x.checked_add(y))),
        '-' => ("kql_decimal_subtract", |b| {
            binary(b, |x, y| x.checked_sub(y))
        }),
        '*' => ("kql_decimal_multiply", |b| binary(b, multiply)),
        '/' => ("kql_decimal_divide", |b| binary(b, divide)),
        _ => ("kql_decimal_modulo", |b| binary(b, modulo)),
    };
    let decimal = decimal_type();
    let f = udf(name, vec![decimal.clone(), decimal.clone()], decimal, body);
    let (l, r) = (l.cast_to(KqlType::Decimal), r.cast_to(KqlType::Decimal));
    TypedExpr::new(f.call(vec![l.expr, r.expr]), KqlType::Decimal)
}

/// `Decimal128(38, 18)`.
fn decimal_type() -> DataType {
    DataType::Decimal128(PRECISION, SCALE)
}

/// Applies `f` to each row's two operands; null in, or `None` out, is null.
fn binary(batch: &Batch, f: fn(i128, i128) -> Option<i128>) -> Result<ColumnarValue> {
    let (l, r) = (
        batch.primitives::<Decimal128Type>(0)?,
        batch.primitives::<Decimal128Type>(1)?,
    );
    decimal_result(batch, |row| {
        f(l.get(row)?, r.get(row)?).filter(|v| v.unsigned_abs() <= MAX.unsigned_abs())
    })
}

/// A `Decimal128(38, 18)` result; `None` is null.
pub(crate) fn decimal_result(
    batch: &Batch,
    row: impl FnMut(usize) -> Option<i128>,
) -> Result<ColumnarValue> {
    let array: PrimitiveArray<Decimal128Type> = (0..batch.rows()).map(row).collect();
    let array = array.with_precision_and_scale(PRECISION, SCALE)?;
    batch.finish(Arc::new(array) as Arc<dyn Array>)
}

/// `x × y` in units, rounded half away from zero.
fn multiply(x: i128, y: i128) -> Option<i128> {
    let product = i256::from_i128(x).checked_mul(i256::from_i128(y))?;
    round_div(product, i256::from_i128(ONE))
}

/// `x ÷ y` in units, truncated toward zero; `None` for a zero divisor.
fn divide(x: i128, y: i128) -> Option<i128> {
    if y == 0 {
        return None;
    }
    let scaled = i256::from_i128(x).checked_mul(i256::from_i128(ONE))?;
    scaled.checked_div(i256::from_i128(y))?.to_i128()
}

/// `x mod y`, never negative: `0 <= x % y < |y|`; `None` for a zero divisor.
fn modulo(x: i128, y: i128) -> Option<i128> {
    (y != 0).then(|| x.rem_euclid(y))
}

/// `n / d` rounded half away from zero (`d` positive).
fn round_div(n: i256, d: i256) -> Option<i128> {
    let q = n.checked_div(d)?;
    let rem = n.checked_rem(d)?;
    let twice = rem.checked_mul(i256::from_i128(2))?;
    let q = if twice >= d {
        q.checked_add(i256::ONE)?
    } else if twice <= d.checked_neg()? {
        q.checked_sub(i256::ONE)?
    } else {
        q
    };
    q.to_i128()
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn units(whole: i128) -> i128 {
        whole * ONE
    }

    #[test]
    fn text_converts_exactly_and_rounds_beyond_18_digits() {
        assert_eq!(units_of("1.5"), Some(units(3) / 2));
        assert_eq!(units_of("-0.05"), Some(-units(5) / 100));
        assert_eq!(units_of("100000"), Some(units(100_000)));
        assert_eq!(units_of("0.0000000000000000015"), Some(2));
        assert_eq!(units_of("0.0000000000000000014"), Some(1));
        assert_eq!(
            units_of("99999999999999999999"),
            Some(units(99_999_999_999_999_999_999))
        );
        assert_eq!(units_of("100000000000000000000"), None);
        assert_eq!(units_of("1e5"), None);
        assert_eq!(units_of("abc"), None);
    }

    #[test]
    fn arithmetic_is_exact_at_18_digits() {
        // 100 × 100 = 10000: DataFusion's own Decimal128(38, 18) product overflows here.
        assert_eq!(multiply(units(100), units(100)), Some(units(10_000)));
        assert_eq!(multiply(units(3) / 2, -units(3) / 2), Some(-units(9) / 4));
        // 1 / 3 truncates; 2 / 3 too (SqlDecimal truncates quotients).
        assert_eq!(divide(units(1), units(3)), Some(333_333_333_333_333_333));
        assert_eq!(divide(units(2), units(3)), Some(666_666_666_666_666_666));
        assert_eq!(divide(units(1), 0), None);
        assert_eq!(modulo(-units(14), units(12)), Some(units(10)));
        assert_eq!(modulo(units(14), -units(12)), Some(units(2)));
        assert_eq!(multiply(MAX, units(2)), None);
    }
}
