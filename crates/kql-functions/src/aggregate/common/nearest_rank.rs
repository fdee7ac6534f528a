//! Nearest-rank percentiles, exact, behind `percentile`, `percentiles`, `percentiles_array`,
//! `percentilew`, `percentilesw` and `percentilesw_array`.
//!
//! Kusto's definition (percentiles-aggregation-function.md): the P-th percentile (0 < P ≤ 100)
//! of the ascending values is the smallest value such that P % of the values are less than or
//! equal to it, that is the value of rank ⌈P/100 · n⌉; the 0th is the smallest value. A weighted
//! value counts as `weight` copies of itself (percentilesw-aggregation-function.md). Kusto
//! estimates with a t-digest, whose rank error is at most 1 % (worst at the median, 0 at P = 0
//! and 100); kqlake keeps every value and sorts, so its answers are exact — zero error, inside
//! every bound Kusto documents, and always a member of the input. The price is memory: 8 bytes
//! per non-null value (16 with a weight) per group, where a t-digest is bounded.
//!
//! Nulls, NaN and rows whose weight is null or not positive are skipped. A rank computed from
//! a fractional P is taken within 10⁻⁹ of an integer as that integer, so that `99.9` · 1000
//! (999.000…01 in floating point) is rank 999.

use super::udaf::KqlAggregate;
use crate::format::{write_datetime, write_timespan};
use crate::{AggregatePlan, FunctionError, TypedExpr};
use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int64Type};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::functions_nested::expr_fn::array_element;
use datafusion::logical_expr::{Accumulator, Expr, lit};
use kql_syntax::KqlType;
use std::cmp::Ordering;
use std::fmt::Write;
use std::sync::Arc;

/// How the percentiles are returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::aggregate) enum Shape {
    /// One column per percentile (`percentile`, `percentiles`, `percentilew`, `percentilesw`).
    Columns,
    /// One dynamic array (`percentiles_array`, `percentilesw_array`).
    Array,
}

/// The value types, as stored: longs, datetimes and timespans as i64, reals as f64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Long,
    Real,
    DateTime,
    TimeSpan,
}

impl Kind {
    fn arrow(self) -> DataType {
        crate::types::kql_to_arrow(self.kql())
    }
    fn kql(self) -> KqlType {
        match self {
            Kind::Long => KqlType::Long,
            Kind::Real => KqlType::Real,
            Kind::DateTime => KqlType::DateTime,
            Kind::TimeSpan => KqlType::TimeSpan,
        }
    }
}

/// The percentiles UDAF: its percentiles (as f64 bits, to be `Eq` and `Hash`), value kind,
/// whether a weight argument follows the value, and the shape of its result.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Percentiles {
    percentiles: Vec<u64>,
    kind: Kind,
    weighted: bool,
    shape: Shape,
}

/// Plans percentiles `ps` (each 0 to 100) of `value` — an int, long, real, decimal, datetime
/// or timespan; int gives long and decimal real (Kusto.Language) — weighted by `weight` when
/// given (an int or long), returned in `shape`.
pub(in crate::aggregate) fn percentiles_of(
    value: crate::args::Arg,
    weight: Option<crate::args::Arg>,
    ps: Vec<f64>,
    shape: Shape,
) -> Result<AggregatePlan, FunctionError> {
    let (value, kind) = match value.kql_type() {
        KqlType::Int | KqlType::Long => (value.long()?, Kind::Long),
        KqlType::Real | KqlType::Decimal => (value.real()?, Kind::Real),
        KqlType::DateTime => (value.any(), Kind::DateTime),
        KqlType::TimeSpan => (value.any(), Kind::TimeSpan),
        _ => return Err(value.type_error("number, datetime or timespan")),
    };
    let mut args = vec![value.expr];
    if let Some(weight) = weight {
        args.push(weight.long()?.expr);
    }
    let columns = match shape {
        Shape::Columns => ps.len(),
        Shape::Array => 1,
    };
    let aggregate = Percentiles {
        percentiles: ps.iter().map(|p| p.to_bits()).collect(),
        kind,
        weighted: args.len() == 2,
        shape,
    };
    let aggregate = super::udaf::call(aggregate, args);
    Ok(match shape {
        Shape::Columns => AggregatePlan {
            aggregate,
            kql_type: kind.kql(),
            columns,
            finish: Some(nth_value),
        },
        Shape::Array => AggregatePlan::new(aggregate, KqlType::Dynamic),
    })
}

