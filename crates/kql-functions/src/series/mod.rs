//! Series: the arrays `make-series` builds (`make_series_values`, `make_series_axis`, used by
//! the planner's `operator/make_series.rs`), and the JSON text of one array element.
//!
//! A series is a `dynamic` array (compact JSON text, see `json.rs`): numbers as JSON numbers
//! (reals keep a fraction, `4.0`, as in dynamic literals), datetimes and timespans as strings
//! of their canonical text (`"2017-01-01T00:00:00.0000000Z"`, as make-series-operator.md
//! shows), missing values as `null`.

use crate::udf::{Batch, udf_with};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::datatypes::{
    DataType, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, Signature, Volatility, lit};
use std::fmt::Write;
use std::sync::Arc;

/// The most elements a series may have (make-series-operator.md: 2^20).
pub const MAX_SERIES_LENGTH: i64 = 1 << 20;

/// Appends element `row` of `array` as a JSON value (`null` when null).
pub(crate) fn push_json_element(out: &mut String, array: &dyn Array, row: usize) {
    if array.is_null(row) {
        out.push_str("null");
        return;
    }
    match array.data_type() {
        DataType::Int64 => {
            let _ = write!(out, "{}", array.as_primitive::<Int64Type>().value(row));
        }
        DataType::Int32 => {
            let _ = write!(out, "{}", array.as_primitive::<Int32Type>().value(row));
        }
        DataType::Float64 => {
            let v = array.as_primitive::<Float64Type>().value(row);
            if v.is_finite() {
                let _ = write!(out, "{v:?}");
            } else {
                out.push('"');
                crate::format::write_real(out, v);
                out.push('"');
            }
        }
        DataType::Boolean => crate::format::write_bool(out, array.as_boolean().value(row)),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            out.push('"');
            let nanos = array.as_primitive::<TimestampNanosecondType>().value(row);
            crate::format::write_datetime(out, nanos);
            out.push('"');
        }
        DataType::Duration(TimeUnit::Nanosecond) => {
            out.push('"');
            let nanos = array.as_primitive::<DurationNanosecondType>().value(row);
            crate::format::write_timespan(out, nanos);
            out.push('"');
        }
        DataType::Utf8 => crate::json::push_json_string(out, array.as_string::<i32>().value(row)),
        _ => out.push_str("null"),
    }
}

/// `make_series_values(entries, n, default)`: the JSON array of `n` elements whose element `i`
/// is the `v` of the entry with `i` (a list of `{i: long, v: T}` structs), `default` where no
/// entry has that index. Entries outside `0..n` or with a null index are ignored.
pub fn make_series_values(entries: Expr, n: Expr, default: Expr) -> Expr {
    udf_with(
        "make_series_values",
        Signature::any(3, Volatility::Immutable),
        DataType::Utf8,
        series_values,
    )
    .call(vec![entries, n, default])
}

fn series_length(batch: &Batch, i: usize, row: usize) -> Result<Option<usize>> {
    let Some((array, r)) = batch.raw(i, row) else {
        return exec_err!("missing series length");
    };
    if array.is_null(r) {
        return Ok(None);
    }
    let n = array.as_primitive::<Int64Type>().value(r);
    if n > MAX_SERIES_LENGTH {
        return exec_err!(
            "make-series: a series of {n} bins is longer than the limit of {MAX_SERIES_LENGTH}; use a larger step or a shorter range"
        );
    }
    Ok(Some(usize::try_from(n.max(0)).unwrap_or(0)))
}

fn series_values(batch: &Batch) -> Result<ColumnarValue> {
    let rows = batch.rows();
    let mut out = StringBuilder::with_capacity(rows, rows * 16);
    let mut text = String::new();
    let mut slots: Vec<Option<(ArrayRef, usize)>> = Vec::new();
    for row in 0..rows {
        let Some(n) = series_length(batch, 1, row)? else {
            out.append_null();
            continue;
        };
        let (Some((lists, lr)), Some((default, dr))) = (batch.raw(0, row), batch.raw(2, row))
        else {
            return exec_err!("make_series_values: missing arguments");
        };
        slots.clear();
        slots.resize(n, None);
        if let Some(list) = lists.as_list_opt::<i32>()
            && list.is_valid(lr)
        {
            let entries = list.value(lr);
            let entries = entries.as_struct();
            let index = entries.column(0).as_primitive::<Int64Type>();
            let values = entries.column(1);
            for e in 0..entries.len() {
                if index.is_null(e) {
                    continue;
                }
                if let Ok(i) = usize::try_from(index.value(e))
                    && i < n
                {
                    slots[i] = Some((Arc::clone(values), e));
                }
            }
        }
        text.clear();
        text.push('[');
        for (i, slot) in slots.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            match slot {
                Some((values, e)) => push_json_element(&mut text, values.as_ref(), *e),
                None => push_json_element(&mut text, default.as_ref(), dr),
            }
        }
        text.push(']');
        out.append_value(&text);
    }
    batch.finish(Arc::new(out.finish()))
}

