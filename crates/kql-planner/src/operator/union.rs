//! `union`: the rows of several tables (union-operator.md, `kql-semantics.md` §9).
//!
//! Kusto rules a SQL `UNION ALL` gets wrong:
//! - Columns match by **name and type**, not by position. `kind=outer` (the default) keeps
//!   every column of every leg, in the order names first appear; a name seen with several
//!   types becomes one column per type, `x_long`, `x_int` (suffixed `x_long1` if a leg has its
//!   own `x_long`). Cells a leg does not have are null (`""` for strings). `kind=inner` keeps
//!   the columns every leg has; a name they all have with different types is rejected.
//! - `withsource=C` adds a first string column naming each row's leg: the table name for a
//!   table or wildcard leg; for a parenthesised query (and the operator form's input), the
//!   table it reads if it reads exactly one, else `union_arg<i>` with `i` the leg's 0-based
//!   position (the docs leave this open; kqlake's choice). A workspace leg,
//!   `workspace("a").T`, is labelled with its canonical text `workspace("a").T` (the Log
//!   Analytics docs do not say; kqlake's choice, so that one table of several workspaces gives
//!   distinct labels).
//! - A wildcard (`AmlCompute*`) matches the tables with exports, in name order. When none of
//!   those match, it stands for the matching documented tables, which add their columns but
//!   no rows and are not scanned (a `union *` checked without data would otherwise plan
//!   hundreds of empty scans), with a warning.
//! - `isfuzzy=true` skips legs naming a table that does not exist (and wildcards matching
//!   nothing), with a warning; at least one leg must remain.

use crate::catalog::PlanCatalog;
use crate::expr::literal_to_df;
use crate::naming::union_names;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::ScalarValue;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{Ident, Literal, Source, Union, UnionKind, UnionLeg};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::sync::Arc;

/// True when `name` matches `pattern`, where each `*` stands for any run of characters
/// (case-sensitive): table patterns of `union`, column patterns of `project-away`,
/// `project-keep` and `project-reorder`.
pub(crate) fn wildcard_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == name;
    }
    if !name.starts_with(first) || !name.ends_with(last) || name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// The one table a plan scans, if it scans exactly one (the `withsource` value of a
