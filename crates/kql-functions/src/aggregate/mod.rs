//! Aggregation functions, used in `summarize`. Each is named in output as
//! `<prefix>_<column>` when unnamed (`avg_TargetNodeCount`, `count_`).
//!
//! Most compile to DataFusion's own aggregates where those have Kusto's semantics (`sum`,
//! `avg`, `count_distinct`, `stdev`, `binary_all_or`, …), with the `-if` forms as the same
//! aggregate over the rows where the predicate is true (a `FILTER` clause). The rest are
//! kqlake UDAFs (`common::udaf`): the `make_*` family, `dcount` and `hll` (`common::hyperloglog` is the sketch),
//! the percentiles (`common::nearest_rank`) and `buildschema`.

mod any;
mod arg_max;
mod arg_min;
mod argmax;
mod argmin;
mod avg;
mod avgif;
mod binary_all_and;
mod binary_all_or;
mod binary_all_xor;
mod buildschema;
mod columns;
mod common;
mod count;
mod count_distinct;
mod count_distinctif;
mod countif;
mod covariance;
mod dcount;
mod dcount_hll;
mod dcountif;
mod hll;
mod hll_if;
mod hll_merge;
mod make_bag;
mod make_bag_if;
mod make_dictionary;
mod make_list;
mod make_list_if;
mod make_list_with_nulls;
mod make_set;
mod make_set_if;
mod makelist;
mod makeset;
mod max;
mod maxif;
mod min;
mod minif;
mod percentile;
mod percentile_tdigest;
mod percentiles;
mod percentiles_array;
mod percentilesw;
mod percentilesw_array;
mod percentilew;
mod stdev;
mod stdevif;
mod stdevp;
mod sum;
mod take_any;
mod take_anyif;
mod tdigest;
mod tdigest_merge;

pub use columns::{AggregateArg, AggregateColumn, Finish};
mod sumif;
mod variance;
mod varianceif;
mod variancep;
mod variancepif;

use crate::args::Arg;
use crate::{AggregatePlan, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(any::AnyFunc),
        Arc::new(arg_max::ArgMaxFunc),
        Arc::new(arg_min::ArgMinFunc),
        Arc::new(argmax::ArgmaxFunc),
        Arc::new(argmin::ArgminFunc),
        Arc::new(avg::AvgFunc),
        Arc::new(avgif::AvgifFunc),
        Arc::new(binary_all_and::BinaryAllAndFunc),
        Arc::new(binary_all_or::BinaryAllOrFunc),
        Arc::new(binary_all_xor::BinaryAllXorFunc),
        Arc::new(buildschema::BuildschemaFunc),
        Arc::new(count::CountFunc),
        Arc::new(covariance::COVARIANCE),
        Arc::new(covariance::COVARIANCEIF),
        Arc::new(covariance::COVARIANCEP),
        Arc::new(covariance::COVARIANCEPIF),
        Arc::new(count_distinct::CountDistinctFunc),
        Arc::new(count_distinctif::CountDistinctifFunc),
        Arc::new(countif::CountifFunc),
        Arc::new(dcount::DcountFunc),
        Arc::new(dcount_hll::DcountHllFunc),
        Arc::new(dcountif::DcountifFunc),
        Arc::new(hll::HllFunc),
        Arc::new(hll_if::HllIfFunc),
        Arc::new(hll_merge::HllMergeFunc),
        Arc::new(make_bag::MakeBagFunc),
        Arc::new(make_bag_if::MakeBagIfFunc),
        Arc::new(make_dictionary::MakeDictionaryFunc),
        Arc::new(make_list::MakeListFunc),
        Arc::new(make_list_if::MakeListIfFunc),
        Arc::new(make_list_with_nulls::MakeListWithNullsFunc),
        Arc::new(make_set::MakeSetFunc),
        Arc::new(make_set_if::MakeSetIfFunc),
        Arc::new(makelist::MakelistFunc),
        Arc::new(makeset::MakesetFunc),
        Arc::new(max::MaxFunc),
        Arc::new(maxif::MaxifFunc),
        Arc::new(min::MinFunc),
        Arc::new(minif::MinifFunc),
        Arc::new(percentile::PercentileFunc),
        Arc::new(percentile_tdigest::PercentileTdigestFunc),
        Arc::new(percentile_tdigest::PercentilesArrayTdigestFunc),
        Arc::new(percentiles::PercentilesFunc),
        Arc::new(percentiles_array::PercentilesArrayFunc),
        Arc::new(percentilesw::PercentileswFunc),
        Arc::new(percentilesw_array::PercentileswArrayFunc),
        Arc::new(percentilew::PercentilewFunc),
        Arc::new(stdev::StdevFunc),
        Arc::new(stdevif::StdevifFunc),
        Arc::new(stdevp::StdevpFunc),
        Arc::new(sum::SumFunc),
        Arc::new(take_any::TakeAnyFunc),
        Arc::new(take_anyif::TakeAnyifFunc),
        Arc::new(tdigest::TdigestFunc),
        Arc::new(tdigest_merge::TdigestMergeFunc),
        Arc::new(sumif::SumifFunc),
        Arc::new(variance::VarianceFunc),
        Arc::new(varianceif::VarianceifFunc),
        Arc::new(variancep::VariancepFunc),
        Arc::new(variancepif::VariancepifFunc),
    ]
}

