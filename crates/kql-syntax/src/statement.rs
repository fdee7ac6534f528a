//! Query statements before a query's tabular expression — `let`, `set`, `declare
//! query_parameters` — and user-defined functions (`(x:long) { … }`, `view () { … }`): AST
//! nodes, parser fns and canonical `Display`.
//!
//! A query is `statement; statement; … tabular-expression` (see `crate::parser::query`). A
//! `let` binds a name to a scalar or tabular expression or to a function; a function's body
//! holds its own `let` and `declare` statements, then its result. Whether a `let` value such as
//! `T` or `f(1)` is scalar or tabular is not syntax: the planner decides it by resolving the
//! name.

use crate::ast::{DatatableColumn, Expr, Ident, Pipeline};
use crate::operator::source::{datatable_column, scalar_type};
use crate::operator::write_list;
use crate::parser::expr::expression;
use crate::parser::lexical::{
    expected_failure, keyword, name, nested, punct, require, span_from, syntax_failure,
    unsupported_failure, unsupported_plural_failure, word, ws,
};
use crate::parser::{Input, PResult, scalar_or_tabular, statement_end};
use crate::{KqlType, Span};
use std::fmt;

/// One statement before the query's tabular expression (or inside a function body).
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `let n = 5`, `let T = Table | where …`, `let f = (x:long) { x + 1 }`.
    Let(Let),
    /// `set notruncation`, `set query_now = datetime(2024-01-01)`.
    Set(Set),
    /// `declare query_parameters(n:long = 5, s:string)`.
    DeclareQueryParameters(DeclareQueryParameters),
}

impl Statement {
    /// The keyword that starts it: `let`, `set` or `declare`.
    pub fn keyword(&self) -> &'static str {
        match self {
            Statement::Let(_) => "let",
            Statement::Set(_) => "set",
            Statement::DeclareQueryParameters(_) => "declare",
        }
    }

    /// The statement's text (without its `;`).
    pub fn span(&self) -> Span {
        match self {
            Statement::Let(s) => s.span,
            Statement::Set(s) => s.span,
            Statement::DeclareQueryParameters(s) => s.span,
        }
    }
}

/// `let Name = Value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Let {
    /// The bound name (`['a b']` allowed).
    pub name: Ident,
    /// What it is bound to.
    pub value: LetValue,
    /// From `let` to the end of the value.
    pub span: Span,
}

/// What a `let` binds.
#[derive(Debug, Clone, PartialEq)]
pub enum LetValue {
    /// A scalar or tabular expression: `5`, `ago(1d)`, `T | where x > 1`, `materialize(T)`.
    Expression(Expression),
    /// A user-defined function or view: `(x:long, y:long = 10) { x * y }`, `view () { T }`.
    Function(Function),
}

/// An expression where a scalar or a tabular one may stand (a `let` value, a function's
/// result). The parser reads a scalar expression when one ends there, so a name or a call
/// (`T`, `f(1)`) is [`Expression::Scalar`] even when it names a table: the planner resolves it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A scalar expression (or a name or call the planner may find to be tabular).
    Scalar(Expr),
    /// A pipeline: `T | where x`, `range x from 1 to 3 step 1`, `(T)`.
    Tabular(Pipeline),
}

impl Expression {
    /// The expression's text.
    pub fn span(&self) -> Span {
        match self {
            Expression::Scalar(e) => e.span,
            Expression::Tabular(p) => p.span,
        }
    }
}

/// A user-defined function: `[view] (parameters) { body }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Declared with `view` (a view takes no parameters and returns a table).
    pub view: bool,
    /// The parameters, tabular ones first.
    pub parameters: Vec<Parameter>,
    /// The body.
    pub body: FunctionBody,
    /// From `view` or `(` to the closing `}`.
    pub span: Span,
}

