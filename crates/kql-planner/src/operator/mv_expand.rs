//! `mv-expand`: one row per element of dynamic arrays and property bags.
//!
//! Planned as DataFusion's `unnest`: each expanded value becomes a list of its elements
//! (`kql_functions::expand::mv_expand_items`: a null value one null element, an empty array or
//! bag none, a bag's entries one-key bags or `[key, value]` pairs), and the lists of one row
//! are unnested together, which zips them and pads the shorter with null, as Kusto expands
//! several columns "in parallel". The expanded columns stay `dynamic` unless `to typeof(T)`
//! casts them ([`strict_cast`]).

use crate::catalog::PlanCatalog;
use crate::naming::output_names;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::Column as DfColumn;
use datafusion::common::UnnestOptions;
use datafusion::logical_expr::{Expr, lit, when};
use kql_functions::expand::{mv_expand_index, mv_expand_items};
use kql_functions::{CallContext, FunctionRegistry, TypedExpr};
use kql_syntax::ast::{BagExpansion, MvExpand, ProjectItem};
use kql_syntax::{Diagnostic, KqlType, Span};

/// The row limit of the legacy `mvexpand` (mv-expand-operator.md).
const LEGACY_LIMIT: i64 = 128;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `mv-expand`.
    pub(crate) fn mv_expand_to_plan(
        &self,
        node: &MvExpand,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let limit = match &node.limit {
            Some(limit) => {
                i64::try_from(self.row_count(limit, "mv-expand limit", &input.columns)?)
                    .unwrap_or(i64::MAX)
            }
            None if node.legacy => LEGACY_LIMIT,
            None => i64::MAX,
        };
        let bag_as_array = node.bag_expansion == Some(BagExpansion::Array);
        let items: Vec<ProjectItem> = node.items.iter().map(|i| i.item.clone()).collect();
        let names = output_names(
            &items,
            input.columns.iter().map(|c| c.name.as_str()),
            self.functions,
        )?;
        // 1. Each value as the list of its elements, beside the columns that stay.
        let mut lists = Vec::with_capacity(items.len());
        for (i, item) in node.items.iter().enumerate() {
            let value = self.expr_to_df(&item.item.expr, &input.columns)?;
            if value.kql_type != KqlType::Dynamic {
                return Err(Diagnostic::semantic(
                    format!(
                        "mv-expand expands dynamic arrays and property bags, not a {}",
                        value.kql_type.name()
                    ),
                    item.item.expr.span,
                )
                .with_help("convert the value first, e.g. parse_json(x) or split(x, \",\")"));
            }
            lists.push((hidden(i), mv_expand_items(value, bag_as_array, limit)));
        }
        let index_name = node.item_index.as_ref().map(|ident| ident.name.clone());
        if let Some(index) = &node.item_index {
            check_free(&index.name, index.span, &input.columns, &names)?;
        }
        let kept: Vec<&Column> = input
            .columns
            .iter()
            .filter(|c| !names.contains(&c.name))
            .collect();
        let mut exprs: Vec<Expr> = kept.iter().map(|c| c.reference()).collect();
        exprs.extend(lists.iter().map(|(name, list)| list.clone().alias(name)));
        let mut unnest: Vec<DfColumn> = lists
            .iter()
            .map(|(name, _)| DfColumn::from_name(name))
            .collect();
        let mut builder = input.builder().project(exprs).map_err(internal)?;
        if index_name.is_some() {
            let mut with_index: Vec<Expr> = kept.iter().map(|c| c.reference()).collect();
            with_index.extend(lists.iter().map(|(name, _)| column_ref(name)));
            let refs = lists.iter().map(|(name, _)| column_ref(name)).collect();
            with_index.push(mv_expand_index(refs).alias(INDEX));
            builder = builder.project(with_index).map_err(internal)?;
            unnest.push(DfColumn::from_name(INDEX));
        }
        // 2. Unnest the lists together.
        let options = UnnestOptions::new().with_preserve_nulls(true);
        builder = builder
            .unnest_columns_with_options(unnest, options)
            .map_err(internal)?;
        // 3. Expanded columns replace their namesakes in place, new ones follow, then the
        //    index.
        let expanded = |i: usize, to: Option<KqlType>| -> Result<TypedExpr, Diagnostic> {
            let value = TypedExpr::new(column_ref(&hidden(i)), KqlType::Dynamic);
            match to {
                None | Some(KqlType::Dynamic) => Ok(value),
                Some(KqlType::Decimal) => Err(Diagnostic::unsupported(
                    "mv-expand to typeof(decimal)",
                    node.items[i].span,
                )),
                Some(to) => Ok(strict_cast(self.functions, &self.call_context, value, to)),
            }
        };
        let mut exprs = Vec::new();
        let mut columns = Vec::new();
        let mut placed = vec![false; names.len()];
        for c in &input.columns {
            match names.iter().position(|n| *n == c.name) {
                Some(i) => {
                    let value = expanded(i, node.items[i].to_type)?;
                    exprs.push(value.expr.alias(&names[i]));
                    columns.push(Column::new(&names[i], value.kql_type));
                    placed[i] = true;
                }
                None => {
                    exprs.push(c.reference());
                    columns.push(c.clone());
                }
            }
        }
        for (i, name) in names.iter().enumerate() {
            if !placed[i] {
                let value = expanded(i, node.items[i].to_type)?;
                exprs.push(value.expr.alias(name));
                columns.push(Column::new(name, value.kql_type));
            }
        }
        if let Some(index) = index_name {
            exprs.push(column_ref(INDEX).alias(&index));
            columns.push(Column::new(index, KqlType::Long));
        }
        let plan = builder
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

/// The hidden column of the list of item `i`'s elements.
fn hidden(i: usize) -> String {
    format!("__kqlake_mv_expand{i}")
}

/// The hidden column of the element index.
const INDEX: &str = "__kqlake_mv_expand_index";

/// `with_itemindex=name` must not name a column the output already has.
fn check_free(
    name: &str,
    span: Span,
    input: &[Column],
    expanded: &[String],
) -> Result<(), Diagnostic> {
    if input.iter().any(|c| c.name == name) || expanded.iter().any(|n| n == name) {
        return Err(Diagnostic::semantic(
            format!("the output already has a column '{name}'"),
            span,
        )
        .with_help("choose another name for with_itemindex="));
    }
    Ok(())
}

/// A dynamic value cast to `to` as `to typeof(T)` casts (mv-expand-operator.md: "cast-only …
/// elements that don't conform with the declared type become null"): a JSON number to a
/// number type (`int` only from an integer in the int range, `long` from any integer, `real`
/// from any number), `true`/`false` to bool, a datetime, timespan or guid (kqlake's canonical
/// text, see `gettype`) to its type; anything else is null. `string` takes the value's text as
/// `tostring()` gives it (a number's digits too): a string cannot be null in KQL.
pub(crate) fn strict_cast(
    functions: &FunctionRegistry,
    ctx: &CallContext,
    value: TypedExpr,
    to: KqlType,
) -> TypedExpr {
    let call = |name: &str, args: Vec<TypedExpr>| -> TypedExpr {
        match functions.get(name).map(|f| f.plan_scalar(args, ctx)) {
            Some(Ok(typed)) => typed,
            // The conversion functions accept a dynamic argument: only a kqlake bug lands here.
            _ => TypedExpr::null(to),
        }
    };
    let (convert, kinds): (&str, &[&str]) = match to {
        KqlType::String => return call("tostring", vec![value]),
        KqlType::Int => ("toint", &["int"]),
        KqlType::Long => ("tolong", &["int", "long"]),
        KqlType::Real => ("toreal", &["int", "long", "real"]),
        KqlType::Bool => ("tobool", &["bool"]),
        KqlType::DateTime => ("todatetime", &["datetime"]),
        KqlType::TimeSpan => ("totimespan", &["timespan"]),
        // kqlake has no toguid(): a guid's canonical text is the guid.
        KqlType::Guid => ("tostring", &["guid"]),
        KqlType::Dynamic | KqlType::Decimal => return value,
    };
    let kind = call("gettype", vec![value.clone()]).expr;
    let converted = call(convert, vec![value]);
    let converted = TypedExpr::new(converted.expr, to);
    let list = kinds.iter().map(|k| lit(*k)).collect();
    let expr = when(kind.in_list(list, false), converted.expr)
        .otherwise(TypedExpr::null(to).expr)
        .unwrap_or_else(|_| TypedExpr::null(to).expr);
    TypedExpr::new(expr, to)
}
