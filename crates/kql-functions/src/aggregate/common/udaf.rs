//! kqlake's own DataFusion aggregates (UDAFs): one wrapper for all of them.
//!
//! An aggregate without a DataFusion counterpart of Kusto's semantics (`make_list`, `dcount`,
//! `percentiles`, …) implements [`KqlAggregate`]: its name, result and partial-state types, and
//! a fresh [`Accumulator`] per group. Its parameters (`maxSize`, accuracy, the percentiles)
//! are fields of the implementing struct, so the aggregate is plain data, equal and hashed by
//! value. The accumulator's `state` / `merge_batch` let DataFusion aggregate each partition
//! separately and merge the partial states, so every kqlake aggregate runs in parallel.

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Expr, Signature, Volatility,
};
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

/// What one kqlake aggregate is: see the module doc.
pub(crate) trait KqlAggregate:
    Debug + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The DataFusion name (`kql_make_list`).
    fn name(&self) -> &'static str;
    /// The Arrow type of the result.
    fn returns(&self) -> DataType;
    /// The Arrow types of the partial state, in the order `Accumulator::state` returns them.
    fn state(&self) -> Vec<DataType>;
    /// A fresh accumulator for one group, given the Arrow types of the arguments. `evaluate`
    /// on a fresh accumulator gives the value of summarize without `by` over no rows (`[]` for
    /// `make_list`, `0` for `dcount`).
    fn accumulator(&self, arg_types: &[DataType]) -> Result<Box<dyn Accumulator>>;
}

/// The DataFusion side of a [`KqlAggregate`].
#[derive(Debug, PartialEq, Eq, Hash)]
struct KqlUdaf<A> {
    aggregate: A,
    signature: Signature,
}

impl<A: KqlAggregate> AggregateUDFImpl for KqlUdaf<A> {
    fn name(&self) -> &str {
        self.aggregate.name()
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(self.aggregate.returns())
    }
    fn accumulator(&self, args: AccumulatorArgs<'_>) -> Result<Box<dyn Accumulator>> {
        let types = args
            .exprs
            .iter()
            .map(|e| e.data_type(args.schema))
            .collect::<Result<Vec<_>>>()?;
        self.aggregate.accumulator(&types)
    }
    fn state_fields(&self, args: StateFieldsArgs<'_>) -> Result<Vec<FieldRef>> {
        Ok(self
            .aggregate
            .state()
            .into_iter()
            .enumerate()
            .map(|(i, t)| Arc::new(Field::new(format!("{}[{i}]", args.name), t, true)))
            .collect())
    }
}

/// The aggregate expression `aggregate(args…)`; the arguments may be of any Arrow type (the
/// KQL function checked them).
pub(crate) fn call<A: KqlAggregate>(aggregate: A, args: Vec<Expr>) -> Expr {
    AggregateUDF::from(KqlUdaf {
        aggregate,
        signature: Signature::any(args.len(), Volatility::Immutable),
    })
    .call(args)
}