/// A function or query parameter: `x:long`, `y:string = "a"`, `T:(*)`, `T:(a:long)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The parameter's name.
    pub name: Ident,
    /// Its type: a scalar type or a table schema.
    pub kind: ParameterType,
    /// The default value (the planner requires a literal of the type).
    pub default: Option<Expr>,
    /// From the name to the end of the type or default.
    pub span: Span,
}

/// The type of a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterType {
    /// A scalar type: `long`, `string`, …
    Scalar(KqlType),
    /// A table: `(*)` or `(a:long, b:string)`.
    Table(TableSchema),
}

/// The schema of a tabular parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum TableSchema {
    /// `(*)`: any table.
    Any,
    /// `(a:long, b:string)`: a table with at least these columns.
    Columns(Vec<DatatableColumn>),
}

/// A function's body: `{ let a = 1; a + x }`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionBody {
    /// Its own `let` and `declare query_parameters` statements.
    pub statements: Vec<Statement>,
    /// The function's result.
    pub result: Expression,
    /// From `{` to `}`.
    pub span: Span,
}

/// `set Option [= Value]`: a request property for the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Set {
    /// The option's name.
    pub option: Ident,
    /// Its value, if given.
    pub value: Option<Expr>,
    /// From `set` to the end of the value.
    pub span: Span,
}

/// `declare query_parameters(name:type [= default], …)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclareQueryParameters {
    /// The declared parameters (scalar types).
    pub parameters: Vec<Parameter>,
    /// From `declare` to `)`.
    pub span: Span,
}

/// Statement keywords of Kusto that kqlake does not implement: rejected by name.
const UNSUPPORTED_STATEMENTS: &[&str] = &["alias", "pattern", "restrict"];

/// A statement, if one starts at `input`: `let`, `set` or `declare`; other statement keywords
/// (`alias`, `pattern`, `restrict`) are rejected by name. A recoverable error means "not a
/// statement" (the query's tabular expression starts here).
///
/// ```ebnf
/// statement ::= let_statement | set_statement | declare_statement
/// ```
pub(crate) fn statement(input: Input<'_>) -> PResult<'_, Statement> {
    let Ok((_, (text, span))) = word(input) else {
        return crate::parser::lexical::backtrack(input);
    };
    match text {
        "let" => let_statement(input).map(|(rest, s)| (rest, Statement::Let(s))),
        "set" => set_statement(input).map(|(rest, s)| (rest, Statement::Set(s))),
        "declare" => {
            declare_statement(input).map(|(rest, s)| (rest, Statement::DeclareQueryParameters(s)))
        }
        _ if UNSUPPORTED_STATEMENTS.contains(&text) => Err(unsupported_plural_failure(
            format!("'{text}' statements"),
            span,
        )),
        _ => crate::parser::lexical::backtrack(input),
    }
}

/// `let Name = Value`: a scalar or tabular expression, or a function.
///
/// ```ebnf
/// let_statement ::= "let" name "=" (function_definition | scalar_or_tabular)
/// ```
pub(crate) fn let_statement(input: Input<'_>) -> PResult<'_, Let> {
    let (after_kw, kw) = keyword("let")(input)?;
    let (after_name, let_name) = require(name(after_kw), after_kw, || {
        "expected a name after 'let'".to_owned()
    })?;
    let (after_eq, _) = require(punct("=")(after_name), after_name, || {
        format!("expected '=' after 'let {let_name}'")
    })?;
    let (rest, value) = if starts_function(after_eq) {
        let (rest, function) = function_definition(after_eq)?;
        (rest, LetValue::Function(function))
    } else {
        let value = scalar_or_tabular(after_eq).or_else(|e| missing_semicolon(after_eq, e));
        let (rest, value) = require(value, after_eq, || {
            format!("expected a value after 'let {let_name} ='")
        })?;
        (rest, LetValue::Expression(value))
    };
    Ok((
        rest,
        Let {
            name: let_name,
            value,
            span: span_from(kw.start, rest),
        },
    ))
}

/// A let value that failed to parse as a pipeline may be a complete scalar expression whose
/// `;` is missing (`let n = 5` then a new line `T | take n`): then that is the error to report.
fn missing_semicolon<'a>(
    value: Input<'a>,
    error: nom::Err<crate::parser::lexical::SyntaxError>,
) -> PResult<'a, Expression> {
    let error_offset = match &error {
        nom::Err::Error(e) | nom::Err::Failure(e) => e.offset(),
        nom::Err::Incomplete(_) => return Err(error),
    };
    match expression(value) {
        // `statement_end` fails here, with what stands where the `;` should be.
        Ok((rest, _)) if rest.location_offset() > error_offset => {
            match statement_end(rest, "let") {
                Err(missing) => Err(missing),
                Ok(_) => Err(error),
            }
        }
        _ => Err(error),
    }
}

