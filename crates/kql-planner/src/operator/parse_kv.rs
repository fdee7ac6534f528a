//! `parse-kv Expr as (Key: type, …) with (…)`: the listed keys' values from a string of
//! key-value pairs, converted to their types (`kql_functions::parse_kv` documents the
//! extraction); a key that does not appear is null (`""` for a string). A key named like an
//! input column replaces it where it stands; the others are appended in order.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::logical_expr::{Expr, lit, when};
use kql_functions::TypedExpr;
use kql_functions::conversion::from_string;
use kql_functions::parse::field;
use kql_functions::parse_kv::{KvOptions, parse_kv};
use kql_syntax::ast::{OperatorParameter, ParameterValue, ParseKv};
use kql_syntax::{Diagnostic, KqlType};

/// The hidden column holding the values struct.
const VALUES: &str = "__kqlake_parse_kv";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `parse-kv`.
    pub(crate) fn parse_kv_to_plan(
        &self,
        node: &ParseKv,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. The keys and the options.
        let mut keys: Vec<Column> = Vec::with_capacity(node.keys.len());
        for key in &node.keys {
            if keys.iter().any(|k| k.name == key.name.name) {
                return Err(Diagnostic::semantic(
                    format!("key '{}' is listed twice", key.name.name),
                    key.name.span,
                ));
            }
            if key.kql_type == KqlType::Decimal {
                return Err(Diagnostic::unsupported(
                    "a decimal key in parse-kv",
                    key.span,
                ));
            }
            keys.push(Column::new(key.name.name.clone(), key.kql_type));
        }
        let options = kv_options(&node.options)?;
        options.check().map_err(|message| {
            let span = node
                .options
                .first()
                .zip(node.options.last())
                .map_or(node.expr.span, |(a, b)| a.span().to(b.span()));
            Diagnostic::semantic(message, span)
        })?;
        // 2. The string, and the values beside the input's columns.
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
        let names: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
        let mut exprs: Vec<Expr> = input.columns.iter().map(Column::reference).collect();
        exprs.push(parse_kv(text.expr, &options, &names).alias(VALUES));
        let builder = input.builder().project(exprs).map_err(internal)?;
        // 3. Each key's column, converted.
        let converted: Vec<Expr> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let raw = field(column_ref(VALUES), &format!("k{i}"));
                if k.kql_type == KqlType::String {
                    when(raw.clone().is_not_null(), raw)
                        .otherwise(lit(""))
                        .map_err(internal)
                } else {
                    Ok(from_string(TypedExpr::new(raw, KqlType::String), k.kql_type).expr)
                }
            })
            .collect::<Result<_, _>>()?;
        let mut exprs = Vec::new();
        let mut columns = Vec::new();
        let mut placed = vec![false; keys.len()];
        for c in &input.columns {
            match keys.iter().position(|k| k.name == c.name) {
                Some(i) => {
                    exprs.push(converted[i].clone().alias(&c.name));
                    columns.push(keys[i].clone());
                    placed[i] = true;
                }
                None => {
                    exprs.push(c.reference());
                    columns.push(c.clone());
                }
            }
        }
        for (i, k) in keys.iter().enumerate() {
            if !placed[i] {
                exprs.push(converted[i].clone().alias(&k.name));
                columns.push(k.clone());
            }
        }
        let plan = builder
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

/// The `with (…)` options (their names and value kinds were checked by the parser).
fn kv_options(parameters: &[OperatorParameter]) -> Result<KvOptions, Diagnostic> {
    let mut options = KvOptions::default();
    for p in parameters {
        let text = match &p.value {
            ParameterValue::String(s) => s.as_str(),
            _ => "",
        };
        let single = |what: &str| -> Result<char, Diagnostic> {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(Diagnostic::semantic(
                    format!("{what} is one character"),
                    p.value_span,
                )),
            }
        };
        match p.name.as_str() {
            "pair_delimiter" => options.pair_delimiter = Some(text.to_owned()),
            "kv_delimiter" => options.kv_delimiter = Some(text.to_owned()),
            "quote" => {
                let mut chars = text.chars();
                let pair = match (chars.next(), chars.next(), chars.next()) {
                    (Some(q), None, None) => (q, q),
                    (Some(open), Some(close), None) => (open, close),
                    _ => {
                        return Err(Diagnostic::semantic(
                            "quote= is one character, or an opening and a closing one",
                            p.value_span,
                        ));
                    }
                };
                options.quotes.push(pair);
            }
            "escape" => options.escapes.push(single("escape=")?),
            "greedy" => options.greedy = matches!(p.value, ParameterValue::Bool(true)),
            "regex" => options.regex = Some(text.to_owned()),
            other => {
                return Err(Diagnostic::semantic(
                    format!("unknown parse-kv option '{other}'"),
                    p.name_span,
                ));
            }
        }
    }
    Ok(options)
}