/// How `make_series_axis` writes its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisKind {
    /// Nanoseconds since the Unix epoch, written as datetime strings.
    DateTime,
    /// Nanoseconds, written as timespan strings.
    TimeSpan,
    /// Longs.
    Long,
    /// Reals (origin and step are Float64).
    Real,
}

/// `make_series_axis(origin, step, n)`: the JSON array `origin + i * step` for `i` in `0..n`.
/// `origin` and `step` are Int64 (nanoseconds for datetimes and timespans, or longs) or Float64
/// for [`AxisKind::Real`].
pub fn make_series_axis(origin: Expr, step: Expr, n: Expr, kind: AxisKind) -> Expr {
    let name = match kind {
        AxisKind::DateTime => "make_series_axis_datetime",
        AxisKind::TimeSpan => "make_series_axis_timespan",
        AxisKind::Long => "make_series_axis_long",
        AxisKind::Real => "make_series_axis_real",
    };
    let body = match kind {
        AxisKind::DateTime => axis_datetime,
        AxisKind::TimeSpan => axis_timespan,
        AxisKind::Long => axis_long,
        AxisKind::Real => axis_real,
    };
    udf_with(
        name,
        Signature::any(3, Volatility::Immutable),
        DataType::Utf8,
        body,
    )
    .call(vec![origin, step, n])
}

fn axis_datetime(batch: &Batch) -> Result<ColumnarValue> {
    axis::<Int64Type>(batch, whole_step, |out, v| {
        out.push('"');
        crate::format::write_datetime(out, v);
        out.push('"');
    })
}

fn axis_timespan(batch: &Batch) -> Result<ColumnarValue> {
    axis::<Int64Type>(batch, whole_step, |out, v| {
        out.push('"');
        crate::format::write_timespan(out, v);
        out.push('"');
    })
}

fn axis_long(batch: &Batch) -> Result<ColumnarValue> {
    axis::<Int64Type>(batch, whole_step, |out, v| {
        let _ = write!(out, "{v}");
    })
}

fn axis_real(batch: &Batch) -> Result<ColumnarValue> {
    axis::<Float64Type>(
        batch,
        |origin, step, i| origin + step * i as f64,
        |out, v| {
            let _ = write!(out, "{v:?}");
        },
    )
}

/// `origin + i * step` for whole numbers (nanoseconds for times), saturating.
fn whole_step(origin: i64, step: i64, i: usize) -> i64 {
    let i = i64::try_from(i).unwrap_or(i64::MAX);
    origin.saturating_add(step.saturating_mul(i))
}

/// The axis of each row: `n` values `value(origin, step, i)` written by `write` as one JSON
/// array; null where an argument is null.
fn axis<T: datafusion::arrow::datatypes::ArrowPrimitiveType>(
    batch: &Batch,
    value: fn(T::Native, T::Native, usize) -> T::Native,
    write: fn(&mut String, T::Native),
) -> Result<ColumnarValue> {
    let rows = batch.rows();
    let mut out = StringBuilder::with_capacity(rows, rows * 32);
    let mut text = String::new();
    for row in 0..rows {
        let (Some((origin, or)), Some((step, sr))) = (batch.raw(0, row), batch.raw(1, row)) else {
            return exec_err!("make_series_axis: missing arguments");
        };
        let (Some(n), false, false) = (
            series_length(batch, 2, row)?,
            origin.is_null(or),
            step.is_null(sr),
        ) else {
            out.append_null();
            continue;
        };
        let o = origin.as_primitive::<T>().value(or);
        let s = step.as_primitive::<T>().value(sr);
        text.clear();
        text.push('[');
        for i in 0..n {
            if i > 0 {
                text.push(',');
            }
            write(&mut text, value(o, s, i));
        }
        text.push(']');
        out.append_value(&text);
    }
    batch.finish(Arc::new(out.finish()))
}

/// A literal `0` of `data_type` (the default of missing bins), or a null for types without a
/// zero.
pub fn zero_of(data_type: &DataType) -> Expr {
    match data_type {
        DataType::Int64 => lit(0i64),
        DataType::Int32 => lit(0i32),
        DataType::Float64 => lit(0f64),
        other => lit(datafusion::common::ScalarValue::try_from(other)
            .unwrap_or(datafusion::common::ScalarValue::Null)),
    }
}