/// True when a function definition starts at `input`: `[view] (` followed by `)` or by a name
/// and `:` (Kusto's own look-ahead; `(T | where x)` and `(1 + 2)` are expressions).
fn starts_function(input: Input<'_>) -> bool {
    let after_view = keyword("view")(input).map_or(input, |(rest, _)| rest);
    let Ok((after_open, _)) = punct("(")(after_view) else {
        return false;
    };
    if punct(")")(after_open).is_ok() {
        return true;
    }
    name(after_open).is_ok_and(|(after_name, _)| punct(":")(after_name).is_ok())
}

/// A user-defined function or view: its parameters and body.
///
/// ```ebnf
/// function_definition ::= ["view"] "(" [parameter ("," parameter)*] ")" function_body
/// ```
pub(crate) fn function_definition(input: Input<'_>) -> PResult<'_, Function> {
    let (at, ()) = ws(input)?;
    let (after_view, view) = match keyword("view")(at) {
        Ok((rest, _)) => (rest, true),
        Err(_) => (at, false),
    };
    let (after_open, open) = require(punct("(")(after_view), after_view, || {
        "expected '(' and the parameters after 'view'".to_owned()
    })?;
    let (after_params, parameters) = parameter_list(after_open, open)?;
    let (rest, body) = require(function_body(after_params), after_params, || {
        "expected '{' and the function's body after its parameters".to_owned()
    })?;
    Ok((
        rest,
        Function {
            view,
            parameters,
            body,
            span: span_from(at.location_offset(), rest),
        },
    ))
}

/// The parameters after an opening `(`, up to and including `)` (none allowed).
fn parameter_list<'a>(input: Input<'a>, open: Span) -> PResult<'a, Vec<Parameter>> {
    nested(input, open, |inner| {
        if let Ok((rest, _)) = punct(")")(inner) {
            return Ok((rest, Vec::new()));
        }
        closed_list(inner, parameter, "a parameter 'name: type'", "a parameter")
    })
}

/// One or more `item`s separated by `,`, then `)`: `what` names an item for "expected …"
/// messages, `after` the item a missing `,` or `)` follows.
fn closed_list<'a, T>(
    input: Input<'a>,
    item: fn(Input<'a>) -> PResult<'a, T>,
    what: &str,
    after: &str,
) -> PResult<'a, Vec<T>> {
    let mut items = Vec::new();
    let mut rest = input;
    loop {
        let (next, value) = require(item(rest), rest, || format!("expected {what}"))?;
        items.push(value);
        if let Ok((after_close, _)) = punct(")")(next) {
            return Ok((after_close, items));
        }
        let Ok((after_comma, _)) = punct(",")(next) else {
            return Err(expected_failure(
                &format!("expected ',' or ')' after {after}"),
                next,
            ));
        };
        rest = after_comma;
    }
}