/// parenthesised leg).
fn only_scanned_table(plan: &LogicalPlan) -> Option<String> {
    let mut tables = Vec::new();
    // The closure never fails; `apply` only reports DataFusion's own errors.
    let _ = plan.apply(|node| {
        if let LogicalPlan::TableScan(scan) = node {
            tables.push(scan.table_name.table().to_owned());
        }
        Ok(TreeNodeRecursion::Continue)
    });
    match tables.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// One resolved leg: its `withsource` value, its columns, and its rows (`None` for a
/// documented table without exports a wildcard matched: it adds columns, never rows).
struct Leg {
    source: String,
    columns: Vec<Column>,
    plan: Option<LogicalPlan>,
}

impl Leg {
    /// A leg that has rows.
    fn planned(source: String, relation: Relation) -> Leg {
        Leg {
            source,
            columns: relation.columns,
            plan: Some(relation.plan),
        }
    }
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `union`; `input` is the operator form's input (its first leg), `None` for the
    /// source form.
    pub(crate) fn union_to_plan(
        &self,
        union: &Union,
        input: Option<Relation>,
    ) -> Result<Relation, Diagnostic> {
        // 1. The legs, in order; wildcards expand to their tables.
        let legs = self.union_legs(union, input)?;
        // 2. The output columns, unified by name and type.
        let with_source = union.with_source.as_ref();
        let outputs = union_columns(union, &legs)?;
        if let Some(source) = with_source
            && outputs.iter().any(|(_, _, out)| *out == source.name)
        {
            return Err(Diagnostic::semantic(
                format!(
                    "withsource column '{}' is also a column of a union leg",
                    source.name
                ),
                source.span,
            )
            .with_help("choose another name for the withsource column"));
        }
        let mut columns: Vec<Column> = Vec::with_capacity(outputs.len() + 1);
        if let Some(source) = with_source {
            columns.push(Column::new(source.name.clone(), KqlType::String));
        }
        columns.extend(
            outputs
                .iter()
                .map(|(_, ty, out)| Column::new(out.clone(), *ty)),
        );
        // 3. Each leg projected onto the output columns (null or `""` where it has none),
        //    then all legs one after the other.
        let mut plans = Vec::with_capacity(legs.len());
        for leg in &legs {
            let Some(leg_plan) = &leg.plan else {
                continue;
            };
            let mut exprs = Vec::with_capacity(columns.len());
            if let Some(source) = with_source {
                exprs.push(lit(leg.source.as_str()).alias(source.name.clone()));
            }
            for (name, ty, out) in &outputs {
                let has = leg
                    .columns
                    .iter()
                    .any(|c| c.name == *name && c.kql_type == *ty);
                let value = if has {
                    canonical_column(leg_plan, name, *ty)?
                } else {
                    let missing = if *ty == KqlType::Guid {
                        KqlType::String
                    } else {
                        *ty
                    };
                    literal_to_df(&Literal::Null(missing), union.span)?.expr
                };
                exprs.push(value.alias_if_changed(out.clone()).map_err(internal)?);
            }
            let plan = LogicalPlanBuilder::from(leg_plan.clone())
                .project(exprs)
                .and_then(|b| b.build())
                .map_err(internal)?;
            plans.push(Arc::new(plan));
        }
        let plan = if plans.is_empty() {
            // Only documented tables without rows: no rows, in the output columns.
            let nulls = columns
                .iter()
                .map(|c| {
                    ScalarValue::try_from(&kql_to_arrow(c.kql_type))
                        .map(|v| lit(v).alias(c.name.clone()))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(internal)?;
            LogicalPlanBuilder::empty(false)
                .project(nulls)
                .and_then(|b| b.build())
                .map_err(internal)?
        } else if plans.len() == 1 {
            Arc::unwrap_or_clone(plans.remove(0))
        } else {
            LogicalPlan::Union(datafusion::logical_expr::Union::try_new(plans).map_err(internal)?)
        };
        Ok(Relation { plan, columns })
    }

    /// The legs of `union`, resolved; `isfuzzy=true` skips those naming no table.
    fn union_legs(&self, union: &Union, input: Option<Relation>) -> Result<Vec<Leg>, Diagnostic> {
        let fuzzy = union.is_fuzzy == Some(true);
        let mut legs = Vec::new();
        if let Some(relation) = input {
            let source = only_scanned_table(&relation.plan).unwrap_or_else(|| "union_arg0".into());
            legs.push(Leg::planned(source, relation));
        }
        let mut skipped = Vec::new();
        for leg in &union.legs {
            match leg {
                UnionLeg::Wildcard { pattern, span } => {
                    let (tables, with_rows) = self.wildcard_tables(pattern);
                    if tables.is_empty() {
                        if fuzzy {
                            skipped.push(pattern.clone());
                            continue;
                        }
                        return Err(Diagnostic::semantic(
                            format!("no table matches '{pattern}'"),
                            *span,
                        )
                        .with_help(
                            "`kql tables` lists the tables; isfuzzy=true skips legs that match none",
                        ));
                    }
                    if !with_rows {
                        // Documented tables without exports: their columns, but no scans (a
                        // `union *` without data would otherwise plan hundreds of them).
                        let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
                        let more = tables.len().saturating_sub(shown.len());
                        self.warnings.borrow_mut().push(format!(
                            "union: no table with exports matches '{pattern}'; it stands for {} \
                             documented table(s) without rows ({}{})",
                            tables.len(),
                            shown.join(", "),
                            if more > 0 {
                                format!(", and {more} more")
                            } else {
                                String::new()
                            }
                        ));
                    }
                    for name in tables {
                        if with_rows {
                            let relation = self.table_to_plan(&Ident {
                                name: name.clone(),
                                span: *span,
                            })?;
                            legs.push(Leg::planned(name, relation));
                        } else if let Some(table) = self.catalog.table(&name) {
                            let columns = table
                                .columns
                                .into_iter()
                                .map(|(n, t)| Column::new(n, t))
                                .collect();
                            legs.push(Leg {
                                source: name,
                                columns,
                                plan: None,
                            });
                        }
                    }
                }
                UnionLeg::Operand(operand) => {
                    if fuzzy
                        && let Source::Table(name) = &operand.pipeline.source
                        && self.catalog.table(&name.name).is_none()
                    {
                        skipped.push(name.name.clone());
                        continue;
                    }
                    let relation = self.operand_to_plan(operand)?;
                    let source = match (operand.bare_name(), &operand.pipeline.source) {
                        (Some(name), _) => name.name.clone(),
                        // `workspace("a").T` is labelled as written, so legs of one table in
                        // several workspaces stay apart.
                        (None, Source::Workspace(table))
                            if !operand.parenthesized && operand.pipeline.operators.is_empty() =>
                        {
                            Source::Workspace(table.clone()).to_string()
                        }
                        (None, _) => only_scanned_table(&relation.plan)
                            .unwrap_or_else(|| format!("union_arg{}", legs.len())),
                    };
                    legs.push(Leg::planned(source, relation));
                }
            }
        }
        if legs.is_empty() {
            return Err(Diagnostic::semantic(
                "no leg of the union names an existing table",
                union.span,
            )
            .with_note(format!("skipped: {}", skipped.join(", ")))
            .with_help("`kql tables` lists the tables queries can name"));
        }
        let mut warnings = self.warnings.borrow_mut();
        for name in skipped {
            warnings.push(format!(
                "union isfuzzy=true: skipped '{name}', which names no table"
            ));
        }
        Ok(legs)
    }

    /// The tables a wildcard leg matches: among the tables with rows, or if none of those
    /// match, among all known tables; in name order. The flag is true for tables with rows.
    fn wildcard_tables(&self, pattern: &str) -> (Vec<String>, bool) {
        let matching = |names: Vec<String>| -> Vec<String> {
            let mut names: Vec<String> = names
                .into_iter()
                .filter(|n| wildcard_matches(pattern, n))
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let with_rows = matching(self.catalog.tables_with_rows());
        if with_rows.is_empty() {
            (matching(self.catalog.table_names()), false)
        } else {
            (with_rows, true)
        }
    }
}

/// The column `name` of `plan` in the canonical Arrow layout of `ty` (every leg must have
/// exactly the output's Arrow types).
fn canonical_column(plan: &LogicalPlan, name: &str, ty: KqlType) -> Result<Expr, Diagnostic> {
    let field = plan
        .schema()
        .field_with_unqualified_name(name)
        .map_err(internal)?;
    let canonical = kql_to_arrow(ty);
    let e = column_ref(name);
    Ok(if field.data_type() == &canonical {
        e
    } else {
        Expr::Cast(datafusion::logical_expr::Cast::new(Box::new(e), canonical))
    })
}

/// The output columns of `union` as (leg column name, type, output name), in output order.
fn union_columns(
    union: &Union,
    legs: &[Leg],
) -> Result<Vec<(String, KqlType, String)>, Diagnostic> {
    let all: Vec<(String, KqlType)> = legs
        .iter()
        .flat_map(|leg| leg.columns.iter().map(|c| (c.name.clone(), c.kql_type)))
        .collect();
    match union.kind.unwrap_or(UnionKind::Outer) {
        UnionKind::Outer => {
            let reserved: Vec<&str> = union.with_source.iter().map(|s| s.name.as_str()).collect();
            Ok(union_names(&all, &reserved))
        }
        UnionKind::Inner => {
            let mut out: Vec<(String, KqlType, String)> = Vec::new();
            for (name, _) in &all {
                if out.iter().any(|(n, _, _)| n == name) {
                    continue;
                }
                let types: Vec<Option<KqlType>> = legs
                    .iter()
                    .map(|leg| {
                        leg.columns
                            .iter()
                            .find(|c| c.name == *name)
                            .map(|c| c.kql_type)
                    })
                    .collect();
                if types.iter().any(Option::is_none) {
                    continue;
                }
                let first = types[0].unwrap_or(KqlType::String);
                if let Some(other) = types.iter().flatten().find(|t| **t != first) {
                    return Err(inner_type_conflict(union.span, name, first, *other));
                }
                out.push((name.clone(), first, name.clone()));
            }
            Ok(out)
        }
    }
}

/// `union kind=inner` over a column whose legs disagree on its type.
fn inner_type_conflict(span: Span, name: &str, a: KqlType, b: KqlType) -> Diagnostic {
    Diagnostic::semantic(
        format!("union kind=inner: column '{name}' is {a} in one leg and {b} in another"),
        span,
    )
    .with_help(format!(
        "convert it in the legs first (e.g. extend {name} = to{a}({name})), or use kind=outer, \
         which keeps one column per type"
    ))
}

#[cfg(test)]
mod tests {
    use super::wildcard_matches;

    #[test]
    fn wildcards() {
        assert!(wildcard_matches("*", "AnyTable"));
        assert!(wildcard_matches("AmlCompute*", "AmlComputeJobEvent"));
        assert!(wildcard_matches("AmlCompute*", "AmlCompute"));
        assert!(!wildcard_matches("AmlCompute*", "amlComputeJobEvent"));
        assert!(wildcard_matches("*Event", "AmlComputeJobEvent"));
        assert!(!wildcard_matches("*Event", "AmlComputeJobEvents"));
        assert!(wildcard_matches("Aml*Job*", "AmlComputeJobEvent"));
        assert!(!wildcard_matches("Aml*Node*Job", "AmlComputeJobEvent"));
        assert!(!wildcard_matches("ab*ba", "aba"));
        assert!(wildcard_matches("T", "T"));
        assert!(!wildcard_matches("a*b", "a€"));
        assert!(wildcard_matches("a*€", "aé€"));
    }
}