/// Column `i` of a `Columns` result: element i of the list (1-based in DataFusion).
fn nth_value(list: Expr, i: usize) -> Expr {
    array_element(list, lit(i64::try_from(i).unwrap_or(i64::MAX) + 1))
}

/// A constant percentile argument's value, checked to be 0 to 100.
pub(in crate::aggregate) fn percentile_value(arg: crate::args::Arg) -> Result<f64, FunctionError> {
    let value = constant_number(arg.get());
    let name = arg.name();
    match value {
        Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
        Some(_) => Err(arg.error(format!("{name} must be 0 to 100"))),
        None if arg.kql_type().is_numeric() => {
            Err(arg.error(format!("{name} must be a constant number")))
        }
        None => Err(arg.type_error("number")),
    }
}

/// A constant `dynamic([…])` array of percentiles (`percentiles_array(x, dynamic([50, 95]))`).
pub(in crate::aggregate) fn percentile_array(
    arg: crate::args::Arg,
) -> Result<Vec<f64>, FunctionError> {
    let name = arg.name();
    let error = arg.error(format!(
        "{name} must be a constant dynamic array of numbers 0 to 100"
    ));
    let elements = arg
        .get()
        .as_string_literal()
        .and_then(crate::json::elements)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| error.clone())?;
    elements
        .iter()
        .map(|e| e.parse::<f64>().ok().filter(|p| (0.0..=100.0).contains(p)))
        .collect::<Option<Vec<f64>>>()
        .ok_or(error)
}

/// The value of a constant int, long, real or decimal expression, `-` included.
fn constant_number(value: &TypedExpr) -> Option<f64> {
    match &value.expr {
        Expr::Literal(v, _) => match v {
            ScalarValue::Int64(Some(v)) => Some(*v as f64),
            ScalarValue::Int32(Some(v)) => Some(f64::from(*v)),
            ScalarValue::Float64(Some(v)) => Some(*v),
            _ => None,
        },
        Expr::Negative(inner) => {
            constant_number(&TypedExpr::new((**inner).clone(), value.kql_type)).map(|v| -v)
        }
        Expr::Cast(cast) => constant_number(&TypedExpr::new((*cast.expr).clone(), value.kql_type)),
        _ => None,
    }
}

/// The text of a percentile in a column name (`99.9` → `99_9`; Kusto.Language's
/// `MakeValidNameFragment` of the constant's text).
pub(in crate::aggregate) fn name_fragment(p: f64) -> String {
    format!("{p}")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// The default column names of percentile arguments `ps` as written:
/// `percentile_<first>_<p>` each (`percentile_x_99_9`); `None` (a generated name) for one
/// that is not a literal number, which planning then rejects.
pub(in crate::aggregate) fn percentile_names(
    first: Option<&str>,
    ps: &[kql_syntax::ast::Expr],
) -> Vec<Option<String>> {
    use kql_syntax::ast::{ExprKind, Literal};
    let first = first.unwrap_or_default();
    ps.iter()
        .map(|p| {
            let fragment = match &p.kind {
                ExprKind::Literal(Literal::Long(v)) => v.to_string(),
                ExprKind::Literal(Literal::Int(v)) => v.to_string(),
                ExprKind::Literal(Literal::Real(v)) => name_fragment(*v),
                _ => return None,
            };
            Some(format!("percentile_{first}_{fragment}"))
        })
        .collect()
}

impl KqlAggregate for Percentiles {
    fn name(&self) -> &'static str {
        match (self.weighted, self.shape) {
            (false, Shape::Columns) => "kql_percentiles",
            (false, Shape::Array) => "kql_percentiles_array",
            (true, Shape::Columns) => "kql_percentilesw",
            (true, Shape::Array) => "kql_percentilesw_array",
        }
    }
    fn returns(&self) -> DataType {
        match self.shape {
            Shape::Columns => {
                DataType::List(Arc::new(Field::new_list_field(self.kind.arrow(), true)))
            }
            Shape::Array => DataType::Utf8,
        }
    }
    fn state(&self) -> Vec<DataType> {
        vec![DataType::Binary]
    }
    fn accumulator(&self, _: &[DataType]) -> Result<Box<dyn Accumulator>> {
        match self.kind {
            Kind::Real => Ok(Box::new(Sample::<f64>::new(self.clone()))),
            _ => Ok(Box::new(Sample::<i64>::new(self.clone()))),
        }
    }
}

