//! Multi-column aggregates: the arguments the planner passes them ([`AggregateArg`]), the
//! columns they yield ([`AggregateColumn`]), and the one way to take several values from the
//! same row of a group ([`values_of_one_row`], shared by `arg_max`, `arg_min`, `take_any`).

use crate::{AggregatePlan, TypedExpr};
use datafusion::functions::core::expr_fn::{coalesce, get_field, named_struct};
use datafusion::functions_aggregate::first_last::first_value_udaf;
use datafusion::logical_expr::expr::NullTreatment;
use datafusion::logical_expr::{Expr, ExprFunctionExt, SortExpr, lit};
use kql_syntax::KqlType;
use std::fmt;
use std::sync::Arc;

/// One argument of a multi-column aggregate, as the planner passes it.
#[derive(Debug, Clone)]
pub struct AggregateArg {
    /// The argument's value over the input rows.
    pub value: TypedExpr,
    /// The column name the argument implies: a column's own name, `d_a` for `d.a`, `x` for
    /// `tostring(x)`; `None` for other expressions. A `*` argument arrives expanded into one
    /// argument per column, each with its name.
    pub name: Option<String>,
    /// The argument's 0-based position in the call as written (a `*` and the columns it
    /// stands for share the position of the `*`), for generated names such as `any_arg2`.
    pub index: usize,
    /// True for a column a `*` stands for.
    pub from_star: bool,
}

/// How an aggregate's output becomes a column's value.
pub type Finish = Arc<dyn Fn(Expr) -> Expr + Send + Sync>;

/// One output column of an aggregate.
#[derive(Clone)]
pub struct AggregateColumn {
    /// The name the column implies (`t`, `max_t_arg1`, `percentile_x_50`).
    pub name: String,
    /// Its KQL type.
    pub kql_type: KqlType,
    /// The DataFusion aggregate expression. Columns that must come from the same row share one
    /// (equal) expression, which the planner computes once.
    pub aggregate: Expr,
    /// Turns the aggregate's output into the column's value, if it is not the value itself.
    pub finish: Option<Finish>,
}

impl AggregateColumn {
    /// Column `index` of an aggregate's plan (0 for a one-column aggregate; one per
    /// percentile of `percentiles(x, 50, 95)`, all read from the one aggregate's value).
    pub fn from_plan(name: String, plan: &AggregatePlan, index: usize) -> AggregateColumn {
        AggregateColumn {
            name,
            kql_type: plan.kql_type,
            aggregate: plan.aggregate.clone(),
            finish: plan
                .finish
                .map(|f| Arc::new(move |value| f(value, index)) as Finish),
        }
    }

    /// The column's value, given the aggregate's output.
    pub fn value(&self, aggregated: Expr) -> Expr {
        match &self.finish {
            Some(finish) => finish(aggregated),
            None => aggregated,
        }
    }
}

impl fmt::Debug for AggregateColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AggregateColumn")
            .field("name", &self.name)
            .field("kql_type", &self.kql_type)
            .field("aggregate", &self.aggregate)
            .field("finish", &self.finish.is_some())
            .finish()
    }
}

/// `""` for a null string: a KQL string is never null, also when a group gave no value.
pub(crate) fn empty_string_for_null(e: Expr) -> Expr {
    coalesce(vec![e, lit("")])
}

/// A column's value as KQL shows it: a string never null.
fn string_never_null(kql_type: KqlType, e: Expr) -> Expr {
    if kql_type == KqlType::String {
        empty_string_for_null(e)
    } else {
        e
    }
}

/// The values of `args` from one row of the group, named `names`: the first row by `order`
/// (any row when `order` is empty), among the rows where `filter` holds when given. Several
/// values come from one `first_value` of a struct, so they always come from the same row.
pub(crate) fn values_of_one_row(
    args: Vec<AggregateArg>,
    names: Vec<String>,
    order: Vec<SortExpr>,
    filter: Option<Expr>,
) -> Vec<AggregateColumn> {
    let with_filter = |call: datafusion::logical_expr::expr_fn::ExprFuncBuilder| match &filter {
        Some(f) => call.filter(f.clone()),
        None => call,
    };
    if let [arg] = args.as_slice() {
        let kql_type = arg.value.kql_type;
        let call = first_value_udaf()
            .call(vec![arg.value.expr.clone()])
            .order_by(order);
        let aggregate = with_filter(call)
            .build()
            .expect("first_value with an ordering is an aggregate call");
        let name = names.into_iter().next().unwrap_or_default();
        return vec![AggregateColumn {
            name,
            kql_type,
            aggregate,
            finish: Some(Arc::new(move |e| string_never_null(kql_type, e))),
        }];
    }
    let mut fields = Vec::with_capacity(args.len() * 2);
    for (i, arg) in args.iter().enumerate() {
        fields.push(lit(format!("c{i}")));
        fields.push(arg.value.expr.clone());
    }
    let call = first_value_udaf()
        .call(vec![named_struct(fields)])
        .order_by(order);
    let aggregate = with_filter(call)
        .build()
        .expect("first_value with an ordering is an aggregate call");
    args.iter()
        .zip(names)
        .enumerate()
        .map(|(i, (arg, name))| {
            let kql_type = arg.value.kql_type;
            let field = format!("c{i}");
            AggregateColumn {
                name,
                kql_type,
                aggregate: aggregate.clone(),
                finish: Some(Arc::new(move |e| {
                    string_never_null(kql_type, get_field(e, field.as_str()))
                })),
            }
        })
        .collect()
}

/// The first non-null value of `value` (for a string, the first non-empty one), among the rows
/// where `filter` holds: what `take_any(x)` and `take_anyif(x, p)` return for one column.
pub(crate) fn first_non_empty(value: TypedExpr, filter: Option<Expr>) -> Expr {
    let kql_type = value.kql_type;
    let non_empty = (kql_type == KqlType::String).then(|| value.expr.clone().not_eq(lit("")));
    let filter = match (filter, non_empty) {
        (Some(f), Some(n)) => Some(f.and(n)),
        (f, n) => f.or(n),
    };
    let call = first_value_udaf()
        .call(vec![value.expr])
        .null_treatment(NullTreatment::IgnoreNulls);
    let call = match filter {
        Some(f) => call.filter(f),
        None => call,
    };
    call.build()
        .expect("first_value with a filter is an aggregate call")
}

/// Implements [`crate::KqlFunction`] for a multi-column aggregate that takes `*` (`arg_max`,
/// `take_any`, …): its reference entry and the fn that plans its columns.
macro_rules! star_aggregate {
    ($func:ident, $doc:expr, $plan:expr) => {
        impl $crate::KqlFunction for $func {
            fn doc(&self) -> &'static $crate::FunctionDoc {
                &$doc
            }
            fn kind(&self) -> $crate::FunctionKind {
                $crate::FunctionKind::Aggregate
            }
            fn yields_columns(&self) -> bool {
                true
            }
            fn accepts_star(&self) -> bool {
                true
            }
            fn plan_aggregate_columns(
                &self,
                args: Vec<$crate::AggregateArg>,
            ) -> Result<Vec<$crate::AggregateColumn>, $crate::FunctionError> {
                let plan: fn(
                    Vec<$crate::AggregateArg>,
                )
                    -> Result<Vec<$crate::AggregateColumn>, $crate::FunctionError> = $plan;
                plan(args)
            }
        }
    };
}
pub(crate) use star_aggregate;
