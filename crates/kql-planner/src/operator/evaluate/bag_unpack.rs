//! `evaluate bag_unpack(d [, prefix] [, columnsConflict] [, ignoredProperties]) [: (schema)]`:
//! one column per slot of the property bags in `d` (bag-unpack-plugin.md).
//!
//! The slots are learnt by running `d`'s distinct `(type, key)` pairs now (or taken from the
//! declared schema). Columns come after the input's (the bag column removed) in key order, as
//! the docs' outputs list them (`Age`, `Height`, `Name`). A slot's type is its values' type
//! when they all share one (nulls aside), else `dynamic`; kqlake's dynamic JSON cannot tell
//! `int` from `long`, so integer slots are `long`. A slot named like an input column is an
//! error (`columnsConflict='error'`, the default), replaces the column where it stands
//! (`'replace_source'`), or is dropped (`'keep_source'`).

use super::plugin_arguments;
use crate::catalog::PlanCatalog;
use crate::operator::mv_expand::strict_cast;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, lookup};
use datafusion::common::Column as DfColumn;
use datafusion::common::ScalarValue;
use datafusion::common::UnnestOptions;
use datafusion::logical_expr::Expr;
use kql_functions::TypedExpr;
use kql_functions::expand::bag_slots;
use kql_syntax::ast::{self, Evaluate, ExprKind, Literal};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::collections::{BTreeMap, BTreeSet};

/// What to do with a slot named like an input column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conflict {
    Error,
    ReplaceSource,
    KeepSource,
}

