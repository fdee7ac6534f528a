//! `parse` and `parse-where`: columns extracted from a string by a pattern.
//!
//! The pattern compiles to one regex at plan time (`kql_functions::parse`, which documents
//! how each part translates); a UDF runs it once per row and returns whether it matched and
//! each column's text, which is converted to the column's type as the `to*()` functions
//! convert strings. `simple` and `regex` are strict: a row that does not match, or whose typed
//! columns do not all convert, gets null in every column (`""` for strings); `relaxed` nulls
//! only the columns that do not convert. `parse-where` keeps only the rows that `parse` would
//! fill.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::logical_expr::{Expr, when};
use kql_functions::TypedExpr;
use kql_functions::conversion::from_string;
use kql_functions::parse::{ParseMode, PatternPart, field, parse_captures, pattern_regex};
use kql_syntax::ast::{Parse, ParseKind, ParsePart};
use kql_syntax::{Diagnostic, KqlType};

/// The hidden column holding the captures struct.
const CAPTURES: &str = "__kqlake_parse";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `parse` (`keep_unmatched`) or `parse-where`.
    pub(crate) fn parse_to_plan(
        &self,
        node: &Parse,
        input: Relation,
        keep_unmatched: bool,
    ) -> Result<Relation, Diagnostic> {
        let operator = if keep_unmatched {
            "parse"
        } else {
            "parse-where"
        };
        let mode = match node.kind {
            None | Some(ParseKind::Simple) => ParseMode::Simple,
            Some(ParseKind::Regex) => ParseMode::Regex,
            Some(ParseKind::Relaxed) => ParseMode::Relaxed,
        };
        // 1. The columns and the regex.
        let mut parts = Vec::with_capacity(node.pattern.len());
        let mut columns: Vec<Column> = Vec::new();
        let mut after_string_column = false;
        for part in &node.pattern {
            match part {
                ParsePart::Star(span) => {
                    if after_string_column {
                        return Err(Diagnostic::semantic(
                            format!("'*' cannot follow a string column in {operator}"),
                            *span,
                        )
                        .with_help(
                            "put a string constant between them, or give the column a type",
                        ));
                    }
                    parts.push(PatternPart::Star);
                }
                ParsePart::Text { text, .. } => parts.push(PatternPart::Text(text)),
                ParsePart::Column { name, kql_type, .. } => {
                    let ty = kql_type.unwrap_or(KqlType::String);
                    if ty == KqlType::Decimal {
                        return Err(Diagnostic::unsupported(
                            format!("a decimal column in {operator}"),
                            part.span(),
                        ));
                    }
                    if columns.iter().any(|c| c.name == name.name) {
                        return Err(Diagnostic::semantic(
                            format!("column '{}' appears twice in the pattern", name.name),
                            name.span,
                        ));
                    }
                    columns.push(Column::new(name.name.clone(), ty));
                    parts.push(PatternPart::Column(ty));
                }
            }
            after_string_column = matches!(
                part,
                ParsePart::Column {
                    kql_type: None | Some(KqlType::String),
                    ..
                }
            );
        }
        let flags = node.flags.as_ref().map_or("", |f| f.name.as_str());
        let regex = pattern_regex(&parts, mode, flags).map_err(|message| {
            let span = match &node.flags {
                Some(flags) if message.contains("flag") => flags.span,
                _ => {
                    let first = node.pattern.first().map(ParsePart::span);
                    let last = node.pattern.last().map(ParsePart::span);
                    first.zip(last).map_or(node.expr.span, |(a, b)| a.to(b))
                }
            };
            Diagnostic::semantic(message, span)
        })?;
        // 2. The parsed value, as a string.
        let value = self.expr_to_df(&node.expr, &input.columns)?;
        let text = if value.kql_type == KqlType::String {
            value
        } else {
            self.functions
                .get("tostring")
                .ok_or_else(|| internal("tostring is not registered"))?
                .plan_scalar(vec![value], &self.call_context)
                .map_err(|e| Diagnostic::semantic(e.message, node.expr.span))?
        };
        // 3. The captures beside the input's columns.
        let mut exprs: Vec<Expr> = input.columns.iter().map(Column::reference).collect();
        exprs.push(parse_captures(text.expr, regex, columns.len()).alias(CAPTURES));
        let mut builder = input.builder().project(exprs).map_err(internal)?;
        // 4. Each column converted; `ok` says whether the row's values stand.
        let captures = column_ref(CAPTURES);
        let matched = field(captures.clone(), "matched");
        let mut converted = Vec::with_capacity(columns.len());
        let mut all_convert = matched.clone();
        for (i, c) in columns.iter().enumerate() {
            let raw = TypedExpr::new(field(captures.clone(), &format!("c{i}")), KqlType::String);
            let value = from_string(raw, c.kql_type);
            if c.kql_type != KqlType::String && mode != ParseMode::Relaxed {
                all_convert = all_convert.and(value.expr.clone().is_not_null());
            }
            converted.push(value);
        }
        let ok = if mode == ParseMode::Relaxed {
            matched
        } else {
            all_convert
        };
        if !keep_unmatched {
            builder = builder.filter(ok.clone()).map_err(internal)?;
        }
        let finish = |value: TypedExpr, name: &str| -> Result<Expr, Diagnostic> {
            let expr = if keep_unmatched {
                when(ok.clone(), value.expr)
                    .otherwise(TypedExpr::null(value.kql_type).expr)
                    .map_err(internal)?
            } else {
                value.expr
            };
            Ok(expr.alias(name))
        };
        // 5. Parsed columns replace their namesakes in place; new ones follow in order.
        let mut exprs = Vec::new();
        let mut out = Vec::new();
        let mut placed = vec![false; columns.len()];
        for c in &input.columns {
            match columns.iter().position(|p| p.name == c.name) {
                Some(i) => {
                    exprs.push(finish(converted[i].clone(), &c.name)?);
                    out.push(columns[i].clone());
                    placed[i] = true;
                }
                None => {
                    exprs.push(c.reference());
                    out.push(c.clone());
                }
            }
        }
        for (i, c) in columns.iter().enumerate() {
            if !placed[i] {
                exprs.push(finish(converted[i].clone(), &c.name)?);
                out.push(c.clone());
            }
        }
        let plan = builder
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns: out })
    }
}
