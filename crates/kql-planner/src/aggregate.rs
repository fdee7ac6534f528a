//! Aggregations in `summarize` and `top-nested`: aggregation calls, calls that yield several
//! columns (`arg_max(t, *)`), and expressions over aggregations (`100.0 * countif(p) /
//! count()`, `round(avg(x), 2)`).
//!
//! An item is planned in three layers, which DataFusion's optimizer merges:
//!
//! 1. each aggregation call becomes a DataFusion aggregate expression, computed once per
//!    distinct expression by the Aggregate node under a hidden name (`kql#agg0`);
//! 2. the projection after it finishes each call's value (`sum` of nothing is 0; a field of the
//!    row `arg_max` picked) as a hidden column (`kql#value0`);
//! 3. the item is planned by `expr_to_df` as a scalar expression in which each call is
//!    replaced by its hidden value column.
//!
//! A column outside every aggregation call (`summarize x + count()`) is an error: the item is
//! computed once per group, not per row.

use crate::bindings::{Binding, Lookup};
use crate::catalog::PlanCatalog;
use crate::expr::function_error;
use crate::naming::{first_argument_name, natural_name};
use crate::planner::{KqlToPlan, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::Column as DfColumn;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, SortExpr};
use kql_functions::{AggregateArg, AggregateColumn, FunctionKind, TypedExpr};
use kql_syntax::ast::{self, ExprKind, Ident};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::collections::HashSet;

/// The aggregate expressions of one Aggregate node and the finished values read from them.
#[derive(Debug, Default)]
pub(crate) struct Aggregation {
    /// Distinct DataFusion aggregate expressions; the i-th is output as `kql#agg{i}`.
    aggregates: Vec<Expr>,
    /// Finished values over the aggregates' outputs, and the hidden columns holding them.
    values: Vec<(Expr, Column)>,
    /// The order the input rows arrive sorted in (empty when they are not): `make_list` keeps
    /// it, as Kusto does (make-list-aggregation-function.md).
    order: Vec<SortExpr>,
}

impl Aggregation {
    /// An aggregation over input whose rows arrive in `order` (see [`input_order`]).
    pub(crate) fn in_order(order: Vec<SortExpr>) -> Aggregation {
        Aggregation {
            order,
            ..Aggregation::default()
        }
    }

    /// The hidden column holding `column`'s value (added once per distinct value).
    fn add(&mut self, column: &AggregateColumn) -> Column {
        let i = match self.aggregates.iter().position(|a| *a == column.aggregate) {
            Some(i) => i,
            None => {
                self.aggregates.push(column.aggregate.clone());
                self.aggregates.len() - 1
            }
        };
        let value = column.value(column_ref(&format!("kql#agg{i}")));
        if let Some((_, hidden)) = self.values.iter().find(|(v, _)| *v == value) {
            return hidden.clone();
        }
        let hidden = Column::new(format!("kql#value{}", self.values.len()), column.kql_type);
        self.values.push((value, hidden.clone()));
        hidden
    }

    /// The aggregate expressions, aliased, for the Aggregate node.
    pub(crate) fn aggregate_exprs(&self) -> Vec<Expr> {
        self.aggregates
            .iter()
            .enumerate()
            .map(|(i, a)| a.clone().alias(format!("kql#agg{i}")))
            .collect()
    }

    /// `expr` (over the hidden value columns) over the Aggregate node's output instead: each
    /// value column replaced by its finished value.
    pub(crate) fn over_aggregates(&self, expr: Expr) -> Result<Expr, Diagnostic> {
        expr.transform(|e| match &e {
            Expr::Column(c) => match self.values.iter().find(|(_, h)| h.name == c.name) {
                Some((value, _)) => Ok(Transformed::yes(value.clone())),
                None => Ok(Transformed::no(e)),
            },
            _ => Ok(Transformed::no(e)),
        })
        .map(|t| t.data)
        .map_err(internal)
    }

    /// Aggregates `input` by the `group` keys (each with its name) and computes the `outputs`
    /// (expressions over the hidden value columns, each with its name): the keys, then the
    /// outputs. When each output is exactly one aggregate, in order, the Aggregate node names
    /// them itself and no projection follows.
    pub(crate) fn plan(
        &self,
        input: LogicalPlanBuilder,
        group: Vec<(Expr, String)>,
        outputs: Vec<(Expr, String)>,
    ) -> Result<LogicalPlanBuilder, Diagnostic> {
        let outputs = outputs
            .into_iter()
            .map(|(e, name)| Ok((self.over_aggregates(e)?, name)))
            .collect::<Result<Vec<_>, Diagnostic>>()?;
        let keys: Vec<Expr> = group.iter().map(|(_, name)| column_ref(name)).collect();
        let group: Vec<Expr> = group.into_iter().map(|(e, name)| e.alias(name)).collect();
        let direct = outputs.len() == self.aggregates.len()
            && outputs
                .iter()
                .enumerate()
                .all(|(i, (e, _))| matches!(e, Expr::Column(c) if c.name == format!("kql#agg{i}")));
        if direct {
            let aggregates = self
                .aggregates
                .iter()
                .zip(outputs)
                .map(|(a, (_, name))| a.clone().alias(name));
            return input.aggregate(group, aggregates).map_err(internal);
        }
        let items = keys
            .into_iter()
            .chain(outputs.into_iter().map(|(e, name)| e.alias(name)));
        input
            .aggregate(group, self.aggregate_exprs())
            .and_then(|b| b.project(items))
            .map_err(internal)
    }

