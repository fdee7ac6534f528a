//! `externaldata (cols) [paths] with (…)`: rows read from local files
//! (externaldata-operator.md).
//!
//! The planner checks the query and the catalog ([`PlanCatalog::external_data`]) reads the
//! files. Supported: local paths and `file://` URLs (relative paths are relative to the working
//! directory); every other URL (`https://…`, blob storage) is rejected by name. Properties:
//! `format` (csv, tsv, scsv, psv, txt, json, multijson, parquet; by default the first file's
//! extension, else csv, as Kusto does) and `ignoreFirstRecord`; property names are
//! case-insensitive (`ignorefirstrecord`). `ingestionMapping` and other properties are rejected
//! by name. Declared columns are matched by position (text formats) or by name (JSON,
//! Parquet); a value that does not convert to its column's type is null, as Kusto's
//! scalar-data-types/index.md describes.

use crate::catalog::{ExternalDataRequest, PlanCatalog};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::common::{Column as DfColumn, TableReference};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{Expr, LogicalPlanBuilder, TryCast, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{
    ExprKind, ExternalFormat, Externaldata, Literal, OperatorParameter, ParameterValue,
};
use kql_syntax::{Diagnostic, DiagnosticKind, KqlType, Span};
use std::path::PathBuf;

/// The name the files' scan has in the plan.
const SCAN_NAME: &str = "externaldata";

/// A path written in `[…]`: a string literal, possibly in parentheses.
fn path_literal(expr: &kql_syntax::ast::Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s),
        ExprKind::Paren(inner) => path_literal(inner),
        _ => None,
    }
}

/// The local file a path or `file://` URL names; any other URL is rejected by name.
fn local_path(text: &str, span: Span) -> Result<PathBuf, Diagnostic> {
    if let Some(rest) = text.strip_prefix("file://") {
        // `file:///abs/path` (and `file://localhost/abs/path`).
        let rest = rest.strip_prefix("localhost").unwrap_or(rest);
        return Ok(PathBuf::from(rest));
    }
    let scheme = text
        .find("://")
        .map(|i| &text[..i])
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'));
    if let Some(scheme) = scheme {
        let shown: String = text.chars().take(60).collect();
        let ellipsis = if shown.len() < text.len() { "…" } else { "" };
        return Err(Diagnostic::unsupported(
            format!("externaldata from a {scheme}:// URL ('{shown}{ellipsis}')"),
            span,
        )
        .with_help("kqlake reads local files: download it and give its path (or a file:// URL)"));
    }
    if text.is_empty() {
        return Err(Diagnostic::semantic("an empty externaldata path", span));
    }
    Ok(PathBuf::from(text))
}

/// The `with (…)` properties kqlake understands.
struct Properties {
    format: Option<ExternalFormat>,
    ignore_first_record: bool,
}