/// One parameter: `x:long`, `y:string = "a"`, `T:(*)`, `T:(a:long, b:string)`.
///
/// ```ebnf
/// parameter ::= name ":" (type_name | table_schema) ["=" expression]
/// ```
pub(crate) fn parameter(input: Input<'_>) -> PResult<'_, Parameter> {
    let (after_name, param_name) = name(input)?;
    let (after_colon, _) = require(punct(":")(after_name), after_name, || {
        format!("expected ':' and a type after parameter '{param_name}'")
    })?;
    let (rest, kind, kind_span) = if let Ok((after_open, open)) = punct("(")(after_colon) {
        let (rest, schema) = table_schema(after_open, open)?;
        (
            rest,
            ParameterType::Table(schema),
            span_from(open.start, rest),
        )
    } else {
        let (rest, (kql_type, type_span)) =
            scalar_type(after_colon, " or a table schema such as (*)")?;
        (rest, ParameterType::Scalar(kql_type), type_span)
    };
    let (rest, default) = match punct("=")(rest) {
        Ok((after_eq, _)) if !after_eq.starts_with(['=', '~']) => {
            let (rest, value) = require(expression(after_eq), after_eq, || {
                format!("expected a default value after '{param_name} ='")
            })?;
            (rest, Some(value))
        }
        _ => (rest, None),
    };
    let end = default.as_ref().map_or(kind_span, |d| d.span);
    Ok((
        rest,
        Parameter {
            span: param_name.span.to(end),
            name: param_name,
            kind,
            default,
        },
    ))
}

/// The schema of a tabular parameter, after its `(`: `*` or columns.
///
/// ```ebnf
/// table_schema ::= "(" ("*" | datatable_column ("," datatable_column)*) ")"
/// ```
fn table_schema(input: Input<'_>, open: Span) -> PResult<'_, TableSchema> {
    nested(input, open, |inner| {
        if let Ok((after_star, _)) = punct("*")(inner) {
            let (rest, _) = require(punct(")")(after_star), after_star, || {
                "expected ')' after '(*'".to_owned()
            })?;
            return Ok((rest, TableSchema::Any));
        }
        let (rest, columns) = closed_list(
            inner,
            datatable_column,
            "'*' or a column 'name: type' in the table schema",
            "a column of the table schema",
        )?;
        Ok((rest, TableSchema::Columns(columns)))
    })
}

/// A function's body: its own statements, then its result.
///
/// ```ebnf
/// function_body ::= "{" ((let_statement | declare_statement) ";")* scalar_or_tabular [";"] "}"
/// ```
pub(crate) fn function_body(input: Input<'_>) -> PResult<'_, FunctionBody> {
    let (after_open, open) = punct("{")(input)?;
    nested(after_open, open, |inner| {
        let mut statements = Vec::new();
        let mut rest = inner;
        loop {
            let at = ws(rest)?.0;
            let (after, statement) = match word(at) {
                Ok((_, ("let", _))) => let_statement(at).map(|(r, s)| (r, Statement::Let(s)))?,
                Ok((_, ("declare", _))) => {
                    declare_statement(at).map(|(r, s)| (r, Statement::DeclareQueryParameters(s)))?
                }
                Ok((_, ("set", span))) => {
                    return Err(syntax_failure(
                        "a 'set' statement cannot be inside a function body",
                        span,
                    ));
                }
                _ => break,
            };
            let (after_semi, _) = statement_end(after, statement.keyword())?;
            statements.push(statement);
            rest = after_semi;
        }
        let (after_result, result) = require(scalar_or_tabular(rest), rest, || {
            "expected the function's result (a scalar or tabular expression)".to_owned()
        })?;
        let after_semi = punct(";")(after_result).map_or(after_result, |(r, _)| r);
        let (rest, close) = require(punct("}")(after_semi), after_semi, || {
            "expected '}' to close the function body".to_owned()
        })?;
        Ok((
            rest,
            FunctionBody {
                statements,
                result,
                span: open.to(close),
            },
        ))
    })
}

/// `set Option [= Value]`.
///
/// ```ebnf
/// set_statement ::= "set" name ["=" expression]
/// ```
pub(crate) fn set_statement(input: Input<'_>) -> PResult<'_, Set> {
    let (after_kw, kw) = keyword("set")(input)?;
    let (after_name, option) = require(name(after_kw), after_kw, || {
        "expected an option name after 'set'".to_owned()
    })?;
    let (rest, value) = match punct("=")(after_name) {
        Ok((after_eq, _)) => {
            let (rest, value) = require(expression(after_eq), after_eq, || {
                format!("expected a value after 'set {option} ='")
            })?;
            (rest, Some(value))
        }
        Err(_) => (after_name, None),
    };
    Ok((
        rest,
        Set {
            option,
            value,
            span: span_from(kw.start, rest),
        },
    ))
}

/// `declare query_parameters(name:type [= default], …)`; `declare pattern` is rejected by name.
///
/// ```ebnf
/// declare_statement ::= "declare" "query_parameters" "(" parameter ("," parameter)* ")"
/// ```
pub(crate) fn declare_statement(input: Input<'_>) -> PResult<'_, DeclareQueryParameters> {
    let (after_kw, kw) = keyword("declare")(input)?;
    if let Ok((_, span)) = keyword("pattern")(after_kw) {
        return Err(unsupported_plural_failure(
            "'declare pattern' statements",
            kw.to(span),
        ));
    }
    let (after_what, _) = require(keyword("query_parameters")(after_kw), after_kw, || {
        "expected 'query_parameters' after 'declare'".to_owned()
    })?;
    let (after_open, open) = require(punct("(")(after_what), after_what, || {
        "expected '(' and the parameters after 'query_parameters'".to_owned()
    })?;
    let (rest, parameters) = parameter_list(after_open, open)?;
    if parameters.is_empty() {
        return Err(syntax_failure(
            "declare query_parameters needs at least one parameter",
            span_from(kw.start, rest),
        ));
    }
    if let Some(table) = parameters
        .iter()
        .find(|p| matches!(p.kind, ParameterType::Table(_)))
    {
        return Err(unsupported_failure("a tabular query parameter", table.span));
    }
    Ok((
        rest,
        DeclareQueryParameters {
            parameters,
            span: span_from(kw.start, rest),
        },
    ))
}

/// `let name = value`.
impl fmt::Display for Let {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "let {} = {}", self.name, self.value)
    }
}

/// The expression or the function.
impl fmt::Display for LetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LetValue::Expression(e) => write!(f, "{e}"),
            LetValue::Function(function) => write!(f, "{function}"),
        }
    }
}

