//! `lookup`: extend each left row with the columns of the matching right rows
//! (lookup-operator.md). A left outer (default) or inner join whose right key columns are not
//! repeated: the output is every left column, then the right's other columns, renamed with a
//! numeric suffix on a clash. Unmatched rows of `leftouter` get null (`""` for strings), and
//! null keys match nothing, as in `join`.

use super::join::{OutputColumn, Side, join_keys};
use crate::catalog::PlanCatalog;
use crate::naming::unique_names;
use crate::planner::{KqlToPlan, Relation};
use datafusion::common::JoinType;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Lookup, LookupKind};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `lookup`.
    pub(crate) fn lookup_to_plan(
        &self,
        lookup: &Lookup,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. The right side, planned like any pipeline, and the keys.
        let right = self.operand_to_plan(&lookup.right)?;
        let keys = join_keys("lookup", &lookup.conditions, &input.columns, &right.columns)?;
        // 2. The output: the left columns, then the right's non-key columns.
        let kept_right: Vec<usize> = (0..right.columns.len())
            .filter(|i| !keys.iter().any(|k| k.right == *i))
            .collect();
        let names = unique_names(
            input
                .columns
                .iter()
                .chain(kept_right.iter().map(|&i| &right.columns[i]))
                .map(|c| c.name.as_str()),
        );
        let sides = (0..input.columns.len())
            .map(|i| (Side::Left, i))
            .chain(kept_right.iter().map(|&i| (Side::Right, i)));
        let output: Vec<OutputColumn> = sides
            .zip(names)
            .map(|((side, index), name)| OutputColumn { side, index, name })
            .collect();
        // 3. A left outer or inner join on the keys.
        let join_type = match lookup.kind.unwrap_or(LookupKind::LeftOuter) {
            LookupKind::LeftOuter => JoinType::Left,
            LookupKind::Inner => JoinType::Inner,
        };
        self.equi_join(input, right, &keys, join_type, false, &output)
    }
}
