//! Window functions (`row_number`, `prev`, `next`, `row_cumsum`, `row_rank_dense`,
//! `row_rank_min`, `row_window_session`): values computed from the rows around the current one
//! in a serialized row set.
//!
//! A window function plans to a DataFusion window expression with **no** `PARTITION BY` and no
//! `ORDER BY`: the planner (`kql-planner/src/window.rs`) only allows it on serialized input,
//! whose rows DataFusion already delivers in order, and computes it in a `Window` node over one
//! partition, which sees the rows in that order. `prev`/`next` are DataFusion's `lag`/`lead`;
//! the others, whose `restart` argument has no SQL counterpart, are a `KqlWindow`: one pass
//! over the partition's rows in order, written as a plain `fn` (so the UDWF is plain data,
//! like `udf::KqlUdf`).

mod next;
mod prev;
mod row_cumsum;
mod row_number;
mod row_rank_dense;
mod row_rank_min;
mod row_window_session;

use crate::KqlFunction;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::function::{PartitionEvaluatorArgs, WindowUDFFieldArgs};
use datafusion::logical_expr::{
    Expr, PartitionEvaluator, Signature, Volatility, WindowUDF, WindowUDFImpl,
};
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(next::NextFunc),
        Arc::new(prev::PrevFunc),
        Arc::new(row_cumsum::RowCumsumFunc),
        Arc::new(row_number::RowNumberFunc),
        Arc::new(row_rank_dense::RowRankDenseFunc),
        Arc::new(row_rank_min::RowRankMinFunc),
        Arc::new(row_window_session::RowWindowSessionFunc),
    ]
}

/// The body of a [`KqlWindow`]: the whole partition's argument columns (in row order) and its
/// row count, to the result column.
pub(crate) type WindowBody = fn(&[ArrayRef], usize) -> Result<ArrayRef>;

/// A kqlake window function computed in one pass over its partition. Equal by name and
/// signature.
#[derive(Debug)]
pub(crate) struct KqlWindow {
    name: &'static str,
    signature: Signature,
    returns: DataType,
    body: WindowBody,
}

impl PartialEq for KqlWindow {
    fn eq(&self, other: &KqlWindow) -> bool {
        self.name == other.name && self.signature == other.signature
    }
}

impl Eq for KqlWindow {}

impl std::hash::Hash for KqlWindow {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.signature.hash(state);
    }
}

/// `name(args)` over the serialized rows, taking exactly `arg_types`, computed by `body`.
pub(crate) fn window_call(
    name: &'static str,
    args: Vec<Expr>,
    arg_types: Vec<DataType>,
    returns: DataType,
    body: WindowBody,
) -> Expr {
    let udwf = WindowUDF::from(KqlWindow {
        name,
        signature: Signature::exact(arg_types, Volatility::Immutable),
        returns,
        body,
    });
    Arc::new(udwf).call(args)
}

impl WindowUDFImpl for KqlWindow {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn partition_evaluator(
        &self,
        _: PartitionEvaluatorArgs<'_>,
    ) -> Result<Box<dyn PartitionEvaluator>> {
        Ok(Box::new(Sequential { body: self.body }))
    }
    fn field(&self, field_args: WindowUDFFieldArgs<'_>) -> Result<FieldRef> {
        Ok(Arc::new(Field::new(
            field_args.name(),
            self.returns.clone(),
            true,
        )))
    }
}

/// Evaluates a [`KqlWindow`] over a whole partition at once.
#[derive(Debug)]
struct Sequential {
    body: WindowBody,
}

impl PartitionEvaluator for Sequential {
    fn evaluate_all(&mut self, values: &[ArrayRef], num_rows: usize) -> Result<ArrayRef> {
        (self.body)(values, num_rows)
    }
}

/// Argument `i` as a bool column (a `restart` flag); null counts as false.
pub(crate) fn restart_flags(values: &[ArrayRef], i: usize) -> Option<&BooleanArray> {
    values.get(i).and_then(|a| a.as_boolean_opt())
}

/// True when row `row` of a restart column is set (null is not).
pub(crate) fn restarts(flags: Option<&BooleanArray>, row: usize) -> bool {
    flags.is_some_and(|f| f.is_valid(row) && f.value(row))
}

/// For each row after the first, whether its value equals the previous row's (two nulls are
/// equal): the runs of equal terms that `row_rank_dense` and `row_rank_min` rank.
pub(crate) fn same_as_previous(term: &ArrayRef) -> Result<Vec<bool>> {
    use datafusion::arrow::array::make_comparator;
    use datafusion::arrow::compute::SortOptions;
    let compare = make_comparator(term.as_ref(), term.as_ref(), SortOptions::default())?;
    Ok((0..term.len())
        .map(|row| row > 0 && compare(row - 1, row).is_eq())
        .collect())
}

/// Plans `row_rank_dense`/`row_rank_min`: a term of any scalar type and an optional restart.
pub(crate) fn plan_rank(
    doc: &'static crate::FunctionDoc,
    args: Vec<crate::TypedExpr>,
    body: WindowBody,
) -> std::result::Result<crate::TypedExpr, crate::FunctionError> {
    use crate::types::kql_to_arrow;
    let ([term], [restart]) = crate::args::optional::<1, 1>(doc, args)?;
    let term = term.any();
    let restart = match restart {
        Some(r) => r.bool()?.expr,
        None => datafusion::logical_expr::lit(false),
    };
    Ok(crate::TypedExpr::new(
        window_call(
            doc.name,
            vec![term.expr, restart],
            vec![kql_to_arrow(term.kql_type), DataType::Boolean],
            DataType::Int64,
            body,
        ),
        kql_syntax::KqlType::Long,
    ))
}