/// The hidden column of the slots while learning them.
const SLOTS: &str = "__kqlake_bag_slots";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `evaluate bag_unpack(…)`.
    pub(super) fn bag_unpack_to_plan(
        &self,
        node: &Evaluate,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let args = plugin_arguments(
            node,
            &[
                "Column",
                "OutputColumnPrefix",
                "columnsConflict",
                "ignoredProperties",
            ],
        )?;
        // 1. The arguments.
        let Some(column_arg) = args[0] else {
            return Err(Diagnostic::semantic(
                "bag_unpack() needs the dynamic column to unpack",
                node.call_span,
            ));
        };
        let ExprKind::Name(bag_name) = &column_arg.kind else {
            return Err(Diagnostic::semantic(
                "bag_unpack() unpacks a column: name it",
                column_arg.span,
            ));
        };
        let bag = lookup(&input.columns, &bag_name.name, bag_name.span)?.clone();
        if bag.kql_type != KqlType::Dynamic {
            return Err(Diagnostic::semantic(
                format!(
                    "bag_unpack() unpacks a dynamic column, not a {}",
                    bag.kql_type
                ),
                column_arg.span,
            ));
        }
        let prefix = match args[1] {
            Some(e) => self.string_constant(e, &input.columns)?,
            None => String::new(),
        };
        let conflict = match args[2] {
            None => Conflict::Error,
            Some(e) => match self.string_constant(e, &input.columns)?.as_str() {
                "error" => Conflict::Error,
                "replace_source" => Conflict::ReplaceSource,
                "keep_source" => Conflict::KeepSource,
                other => {
                    return Err(Diagnostic::semantic(
                        format!("unknown columnsConflict '{other}'"),
                        e.span,
                    )
                    .with_help("columnsConflict is 'error', 'replace_source' or 'keep_source'"));
                }
            },
        };
        let ignored = match args[3] {
            None => BTreeSet::new(),
            Some(e) => self.ignored_properties(e, &input.columns)?,
        };
        // 2. The slots: declared, or learnt from the data.
        let kept: Vec<&Column> = input
            .columns
            .iter()
            .filter(|c| c.name != bag.name)
            .collect();
        if let Some(schema) = &node.schema {
            return self.bag_unpack_declared(node, schema, &input, &bag, &prefix, &kept);
        }
        let slots = self.learn_slots(&input, &bag, node.call_span)?;
        let mut exprs: Vec<Expr> = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        let mut new_columns: Vec<(Expr, Column)> = Vec::new();
        let mut replaced: BTreeMap<String, (Expr, Column)> = BTreeMap::new();
        for (key, ty) in slots.iter().filter(|(k, _)| !ignored.contains(*k)) {
            let name = format!("{prefix}{key}");
            if name.is_empty() {
                return Err(Diagnostic::semantic(
                    "a bag has an empty key, which cannot name a column",
                    node.call_span,
                )
                .with_help(
                    "give a prefix, or leave the key out with ignoredProperties=dynamic([''])",
                ));
            }
            let value = self.slot_value(bag_name, key, *ty, &input.columns)?;
            let column = Column::new(name.clone(), value.kql_type);
            let expr = value.expr.alias(&name);
            if kept.iter().any(|c| c.name == name) {
                match conflict {
                    Conflict::Error => {
                        return Err(Diagnostic::semantic(
                            format!("the bag's slot '{key}' is also a column of the input"),
                            node.call_span,
                        )
                        .with_help(
                            "pass columnsConflict='replace_source' or 'keep_source', or a prefix",
                        ));
                    }
                    Conflict::ReplaceSource => {
                        replaced.insert(name, (expr, column));
                    }
                    Conflict::KeepSource => {}
                }
            } else {
                new_columns.push((expr, column));
            }
        }
        for c in &kept {
            match replaced.remove(&c.name) {
                Some((expr, column)) => {
                    exprs.push(expr);
                    columns.push(column);
                }
                None => {
                    exprs.push(c.reference());
                    columns.push((*c).clone());
                }
            }
        }
        for (expr, column) in new_columns {
            exprs.push(expr);
            columns.push(column);
        }
        let plan = input
            .builder()
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }

    /// `bag_unpack(…) : (schema)`: the declared columns, from the input when it has them, else
    /// from the bag's slot of that name (prefix included) cast to the declared type; with `*`,
    /// the input's columns (the bag aside) first.
    fn bag_unpack_declared(
        &self,
        node: &Evaluate,
        schema: &ast::OutputSchema,
        input: &Relation,
        bag: &Column,
        prefix: &str,
        kept: &[&Column],
    ) -> Result<Relation, Diagnostic> {
        let bag_ident = ast::Ident {
            name: bag.name.clone(),
            span: node.call_span,
        };
        let mut exprs = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        if schema.star {
            for c in kept {
                exprs.push(c.reference());
                columns.push((*c).clone());
            }
        }
        for declared in &schema.columns {
            let name = &declared.name.name;
            if let Some(existing) = columns.iter().find(|c| c.name == *name) {
                if existing.kql_type != declared.kql_type {
                    return Err(type_mismatch(name, existing.kql_type, declared));
                }
                continue;
            }
            if let Some(c) = kept.iter().find(|c| c.name == *name) {
                if c.kql_type != declared.kql_type {
                    return Err(type_mismatch(name, c.kql_type, declared));
                }
                exprs.push(c.reference());
                columns.push((*c).clone());
                continue;
            }
            if matches!(declared.kql_type, KqlType::Decimal) {
                return Err(Diagnostic::unsupported(
                    "a decimal column in bag_unpack's output",
                    declared.span,
                ));
            }
            let key = name.strip_prefix(prefix).unwrap_or(name);
            let value = self.slot_value(&bag_ident, key, declared.kql_type, &input.columns)?;
            exprs.push(value.expr.alias(name));
            columns.push(Column::new(name.clone(), declared.kql_type));
        }
        let plan = input
            .builder()
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }

    /// `bag[key]` cast to `ty` (as `mv-expand … to typeof(ty)` casts).
    fn slot_value(
        &self,
        bag: &ast::Ident,
        key: &str,
        ty: KqlType,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        let access = ast::Expr {
            kind: ExprKind::Index {
                target: Box::new(ast::Expr {
                    kind: ExprKind::Name(bag.clone()),
                    span: bag.span,
                }),
                index: Box::new(ast::Expr {
                    kind: ExprKind::Literal(Literal::String(key.to_owned())),
                    span: bag.span,
                }),
            },
            span: bag.span,
        };
        let value = self.expr_to_df(&access, columns)?;
        Ok(strict_cast(self.functions, &self.call_context, value, ty))
    }

    /// The distinct slots of `bag` over `input`'s rows, each with its type.
    fn learn_slots(
        &self,
        input: &Relation,
        bag: &Column,
        span: Span,
    ) -> Result<BTreeMap<String, KqlType>, Diagnostic> {
        let value = TypedExpr::new(bag.reference(), KqlType::Dynamic);
        let plan = input
            .builder()
            .project(vec![bag_slots(value).alias(SLOTS)])
            .and_then(|b| {
                b.unnest_columns_with_options(
                    vec![DfColumn::from_name(SLOTS)],
                    UnnestOptions::new(),
                )
            })
            .and_then(|b| b.distinct())
            .and_then(|b| b.build())
            .map_err(internal)?;
        let Some(rows) = self.strings_now(&plan, "bag_unpack", span)? else {
            return Ok(BTreeMap::new());
        };
        let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for slot in rows.into_iter().flatten() {
            let Some((ty, key)) = slot.split_once('\t') else {
                continue;
            };
            let entry = types.entry(key.to_owned()).or_default();
            if ty != "null" {
                entry.insert(ty.to_owned());
            }
        }
        Ok(types
            .into_iter()
            .map(|(key, types)| (key, slot_type(&types)))
            .collect())
    }

    /// A constant string argument.
    fn string_constant(&self, e: &ast::Expr, columns: &[Column]) -> Result<String, Diagnostic> {
        match self.constant(e, columns, Some(KqlType::String))? {
            ScalarValue::Utf8(Some(s)) => Ok(s),
            ScalarValue::Utf8(None) => Ok(String::new()),
            _ => Err(Diagnostic::semantic("expected a string", e.span)),
        }
    }

    /// `ignoredProperties=dynamic(["a", "b"])`: the keys to leave out.
    fn ignored_properties(
        &self,
        e: &ast::Expr,
        columns: &[Column],
    ) -> Result<BTreeSet<String>, Diagnostic> {
        let expected = || {
            Diagnostic::semantic(
                "ignoredProperties is a dynamic array of strings, e.g. dynamic(['a', 'b'])",
                e.span,
            )
        };
        let text = match self.constant(e, columns, Some(KqlType::Dynamic))? {
            ScalarValue::Utf8(Some(s)) => s,
            ScalarValue::Utf8(None) => return Ok(BTreeSet::new()),
            _ => return Err(expected()),
        };
        let elements = kql_functions::json::elements(&text).ok_or_else(expected)?;
        elements
            .into_iter()
            .map(|element| {
                kql_functions::json::string_value(element)
                    .map(|s| s.into_owned())
                    .ok_or_else(expected)
            })
            .collect()
    }
}

/// The column type of a slot whose non-null values have the `gettype` names `types`.
fn slot_type(types: &BTreeSet<String>) -> KqlType {
    let integers = types.iter().all(|t| t == "int" || t == "long");
    if !types.is_empty() && integers {
        return KqlType::Long;
    }
    match types.iter().next() {
        Some(t) if types.len() == 1 => match t.as_str() {
            "array" | "dictionary" => KqlType::Dynamic,
            other => KqlType::from_name(other).unwrap_or(KqlType::Dynamic),
        },
        _ => KqlType::Dynamic,
    }
}

/// A declared column whose type differs from the input column of that name.
fn type_mismatch(name: &str, actual: KqlType, declared: &ast::DatatableColumn) -> Diagnostic {
    Diagnostic::semantic(
        format!(
            "column '{name}' is {actual} in the input, but the output schema declares {}",
            declared.kql_type
        ),
        declared.span,
    )
}
