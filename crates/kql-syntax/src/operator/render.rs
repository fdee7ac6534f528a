//! `render`: asks the client to draw the result as a chart. The rows pass unchanged; the chart
//! type and its properties travel with the result (the planner's `Visualization`).
//!
//! Both forms Kusto.Language parses are read: the documented `render timechart with (title="t",
//! ycolumns=a, b)` and the older properties written before `with`: `render timechart
//! kind=stacked title="t" accumulate=true by a, b` (`by` gives the series columns). The chart
//! types are Kusto.Language's `ChartTypes`; the property names and their value kinds are those
//! of its `RenderWithProperties`.

use super::OperatorName;
use super::write_list;
use crate::ast::{Ident, Literal, OperatorKind};
use crate::parser::lexical::{
    advance, expected_failure, is_word_char, keyword, name, punct, require, span_from,
    syntax_failure, word, ws,
};
use crate::parser::literal::{literal, number_literal};
use crate::parser::string::{starts_string_part, string_literal};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// The chart types Kusto knows (Kusto.Language's `ChartTypes`; render-operator.md documents
/// all but `list`, `timeline`, `3Dchart`, `plotly`, `graph` and `sankey`).
pub const CHART_TYPES: &[&str] = &[
    "anomalychart",
    "areachart",
    "barchart",
    "card",
    "columnchart",
    "ladderchart",
    "linechart",
    "piechart",
    "pivotchart",
    "scatterchart",
    "stackedareachart",
    "table",
    "timechart",
    "timepivot",
    "treemap",
    "list",
    "timeline",
    "3Dchart",
    "plotly",
    "graph",
    "sankey",
];

/// `render Chart [legacy properties] [with (name = value, …)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Render {
    /// The chart type as written (one of [`CHART_TYPES`]).
    pub chart: Ident,
    /// Properties written before `with` (`kind=`, `title=`, `accumulate=`, `by a, b`), the
    /// older form; `by` is stored under the name `by`.
    pub legacy: Vec<RenderProperty>,
    /// The properties of `with (…)`, in order.
    pub properties: Vec<RenderProperty>,
}

/// One `name = value` of `render`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderProperty {
    /// The property name (`title`, `ycolumns`, …; `by` in the legacy form).
    pub name: Ident,
    /// Its value.
    pub value: RenderValue,
    /// Where the value is.
    pub value_span: Span,
}

/// The value of a `render` property, of the kind its name requires.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderValue {
    /// A keyword value: `kind=stacked`, `legend=hidden`, `xaxis=log`, `ysplit=panels`.
    Word(String),
    /// `title="…"`, `xtitle`, `ytitle`.
    String(String),
    /// `accumulate=true`.
    Bool(bool),
    /// `xcolumn=x` (one name), `ycolumns=a, b`, `series=…`, `anomalycolumns=…`, legacy `by`.
    Columns(Vec<Ident>),
    /// `ymin=-1.5`, `ymax=10` (a number, read as real).
    Real(f64),
    /// `xmin=…`, `xmax=…`: any literal (a number, a datetime, …).
    Literal(Literal),
}

/// The kinds of value [`RenderValue`] holds, by property.
#[derive(Clone, Copy)]
enum ValueKind {
    Words(&'static [&'static str]),
    String,
    Bool,
    Column,
    Columns,
    Real,
    Literal,
}

/// The properties of `with (…)`: Kusto.Language's `RenderWithProperties`.
const PROPERTIES: &[(&str, ValueKind)] = &[
    (
        "kind",
        ValueKind::Words(&["default", "unstacked", "stacked", "stacked100", "map"]),
    ),
    ("title", ValueKind::String),
    ("accumulate", ValueKind::Bool),
    ("xcolumn", ValueKind::Column),
    ("ycolumns", ValueKind::Columns),
    ("anomalycolumns", ValueKind::Columns),
    ("series", ValueKind::Columns),
    ("xtitle", ValueKind::String),
    ("ytitle", ValueKind::String),
    ("xaxis", ValueKind::Words(&["linear", "log"])),
    ("yaxis", ValueKind::Words(&["linear", "log"])),
    ("legend", ValueKind::Words(&["visible", "hidden"])),
    ("ysplit", ValueKind::Words(&["none", "axes", "panels"])),
    ("ymin", ValueKind::Real),
    ("ymax", ValueKind::Real),
    ("xmin", ValueKind::Literal),
    ("xmax", ValueKind::Literal),
];