/// A stored value: i64 or f64, ordered totally and written as 8 bytes.
trait Value: Copy + Send + Sync + std::fmt::Debug + 'static {
    fn compare(&self, other: &Self) -> Ordering;
    fn to_bytes(self) -> [u8; 8];
    fn from_bytes(bytes: [u8; 8]) -> Self;
    /// The values of an input column (cast to this type); nulls and NaN are `None`.
    fn read(array: &ArrayRef, each: impl FnMut(Option<Self>)) -> Result<()>;
    /// The value as a result scalar of `kind`.
    fn scalar(self, kind: Kind) -> ScalarValue;
    /// Appends the value as JSON, as a dynamic value holds it.
    fn write_json(self, kind: Kind, out: &mut String);
}

impl Value for i64 {
    fn compare(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn to_bytes(self) -> [u8; 8] {
        self.to_le_bytes()
    }
    fn from_bytes(bytes: [u8; 8]) -> Self {
        i64::from_le_bytes(bytes)
    }
    fn read(array: &ArrayRef, mut each: impl FnMut(Option<Self>)) -> Result<()> {
        let longs = cast(array, &DataType::Int64)?;
        longs.as_primitive::<Int64Type>().iter().for_each(&mut each);
        Ok(())
    }
    fn scalar(self, kind: Kind) -> ScalarValue {
        match kind {
            Kind::DateTime => {
                ScalarValue::TimestampNanosecond(Some(self), Some(crate::types::UTC.into()))
            }
            Kind::TimeSpan => ScalarValue::DurationNanosecond(Some(self)),
            _ => ScalarValue::Int64(Some(self)),
        }
    }
    fn write_json(self, kind: Kind, out: &mut String) {
        match kind {
            Kind::DateTime | Kind::TimeSpan => {
                out.push('"');
                if kind == Kind::DateTime {
                    write_datetime(out, self);
                } else {
                    write_timespan(out, self);
                }
                out.push('"');
            }
            _ => {
                let _ = write!(out, "{self}");
            }
        }
    }
}

impl Value for f64 {
    fn compare(&self, other: &Self) -> Ordering {
        self.total_cmp(other)
    }
    fn to_bytes(self) -> [u8; 8] {
        self.to_le_bytes()
    }
    fn from_bytes(bytes: [u8; 8]) -> Self {
        f64::from_le_bytes(bytes)
    }
    fn read(array: &ArrayRef, mut each: impl FnMut(Option<Self>)) -> Result<()> {
        let reals = cast(array, &DataType::Float64)?;
        for v in reals.as_primitive::<Float64Type>().iter() {
            each(v.filter(|v| !v.is_nan()));
        }
        Ok(())
    }
    fn scalar(self, _: Kind) -> ScalarValue {
        ScalarValue::Float64(Some(self))
    }
    fn write_json(self, _: Kind, out: &mut String) {
        // As `to_json` writes a real: a finite one keeps a fraction (`20.0`).
        if self.is_finite() {
            let _ = write!(out, "{self:?}");
        } else {
            out.push('"');
            crate::format::write_real(out, self);
            out.push('"');
        }
    }
}

/// One group's values (and weights, for the weighted forms).
#[derive(Debug)]
struct Sample<T> {
    spec: Percentiles,
    values: Vec<T>,
    weights: Vec<i64>,
}

impl<T: Value> Sample<T> {
    fn new(spec: Percentiles) -> Sample<T> {
        Sample {
            spec,
            values: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// The value at each percentile; empty when there are no values.
    fn select(&mut self) -> Vec<T> {
        if self.values.is_empty() {
            return Vec::new();
        }
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_unstable_by(|a, b| self.values[*a].compare(&self.values[*b]));
        // Cumulative weights in sorted order (every value weighs 1 when unweighted).
        let mut cumulative = Vec::with_capacity(order.len());
        let mut total: i128 = 0;
        for i in &order {
            total += if self.spec.weighted {
                i128::from(self.weights[*i])
            } else {
                1
            };
            cumulative.push(total);
        }
        self.spec
            .percentiles
            .iter()
            .map(|bits| {
                let rank = rank(f64::from_bits(*bits), total);
                let at = cumulative.partition_point(|c| *c < rank);
                self.values[order[at.min(order.len() - 1)]]
            })
            .collect()
    }
}

/// The nearest rank (1-based) of percentile `p` among `total` values: ⌈p/100 · total⌉, at
/// least 1 (p = 0 is the smallest value).
fn rank(p: f64, total: i128) -> i128 {
    let exact = p * total as f64 / 100.0;
    let floor = exact.floor();
    let rank = if exact - floor <= 1e-9 * exact.max(1.0) {
        floor
    } else {
        floor + 1.0
    };
    // An f64 → i128 cast saturates; `rank` is finite and at most `total`.
    (rank as i128).clamp(1, total.max(1))
}

impl<T: Value> Accumulator for Sample<T> {
    fn update_batch(&mut self, arrays: &[ArrayRef]) -> Result<()> {
        let Some(values) = arrays.first() else {
            return Ok(());
        };
        let mut read = Vec::with_capacity(values.len());
        T::read(values, |v| read.push(v))?;
        match arrays.get(1).filter(|_| self.spec.weighted) {
            None => self.values.extend(read.into_iter().flatten()),
            Some(weights) => {
                let weights = cast(weights, &DataType::Int64)?;
                let weights = weights.as_primitive::<Int64Type>();
                for (value, weight) in read.into_iter().zip(weights.iter()) {
                    if let (Some(v), Some(w)) = (value, weight.filter(|w| *w > 0)) {
                        self.values.push(v);
                        self.weights.push(w);
                    }
                }
            }
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let kind = self.spec.kind;
        let selected = self.select();
        Ok(match self.spec.shape {
            Shape::Columns if selected.is_empty() => ScalarValue::try_from(&self.spec.returns())?,
            Shape::Columns => {
                let scalars: Vec<ScalarValue> = selected.iter().map(|v| v.scalar(kind)).collect();
                ScalarValue::List(ScalarValue::new_list_nullable(&scalars, &kind.arrow()))
            }
            Shape::Array if selected.is_empty() => ScalarValue::Utf8(None),
            Shape::Array => {
                let mut out = String::from("[");
                for (i, v) in selected.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(kind, &mut out);
                }
                out.push(']');
                ScalarValue::Utf8(Some(out))
            }
        })
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.values.capacity() * 8 + self.weights.capacity() * 8
    }

    /// The values (8 bytes each), then the weights (8 bytes each) when weighted.
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let mut bytes = Vec::with_capacity((self.values.len() + self.weights.len()) * 8);
        for v in &self.values {
            bytes.extend_from_slice(&v.to_bytes());
        }
        for w in &self.weights {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        Ok(vec![ScalarValue::Binary(Some(bytes))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first().and_then(|s| s.as_binary_opt::<i32>()) else {
            return exec_err!("percentiles(): bad partial state");
        };
        let per_value = if self.spec.weighted { 16 } else { 8 };
        for bytes in states.iter().flatten() {
            if bytes.len() % per_value != 0 {
                return exec_err!("percentiles(): bad partial state");
            }
            let n = bytes.len() / per_value;
            let words = bytes
                .chunks_exact(8)
                .map(|c| <[u8; 8]>::try_from(c).unwrap_or_default());
            for (i, word) in words.enumerate() {
                if i < n {
                    self.values.push(T::from_bytes(word));
                } else {
                    self.weights.push(i64::from_le_bytes(word));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_nearest_ranks() {
        // ⌈p/100 · n⌉ by hand.
        assert_eq!(rank(50.0, 18), 9);
        assert_eq!(rank(75.0, 18), 14);
        assert_eq!(rank(99.9, 18), 18);
        assert_eq!(rank(0.0, 18), 1);
        assert_eq!(rank(100.0, 18), 18);
        assert_eq!(rank(95.0, 20), 19);
        assert_eq!(rank(99.9, 1000), 999);
        assert_eq!(rank(50.0, 1), 1);
    }

    #[test]
    fn fragments_are_valid_names() {
        assert_eq!(name_fragment(99.9), "99_9");
        assert_eq!(name_fragment(50.0), "50");
        assert_eq!(name_fragment(0.5), "0_5");
    }
}
