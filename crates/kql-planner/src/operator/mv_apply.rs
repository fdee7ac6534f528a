//! `mv-apply`: a subquery applied to each input row's expanded arrays (mv-apply-operator.md).
//!
//! Kusto runs the subquery once per row, over that row's subtable. kqlake runs it once over all
//! subtables together, keeping them apart by a hidden row number:
//! 1. each input row is numbered (a window `row_number()`);
//! 2. the arrays are expanded as `mv-expand` expands them (`with_itemindex`, `to typeof()`,
//!    `limit`); the subtable's columns are the input's, the expanded ones replaced or added
//!    (Kusto.Language binds the subquery in that row scope);
//! 3. each subquery operator is planned so that it cannot mix subtables: row-wise operators
//!    (`where`, `extend`, `parse`, `mv-expand`, …) as they are, with the row number carried
//!    along; `summarize`, `count` and `distinct` grouped by it as well; `sort` sorts within it;
//!    `take` and `top` keep the first rows of each subtable (a window partitioned by it). A
//!    `summarize` without `by` (and `count`) gives its one row of empty-input values also for
//!    the rows whose subtable is empty, as a subquery over an empty table would. Other
//!    operators inside mv-apply are rejected by name.
//! 4. The input's columns that the subquery's result lacks are joined back by row number
//!    and come first, then the subquery's columns (the docs' examples' order).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::JoinType;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{ExprFunctionExt, LogicalPlanBuilder, cast, lit};
use kql_syntax::ast::{
    self, AggregateItem, DistinctColumns, Ident, MvApply, MvExpand, Operator, OperatorKind,
    ProjectItem, SortKey, Summarize,
};
use kql_syntax::{Diagnostic, KqlType, Span};

