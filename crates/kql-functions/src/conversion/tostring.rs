//! `tostring(value)`: a value's canonical text; null becomes `""`.

use crate::args::{finish, rows};
use crate::format::{write_bool, write_datetime, write_real, write_timespan};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::array::{Array, AsArray, StringBuilder};
use datafusion::arrow::datatypes::{
    DataType, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use kql_syntax::KqlType;
use std::fmt::Write;
use std::sync::Arc;

/// `tostring`: see [`DOC`].
pub(crate) struct TostringFunc;

/// The reference entry of `tostring`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tostring",
    aliases: &[],
    category: "conversion",
    syntax: "tostring(value)",
    description: "Converts value to its canonical string. Unlike SQL's CAST, a null value \
        gives the empty string (KQL strings are never null). A dynamic string gives its bare \
        text, without quotes; other dynamic values give compact JSON. datetime prints as \
        2021-10-21T05:12:34.1234567Z and timespan as [-][d.]hh:mm:ss[.fffffff]. An unnamed \
        tostring(x) column takes the name of x.",
    returns: "string, never null",
    examples: &[
        Example {
            query: "print tostring(123)",
            output: "print_0\n123",
        },
        Example {
            query: r#"print a = tostring(long(null)), b = tostring(2.5), c = tostring(true), d = tostring(split("a/b", "/")[0]), e = tostring(90m)"#,
            output: "a,b,c,d,e\n,2.5,true,a,01:30:00",
        },
    ],
};

impl KqlFunction for TostringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value]: [TypedExpr; 1] = args
            .try_into()
            .map_err(|_| FunctionError::call("tostring() takes one argument: tostring(value)"))?;
        Ok(to_kql_string(value))
    }
}

/// The KQL `tostring` of any typed expression.
pub fn to_kql_string(value: TypedExpr) -> TypedExpr {
    let expr = match value.kql_type {
        KqlType::String | KqlType::Guid => value.expr,
        KqlType::Dynamic => crate::dynamic::dynamic_to_string_udf().call(vec![value.expr]),
        _ => tostring_udf().call(vec![value.expr]),
    };
    TypedExpr::new(expr, KqlType::String)
}

/// The `kql_tostring` UDF: canonical text of a bool, int, long, real, datetime or timespan
/// column (strings and dynamics are handled by the planner).
pub fn tostring_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(Tostring {
        signature: Signature::any(1, Volatility::Immutable),
    }))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Tostring {
    signature: Signature,
}

impl ScalarUDFImpl for Tostring {
    fn name(&self) -> &str {
        "kql_tostring"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (n, all_scalar) = rows(&args.args, args.number_rows);
        let array = args.args[0].to_array(n)?;
        let mut out = StringBuilder::with_capacity(n, n * 8);
        let mut text = String::with_capacity(32);
        for row in 0..n {
            text.clear();
            if array.is_valid(row) {
                match array.data_type() {
                    DataType::Boolean => write_bool(&mut text, array.as_boolean().value(row)),
                    DataType::Int32 => {
                        let _ = write!(text, "{}", array.as_primitive::<Int32Type>().value(row));
                    }
                    DataType::Int64 => {
                        let _ = write!(text, "{}", array.as_primitive::<Int64Type>().value(row));
                    }
                    DataType::Float64 => {
                        write_real(&mut text, array.as_primitive::<Float64Type>().value(row))
                    }
                    DataType::Timestamp(TimeUnit::Nanosecond, _) => write_datetime(
                        &mut text,
                        array.as_primitive::<TimestampNanosecondType>().value(row),
                    ),
                    DataType::Duration(TimeUnit::Nanosecond) => write_timespan(
                        &mut text,
                        array.as_primitive::<DurationNanosecondType>().value(row),
                    ),
                    DataType::Utf8 => text.push_str(array.as_string::<i32>().value(row)),
                    DataType::Null => {}
                    other => return exec_err!("tostring() of {other} is not supported"),
                }
            }
            out.append_value(&text);
        }
        finish(Arc::new(out.finish()), all_scalar)
    }
}
