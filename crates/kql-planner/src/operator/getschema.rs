//! `getschema`: one row per input column (getschema-operator.md): `ColumnName`,
//! `ColumnOrdinal` (0-based, `long` as in Kusto.Language), `DataType` (the .NET type Kusto
//! reports) and `ColumnType` (the KQL type name).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr, LogicalPlanBuilder, lit};
use kql_syntax::ast::GetSchema;
use kql_syntax::{Diagnostic, KqlType};

/// The .NET type name Kusto reports for a KQL type: getschema-operator.md shows
/// `System.String`, `System.Int32`, `System.Double`, `System.DateTime`, `System.Object`; the
/// management docs show `System.Int64` for `long`; Kusto stores `bool` as `System.SByte` and
/// `decimal` as `System.Data.SqlTypes.SqlDecimal`.
pub fn dotnet_type(ty: KqlType) -> &'static str {
    match ty {
        KqlType::Bool => "System.SByte",
        KqlType::Int => "System.Int32",
        KqlType::Long => "System.Int64",
        KqlType::Real => "System.Double",
        KqlType::Decimal => "System.Data.SqlTypes.SqlDecimal",
        KqlType::String => "System.String",
        KqlType::DateTime => "System.DateTime",
        KqlType::TimeSpan => "System.TimeSpan",
        KqlType::Guid => "System.Guid",
        KqlType::Dynamic => "System.Object",
    }
}

/// The output columns, in order.
const COLUMNS: [(&str, KqlType); 4] = [
    ("ColumnName", KqlType::String),
    ("ColumnOrdinal", KqlType::Long),
    ("DataType", KqlType::String),
    ("ColumnType", KqlType::String),
];

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `getschema`: a constant table computed from the input's columns (the input's
    /// rows are never read).
    pub(crate) fn getschema_to_plan(
        &self,
        _getschema: &GetSchema,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let rows: Vec<Vec<Expr>> = input
            .columns
            .iter()
            .zip(0i64..)
            .map(|(c, ordinal)| {
                vec![
                    lit(c.name.as_str()),
                    lit(ordinal),
                    lit(dotnet_type(c.kql_type)),
                    lit(c.kql_type.name()),
                ]
            })
            .collect();
        let builder = if rows.is_empty() {
            let typed_null = |ty: KqlType| match ty {
                KqlType::Long => ScalarValue::Int64(None),
                _ => ScalarValue::Utf8(None),
            };
            LogicalPlanBuilder::empty(false).project(
                COLUMNS
                    .iter()
                    .map(|(name, ty)| lit(typed_null(*ty)).alias(*name)),
            )
        } else {
            LogicalPlanBuilder::values(rows).and_then(|b| {
                b.project(
                    COLUMNS
                        .iter()
                        .enumerate()
                        .map(|(i, (name, _))| column_ref(&format!("column{}", i + 1)).alias(*name)),
                )
            })
        };
        let plan = builder.and_then(|b| b.build()).map_err(internal)?;
        let columns = COLUMNS
            .iter()
            .map(|(name, ty)| Column::new(*name, *ty))
            .collect();
        Ok(Relation { plan, columns })
    }
}