/// Reads `format` and `ignoreFirstRecord`; rejects the rest by name.
fn properties(written: &[OperatorParameter]) -> Result<Properties, Diagnostic> {
    let mut out = Properties {
        format: None,
        ignore_first_record: false,
    };
    for p in written {
        match p.name.to_ascii_lowercase().as_str() {
            "format" => {
                let name = p.value.as_text().unwrap_or_default();
                out.format = Some(ExternalFormat::from_name(name).ok_or_else(|| {
                    let known: Vec<&str> = ExternalFormat::ALL.iter().map(|f| f.name()).collect();
                    let written = p
                        .value
                        .as_text()
                        .map_or_else(|| p.value.to_string(), str::to_owned);
                    Diagnostic::unsupported(
                        format!("externaldata format '{written}'"),
                        p.value_span,
                    )
                    .with_help(format!("kqlake reads {}", known.join(", ")))
                })?);
            }
            "ignorefirstrecord" => match p.value {
                ParameterValue::Bool(b) => out.ignore_first_record = b,
                _ => {
                    return Err(Diagnostic::semantic(
                        format!("expected true or false for {}, found {}", p.name, p.value),
                        p.value_span,
                    ));
                }
            },
            _ => {
                return Err(Diagnostic::unsupported(
                    format!("the externaldata property '{}'", p.name),
                    p.name_span,
                )
                .with_help("kqlake supports format= and ignoreFirstRecord="));
            }
        }
    }
    Ok(out)
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `externaldata`.
    pub(crate) fn externaldata_to_plan(
        &self,
        externaldata: &Externaldata,
    ) -> Result<Relation, Diagnostic> {
        // 1. The declared columns.
        let mut declared: Vec<(String, KqlType)> = Vec::with_capacity(externaldata.columns.len());
        for c in &externaldata.columns {
            if declared.iter().any(|(n, _)| *n == c.name.name) {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{}'", c.name.name),
                    c.name.span,
                ));
            }
            if c.kql_type == KqlType::Decimal {
                return Err(Diagnostic::unsupported(
                    "an externaldata column of type decimal",
                    c.span,
                ));
            }
            declared.push((c.name.name.clone(), c.kql_type));
        }
        // 2. The properties and the local files.
        let props = properties(&externaldata.properties)?;
        let mut paths = Vec::with_capacity(externaldata.paths.len());
        for expr in &externaldata.paths {
            let text = path_literal(expr).ok_or_else(|| {
                Diagnostic::unsupported(
                    "an externaldata path that is not a string literal",
                    expr.span,
                )
            })?;
            paths.push(local_path(text, expr.span)?);
        }
        let format = props
            .format
            .or_else(|| paths.first().and_then(|p| ExternalFormat::from_path(p)))
            .unwrap_or(ExternalFormat::Csv);
        // 3. The catalog reads the files; a fault in one points at its path.
        let request = ExternalDataRequest {
            columns: &declared,
            paths: &paths,
            format,
            ignore_first_record: props.ignore_first_record,
        };
        let table = self.catalog.external_data(&request).map_err(|e| {
            let span = e
                .path
                .and_then(|i| externaldata.paths.get(i))
                .map_or(externaldata.span, |p| p.span);
            Diagnostic::new(DiagnosticKind::Data, e.message).with_span(span)
        })?;
        // 4. A scan, then each declared column by name in its declared type: null (`""` for
        //    strings) where the files have no such column, null where a value does not convert.
        let reference = TableReference::bare(SCAN_NAME);
        let schema = table.source.schema();
        let builder =
            LogicalPlanBuilder::scan(reference.clone(), table.source, None).map_err(internal)?;
        let mut exprs = Vec::with_capacity(declared.len());
        let mut columns = Vec::with_capacity(declared.len());
        for (name, ty) in &declared {
            let canonical = kql_to_arrow(*ty);
            let found = table.columns.iter().find(|(n, _)| n == name).or_else(|| {
                table
                    .columns
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
            });
            let mut e = match found {
                Some((file_name, _)) => {
                    let field = schema.field_with_name(file_name).map_err(internal)?;
                    let e = Expr::Column(DfColumn::new(Some(reference.clone()), file_name.clone()));
                    if field.data_type() == &canonical {
                        e
                    } else {
                        Expr::TryCast(TryCast::new(Box::new(e), canonical.clone()))
                    }
                }
                None => Expr::Literal(
                    datafusion::common::ScalarValue::try_from(&canonical).map_err(internal)?,
                    None,
                ),
            };
            if matches!(ty, KqlType::String | KqlType::Guid) {
                e = coalesce(vec![e, lit("")]);
            }
            exprs.push(e.alias(name.clone()));
            columns.push(Column::new(name.clone(), *ty));
        }
        let plan = builder
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;
    use kql_syntax::{DiagnosticKind, Span};
    use std::path::PathBuf;

    #[test]
    fn local_paths_and_file_urls_are_read_other_urls_rejected() {
        let span = Span::new(0, 1);
        let path = |text| local_path(text, span).map_err(|d| (d.kind, d.message));
        assert_eq!(path("data/a.csv"), Ok(PathBuf::from("data/a.csv")));
        assert_eq!(path("/abs/a.csv"), Ok(PathBuf::from("/abs/a.csv")));
        assert_eq!(path("file:///abs/a.csv"), Ok(PathBuf::from("/abs/a.csv")));
        assert_eq!(
            path("file://localhost/abs/a.csv"),
            Ok(PathBuf::from("/abs/a.csv"))
        );
        let (kind, message) = path("https://example.com/a.csv").unwrap_err();
        assert_eq!(kind, DiagnosticKind::Unsupported);
        assert_eq!(
            message,
            "externaldata from a https:// URL ('https://example.com/a.csv') is not supported yet"
        );
        let long = format!("https://example.com/{}", "x".repeat(100));
        assert!(path(&long).unwrap_err().1.contains("xxx…')"));
        assert_eq!(path("").unwrap_err().1, "an empty externaldata path");
    }
}