/// The single argument of a one-argument aggregate, which cannot be dynamic.
fn one_argument(
    doc: &'static crate::FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<Arg, FunctionError> {
    let [value] = crate::args::fixed(doc, args)?;
    scalar(value)
}

/// `value`, unless it is dynamic (which most aggregates cannot take).
fn scalar(value: Arg) -> Result<Arg, FunctionError> {
    if value.kql_type() == KqlType::Dynamic {
        return Err(value.type_error("scalar value"));
    }
    Ok(value)
}

/// The value and predicate of a two-argument `-if` aggregate (`sumif(expr, predicate)`).
fn value_and_predicate(
    doc: &'static crate::FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<(Arg, Arg), FunctionError> {
    let [value, predicate] = crate::args::fixed(doc, args)?;
    Ok((scalar(value)?, predicate))
}

/// The same plan over the rows where `predicate` is true (false and null rows are skipped):
/// the `-if` form of an aggregate.
fn only_where(plan: AggregatePlan, predicate: Arg) -> Result<AggregatePlan, FunctionError> {
    let not_aggregate = predicate.error("cannot filter this aggregate");
    let predicate = predicate.bool()?;
    // Set the FILTER clause in place: rebuilding the call with `ExprFunctionExt::filter`
    // would drop its DISTINCT flag (`count_distinct`).
    let Expr::AggregateFunction(mut call) = plan.aggregate else {
        return Err(not_aggregate);
    };
    call.params.filter = Some(Box::new(predicate.expr));
    Ok(AggregatePlan {
        aggregate: Expr::AggregateFunction(call),
        ..plan
    })
}

/// Finishes a long aggregate whose value over no rows is 0 where DataFusion's is null.
fn or_zero_long(value: Expr, _: usize) -> Expr {
    coalesce(vec![value, lit(0i64)])
}

/// Finishes a real aggregate whose value over no rows is 0 where DataFusion's is null.
fn or_zero_real(value: Expr, _: usize) -> Expr {
    coalesce(vec![value, lit(0f64)])
}

/// The argument's values as Kusto sees them: a null string cell (Parquet, outer padding) is
/// `""`, which is a value like any other (strings are never null in KQL).
fn kql_values(value: Arg) -> TypedExpr {
    let value = value.any();
    match value.kql_type {
        KqlType::String => TypedExpr::new(coalesce(vec![value.expr, lit("")]), KqlType::String),
        _ => value,
    }
}