/// `impl KqlFunction` for a series function of several columns (used alone in extend or
/// project): `plan_scalar` is the several-columns error (pointing at the dynamic twin when one
/// is given), `plan_columns` is `$plan`.
macro_rules! several_columns_function {
    ($func:ty, $doc:expr, $plan:path) => {
        several_columns_function!($func, $doc, $plan, None);
    };
    ($func:ty, $doc:expr, $plan:path, $twin:expr) => {
        impl crate::KqlFunction for $func {
            fn doc(&self) -> &'static crate::FunctionDoc {
                &$doc
            }

            fn yields_scalar_columns(&self) -> bool {
                true
            }

            fn plan_scalar(
                &self,
                _: Vec<crate::TypedExpr>,
                _: &crate::CallContext,
            ) -> Result<crate::TypedExpr, crate::FunctionError> {
                Err(super::series_stats::several_columns(&$doc, $twin))
            }

            fn plan_columns(
                &self,
                args: Vec<crate::TypedExpr>,
            ) -> Result<Vec<(&'static str, crate::TypedExpr)>, crate::FunctionError> {
                $plan(args)
            }
        }
    };
}

mod elementwise;
mod elementwise_unary;
mod reduce;
mod series_cosine_similarity;
mod series_decompose;
mod series_decompose_anomalies;
mod series_decompose_forecast;
mod series_dot_product;
mod series_fill_backward;
mod series_fill_const;
mod series_fill_forward;
mod series_fill_linear;
mod series_fir;
mod series_fit_2lines;
mod series_fit_2lines_dynamic;
mod series_fit_line;
mod series_fit_line_dynamic;
mod series_fit_poly;
mod series_iir;
mod series_outliers;
mod series_pearson_correlation;
mod series_periods_detect;
mod series_seasonal;
mod series_stats;
mod series_stats_dynamic;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn crate::KqlFunction>> {
    let mut all: Vec<Arc<dyn crate::KqlFunction>> = vec![
        Arc::new(series_cosine_similarity::SeriesCosineSimilarityFunc),
        Arc::new(series_decompose::SeriesDecomposeFunc),
        Arc::new(series_decompose_anomalies::SeriesDecomposeAnomaliesFunc),
        Arc::new(series_decompose_forecast::SeriesDecomposeForecastFunc),
        Arc::new(series_dot_product::SeriesDotProductFunc),
        Arc::new(series_fill_backward::SeriesFillBackwardFunc),
        Arc::new(series_fill_const::SeriesFillConstFunc),
        Arc::new(series_fill_forward::SeriesFillForwardFunc),
        Arc::new(series_fill_linear::SeriesFillLinearFunc),
        Arc::new(series_fir::SeriesFirFunc),
        Arc::new(series_iir::SeriesIirFunc),
        Arc::new(series_outliers::SeriesOutliersFunc),
        Arc::new(series_pearson_correlation::SeriesPearsonCorrelationFunc),
        Arc::new(series_periods_detect::SeriesPeriodsDetectFunc),
        Arc::new(series_seasonal::SeriesSeasonalFunc),
        Arc::new(series_fit_2lines::SeriesFitTwoLinesFunc),
        Arc::new(series_fit_2lines_dynamic::SeriesFitTwoLinesDynamicFunc),
        Arc::new(series_fit_line_dynamic::SeriesFitLineDynamicFunc),
        Arc::new(series_fit_line::SeriesFitLineFunc),
        Arc::new(series_fit_poly::SeriesFitPolyFunc),
        Arc::new(series_stats::SeriesStatsFunc),
        Arc::new(series_stats_dynamic::SeriesStatsDynamicFunc),
    ];
    all.extend(elementwise::functions());
    all.extend(elementwise_unary::functions());
    all.extend(reduce::functions());
    all
}

/// A number read from a series element: a long, or a real (`"NaN"`, `"Infinity"` and
/// `"-Infinity"`, the strings dynamic values hold non-finite reals as, are reals too).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    /// A JSON integer.
    Long(i64),
    /// Any other JSON number.
    Real(f64),
}

