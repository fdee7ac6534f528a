//! `make-series`: aggregates into arrays along an axis, one row per group.

use super::OperatorName;
use super::operand::{OperatorParameter, operator_parameter};
use super::summarize::by_clause;
use super::{named_expression, write_list};
use crate::ast::{Expr, Ident, OperatorKind, ProjectItem};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, name, punct, require, ws};
use crate::parser::{Input, PResult};
use std::fmt;

/// `make-series [kind=nonempty] [Name =] Agg(…) [default = v], … on Axis from a to b step s
/// [by Key, …]` (or `on Axis in range(a, b, s)`).
#[derive(Debug, Clone, PartialEq)]
pub struct MakeSeries {
    /// `kind=…` and `hint.…` parameters before the items.
    pub parameters: Vec<OperatorParameter>,
    /// The aggregates with their defaults.
    pub items: Vec<MakeSeriesItem>,
    /// The axis column after `on`.
    pub axis: Ident,
    /// `from`/`to`/`step`, or `in range(…)`.
    pub range: MakeSeriesRange,
    /// The group keys after `by`.
    pub by: Vec<ProjectItem>,
}

/// `[Name =] Agg(…) [default = v]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MakeSeriesItem {
    /// The aggregate, with its name if written.
    pub item: ProjectItem,
    /// The value of bins without rows (`default = v`), if written.
    pub default: Option<Expr>,
}

/// The axis range of `make-series`.
#[derive(Debug, Clone, PartialEq)]
pub enum MakeSeriesRange {
    /// `[from start] [to end] step s`: bins start at `start`; `end` is exclusive.
    Bounds {
        /// `from start`.
        from: Option<Expr>,
        /// `to end`.
        to: Option<Expr>,
        /// `step s`.
        step: Expr,
    },
    /// `in range(start, stop, step)`: bins aligned with `bin()`; `stop` is inclusive.
    InRange {
        /// The start.
        start: Expr,
        /// The inclusive stop.
        stop: Expr,
        /// The step.
        step: Expr,
    },
}

