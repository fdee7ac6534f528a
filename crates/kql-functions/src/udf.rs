//! kqlake's own DataFusion UDFs: one struct for all of them, typed readers for their arguments
//! and builders for their results.
//!
//! A KQL function without a DataFusion kernel gets a [`KqlUdf`]: a name, its Arrow signature and
//! return type, and a body — a plain `fn`, so the UDF is plain data that an executor process can
//! rebuild by name (STYLE §1). The body receives a [`Batch`], which reads each argument as a
//! column or as one scalar for all rows without expanding it (STYLE §7), and builds the result
//! with one of its `*_result` methods, which turn a result of all-scalar arguments back into a
//! scalar.

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, BooleanBuilder, PrimitiveArray, StringArray,
    StringBuilder,
};
use datafusion::arrow::datatypes::{ArrowPrimitiveType, DataType};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

/// The body of a [`KqlUdf`]: computes one batch.
pub(crate) type UdfBody = fn(&Batch) -> Result<ColumnarValue>;

/// A kqlake UDF. Equal by name and signature.
#[derive(Debug)]
pub(crate) struct KqlUdf {
    name: &'static str,
    signature: Signature,
    returns: DataType,
    body: UdfBody,
}

impl PartialEq for KqlUdf {
    fn eq(&self, other: &KqlUdf) -> bool {
        self.name == other.name && self.signature == other.signature
    }
}

impl Eq for KqlUdf {}

impl std::hash::Hash for KqlUdf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.signature.hash(state);
    }
}

/// A UDF called `name` taking exactly `args`, returning `returns`, computed by `body`.
pub(crate) fn udf(
    name: &'static str,
    args: Vec<DataType>,
    returns: DataType,
    body: UdfBody,
) -> Arc<ScalarUDF> {
    udf_with(
        name,
        Signature::exact(args, Volatility::Immutable),
        returns,
        body,
    )
}

/// `name(arg)`: a one-argument UDF applied to a typed argument, its Arrow types taken from
/// the KQL types.
pub(crate) fn unary(
    name: &'static str,
    arg: crate::TypedExpr,
    returns: kql_syntax::KqlType,
    body: UdfBody,
) -> crate::TypedExpr {
    use crate::types::kql_to_arrow;
    let f = udf(
        name,
        vec![kql_to_arrow(arg.kql_type)],
        kql_to_arrow(returns),
        body,
    );
    crate::TypedExpr::new(f.call(vec![arg.expr]), returns)
}

/// A UDF with any DataFusion signature (several arities: `Signature::one_of`).
pub(crate) fn udf_with(
    name: &'static str,
    signature: Signature,
    returns: DataType,
    body: UdfBody,
) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(KqlUdf {
        name,
        signature,
        returns,
        body,
    }))
}

impl ScalarUDFImpl for KqlUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(self.returns.clone())
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let batch = Batch::new(&args.args, args.number_rows)?;
        (self.body)(&batch)
    }
}

/// One batch of a UDF's arguments: each a column, or one scalar standing for every row.
pub(crate) struct Batch {
    arrays: Vec<(ArrayRef, bool)>,
    rows: usize,
    all_scalar: bool,
}

/// Reads argument values by row; a scalar argument answers every row with its one value.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a, A> {
    array: Option<&'a A>,
    scalar: bool,
}

impl<'a, A: Array> Reader<'a, A> {
    fn index(&self, row: usize) -> usize {
        if self.scalar { 0 } else { row }
    }

    fn valid(&self, row: usize) -> Option<(&'a A, usize)> {
        let array = self.array?;
        let i = self.index(row);
        array.is_valid(i).then_some((array, i))
    }
}

impl<'a> Reader<'a, StringArray> {
    /// The string at `row`, `None` when null.
    pub(crate) fn get(&self, row: usize) -> Option<&'a str> {
        self.valid(row).map(|(a, i)| a.value(i))
    }
}

impl<T: ArrowPrimitiveType> Reader<'_, PrimitiveArray<T>> {
    /// The value at `row`, `None` when null.
    pub(crate) fn get(&self, row: usize) -> Option<T::Native> {
        self.valid(row).map(|(a, i)| a.value(i))
    }
}

impl Reader<'_, BooleanArray> {
    /// The bool at `row`, `None` when null.
    pub(crate) fn get(&self, row: usize) -> Option<bool> {
        self.valid(row).map(|(a, i)| a.value(i))
    }
}

impl Batch {
    /// The batch of these arguments for `number_rows` rows.
    pub(crate) fn new(args: &[ColumnarValue], number_rows: usize) -> Result<Batch> {
        let all_scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = args
            .iter()
            .map(|a| match a {
                ColumnarValue::Array(array) => Ok((Arc::clone(array), false)),
                ColumnarValue::Scalar(s) => Ok((s.to_array_of_size(1)?, true)),
            })
            .collect::<Result<_>>()?;
        Ok(Batch {
            arrays,
            rows: if all_scalar { 1 } else { number_rows },
            all_scalar,
        })
    }

    /// The number of arguments.
    pub(crate) fn len(&self) -> usize {
        self.arrays.len()
    }