/// The hidden row number (followed by the nesting depth: an mv-apply inside another's
/// subquery numbers its rows apart).
const ROW: &str = "__kqlake_apply_row";
/// The hidden rank within a subtable, for `take` and `top`.
const RANK: &str = "__kqlake_apply_rank";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `mv-apply`.
    pub(crate) fn mv_apply_to_plan(
        &self,
        node: &MvApply,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. Number the input rows.
        let depth = input
            .columns
            .iter()
            .filter(|c| c.name.starts_with(ROW))
            .count();
        let row = format!("{ROW}{depth}");
        let row = row.as_str();
        let numbered_plan = input
            .builder()
            .window(vec![row_number().alias(row)])
            .and_then(|b| {
                let mut exprs: Vec<_> = input.columns.iter().map(Column::reference).collect();
                exprs.push(cast(column_ref(row), DataType::Int64).alias(row));
                b.project(exprs)
            })
            .and_then(|b| b.build())
            .map_err(internal)?;
        let mut numbered_columns = input.columns.clone();
        numbered_columns.push(Column::new(row, KqlType::Long));
        let numbered = Relation {
            plan: numbered_plan,
            columns: numbered_columns,
        };
        // 2. Expand, as mv-expand does.
        let expand = MvExpand {
            legacy: false,
            bag_expansion: None,
            item_index: node.item_index.clone(),
            items: node.items.clone(),
            limit: node.limit.clone(),
        };
        let expanded = self.mv_expand_to_plan(&expand, numbered.clone())?;
        let replaced: Vec<String> = expanded
            .columns
            .iter()
            .filter(|c| {
                input
                    .columns
                    .iter()
                    .any(|i| i.name == c.name && i.kql_type != c.kql_type)
            })
            .map(|c| c.name.clone())
            .collect();
        // 3. The subquery, subtable by subtable.
        let mut relation = expanded;
        let mut order: Vec<SortKey> = Vec::new();
        for operator in &node.subquery {
            relation = self.apply_operator(operator, relation, &numbered, &mut order, row)?;
        }
        // 4. The input's other columns, joined back by row number, first.
        let outer: Vec<&Column> = input
            .columns
            .iter()
            .filter(|c| {
                !relation.columns.iter().any(|r| r.name == c.name)
                    && !replaced.contains(&c.name)
                    && !node.items.iter().any(|i| expanded_source(i, &c.name))
            })
            .collect();
        let inner: Vec<&Column> = relation.columns.iter().filter(|c| c.name != row).collect();
        let mut columns: Vec<Column> = outer.iter().map(|c| (*c).clone()).collect();
        columns.extend(inner.iter().map(|c| (*c).clone()));
        let plan = if outer.is_empty() {
            relation
                .builder()
                .project(inner.iter().map(|c| c.reference()))
                .and_then(|b| b.build())
                .map_err(internal)?
        } else {
            let right_row = format!("{row}_outer");
            let mut right_exprs: Vec<_> = outer.iter().map(|c| c.reference()).collect();
            right_exprs.push(column_ref(row).alias(&right_row));
            let right = numbered
                .builder()
                .project(right_exprs)
                .and_then(|b| b.build())
                .map_err(internal)?;
            let mut exprs: Vec<_> = outer.iter().map(|c| c.reference()).collect();
            exprs.extend(inner.iter().map(|c| c.reference()));
            relation
                .builder()
                .join_on(
                    right,
                    JoinType::Inner,
                    vec![column_ref(row).eq(column_ref(&right_row))],
                )
                .and_then(|b| b.project(exprs))
                .and_then(|b| b.build())
                .map_err(internal)?
        };
        Ok(Relation { plan, columns })
    }

    /// Plans one subquery operator so that it works on each subtable apart.
    fn apply_operator(
        &self,
        operator: &Operator,
        input: Relation,
        numbered: &Relation,
        order: &mut Vec<SortKey>,
        row: &str,
    ) -> Result<Relation, Diagnostic> {
        let span = operator.span;
        let planned = match &operator.kind {
            OperatorKind::Where(_)
            | OperatorKind::Extend(_)
            | OperatorKind::Parse(_)
            | OperatorKind::ParseWhere(_)
            | OperatorKind::ParseKv(_)
            | OperatorKind::MvApply(_)
            | OperatorKind::MvExpand(_)
            | OperatorKind::ProjectRename(_)
            | OperatorKind::ProjectAway(_)
            | OperatorKind::ProjectReorder(_)
            | OperatorKind::Serialize(_) => {
                if matches!(
                    operator.kind,
                    OperatorKind::MvExpand(_) | OperatorKind::MvApply(_)
                ) {
                    order.clear();
                }
                self.operator_to_plan(operator, input)?
            }
            OperatorKind::Project(project) => {
                let mut project = project.clone();
                project.items.push(row_item(row, span));
                project.tuples.push(Vec::new());
                self.project_to_plan(&project, input)?
            }
            OperatorKind::Summarize(summarize) => {
                order.clear();
                self.apply_summarize(summarize, input, numbered, row, span)?
            }
            OperatorKind::Count(_) => {
                order.clear();
                let summarize = Summarize {
                    hints: Vec::new(),
                    aggregates: vec![AggregateItem {
                        tuple: Vec::new(),
                        item: ProjectItem {
                            name: Some(ident("Count", span)),
                            expr: call("count", span),
                            span,
                        },
                        span,
                    }],
                    by: Vec::new(),
                };
                self.apply_summarize(&summarize, input, numbered, row, span)?
            }
            OperatorKind::Distinct(distinct) => {
                order.clear();
                let mut distinct = distinct.clone();
                if let DistinctColumns::Items(items) = &mut distinct.columns {
                    items.push(row_item(row, span));
                }
                self.distinct_to_plan(&distinct, input)?
            }
            OperatorKind::Sort(sort) => {
                order.clone_from(&sort.keys);
                let mut sort = sort.clone();
                sort.keys.insert(0, row_key(row, span));
                self.sort_to_plan(&sort, input)?
            }
            OperatorKind::Take(take) => {
                let n = self.row_count(&take.count, "take", &input.columns)?;
                let keys = order.clone();
                self.first_rows(input, n, &keys, row)?
            }
            OperatorKind::Top(top) => {
                let n = self.row_count(&top.count, "top", &input.columns)?;
                *order = vec![top.key.clone()];
                let keys = order.clone();
                let firsts = self.first_rows(input, n, &keys, row)?;
                let sort = ast::Sort {
                    keys: vec![row_key(row, span), top.key.clone()],
                };
                self.sort_to_plan(&sort, firsts)?
            }
            other => {
                let name = other.to_string();
                let name = name.split_whitespace().next().unwrap_or("this operator");
                return Err(Diagnostic::unsupported(
                    format!("operator '{name}' inside mv-apply"),
                    span,
                ));
            }
        };
        if !planned.columns.iter().any(|c| c.name == row) {
            return Err(Diagnostic::unsupported(
                "an mv-apply subquery operator that drops every column it is not given",
                span,
            ));
        }
        Ok(planned)
    }

    /// `summarize` per subtable: grouped by the row number too; without `by`, the rows whose
    /// subtable is empty get the one row a summarize of nothing gives.
    fn apply_summarize(
        &self,
        summarize: &Summarize,
        input: Relation,
        numbered: &Relation,
        row: &str,
        span: Span,
    ) -> Result<Relation, Diagnostic> {
        let mut grouped = summarize.clone();
        grouped.by.insert(0, row_item(row, span));
        let result = self.summarize_to_plan(&grouped, input.clone())?;
        if !summarize.by.is_empty() {
            return Ok(result);
        }
        // The empty-input row, for every input row that has no group.
        let empty = Relation {
            plan: input
                .builder()
                .filter(lit(false))
                .and_then(|b| b.build())
                .map_err(internal)?,
            columns: input.columns.clone(),
        };
        let defaults = self.summarize_to_plan(summarize, empty)?;
        let missing_row = format!("{row}_missing");
        let have = result
            .builder()
            .project(vec![column_ref(row).alias(&missing_row)])
            .and_then(|b| b.build())
            .map_err(internal)?;
        let missing = numbered
            .builder()
            .project(vec![column_ref(row)])
            .and_then(|b| {
                b.join_on(
                    have,
                    JoinType::LeftAnti,
                    vec![column_ref(row).eq(column_ref(&missing_row))],
                )
            })
            .and_then(|b| b.cross_join(defaults.plan))
            .and_then(|b| b.project(result.columns.iter().map(Column::reference)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        let plan = LogicalPlanBuilder::from(result.plan)
            .union(missing)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: result.columns,
        })
    }

    /// The first `n` rows of each subtable, in the order of `keys` (any order without them).
    fn first_rows(
        &self,
        input: Relation,
        n: usize,
        keys: &[SortKey],
        row: &str,
    ) -> Result<Relation, Diagnostic> {
        let mut order = self.sort_exprs(keys, &input.columns)?;
        if order.is_empty() {
            // DataFusion's window needs an order: any will do (the row number is constant
            // within a subtable).
            order.push(column_ref(row).sort(true, false));
        }
        let rank = row_number()
            .partition_by(vec![column_ref(row)])
            .order_by(order)
            .build()
            .map_err(internal)?
            .alias(RANK);
        let limit = u64::try_from(n).unwrap_or(u64::MAX);
        let plan = input
            .builder()
            .window(vec![rank])
            .and_then(|b| b.filter(column_ref(RANK).lt_eq(lit(limit))))
            .and_then(|b| b.project(input.columns.iter().map(Column::reference)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}

/// True when item `item` expands the input column `name` itself (`mv-apply a` or
/// `mv-apply a = a`), which the expanded column replaces.
fn expanded_source(item: &ast::MvExpandItem, name: &str) -> bool {
    let implied = match &item.item.expr.kind {
        ast::ExprKind::Name(n) => n.name == name,
        _ => false,
    };
    match &item.item.name {
        Some(given) => given.name == name,
        None => implied,
    }
}

/// An identifier at `span`.
fn ident(name: &str, span: Span) -> Ident {
    Ident {
        name: name.to_owned(),
        span,
    }
}

/// `name()`.
fn call(name: &str, span: Span) -> ast::Expr {
    ast::Expr {
        kind: ast::ExprKind::Call {
            name: ident(name, span),
            args: Vec::new(),
        },
        span,
    }
}

/// The row number as a plain item (`by`, `project`, `distinct`).
fn row_item(row: &str, span: Span) -> ProjectItem {
    ProjectItem {
        name: None,
        expr: ast::Expr {
            kind: ast::ExprKind::Name(ident(row, span)),
            span,
        },
        span,
    }
}

/// The row number as the first sort key (ascending).
fn row_key(row: &str, span: Span) -> SortKey {
    SortKey {
        expr: row_item(row, span).expr,
        direction: Some(ast::SortDirection::Asc),
        nulls: None,
        span,
    }
}
