//! Date and time functions. Examples run with `now` pinned to `2024-01-01T00:00:00Z`.

mod ago;
mod now;
mod startofday;

use crate::KqlFunction;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(ago::AgoFunc),
        Arc::new(now::NowFunc),
        Arc::new(startofday::StartOfDayFunc),
    ]
}

/// The `datetime` literal of an instant in nanoseconds since the Unix epoch.
pub fn datetime_literal(nanos: i64) -> datafusion::logical_expr::Expr {
    datafusion::logical_expr::lit(datafusion::common::ScalarValue::TimestampNanosecond(
        Some(nanos),
        Some(crate::types::UTC.into()),
    ))
}

/// `now ± offset`, folded to a literal when the offset is a literal (so that scans can prune
/// by time), else left to DataFusion.
fn shifted_now(
    ctx: &crate::CallContext,
    offset: crate::args::Arg,
    sign: i64,
) -> Result<crate::TypedExpr, crate::FunctionError> {
    use datafusion::common::ScalarValue;
    use datafusion::logical_expr::Expr;
    use kql_syntax::KqlType;
    let out_of_range = offset.error("the resulting datetime is out of range");
    let offset = offset.timespan()?;
    let expr = match &offset.expr {
        Expr::Literal(ScalarValue::DurationNanosecond(Some(d)), _) => {
            match d
                .checked_mul(sign)
                .and_then(|d| ctx.now_nanos.checked_add(d))
            {
                Some(t) => datetime_literal(t),
                None => return Err(out_of_range),
            }
        }
        _ if sign < 0 => datetime_literal(ctx.now_nanos) - offset.expr,
        _ => datetime_literal(ctx.now_nanos) + offset.expr,
    };
    Ok(crate::TypedExpr::new(expr, KqlType::DateTime))
}