    /// The hidden value columns, which the items' expressions read.
    fn value_columns(&self) -> Vec<Column> {
        self.values.iter().map(|(_, c)| c.clone()).collect()
    }
}

/// One planned aggregate item, as expressions over the hidden value columns.
#[derive(Debug)]
pub(crate) enum PlannedAggregate {
    /// An aggregation call or an expression over some: one column, named like any item.
    Value(TypedExpr),
    /// A call that yields several columns (`arg_max(t, a, b)`), each with the name it implies.
    Columns(Vec<(String, TypedExpr)>),
}

/// The unparenthesised expression.
fn unparen(mut expr: &ast::Expr) -> &ast::Expr {
    while let ExprKind::Paren(inner) = &expr.kind {
        expr = inner;
    }
    expr
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans one aggregate item over `input`, adding its aggregations to `aggregation`.
    /// `group_keys` are the input columns the group keys are (`*` in `arg_max(t, *)` skips
    /// them).
    pub(crate) fn aggregate_item_to_df(
        &self,
        expr: &ast::Expr,
        input: &[Column],
        group_keys: &HashSet<String>,
        aggregation: &mut Aggregation,
    ) -> Result<PlannedAggregate, Diagnostic> {
        // 1. A call that yields several columns must be the whole item.
        if let ExprKind::Call { name, args } = &unparen(expr).kind
            && let Some(function) = self.functions.get(&name.name)
            && function.kind() == FunctionKind::Aggregate
            && (function.yields_columns()
                || function
                    .aggregate_column_names(
                        &name.name,
                        first_argument_name(args, self.functions).as_deref(),
                        args,
                    )
                    .len()
                    > 1)
        {
            let columns =
                self.aggregate_call_columns(name, args, input, group_keys, &aggregation.order)?;
            let planned = columns
                .iter()
                .map(|column| {
                    let hidden = aggregation.add(column);
                    (
                        column.name.clone(),
                        TypedExpr::new(hidden.reference(), hidden.kql_type),
                    )
                })
                .collect();
            return Ok(PlannedAggregate::Columns(planned));
        }
        // 2. Otherwise each call is replaced by its hidden value, and the item is planned as a
        //    scalar expression over those.
        let mut calls = 0;
        let rewritten =
            self.replace_aggregations(expr, input, group_keys, aggregation, &mut calls)?;
        if calls == 0 {
            return Err(Diagnostic::unsupported(
                "a summarize item without an aggregation function",
                expr.span,
            )
            .with_help("aggregate it (take_any(x), max(x)), or compute it with extend"));
        }
        let value = self.expr_to_df(&rewritten, &aggregation.value_columns())?;
        Ok(PlannedAggregate::Value(value))
    }

    /// `expr` with each aggregation call replaced by the name of its hidden value column.
    fn replace_aggregations(
        &self,
        expr: &ast::Expr,
        input: &[Column],
        group_keys: &HashSet<String>,
        aggregation: &mut Aggregation,
        calls: &mut usize,
    ) -> Result<ast::Expr, Diagnostic> {
        let mut recurse = |e: &ast::Expr| -> Result<Box<ast::Expr>, Diagnostic> {
            self.replace_aggregations(e, input, group_keys, aggregation, calls)
                .map(Box::new)
        };
        let kind = match &expr.kind {
            ExprKind::Call { name, args }
                if self
                    .functions
                    .get(&name.name)
                    .is_some_and(|f| f.kind() == FunctionKind::Aggregate) =>
            {
                let order = aggregation.order.clone();
                let columns = self.aggregate_call_columns(name, args, input, group_keys, &order)?;
                let [column] = columns.as_slice() else {
                    return Err(Diagnostic::semantic(
                        format!(
                            "{}(…) yields {} columns here, so it cannot be part of an \
                             expression",
                            name.name,
                            columns.len()
                        ),
                        expr.span,
                    )
                    .with_help("make it a summarize item of its own"));
                };
                *calls += 1;
                let hidden = aggregation.add(column);
                ExprKind::Name(Ident {
                    name: hidden.name,
                    span: expr.span,
                })
            }
            // Neither built in nor a user-defined function: say so before looking inside.
            ExprKind::Call { name, .. }
                if self.functions.get(&name.name).is_none()
                    && !matches!(
                        self.scope.lookup(&name.name),
                        Lookup::Found {
                            binding: Binding::Function(_),
                            ..
                        }
                    ) =>
            {
                return Err(self.unknown_function(name));
            }
            // A `let` or parameter (not a column) is the same in every group.
            ExprKind::Name(ident)
                if !input.iter().any(|c| c.name == ident.name)
                    && matches!(self.scope.lookup(&ident.name), Lookup::Found { .. }) =>
            {
                expr.kind.clone()
            }
            ExprKind::Name(ident) => {
                return Err(Diagnostic::semantic(
                    format!("'{}' must be inside an aggregation function", ident.name),
                    ident.span,
                )
                .with_label("a summarize item is computed once per group")
                .with_help(format!(
                    "aggregate it, e.g. take_any({0}) or max({0}), or group by it",
                    ident.name
                )));
            }
            ExprKind::Star => {
                return Err(Diagnostic::semantic(
                    "'*' stands for all columns only in arg_max, arg_min, take_any and any",
                    expr.span,
                ));
            }
            ExprKind::Literal(_) => expr.kind.clone(),
            ExprKind::Call { name, args } => ExprKind::Call {
                name: name.clone(),
                args: args
                    .iter()
                    .map(|a| recurse(a).map(|b| *b))
                    .collect::<Result<_, _>>()?,
            },
            ExprKind::Logical { op, operands } => ExprKind::Logical {
                op: *op,
                operands: operands
                    .iter()
                    .map(|a| recurse(a).map(|b| *b))
                    .collect::<Result<_, _>>()?,
            },
            ExprKind::Binary { op, left, right } => ExprKind::Binary {
                op: *op,
                left: recurse(left)?,
                right: recurse(right)?,
            },
            ExprKind::Unary { op, operand } => ExprKind::Unary {
                op: *op,
                operand: recurse(operand)?,
            },
            ExprKind::In {
                target,
                items,
                negated,
                case_insensitive,
            } => ExprKind::In {
                target: recurse(target)?,
                items: items
                    .iter()
                    .map(|a| recurse(a).map(|b| *b))
                    .collect::<Result<_, _>>()?,
                negated: *negated,
                case_insensitive: *case_insensitive,
            },
            ExprKind::HasAny { target, items, all } => ExprKind::HasAny {
                target: recurse(target)?,
                items: items
                    .iter()
                    .map(|a| recurse(a).map(|b| *b))
                    .collect::<Result<_, _>>()?,
                all: *all,
            },
            ExprKind::Between {
                target,
                low,
                high,
                negated,
            } => ExprKind::Between {
                target: recurse(target)?,
                low: recurse(low)?,
                high: recurse(high)?,
                negated: *negated,
            },
            ExprKind::Index { target, index } => ExprKind::Index {
                target: recurse(target)?,
                index: recurse(index)?,
            },
            ExprKind::Member { target, name } => ExprKind::Member {
                target: recurse(target)?,
                name: name.clone(),
            },
            ExprKind::Paren(inner) => ExprKind::Paren(recurse(inner)?),
            ExprKind::NamedArgument { name, value } => ExprKind::NamedArgument {
                name: name.clone(),
                value: recurse(value)?,
            },
            // A tabular argument (`toscalar(T | count)`) has its own rows: nothing to replace.
            ExprKind::Tabular(_) => expr.kind.clone(),
        };
        Ok(ast::Expr {
            kind,
            span: expr.span,
        })
    }

    /// The columns of one aggregation call: one for an ordinary aggregate (its name unused),
    /// one or more for a multi-column one, with `*` expanded to the input's columns except
    /// `group_keys` and the columns earlier arguments return.
    fn aggregate_call_columns(
        &self,
        name: &Ident,
        args: &[ast::Expr],
        input: &[Column],
        group_keys: &HashSet<String>,
        order: &[SortExpr],
    ) -> Result<Vec<AggregateColumn>, Diagnostic> {
        let function = self.function(name)?;
        if !function.yields_columns() {
            let typed = args
                .iter()
                .map(|a| self.expr_to_df(a, input))
                .collect::<Result<Vec<_>, _>>()?;
            let plan = function
                .plan_aggregate_in_order(typed, order)
                .map_err(|e| function_error(e, name, args))?;
            if plan.columns == 1 {
                return Ok(vec![AggregateColumn::from_plan(String::new(), &plan, 0)]);
            }
            // Several columns read from one aggregate (`percentiles(x, 50, 95)`), each with
            // the name the function gives it.
            let names = function.aggregate_column_names(
                &name.name,
                first_argument_name(args, self.functions).as_deref(),
                args,
            );
            return Ok((0..plan.columns)
                .map(|i| {
                    let implied = names.get(i).cloned().flatten();
                    AggregateColumn::from_plan(
                        implied.unwrap_or_else(|| name.name.clone()),
                        &plan,
                        i,
                    )
                })
                .collect());
        }
        // Kusto.Language: with a `*` in the call, a column that an earlier argument returns
        // (or a group key) is not returned again; without one, every argument is returned.
        let any_star = args.iter().any(|a| matches!(a.kind, ExprKind::Star));
        let mut returned: HashSet<String> = HashSet::new();
        let mut expanded: Vec<AggregateArg> = Vec::with_capacity(args.len());
        for (index, arg) in args.iter().enumerate() {
            if let ExprKind::Star = arg.kind {
                if !function.accepts_star() {
                    return Err(Diagnostic::semantic(
                        format!("'{}' does not take '*'", name.name),
                        arg.span,
                    ));
                }
                for column in input {
                    if group_keys.contains(&column.name) || !returned.insert(column.name.clone()) {
                        continue;
                    }
                    expanded.push(AggregateArg {
                        value: TypedExpr::new(column.reference(), column.kql_type),
                        name: Some(column.name.clone()),
                        index,
                        from_star: true,
                    });
                }
                continue;
            }
            let column = match &unparen(arg).kind {
                ExprKind::Name(ident) if input.iter().any(|c| c.name == ident.name) => {
                    Some(ident.name.clone())
                }
                _ => None,
            };
            if let Some(column) = &column
                && any_star
                && index > 0
                && (group_keys.contains(column) || returned.contains(column))
            {
                continue;
            }
            returned.extend(column);
            expanded.push(AggregateArg {
                value: self.expr_to_df(arg, input)?,
                name: natural_name(arg, self.functions),
                index,
                from_star: false,
            });
        }
        if expanded.is_empty() && any_star {
            // `take_any(*) by a, b` over columns a, b: `*` stands for no column.
            return Ok(Vec::new());
        }
        let positions: Vec<usize> = expanded.iter().map(|a| a.index).collect();
        function.plan_aggregate_columns(expanded).map_err(|e| {
            let span = e
                .arg
                .and_then(|i| positions.get(i))
                .and_then(|&i| args.get(i))
                .map_or(name.span, |a| a.span);
            Diagnostic::semantic(e.message, span)
        })
    }
}