/// `make-series`.
///
/// ```ebnf
/// make_series_operator ::= "make-series" operator_parameter* make_series_item
///                          ("," make_series_item)* "on" name make_series_range [by_clause]
/// make_series_item     ::= named_expression ["default" "=" expression]
/// make_series_range    ::= ["from" expression] ["to" expression] "step" expression
///                        | "in" "range" "(" expression "," expression "," expression ")"
/// ```
pub(crate) fn make_series_operator(
    name_: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    // Parameters: `kind=nonempty`, `hint.shufflekey=k`.
    let mut parameters = Vec::new();
    let mut rest = input;
    loop {
        let (at, ()) = ws(rest)?;
        let starts = at.fragment().starts_with("kind") || at.fragment().starts_with("hint.");
        match operator_parameter(at) {
            Ok((after, p)) if starts && (p.name == "kind" || p.name.starts_with("hint.")) => {
                parameters.push(p);
                rest = after;
            }
            _ => break,
        }
    }
    let mut items = Vec::new();
    loop {
        let (after, item) = require(named_expression(rest), rest, || {
            if items.is_empty() {
                format!("expected an aggregate after '{name_}'")
            } else {
                "expected an aggregate after ','".to_owned()
            }
        })?;
        rest = after;
        let mut default = None;
        if let Ok((after_default, _)) = keyword("default")(rest) {
            let Ok((after_eq, _)) = punct("=")(after_default) else {
                return Err(expected_failure(
                    "expected '=' after 'default'",
                    after_default,
                ));
            };
            let (after, value) = require(expression(after_eq), after_eq, || {
                "expected a value after 'default ='".to_owned()
            })?;
            default = Some(value);
            rest = after;
        }
        items.push(MakeSeriesItem { item, default });
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    let Ok((after_on, _)) = keyword("on")(rest) else {
        return Err(expected_failure(
            "expected 'on' and the axis column after the aggregates of 'make-series'",
            rest,
        ));
    };
    let (rest, axis) = require(name(after_on), after_on, || {
        "expected the axis column after 'on'".to_owned()
    })?;
    let (rest, range) = make_series_range(rest)?;
    let (rest, by) = match keyword("by")(rest) {
        Ok((after_by, _)) => by_clause(after_by)?,
        Err(_) => (rest, Vec::new()),
    };
    Ok((
        rest,
        OperatorKind::MakeSeries(MakeSeries {
            parameters,
            items,
            axis,
            range,
            by,
        }),
    ))
}

/// The axis range after `on Axis`.
fn make_series_range(input: Input<'_>) -> PResult<'_, MakeSeriesRange> {
    if let Ok((after_in, _)) = keyword("in")(input) {
        let Ok((after_range, _)) = keyword("range")(after_in) else {
            return Err(expected_failure("expected 'range(' after 'in'", after_in));
        };
        let Ok((mut rest, _)) = punct("(")(after_range) else {
            return Err(expected_failure("expected '(' after 'range'", after_range));
        };
        let mut parts = Vec::new();
        for i in 0..3 {
            let (after, e) = require(expression(rest), rest, || {
                [
                    "expected the start",
                    "expected the stop",
                    "expected the step",
                ][i]
                    .to_owned()
            })?;
            parts.push(e);
            let close = if i == 2 { ")" } else { "," };
            let Ok((after_punct, _)) = punct(close)(after) else {
                return Err(expected_failure(&format!("expected '{close}'"), after));
            };
            rest = after_punct;
        }
        let [start, stop, step]: [Expr; 3] = parts
            .try_into()
            .map_err(|_| expected_failure("expected range(start, stop, step)", rest))?;
        return Ok((rest, MakeSeriesRange::InRange { start, stop, step }));
    }
    let mut rest = input;
    let mut from = None;
    let mut to = None;
    if let Ok((after, _)) = keyword("from")(rest) {
        let (after, e) = require(expression(after), after, || {
            "expected a start after 'from'".to_owned()
        })?;
        from = Some(e);
        rest = after;
    }
    if let Ok((after, _)) = keyword("to")(rest) {
        let (after, e) = require(expression(after), after, || {
            "expected an end after 'to'".to_owned()
        })?;
        to = Some(e);
        rest = after;
    }
    let Ok((after_step, _)) = keyword("step")(rest) else {
        return Err(expected_failure(
            "expected 'step' (or 'from', 'to', 'in range(…)') after the axis column",
            rest,
        ));
    };
    let (rest, step) = require(expression(after_step), after_step, || {
        "expected a step after 'step'".to_owned()
    })?;
    Ok((rest, MakeSeriesRange::Bounds { from, to, step }))
}

/// `make-series kind=nonempty n = count() default = 0, avg(x) on t from a to b step 1h by k`.
impl fmt::Display for MakeSeries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("make-series")?;
        for p in &self.parameters {
            write!(f, " {p}")?;
        }
        f.write_str(" ")?;
        write_list(f, &self.items)?;
        write!(f, " on {}", self.axis)?;
        match &self.range {
            MakeSeriesRange::Bounds { from, to, step } => {
                if let Some(from) = from {
                    write!(f, " from {from}")?;
                }
                if let Some(to) = to {
                    write!(f, " to {to}")?;
                }
                write!(f, " step {step}")?;
            }
            MakeSeriesRange::InRange { start, stop, step } => {
                write!(f, " in range({start}, {stop}, {step})")?;
            }
        }
        if !self.by.is_empty() {
            f.write_str(" by ")?;
            write_list(f, &self.by)?;
        }
        Ok(())
    }
}

/// `n = count() default = 0`.
impl fmt::Display for MakeSeriesItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.item)?;
        if let Some(d) = &self.default {
            write!(f, " default = {d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::assert_round_trip;

    #[test]
    fn forms_round_trip() {
        for text in [
            "T | make-series avg(x) on t from datetime(2017-01-01T00:00:00Z) to datetime(2017-01-10T00:00:00Z) step 1d",
            "T | make-series kind=nonempty n = count() default = 1, sum(x) on t step 1h by k, c = tostring(d)",
            "T | make-series count() on t in range(0, 10, 2)",
            "T | make-series hint.shufflekey=k count() on t to 5 step 1 by k",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
        assert_eq!(
            assert_round_trip("T | make-series avg(x) default=0 on t from 1 to 9 step 2"),
            "T | make-series avg(x) default = 0 on t from 1 to 9 step 2"
        );
    }
}