impl Num {
    /// The element's JSON text as a number; `None` for null and anything not a number.
    pub(crate) fn parse(json: &str) -> Option<Num> {
        match json {
            "\"NaN\"" => return Some(Num::Real(f64::NAN)),
            "\"Infinity\"" => return Some(Num::Real(f64::INFINITY)),
            "\"-Infinity\"" => return Some(Num::Real(f64::NEG_INFINITY)),
            _ => {}
        }
        if !json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            return None;
        }
        if let Ok(v) = json.parse::<i64>() {
            return Some(Num::Long(v));
        }
        json.parse::<f64>().ok().map(Num::Real)
    }

    /// As a real.
    pub(crate) fn real(self) -> f64 {
        match self {
            Num::Long(v) => v as f64,
            Num::Real(v) => v,
        }
    }

    /// Appends the JSON text of the number (a real keeps a fraction; non-finite reals as
    /// strings).
    pub(crate) fn push(self, out: &mut String) {
        match self {
            Num::Long(v) => {
                let _ = write!(out, "{v}");
            }
            Num::Real(v) => push_real(out, v),
        }
    }
}

/// Appends a real as a dynamic value's JSON: `4.0`, `"NaN"`.
pub(crate) fn push_real(out: &mut String, v: f64) {
    if v.is_finite() {
        let _ = write!(out, "{v:?}");
    } else {
        out.push('"');
        crate::format::write_real(out, v);
        out.push('"');
    }
}

/// The JSON texts of the elements of a dynamic array (`None` when it is not an array).
pub(crate) fn series_elements(json: &str) -> Option<Vec<&str>> {
    crate::json::elements(json)
}

/// Appends `[a,b,…]` from element texts.
pub(crate) fn push_array<'a>(out: &mut String, elements: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, e) in elements.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push(']');
}

/// Whether element `json` is missing for a fill with `placeholder` (the JSON of the
/// missing-value placeholder; `None` for null, which also matches a null element).
pub(crate) fn is_missing(json: &str, placeholder: Option<&str>) -> bool {
    match placeholder {
        None => json == "null",
        Some(p) => crate::json::json_equal(json, p),
    }
}

/// The JSON text of a scalar argument (`null` for null), as a dynamic value stores it.
pub(crate) fn json_of(arg: crate::TypedExpr) -> Expr {
    crate::conversion::to_json(arg)
}

/// Member `key` of a dynamic bag, converted to `ty` (a number, or kept dynamic).
pub(crate) fn member_as(
    bag: &crate::TypedExpr,
    key: &str,
    ty: kql_syntax::KqlType,
) -> crate::TypedExpr {
    let member = crate::TypedExpr::new(
        crate::dynamic::dynamic_member_udf().call(vec![bag.expr.clone(), lit(key)]),
        kql_syntax::KqlType::Dynamic,
    );
    if ty == kql_syntax::KqlType::Dynamic {
        return member;
    }
    crate::conversion::to_kql_string(member).try_cast_to(ty)
}

/// The finite numbers of a series' element texts, `None` for every other element (null, a
/// string, NaN, an infinity).
pub(crate) fn numbers(elements: &[&str]) -> Vec<Option<f64>> {
    let mut values = reals(elements);
    for v in &mut values {
        *v = v.filter(|v| v.is_finite());
    }
    values
}

/// The numbers of a series' element texts as reals (NaN and the infinities included), `None`
/// for every other element.
pub(crate) fn reals(elements: &[&str]) -> Vec<Option<f64>> {
    elements
        .iter()
        .map(|e| Num::parse(e).map(Num::real))
        .collect()
}

/// Appends `[a,b,…]` of reals as a dynamic value's JSON.
pub(crate) fn push_reals(out: &mut String, values: impl IntoIterator<Item = f64>) {
    out.push('[');
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_real(out, v);
    }
    out.push(']');
}

/// A function of two dynamic values per row giving a real: `series_dot_product`,
/// `series_pearson_correlation`.
pub(crate) trait RealOfTwo {
    /// The UDF's name.
    const NAME: &'static str;
    /// The real of one row's two JSON texts; `None` is null.
    fn compute(a: &str, b: &str) -> Option<f64>;
}

/// `F(a, b)` over two dynamic arguments, null where either is null.
pub(crate) fn real_of_two<F: RealOfTwo>(
    a: crate::TypedExpr,
    b: crate::TypedExpr,
) -> crate::TypedExpr {
    let f = crate::udf::udf(
        F::NAME,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Float64,
        |batch| {
            let a = batch.strings(0)?;
            let b = batch.strings(1)?;
            batch.primitive_result::<Float64Type>(|row| F::compute(a.get(row)?, b.get(row)?))
        },
    );
    crate::TypedExpr::new(f.call(vec![a.expr, b.expr]), kql_syntax::KqlType::Real)
}

/// The columns of a dynamic bag's members `keys`, each dynamic.
pub(crate) fn bag_columns(
    bag: &crate::TypedExpr,
    keys: &[&'static str],
) -> Vec<(&'static str, crate::TypedExpr)> {
    keys.iter()
        .map(|key| (*key, member_as(bag, key, kql_syntax::KqlType::Dynamic)))
        .collect()
}
