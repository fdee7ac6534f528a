//! Helpers for UDF bodies: read an argument that is either one scalar or a column, without
//! expanding the scalar into an array (STYLE §7: handle a scalar argument once).

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::ColumnarValue;

/// A string argument: one value for all rows, or one per row.
pub(crate) enum StrArg<'a> {
    /// The same value for every row (`None` = null).
    Scalar(Option<&'a str>),
    /// A column.
    Array(&'a StringArray),
}

impl<'a> StrArg<'a> {
    /// Borrows a `Utf8` argument.
    pub(crate) fn new(value: &'a ColumnarValue) -> Result<StrArg<'a>> {
        match value {
            ColumnarValue::Scalar(ScalarValue::Utf8(v)) => Ok(StrArg::Scalar(v.as_deref())),
            ColumnarValue::Scalar(ScalarValue::Null) => Ok(StrArg::Scalar(None)),
            ColumnarValue::Array(a) => match a.as_string_opt::<i32>() {
                Some(a) => Ok(StrArg::Array(a)),
                None => exec_err!("expected a Utf8 column, found {}", a.data_type()),
            },
            other => exec_err!("expected a Utf8 value, found {}", other.data_type()),
        }
    }

    /// The value at `row`.
    pub(crate) fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            StrArg::Scalar(v) => *v,
            StrArg::Array(a) => a.is_valid(row).then(|| a.value(row)),
        }
    }
}

/// A long argument: one value for all rows, or one per row.
pub(crate) enum LongArg<'a> {
    /// The same value for every row.
    Scalar(Option<i64>),
    /// A column.
    Array(&'a Int64Array),
}

impl<'a> LongArg<'a> {
    /// Borrows an `Int64` argument.
    pub(crate) fn new(value: &'a ColumnarValue) -> Result<LongArg<'a>> {
        match value {
            ColumnarValue::Scalar(ScalarValue::Int64(v)) => Ok(LongArg::Scalar(*v)),
            ColumnarValue::Scalar(ScalarValue::Null) => Ok(LongArg::Scalar(None)),
            ColumnarValue::Array(a) => match a.as_primitive_opt() {
                Some(a) => Ok(LongArg::Array(a)),
                None => exec_err!("expected an Int64 column, found {}", a.data_type()),
            },
            other => exec_err!("expected an Int64 value, found {}", other.data_type()),
        }
    }

    /// The value at `row`.
    pub(crate) fn get(&self, row: usize) -> Option<i64> {
        match self {
            LongArg::Scalar(v) => *v,
            LongArg::Array(a) => a.is_valid(row).then(|| a.value(row)),
        }
    }
}

/// Wraps a result array as a `ColumnarValue`, turning a one-row result of all-scalar
/// arguments back into a scalar.
pub(crate) fn finish(array: ArrayRef, all_scalar: bool) -> Result<ColumnarValue> {
    if all_scalar {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &array, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(array))
    }
}

/// The number of rows to produce: 1 when every argument is a scalar.
pub(crate) fn rows(args: &[ColumnarValue], number_rows: usize) -> (usize, bool) {
    let all_scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    (if all_scalar { 1 } else { number_rows }, all_scalar)
}

/// Exactly `N` arguments, or an error quoting the function's syntax.
pub(crate) fn fixed<const N: usize>(
    args: Vec<crate::TypedExpr>,
    syntax: &str,
) -> Result<[crate::TypedExpr; N], crate::FunctionError> {
    let found = args.len();
    args.try_into().map_err(|_| {
        crate::FunctionError::call(format!(
            "expected {N} argument{}, found {found}: {syntax}",
            if N == 1 { "" } else { "s" }
        ))
    })
}