/// The input columns that `by` items are, by name: plain column references (`by k` and
/// `by k2 = k`), which `*` in `arg_max(t, *)` does not return again.
pub(crate) fn group_key_columns(by: &[ast::ProjectItem], input: &[Column]) -> HashSet<String> {
    by.iter()
        .filter_map(|item| match &unparen(&item.expr).kind {
            ExprKind::Name(ident) if input.iter().any(|c| c.name == ident.name) => {
                Some(ident.name.clone())
            }
            _ => None,
        })
        .collect()
}

/// A summarize key's or distinct column's type check: `dynamic` values cannot be grouped.
pub(crate) fn check_groupable(kql_type: KqlType, span: Span, what: &str) -> Result<(), Diagnostic> {
    if kql_type == KqlType::Dynamic {
        return Err(
            Diagnostic::semantic(format!("{what} cannot be dynamic"), span)
                .with_help("convert it first, e.g. by tostring(x)"),
        );
    }
    Ok(())
}

/// The order `plan`'s rows arrive in, when a `sort` produced them and only row-preserving
/// operators (`where`, `take`, projections keeping the sort columns) followed; empty
/// otherwise. Kusto keeps this order in `make_list` (make-list-aggregation-function.md).
pub(crate) fn input_order(plan: &LogicalPlan) -> Vec<SortExpr> {
    match plan {
        LogicalPlan::Sort(sort) => sort.expr.clone(),
        LogicalPlan::Filter(filter) => input_order(&filter.input),
        LogicalPlan::Limit(limit) => input_order(&limit.input),
        LogicalPlan::Projection(projection) => {
            let order = input_order(&projection.input);
            let kept = |column: &DfColumn| {
                projection.expr.iter().any(|e| match e {
                    Expr::Column(c) => c.name == column.name,
                    Expr::Alias(alias) => {
                        alias.name == column.name
                            && matches!(&*alias.expr, Expr::Column(c) if c.name == column.name)
                    }
                    _ => false,
                })
            };
            let all_kept = order
                .iter()
                .all(|o| o.expr.column_refs().into_iter().all(kept));
            if all_kept { order } else { Vec::new() }
        }
        _ => Vec::new(),
    }
}
