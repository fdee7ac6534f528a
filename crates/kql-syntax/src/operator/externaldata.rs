//! `externaldata (cols) [paths] with (properties)`: a source whose rows are read from files.
//!
//! The parser keeps the paths as expressions and the properties as written; the planner
//! checks them (local files only, known formats) and `kql-exports` reads the files.

use super::operand::{OperatorParameter, operator_parameter};
use super::source::row_schema;
use super::write_list;
use crate::Span;
use crate::ast::{DatatableColumn, Expr};
use crate::parser::expr::expression;
use crate::parser::lexical::{keyword, punct, require, span_from};
use crate::parser::{Input, PResult};
use std::fmt;

/// The `externaldata` source.
#[derive(Debug, Clone, PartialEq)]
pub struct Externaldata {
    /// The declared columns, in order.
    pub columns: Vec<DatatableColumn>,
    /// The storage paths (Kusto: connection strings), usually string literals.
    pub paths: Vec<Expr>,
    /// The `with (…)` properties, as written: `format="csv"`, `ignoreFirstRecord=true`.
    pub properties: Vec<OperatorParameter>,
    /// From the keyword to the closing `]` or `)`.
    pub span: Span,
}

/// The file formats kqlake's `externaldata` reads (Kusto's ingestion formats of the same
/// names; ingestion-supported-formats.md). The planner reads `format=` into one; `kql-exports`
/// reads the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternalFormat {
    /// `csv`: comma-separated values (RFC 4180).
    Csv,
    /// `tsv`: tab-separated values.
    Tsv,
    /// `scsv`: semicolon-separated values.
    Scsv,
    /// `psv`: pipe-separated values.
    Psv,
    /// `txt`: one record per line, the whole line in the first column; empty lines skipped.
    Txt,
    /// `json`: JSON lines, one object per line.
    Json,
    /// `multijson`: JSON objects separated by whitespace, or arrays of objects.
    MultiJson,
    /// `parquet`.
    Parquet,
}

impl ExternalFormat {
    /// Every format, for messages.
    pub const ALL: [ExternalFormat; 8] = [
        ExternalFormat::Csv,
        ExternalFormat::Tsv,
        ExternalFormat::Scsv,
        ExternalFormat::Psv,
        ExternalFormat::Txt,
        ExternalFormat::Json,
        ExternalFormat::MultiJson,
        ExternalFormat::Parquet,
    ];

    /// The format's name, as `format=` spells it.
    pub fn name(self) -> &'static str {
        match self {
            ExternalFormat::Csv => "csv",
            ExternalFormat::Tsv => "tsv",
            ExternalFormat::Scsv => "scsv",
            ExternalFormat::Psv => "psv",
            ExternalFormat::Txt => "txt",
            ExternalFormat::Json => "json",
            ExternalFormat::MultiJson => "multijson",
            ExternalFormat::Parquet => "parquet",
        }
    }

    /// The format called `name` (case-insensitive, as Kusto's format names are).
    pub fn from_name(name: &str) -> Option<ExternalFormat> {
        ExternalFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The format a file's extension implies (`.csv`, `.tsv.gz`, …), if any.
    pub fn from_path(path: &std::path::Path) -> Option<ExternalFormat> {
        let name = path.file_name()?.to_str()?;
        let name = name.strip_suffix(".gz").unwrap_or(name);
        let extension = name.rsplit_once('.')?.1;
        ExternalFormat::from_name(extension)
    }
}

