//! `evaluate narrow()`: a wide table as rows of `Row` (the input row's 0-based number),
//! `Column` (a column's name) and `Value` (its value as a string), narrow-plugin.md.
//!
//! Each input row is numbered with a window `row_number()` (input order is arbitrary unless
//! serialized, as in Kusto), its column names and values become two lists that are unnested
//! together, and the result is sorted by row, then column position.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Column as DfColumn;
use datafusion::common::UnnestOptions;
use datafusion::functions_nested::expr_fn::make_array;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{Expr, cast, lit};
use kql_functions::TypedExpr;
use kql_syntax::ast::Evaluate;
use kql_syntax::{Diagnostic, KqlType};

/// Hidden columns while narrowing.
const ROW: &str = "__kqlake_narrow_row";
const NAMES: &str = "__kqlake_narrow_names";
const VALUES: &str = "__kqlake_narrow_values";
const ORDINALS: &str = "__kqlake_narrow_ordinals";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `evaluate narrow()`.
    pub(super) fn narrow_to_plan(
        &self,
        node: &Evaluate,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        if let Some(arg) = node.args.first() {
            return Err(Diagnostic::semantic(
                "narrow() takes no arguments",
                arg.span,
            ));
        }
        if let Some(schema) = &node.schema {
            return Err(Diagnostic::unsupported(
                "an output schema for narrow()",
                schema.span,
            ));
        }
        let output = vec![
            Column::new("Row", KqlType::Long),
            Column::new("Column", KqlType::String),
            Column::new("Value", KqlType::String),
        ];
        if input.columns.is_empty() {
            let plan = datafusion::logical_expr::LogicalPlanBuilder::empty(false)
                .project(vec![
                    lit(datafusion::common::ScalarValue::Int64(None)).alias("Row"),
                    lit("").alias("Column"),
                    lit("").alias("Value"),
                ])
                .and_then(|b| b.build())
                .map_err(internal)?;
            return Ok(Relation {
                plan,
                columns: output,
            });
        }
        let tostring = self
            .functions
            .get("tostring")
            .ok_or_else(|| internal("tostring is not registered"))?;
        let mut values = Vec::with_capacity(input.columns.len());
        for c in &input.columns {
            let text = tostring
                .plan_scalar(
                    vec![TypedExpr::new(c.reference(), c.kql_type)],
                    &self.call_context,
                )
                .map_err(|e| internal(e.message))?;
            values.push(text.expr);
        }
        let names: Vec<Expr> = input.columns.iter().map(|c| lit(c.name.clone())).collect();
        let ordinals: Vec<Expr> = (0..input.columns.len())
            .map(|i| lit(i64::try_from(i).unwrap_or(i64::MAX)))
            .collect();
        let numbered = row_number().alias(ROW);
        let plan = input
            .builder()
            .window(vec![numbered])
            .and_then(|b| {
                b.project(vec![
                    (cast(column_ref(ROW), DataType::Int64) - lit(1i64)).alias(ROW),
                    make_array(names).alias(NAMES),
                    make_array(values).alias(VALUES),
                    make_array(ordinals).alias(ORDINALS),
                ])
            })
            .and_then(|b| {
                b.unnest_columns_with_options(
                    vec![
                        DfColumn::from_name(NAMES),
                        DfColumn::from_name(VALUES),
                        DfColumn::from_name(ORDINALS),
                    ],
                    UnnestOptions::new(),
                )
            })
            .and_then(|b| {
                b.sort(vec![
                    column_ref(ROW).sort(true, false),
                    column_ref(ORDINALS).sort(true, false),
                ])
            })
            .and_then(|b| {
                b.project(vec![
                    column_ref(ROW).alias("Row"),
                    column_ref(NAMES).alias("Column"),
                    column_ref(VALUES).alias("Value"),
                ])
            })
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: output,
        })
    }
}