/// The names the legacy form takes before `with` (`by` has no `=`).
const LEGACY: &[&str] = &["kind", "title", "accumulate"];

/// `render`: the chart type, legacy properties, then `with (…)`.
///
/// ```ebnf
/// render_operator ::= "render" chart_type render_legacy* ["with" "(" [","]
///                     [render_property ("," render_property)*] ")"]
/// chart_type      ::= [A-Za-z0-9_]+      (* one of Kusto's chart types *)
/// render_legacy   ::= ("kind" | "title" | "accumulate") "=" render_value | "by" name ("," name)*
/// render_property ::= word "=" render_value
/// render_value    ::= string_literal | ["-"] number_literal | literal | name ("," name)*
/// ```
///
/// Each property takes the value kind its name requires: a string (`title`, `xtitle`,
/// `ytitle`), `true`/`false` (`accumulate`), one column (`xcolumn`), a comma-separated list of
/// columns (`ycolumns`, `series`, `anomalycolumns`: a name followed by `=` starts the next
/// property), a number (`ymin`, `ymax`), any literal (`xmin`, `xmax`), or one of a few words
/// (`kind`, `legend`, `xaxis`, `yaxis`, `ysplit`).
pub(crate) fn render_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    let len = text.find(|c: char| !is_word_char(c)).unwrap_or(text.len());
    if len == 0 {
        return Err(expected_failure(
            "expected a chart type after 'render' (timechart, barchart, piechart, …)",
            at,
        ));
    }
    let (mut rest, span) = advance(at, len);
    let written = &text[..len];
    if !CHART_TYPES.contains(&written) {
        let diagnostic = Diagnostic::syntax(format!("unknown chart type '{written}'"), span);
        let help = match CHART_TYPES
            .iter()
            .find(|known| known.eq_ignore_ascii_case(written))
        {
            Some(known) => format!("chart types are case-sensitive: did you mean '{known}'?"),
            None => format!("the chart types are {}", CHART_TYPES.join(", ")),
        };
        return Err(nom::Err::Failure(crate::parser::lexical::SyntaxError::new(
            diagnostic.with_help(help),
        )));
    }
    let chart = Ident {
        name: written.to_owned(),
        span,
    };
    let mut legacy = Vec::new();
    loop {
        if let Ok((after_by, by)) = keyword("by")(rest) {
            let (after, columns) = column_list(after_by, "by")?;
            let value_span = columns[0].span.to(columns[columns.len() - 1].span);
            legacy.push(RenderProperty {
                name: Ident {
                    name: "by".to_owned(),
                    span: by,
                },
                value: RenderValue::Columns(columns),
                value_span,
            });
            rest = after;
            continue;
        }
        match word(rest) {
            Ok((after_name, (text, _)))
                if LEGACY.contains(&text) && punct("=")(after_name).is_ok() =>
            {
                let (after, property) = render_property(rest)?;
                legacy.push(property);
                rest = after;
            }
            _ => break,
        }
    }
    let mut properties = Vec::new();
    if let Ok((after_with, _)) = keyword("with")(rest) {
        let (after_open, _) = require(punct("(")(after_with), after_with, || {
            "expected '(' after 'with'".to_owned()
        })?;
        rest = after_open;
        if let Ok((after, _)) = punct(",")(rest) {
            rest = after;
        }
        if punct(")")(rest).is_err() {
            loop {
                let (after, property) = render_property(rest)?;
                properties.push(property);
                rest = after;
                match punct(",")(rest) {
                    Ok((after_comma, _)) => rest = after_comma,
                    Err(_) => break,
                }
            }
        }
        let (after_close, _) = require(punct(")")(rest), rest, || {
            "expected ',' or ')' after a render property".to_owned()
        })?;
        rest = after_close;
    }
    Ok((
        rest,
        OperatorKind::Render(Render {
            chart,
            legacy,
            properties,
        }),
    ))
}