/// The scalar expression or the pipeline.
impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expression::Scalar(e) => write!(f, "{e}"),
            Expression::Tabular(p) => write!(f, "{p}"),
        }
    }
}

/// `(x: long, y: string = "a") { … }`, `view () { … }`.
impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.view {
            f.write_str("view ")?;
        }
        f.write_str("(")?;
        write_list(f, &self.parameters)?;
        write!(f, ") {}", self.body)
    }
}

/// `x: long`, `y: string = "a"`, `T: (*)`.
impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.kind)?;
        if let Some(default) = &self.default {
            write!(f, " = {default}")?;
        }
        Ok(())
    }
}

/// `long` or `(*)` or `(a: long, b: string)`.
impl fmt::Display for ParameterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterType::Scalar(t) => write!(f, "{t}"),
            ParameterType::Table(TableSchema::Any) => f.write_str("(*)"),
            ParameterType::Table(TableSchema::Columns(columns)) => {
                f.write_str("(")?;
                write_list(f, columns)?;
                f.write_str(")")
            }
        }
    }
}

/// `{ let a = 1; a + x }`.
impl fmt::Display for FunctionBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{ ")?;
        for statement in &self.statements {
            write!(f, "{statement}; ")?;
        }
        write!(f, "{} }}", self.result)
    }
}

/// `set option` or `set option = value`.
impl fmt::Display for Set {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "set {}", self.option)?;
        if let Some(value) = &self.value {
            write!(f, " = {value}")?;
        }
        Ok(())
    }
}

