//! `tdigest_merge(tdigest)` (alias `merge_tdigest`): merges the digests of the group into one.

use super::common::tdigest::DigestAggregate;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `tdigest_merge`: see [`DOC`].
pub(crate) struct TdigestMergeFunc;

/// The reference entry of `tdigest_merge`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tdigest_merge",
    aliases: &["merge_tdigest"],
    category: "aggregate",
    syntax: "tdigest_merge(tdigest)",
    description: "Merges the tdigest() digests of the group into the digest of all their \
        values (exact, as tdigest's); values that are not digests (null included) are skipped. \
        Digests of different types do not merge: the query fails. Null when no digest is \
        merged. An unnamed column is merge_tdigests_<tdigest>. (The scalar form \
        merge_tdigest(d1, d2, …) is not supported yet.)",
    returns: "dynamic",
    examples: &[Example {
        query: "range x from 1 to 10 step 1 | extend day = x % 2 | summarize d = tdigest(x) by day | summarize tdigest_merge(d) | project p = percentile_tdigest(merge_tdigests_d, 100, typeof(long))",
        output: "p\n10",
    }],
};

impl KqlFunction for TdigestMergeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("merge_tdigests")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [digests] = crate::args::fixed(&DOC, args)?;
        let digests = digests.dynamic()?;
        Ok(AggregatePlan::new(
            super::common::udaf::call(DigestAggregate::Digests, vec![digests.expr]),
            KqlType::Dynamic,
        ))
    }
}