/// One `name = value`, its value read as the name requires.
fn render_property(input: Input<'_>) -> PResult<'_, RenderProperty> {
    let (after_name, (text, name_span)) = require(word(input), input, || {
        "expected a render property (title, xcolumn, ycolumns, series, kind, …)".to_owned()
    })?;
    let Some(&(_, kind)) = PROPERTIES.iter().find(|(known, _)| *known == text) else {
        let names: Vec<&str> = PROPERTIES.iter().map(|(n, _)| *n).collect();
        return Err(nom::Err::Failure(crate::parser::lexical::SyntaxError::new(
            Diagnostic::syntax(format!("unknown render property '{text}'"), name_span)
                .with_help(format!("render's properties are {}", names.join(", "))),
        )));
    };
    let property_name = Ident {
        name: text.to_owned(),
        span: name_span,
    };
    let (after_eq, _) = require(punct("=")(after_name), after_name, || {
        format!("expected '=' after '{text}'")
    })?;
    let (value_at, ()) = ws(after_eq)?;
    let expected = || format!("expected {} after '{text}='", describe(kind));
    let (rest, value) = match kind {
        ValueKind::Words(words) => {
            let (rest, (w, span)) = require(word(value_at), value_at, expected)?;
            if !words.contains(&w) {
                return Err(syntax_failure(
                    format!("expected {} after '{text}=', found '{w}'", describe(kind)),
                    span,
                ));
            }
            (rest, RenderValue::Word(w.to_owned()))
        }
        ValueKind::String => {
            if !starts_string_part(value_at.fragment()) {
                return Err(expected_failure(&expected(), value_at));
            }
            let (rest, (s, _)) = string_literal(value_at)?;
            (rest, RenderValue::String(s))
        }
        ValueKind::Bool => match require(literal(value_at), value_at, expected)? {
            (rest, (Literal::Bool(b), _)) => (rest, RenderValue::Bool(b)),
            (_, (_, span)) => return Err(syntax_failure(expected(), span)),
        },
        ValueKind::Column => {
            let (rest, column) = require(name(value_at), value_at, expected)?;
            (rest, RenderValue::Columns(vec![column]))
        }
        ValueKind::Columns => {
            let (rest, columns) = column_list(value_at, text)?;
            (rest, RenderValue::Columns(columns))
        }
        ValueKind::Real => {
            let (after_sign, negative) = match punct("-")(value_at) {
                Ok((after, _)) => (after, true),
                Err(_) => (value_at, false),
            };
            let (rest, (number, span)) = require(number_literal(after_sign), after_sign, expected)?;
            let value = match number {
                Literal::Long(v) => v as f64,
                Literal::Real(v) => v,
                _ => return Err(syntax_failure(expected(), span)),
            };
            (
                rest,
                RenderValue::Real(if negative { -value } else { value }),
            )
        }
        ValueKind::Literal => {
            let (rest, (value, _)) = require(literal(value_at), value_at, expected)?;
            (rest, RenderValue::Literal(value))
        }
    };
    let value_span = span_from(value_at.location_offset(), rest);
    Ok((
        rest,
        RenderProperty {
            name: property_name,
            value,
            value_span,
        },
    ))
}

/// `a, b, c` after `ycolumns=` or `by`: names separated by commas, stopping before a name that
/// is followed by `=` (the next property).
fn column_list<'a>(input: Input<'a>, after: &str) -> PResult<'a, Vec<Ident>> {
    let (mut rest, first) = require(name(input), input, || {
        format!("expected a column name after '{after}'")
    })?;
    let mut columns = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        match name(after_comma) {
            Ok((after_name, column)) if punct("=")(after_name).is_err() => {
                columns.push(column);
                rest = after_name;
            }
            _ => break,
        }
    }
    Ok((rest, columns))
}