    /// Argument `i` as it came (one row when it is a scalar), and the row of `row` in it.
    pub(crate) fn raw(&self, i: usize, row: usize) -> Option<(&ArrayRef, usize)> {
        self.arrays
            .get(i)
            .map(|(a, scalar)| (a, if *scalar { 0 } else { row }))
    }

    /// The number of rows to compute (1 when every argument is a scalar).
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Argument `i` as an array (of one element when it is a scalar); an empty `Null` array
    /// when there is no such argument.
    pub(crate) fn array(&self, i: usize) -> ArrayRef {
        self.arrays.get(i).map_or_else(
            || datafusion::arrow::array::new_null_array(&DataType::Null, 0),
            |(a, _)| Arc::clone(a),
        )
    }

    /// True when argument `i` is one scalar for every row.
    pub(crate) fn is_scalar(&self, i: usize) -> bool {
        self.arrays.get(i).is_some_and(|(_, scalar)| *scalar)
    }

    /// The Arrow type of argument `i` (`Null` for an untyped null or a missing argument).
    pub(crate) fn data_type(&self, i: usize) -> DataType {
        self.arrays
            .get(i)
            .map_or(DataType::Null, |(a, _)| a.data_type().clone())
    }

    fn reader<A: Array + 'static>(
        &self,
        i: usize,
        cast: impl Fn(&dyn Array) -> Option<&A>,
        what: &str,
    ) -> Result<Reader<'_, A>> {
        let Some((array, scalar)) = self.arrays.get(i) else {
            return exec_err!("missing argument {i}");
        };
        if array.data_type() == &DataType::Null {
            return Ok(Reader {
                array: None,
                scalar: *scalar,
            });
        }
        match cast(array.as_ref()) {
            Some(a) => Ok(Reader {
                array: Some(a),
                scalar: *scalar,
            }),
            None => exec_err!("argument {i}: expected {what}, found {}", array.data_type()),
        }
    }

    /// Argument `i`, a `Utf8` column (string, guid or dynamic).
    pub(crate) fn strings(&self, i: usize) -> Result<Reader<'_, StringArray>> {
        self.reader(i, |a| a.as_string_opt::<i32>(), "Utf8")
    }

    /// Every argument, all `Utf8` columns (variadic string functions).
    pub(crate) fn all_strings(&self) -> Result<Vec<Reader<'_, StringArray>>> {
        (0..self.len()).map(|i| self.strings(i)).collect()
    }

    /// Argument `i`, a primitive column (`Int64Type`, `Float64Type`, …).
    pub(crate) fn primitives<T: ArrowPrimitiveType>(
        &self,
        i: usize,
    ) -> Result<Reader<'_, PrimitiveArray<T>>> {
        self.reader(i, |a| a.as_primitive_opt::<T>(), "a primitive column")
    }

    /// Argument `i`, a `Boolean` column.
    pub(crate) fn bools(&self, i: usize) -> Result<Reader<'_, BooleanArray>> {
        self.reader(i, |a| a.as_boolean_opt(), "Boolean")
    }

    /// Wraps a result array, as a scalar when every argument was one.
    pub(crate) fn finish(&self, array: ArrayRef) -> Result<ColumnarValue> {
        if self.all_scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &array, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(array))
        }
    }

    /// A `Utf8` result: `row(i, buffer)` writes row i's text into the (cleared) buffer and
    /// returns true, or returns false for null. One buffer serves every row.
    pub(crate) fn string_result(
        &self,
        mut row: impl FnMut(usize, &mut String) -> bool,
    ) -> Result<ColumnarValue> {
        let mut out = StringBuilder::with_capacity(self.rows, self.rows * 16);
        let mut buffer = String::with_capacity(64);
        for i in 0..self.rows {
            buffer.clear();
            if row(i, &mut buffer) {
                out.append_value(&buffer);
            } else {
                out.append_null();
            }
        }
        self.finish(Arc::new(out.finish()))
    }

    /// A primitive result (`Int64Type`, `Float64Type`, …); `None` is null.
    pub(crate) fn primitive_result<T: ArrowPrimitiveType>(
        &self,
        row: impl FnMut(usize) -> Option<T::Native>,
    ) -> Result<ColumnarValue> {
        let array: PrimitiveArray<T> = (0..self.rows).map(row).collect();
        self.finish(Arc::new(array))
    }

    /// A `Timestamp(ns, UTC)` result from nanoseconds since the epoch; `None` is null.
    pub(crate) fn datetime_result(
        &self,
        row: impl FnMut(usize) -> Option<i64>,
    ) -> Result<ColumnarValue> {
        use datafusion::arrow::datatypes::TimestampNanosecondType;
        let array: PrimitiveArray<TimestampNanosecondType> = (0..self.rows).map(row).collect();
        self.finish(Arc::new(array.with_timezone(crate::types::UTC)))
    }

    /// A `Boolean` result; `None` is null.
    pub(crate) fn bool_result(
        &self,
        mut row: impl FnMut(usize) -> Option<bool>,
    ) -> Result<ColumnarValue> {
        let mut out = BooleanBuilder::with_capacity(self.rows);
        for i in 0..self.rows {
            out.append_option(row(i));
        }
        self.finish(Arc::new(out.finish()))
    }
}