/// `declare query_parameters(x: long = 5)`.
impl fmt::Display for DeclareQueryParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("declare query_parameters(")?;
        write_list(f, &self.parameters)?;
        f.write_str(")")
    }
}

/// The statement, without its `;`.
impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Let(s) => write!(f, "{s}"),
            Statement::Set(s) => write!(f, "{s}"),
            Statement::DeclareQueryParameters(s) => write!(f, "{s}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::ast::{ExprKind, Source};
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip, sexpr};

    fn lets(text: &str) -> Vec<Let> {
        let query = parse_query(text).unwrap_or_else(|e| panic!("{text}: {e} at {:?}", e.span));
        query
            .statements
            .into_iter()
            .filter_map(|s| match s {
                Statement::Let(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn statements_round_trip() {
        for text in [
            "let n = 5; T | where x > n",
            "let T = Perf | where x > 1; T | count",
            "let ['some number'] = 20; range y from 0 to ['some number'] step 5",
            "let f = (x: long, y: string = \"a\") { strcat(tostring(x), y) }; print f(1)",
            "let f = (T: (*), x: long) { T | where a > x }; f(U, 1)",
            "let f = (T: (State: string, n: long)) { T | extend s = strcat(State, State) }; U | invoke f()",
            "let f = () { 123 }; print a = f, b = f()",
            "let V = view () { range x from 1 to 3 step 1 }; V",
            "let f = (id: int) { let a = 10; let g = (b: int) { a + b }; g(id) }; print f(int(1))",
            "set notruncation; set query_now = datetime(2024-01-01T00:00:00Z); print now()",
            "declare query_parameters(n: long = 5, s: string); print n, s",
            "let m = materialize(T | summarize count() by k); m | where k > 0",
            "let t = toscalar(T | summarize max(x)); T | where x == t",
            "let f = (a: long, b: string = \"b\", c: long = 0) { a }; print f(12, c = 7), f(c = 7, a = 12)",
            "(T | where x > 1) | count",
            "range x from 1 to 10 step 2 | as R | where x > 3",
            "T | as hint.materialized = true R | count",
            "f(1, (range x from 1 to 3 step 1)) | take 1",
            "print toscalar(T | count)",
            "let known = T | distinct a; U | where a !in (known) and b in (V | project b)",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }

    #[test]
    fn canonical_form_of_statements() {
        assert_eq!(
            assert_round_trip("let  x=1 ;\nlet f=(a:long){a+x};\nprint f(2);"),
            "let x = 1; let f = (a: long) { a + x }; print f(2)"
        );
        assert_eq!(
            assert_round_trip("let f = view() { T; };\nf"),
            "let f = view () { T }; f"
        );
        assert_eq!(
            assert_round_trip("T | as hint.materialized=false X"),
            "T | as X"
        );
    }

    #[test]
    fn let_values_are_scalar_tabular_or_functions() {
        let parsed = lets(
            "let a = T; let b = T | count; let c = (T | count); let d = (1 + 2); \
             let e = f(1); let g = () { T }; let h = view () { T }; \
             let i = datatable(x: long) [1]; let j = (range x from 1 to 2 step 1); print 1",
        );
        let kinds: Vec<&str> = parsed
            .iter()
            .map(|l| match &l.value {
                LetValue::Expression(Expression::Scalar(_)) => "scalar",
                LetValue::Expression(Expression::Tabular(_)) => "tabular",
                LetValue::Function(f) if f.view => "view",
                LetValue::Function(_) => "function",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "scalar", "tabular", "tabular", "scalar", "scalar", "function", "view", "tabular",
                "tabular"
            ]
        );
        assert_eq!(parsed[0].name.name, "a");
    }

    #[test]
    fn parameters_and_defaults() {
        let parsed = lets(
            "let f = (T: (*), U: (a: long, ['b c']: string), x: long, y: string = 'a') { T }; f",
        );
        let LetValue::Function(function) = &parsed[0].value else {
            panic!("a function")
        };
        let kinds: Vec<String> = function
            .parameters
            .iter()
            .map(|p| format!("{}:{}", p.name.name, p.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                "T:(*)",
                "U:(a: long, ['b c']: string)",
                "x:long",
                "y:string"
            ]
        );
        assert!(function.parameters[3].default.is_some());
        let text = "let f = (x: long = 5) { x }; print f()";
        let parsed = lets(text);
        let LetValue::Function(function) = &parsed[0].value else {
            panic!("a function")
        };
        assert_eq!(function.parameters[0].span.text(text), "x: long = 5");
        assert_eq!(function.body.span.text(text), "{ x }");
        assert_eq!(parsed[0].span.text(text), "let f = (x: long = 5) { x }");
    }

    #[test]
    fn call_arguments_may_be_named_or_tabular() {
        let query = parse_query("print f(1, y = 2, z = T | count, (T | take 1))").unwrap();
        let Source::Print(print) = &query.body.source else {
            panic!("print")
        };
        assert_eq!(
            sexpr(&print.items[0].expr),
            "(call f Long(1) (= y Long(2)) (= z (tabular T | count)) (tabular (T | take 1)))"
        );
        // Strings and comments do not make an argument tabular.
        let query = parse_query("print f('a|b', @\"c|d\", x // |\n)").unwrap();
        let Source::Print(print) = &query.body.source else {
            panic!("print")
        };
        assert!(matches!(print.items[0].expr.kind, ExprKind::Call { .. }));
        assert_eq!(sexpr(&print.items[0].expr), r#"(call f "a|b" "c|d" x)"#);
        // A comparison is not a named argument.
        let query = parse_query("print f(y == 2)").unwrap();
        let Source::Print(print) = &query.body.source else {
            panic!("print")
        };
        assert_eq!(sexpr(&print.items[0].expr), "(call f (== y Long(2)))");
    }

    #[test]
    fn sources_call_paren_and_range() {
        let query = parse_query("f(1, x = 2) | count").unwrap();
        let Source::Call(call) = &query.body.source else {
            panic!("a call")
        };
        assert_eq!((call.name.name.as_str(), call.args.len()), ("f", 2));
        let text = "(T | where x) | count";
        let query = parse_query(text).unwrap();
        assert!(matches!(query.body.source, Source::Paren(_)));
        assert_eq!(query.body.source.span().text(text), "(T | where x)");
        assert_eq!(query.body.span.text(text), text);
        let query = parse_query("range x from ago(1d) to now() step 1h").unwrap();
        let Source::Range(range) = &query.body.source else {
            panic!("a range")
        };
        assert_eq!(range.column.name, "x");
        assert_eq!(range.step.to_string(), "1h");
        // `range(…)` is the scalar function, called as a source.
        let query = parse_query("range(1, 2)").unwrap();
        assert!(matches!(query.body.source, Source::Call(_)));
        let query = parse_query("materialize(T) | count").unwrap();
        assert!(matches!(query.body.source, Source::Call(_)));
    }

    #[test]
    fn statement_errors_point_at_the_fault() {
        assert_error("let «=» 1; T", Syntax, "expected a name after 'let'");
        assert_error("let x «5»; T", Syntax, "expected '=' after 'let x'");
        assert_error("let x = «;» T", Syntax, "expected a value after 'let x ='");
        assert_error(
            "let x = 5«»",
            Syntax,
            "expected ';' after the 'let' statement, found end of query",
        );
        let error = assert_error("let x = 5 «T»", Syntax, "unexpected 'T'");
        assert_eq!(
            error.label.as_deref(),
            Some("expected ';' to end the 'let' statement, or '|'")
        );
        assert_error(
            "let x = 5;«»",
            Syntax,
            "expected the query's tabular expression after the last statement",
        );
        assert_error("let f = (x: «lng») { x }; T", Syntax, "unknown type 'lng'");
        assert_error(
            "let f = (x: long «y») { x }; T",
            Syntax,
            "expected ',' or ')' after a parameter",
        );
        assert_error(
            "let f = (x: «)» { x }; T",
            Syntax,
            "expected a type name (long, string, datetime, …) or a table schema",
        );
        assert_error(
            "let f = (x: long = «)» { x }; T",
            Syntax,
            "expected a default value after 'x ='",
        );
        assert_error(
            "let f = (x: long) «x»; T",
            Syntax,
            "expected '{' and the function's body",
        );
        assert_error(
            "let f = () { «}»; T",
            Syntax,
            "expected the function's result",
        );
        assert_error(
            "let f = () { 1 «2» }; T",
            Syntax,
            "expected '}' to close the function body",
        );
        assert_error(
            "let f = () { «set» x; 1 }; T",
            Syntax,
            "a 'set' statement cannot be inside a function body",
        );
        assert_error("let f = () { let a = 1 «a» }; T", Syntax, "unexpected 'a'");
        assert_error(
            "let f = (T: («1»)) { T }; T",
            Syntax,
            "expected '*' or a column 'name: type'",
        );
        assert_error("set «»", Syntax, "expected an option name after 'set'");
        assert_error("set x = «;» T", Syntax, "expected a value after 'set x ='");
        assert_error(
            "declare «x»; T",
            Syntax,
            "expected 'query_parameters' after 'declare'",
        );
        assert_error(
            "«declare query_parameters()»; T",
            Syntax,
            "declare query_parameters needs at least one parameter",
        );
        assert_error(
            "declare query_parameters(«T: (*)»); T",
            Unsupported,
            "a tabular query parameter is not supported yet",
        );
    }

    #[test]
    fn source_and_operator_errors_point_at_the_fault() {
        assert_error(
            "range x from 1 «too» 5 step 1",
            Syntax,
            "expected 'to' after the first value of 'range'",
        );
        assert_error(
            "range x «to» 5 step 1",
            Syntax,
            "expected 'from' after 'range x'",
        );
        assert_error(
            "range x from 1 to 5 «by» 1",
            Syntax,
            "expected 'step' after the last value",
        );
        assert_error(
            "(T | where x «»",
            Syntax,
            "expected '|' or ')' to close the parenthesised query",
        );
        assert_error("(«)»", Syntax, "expected a table name, found ')'");
        assert_error(
            "T | invoke «1»",
            Syntax,
            "expected a function call after 'invoke'",
        );
        assert_error(
            "T | invoke f«»",
            Syntax,
            "expected '(' and the arguments after 'invoke f'",
        );
        assert_error("T | as «»", Syntax, "expected a name after 'as'");
        assert_error(
            "T | as hint.«shuffle» = true X",
            Syntax,
            "unknown hint 'hint.shuffle' of 'as'",
        );
        assert_error(
            "T | as hint.materialized = «yes» X",
            Syntax,
            "expected true or false after 'hint.materialized ='",
        );
        assert_error(
            "print f(x = «)»",
            Syntax,
            "expected an argument after 'x ='",
        );
        assert_error(
            "print f(T | «1»)",
            Syntax,
            "expected a tabular operator after '|'",
        );
        assert_error("materialize«»", Syntax, "expected '(' after 'materialize'");
    }

    #[test]
    fn function_bodies_count_against_the_nesting_limit() {
        let deep = format!(
            "let f = () {{ {}1{} }}; T",
            "let g = () { ".repeat(70),
            " }; g()".repeat(70)
        );
        assert_eq!(
            parse_query(&deep).unwrap_err().message,
            "expression nested too deeply"
        );
        let deep_args = format!("print {}1{}", "f((".repeat(40), "))".repeat(40));
        assert_eq!(
            parse_query(&deep_args).unwrap_err().message,
            "expression nested too deeply"
        );
    }
}
