//! `prev(column [, offset [, default_value]])`: a value from a row before the current one in a
//! serialized row set.

use crate::args::optional;
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::functions_window::expr_fn::{lag, lead};
use datafusion::logical_expr::Expr;
use kql_syntax::KqlType;

/// `prev`.
pub(crate) struct PrevFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "prev",
    aliases: &[],
    category: "window",
    syntax: "prev(column [, offset [, default_value]])",
    description: "The value of column offset rows (1 by default) before the current row of a \
        serialized row set; default_value (null by default, an empty string for a string) \
        where there is no such row. offset must be a constant long and default_value a \
        constant of column's type. Needs serialized input (after serialize, sort, top, \
        range, …).",
    returns: "the type of column",
    examples: &[
        Example {
            query: "range x from 1 to 4 step 1 | extend p = prev(x), p2 = prev(x, 2, 0)",
            output: "x,p,p2\n1,,0\n2,1,0\n3,2,1\n4,3,2",
        },
        Example {
            query: "datatable(t:datetime)[datetime(2022-04-13 00:00:01), datetime(2022-04-13 00:00:00.750), datetime(2022-04-13 00:00:00)] | sort by t asc | extend ms = datetime_diff('millisecond', t, prev(t, 1))",
            output: "t,ms\n2022-04-13T00:00:00.0000000Z,\n2022-04-13T00:00:00.7500000Z,750\n2022-04-13T00:00:01.0000000Z,250",
        },
    ],
};

impl KqlFunction for PrevFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        plan_shift(&DOC, args, lag)
    }
}

/// The DataFusion shift (`lag` for prev, `lead` for next).
pub(crate) type Shift = fn(Expr, Option<i64>, Option<ScalarValue>) -> Expr;

/// Plans `prev`/`next`: a column, a constant non-negative offset, a constant default of the
/// column's type.
pub(crate) fn plan_shift(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
    shift: Shift,
) -> Result<TypedExpr, FunctionError> {
    let ([column], [offset, default]) = optional::<1, 2>(doc, args)?;
    let column = column.any();
    let offset = match offset {
        Some(o) => {
            let what = o.clone();
            let n = o.long_literal()?;
            if n < 0 {
                return Err(what.error("offset must not be negative"));
            }
            n
        }
        None => 1,
    };
    let default = match default {
        Some(d) => {
            let value = d.get().clone();
            let Some(scalar) = constant(&value.expr) else {
                return Err(d.error(
                    "default_value must be a constant; a computed value is not supported yet",
                ));
            };
            let converts = value.kql_type == column.kql_type
                || scalar.is_null()
                || (value.kql_type.is_numeric() && column.kql_type.is_numeric());
            if !converts {
                return Err(d.error(format!(
                    "default_value must be a {}, found {}",
                    column.kql_type, value.kql_type
                )));
            }
            let converted = scalar.cast_to(&crate::types::kql_to_arrow(column.kql_type));
            converted.map_err(|e| d.error(e))?
        }
        // KQL strings are never null: a missing string is "".
        None if column.kql_type == KqlType::String => ScalarValue::Utf8(Some(String::new())),
        None => ScalarValue::try_from(&crate::types::kql_to_arrow(column.kql_type))
            .map_err(|e| FunctionError::call(doc, e))?,
    };
    Ok(TypedExpr::new(
        shift(column.expr, Some(offset), Some(default)),
        column.kql_type,
    ))
}

/// The value of a constant: a literal, or a negated one (`-1`).
fn constant(expr: &Expr) -> Option<ScalarValue> {
    match expr {
        Expr::Literal(v, _) => Some(v.clone()),
        Expr::Negative(inner) => constant(inner)?.arithmetic_negate().ok(),
        Expr::Cast(c) => constant(&c.expr)?.cast_to(c.field.data_type()).ok(),
        _ => None,
    }
}

/// `lead`, for `next`.
pub(crate) fn lead_shift() -> Shift {
    lead
}