/// `externaldata (a: long, …) [@"path", …] with (format="csv", …)`.
///
/// ```ebnf
/// externaldata_source ::= ("externaldata" | "external_data") row_schema
///                         "[" expression ("," expression)* [","] "]"
///                         ["with" "(" operator_parameter ("," operator_parameter)* ")"]
/// ```
pub(crate) fn externaldata_source(input: Input<'_>) -> PResult<'_, Externaldata> {
    let (after_kw, kw) = match keyword("externaldata")(input) {
        Ok(ok) => ok,
        Err(_) => keyword("external_data")(input)?,
    };
    let (after_close, columns) = row_schema(after_kw, "externaldata")?;
    let (mut rest, _) = require(punct("[")(after_close), after_close, || {
        "expected '[' and the file paths of externaldata".to_owned()
    })?;
    let mut paths = Vec::new();
    loop {
        let (after, path) = require(expression(rest), rest, || {
            "expected a file path (a string) in externaldata's '[…]'".to_owned()
        })?;
        paths.push(path);
        rest = after;
        let Ok((after_comma, _)) = punct(",")(rest) else {
            break;
        };
        rest = after_comma;
        if punct("]")(rest).is_ok() {
            break;
        }
    }
    let (mut rest, _) = require(punct("]")(rest), rest, || {
        "expected ',' or ']' after an externaldata path".to_owned()
    })?;
    let mut properties = Vec::new();
    if let Ok((after_with, _)) = keyword("with")(rest) {
        let (mut inner, _) = require(punct("(")(after_with), after_with, || {
            "expected '(' and properties such as format=\"csv\" after 'with'".to_owned()
        })?;
        loop {
            let (after, property) = require(operator_parameter(inner), inner, || {
                "expected a property 'name=value', such as format=\"csv\"".to_owned()
            })?;
            properties.push(property);
            inner = after;
            match punct(",")(inner) {
                Ok((after_comma, _)) => inner = after_comma,
                Err(_) => break,
            }
        }
        let (after_close, _) = require(punct(")")(inner), inner, || {
            "expected ',' or ')' after an externaldata property".to_owned()
        })?;
        rest = after_close;
    }
    Ok((
        rest,
        Externaldata {
            columns,
            paths,
            properties,
            span: span_from(kw.start, rest),
        },
    ))
}

/// `externaldata(a: long) ["path"] with (format="csv")`.
impl fmt::Display for Externaldata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("externaldata(")?;
        write_list(f, &self.columns)?;
        f.write_str(") [")?;
        write_list(f, &self.paths)?;
        f.write_str("]")?;
        if !self.properties.is_empty() {
            f.write_str(" with (")?;
            write_list(f, &self.properties)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::Syntax;
    use crate::ast::{ParameterValue, Source};
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn columns_paths_and_properties() {
        let text = "external_data (a: long, ['b c']: string) [h@'x.csv', 'y.csv',] \
                    with (format=csv, ignoreFirstRecord=TRUE, n=2)";
        let query = parse_query(text).unwrap();
        let Source::Externaldata(e) = &query.body.source else {
            panic!("externaldata")
        };
        assert_eq!(e.columns.len(), 2);
        assert_eq!(e.paths.len(), 2);
        let values: Vec<_> = e
            .properties
            .iter()
            .map(|p| (p.name.as_str(), &p.value))
            .collect();
        assert_eq!(
            values,
            [
                ("format", &ParameterValue::Word("csv".into())),
                ("ignoreFirstRecord", &ParameterValue::Bool(true)),
                ("n", &ParameterValue::Long(2)),
            ]
        );
        assert_eq!(e.span.text(text), text);
        assert_eq!(
            assert_round_trip(text),
            "externaldata(a: long, ['b c']: string) [\"x.csv\", \"y.csv\"] with (format=csv, \
             ignoreFirstRecord=true, n=2)"
        );
        assert_round_trip("externaldata(a: long) [\"x\"] | count");
    }

    #[test]
    fn errors_point_at_the_fault() {
        assert_error(
            "externaldata (a: long) [«]»",
            Syntax,
            "expected a file path (a string)",
        );
        assert_error(
            "externaldata (a: long) [\"x\"] with («)»",
            Syntax,
            "expected a property 'name=value'",
        );
        assert_error(
            "externaldata (a: long) [\"x\"] with (format=«,»)",
            Syntax,
            "expected a value after 'format='",
        );
        assert_error(
            "externaldata «[»\"x\"]",
            Syntax,
            "expected '(' and the columns",
        );
    }
}