/// "a string", "one of linear, log", … for messages.
fn describe(kind: ValueKind) -> String {
    match kind {
        ValueKind::Words(words) => format!("one of {}", words.join(", ")),
        ValueKind::String => "a string".to_owned(),
        ValueKind::Bool => "true or false".to_owned(),
        ValueKind::Column => "a column name".to_owned(),
        ValueKind::Columns => "column names".to_owned(),
        ValueKind::Real => "a number".to_owned(),
        ValueKind::Literal => "a literal".to_owned(),
    }
}

/// `render timechart kind=stacked with (title="t", ycolumns=a, b)`.
impl fmt::Display for Render {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "render {}", self.chart.name)?;
        for property in &self.legacy {
            if property.name.name == "by" {
                write!(f, " by {}", property.value)?;
            } else {
                write!(f, " {property}")?;
            }
        }
        if !self.properties.is_empty() {
            f.write_str(" with (")?;
            write_list(f, &self.properties)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// `name=value`.
impl fmt::Display for RenderProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name.name, self.value)
    }
}

/// The value as canonical KQL; a column list as `a, b`.
impl fmt::Display for RenderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderValue::Word(w) => f.write_str(w),
            RenderValue::String(s) => write!(f, "{}", Literal::String(s.clone())),
            RenderValue::Bool(b) => write!(f, "{b}"),
            RenderValue::Columns(columns) => write_list(f, columns),
            RenderValue::Real(v) => {
                if *v < 0.0 {
                    write!(f, "-{}", Literal::Real(-v))
                } else {
                    write!(f, "{}", Literal::Real(*v))
                }
            }
            RenderValue::Literal(literal) => write!(f, "{literal}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Render, RenderValue};
    use crate::DiagnosticKind::Syntax;
    use crate::ast::OperatorKind;
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    fn render(text: &str) -> Render {
        let query = parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match query.body.operators.last().map(|o| &o.kind) {
            Some(OperatorKind::Render(render)) => render.clone(),
            other => panic!("not a render: {other:?}"),
        }
    }

    #[test]
    fn column_lists_stop_before_the_next_property() {
        let r = render("T | render timechart with (ycolumns=a, ['b c'], series=s, title='t')");
        let names: Vec<&str> = r.properties.iter().map(|p| p.name.name.as_str()).collect();
        assert_eq!(names, ["ycolumns", "series", "title"]);
        let RenderValue::Columns(columns) = &r.properties[0].value else {
            panic!()
        };
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[1].name, "b c");
    }

    #[test]
    fn both_forms_round_trip() {
        for text in [
            "T | render timechart",
            "T | render barchart kind=stacked title=\"t\" accumulate=true by a, b",
            "T | render linechart with (ymin=-1.5, ymax=10.0, xmin=datetime(2024-01-01T00:00:00Z))",
            "T | render piechart with (legend=hidden, kind=map)",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
        // `with ()` and a leading comma are accepted, as Kusto.Language accepts them.
        assert_eq!(
            assert_round_trip("T | render table with (, title='x')"),
            "T | render table with (title=\"x\")"
        );
        assert_eq!(
            assert_round_trip("T | render table with ()"),
            "T | render table"
        );
    }

    #[test]
    fn errors_are_positioned() {
        assert_error(
            "T | render «»",
            Syntax,
            "expected a chart type after 'render'",
        );
        assert_error("T | render «Timechart»", Syntax, "unknown chart type");
        assert_error(
            "T | render timechart with («foo»=1)",
            Syntax,
            "unknown render property 'foo'",
        );
        assert_error(
            "T | render timechart with (accumulate=«1»)",
            Syntax,
            "expected true or false after 'accumulate='",
        );
        assert_error(
            "T | render timechart with (ymin=«x»)",
            Syntax,
            "expected a number after 'ymin='",
        );
        assert_error(
            "T | render timechart with «title»=1",
            Syntax,
            "expected '(' after 'with'",
        );
    }
}
