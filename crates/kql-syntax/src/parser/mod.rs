//! The nom parser: KQL text to [`crate::ast::Query`], one function per grammar production.
//!
//! Entry point [`parse_query`]; productions live by topic in [`lexical`] (whitespace, comments,
//! keywords, names), [`expr`] (scalar expressions and the precedence table), [`literal`]
//! (literals) and `crate::operator` (one file per tabular operator). Each production's EBNF
//! is in its doc comment and in `grammar/*.ebnf` under the same name.
//!
//! Conventions every production follows:
//!
//! - **Whitespace is explicit**: a token parser skips the whitespace and `//` comments *before*
//!   it, never after, so a node's span ends at its last token and `rest.location_offset()` is
//!   that end.
//! - **Errors**: a recoverable `nom::Err::Error` means "not this production, try another"; once
//!   a keyword or operator commits, a missing part is a `nom::Err::Failure` carrying a
//!   [`Diagnostic`] with an actionable message. Among backtracked errors the furthest wins.
//! - **Depth**: the input's `extra` field counts open parentheses, calls and brackets; past
//!   [`MAX_DEPTH`] the parser fails with "expression nested too deeply" instead of overflowing
//!   the stack.

pub(crate) mod comparison;
pub(crate) mod expr;
pub(crate) mod lexical;
pub(crate) mod literal;
pub(crate) mod string;

use crate::ast::{CallSource, Expression, Ident, Pipeline, Query, Source, WorkspaceTable};
use crate::operator::tabular_operator;
use crate::statement::statement;
use crate::{Diagnostic, Span};
use expr::expression;
use lexical::{
    SyntaxError, expected_failure, found, punct, span_from, token_span_at, unsupported_failure,
    word, ws,
};
use nom::Parser;
use nom::combinator::all_consuming;
use nom_locate::LocatedSpan;

/// Parser input: the query text with its byte offset; `extra` is the current nesting depth.
pub(crate) type Input<'a> = LocatedSpan<&'a str, u32>;

/// The result of every production.
pub(crate) type PResult<'a, T> = nom::IResult<Input<'a>, T, SyntaxError>;

/// The deepest nesting of parentheses, calls, brackets and lists the parser accepts.
pub(crate) const MAX_DEPTH: u32 = 64;

/// The deepest expression tree the parser builds from operator chains (`a or b or …`,
/// `x.a.b.…`, `- - x`), which it parses without recursion but later stages walk recursively.
pub(crate) const MAX_EXPR_DEPTH: usize = 256;

/// Parses one KQL query into its AST.
///
/// The whole text must be consumed; the first problem is returned as a [`Diagnostic`] of kind
/// `Syntax` (not KQL) or `Unsupported` (valid KQL that kqlake does not implement yet), with the
/// span of the offending text.
///
/// ```
/// let query = kql_syntax::parse_query("T | where x > 1 | take 10").unwrap();
/// assert_eq!(query.to_string(), "T | where x > 1 | take 10");
/// let error = kql_syntax::parse_query("T | graph-match (a)-->(b)").unwrap_err();
/// assert_eq!(error.message, "operator 'graph-match' is not supported yet");
/// ```
pub fn parse_query(text: &str) -> Result<Query, Diagnostic> {
    let input = Input::new_extra(text, 0);
    match all_consuming(query).parse(input) {
        Ok((_, query)) => Ok(query),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e.into_diagnostic(text)),
        Err(nom::Err::Incomplete(_)) => Err(Diagnostic::internal(
            "the parser asked for more input, but complete parsers never do",
        )),
    }
}

/// Parses one scalar expression, the whole text: a query parameter's value given outside the
/// query (`kql query --param n=5`), which Kusto reads "as if it were a literal in the body of a
/// query".
///
/// ```
/// let value = kql_syntax::parse_expression("datetime(2024-01-01)").unwrap();
/// assert_eq!(value.to_string(), "datetime(2024-01-01T00:00:00Z)");
/// assert!(kql_syntax::parse_expression("1 2").is_err());
/// ```
pub fn parse_expression(text: &str) -> Result<crate::ast::Expr, Diagnostic> {
    let input = Input::new_extra(text, 0);
    let whole = |i| {
        let (rest, e) = expression(i)?;
        let (rest, ()) = ws(rest)?;
        Ok((rest, e))
    };
    match all_consuming(whole).parse(input) {
        Ok((_, expr)) => Ok(expr),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e.into_diagnostic(text)),
        Err(nom::Err::Incomplete(_)) => Err(Diagnostic::internal(
            "the parser asked for more input, but complete parsers never do",
        )),
    }
}

/// A whole query: statements separated by `;`, then one tabular expression, an optional `;`,
/// trailing whitespace and comments.
///
/// ```ebnf
/// query ::= (statement ";")* pipeline [";"] ws
/// ```
///
/// A second tabular expression after the first (a Kusto *batch*, several results) is rejected
/// by name.
pub(crate) fn query(input: Input<'_>) -> PResult<'_, Query> {
    let mut statements = Vec::new();
    let mut rest = input;
    loop {
        match statement(rest) {
            Ok((after, statement)) => {
                let (after_semi, _) = statement_end(after, statement.keyword())?;
                statements.push(statement);
                rest = after_semi;
            }
            Err(nom::Err::Error(_)) => break,
            Err(e) => return Err(e),
        }
    }
    if !statements.is_empty() && ws(rest)?.0.fragment().is_empty() {
        let (_, span) = found(rest);
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(
                "expected the query's tabular expression after the last statement, found end of query",
                span,
            )
            .with_help("a query ends with a tabular expression, e.g. `let n = 5; print n`"),
        )));
    }
    let (rest, body) = pipeline(rest)?;
    let (rest, ()) = ws(rest)?;
    let rest = match punct(";")(rest) {
        Ok((after_semi, semi)) => {
            let (after_ws, ()) = ws(after_semi)?;
            if !after_ws.fragment().is_empty() {
                return Err(nom::Err::Failure(SyntaxError::new(
                    Diagnostic::unsupported("a batch of several queries", semi.to(token_span_at(after_ws)))
                        .with_help(
                            "statements (let, set, declare) come before the query's one tabular expression",
                        ),
                )));
            }
            after_ws
        }
        Err(_) => rest,
    };
    let span = Span::new(0, input.len() + input.location_offset());
    Ok((
        rest,
        Query {
            statements,
            body,
            span,
        },
    ))
}

/// The `;` ending a statement. What stands there instead is "unexpected", as after a query
/// (an operator kqlake does not know, say), unless the query ends there.
pub(crate) fn statement_end<'a>(input: Input<'a>, keyword: &str) -> PResult<'a, Span> {
    if let Ok(ok) = punct(";")(input) {
        return Ok(ok);
    }
    let (what, span) = found(input);
    let message = if ws(input)?.0.fragment().is_empty() {
        format!("expected ';' after the '{keyword}' statement, found {what}")
    } else {
        format!("unexpected {what}")
    };
    Err(nom::Err::Failure(SyntaxError::new(
        Diagnostic::syntax(message, span).with_label(format!(
            "expected ';' to end the '{keyword}' statement, or '|'"
        )),
    )))
}

/// A source followed by `|`-separated tabular operators.
///
/// ```ebnf
/// pipeline ::= source ("|" tabular_operator)*
/// ```
pub(crate) fn pipeline(input: Input<'_>) -> PResult<'_, Pipeline> {
    let (mut rest, source) = source(input)?;
    let start = source.span().start;
    let mut operators = Vec::new();
    while let Ok((after_bar, _)) = punct("|")(rest) {
        let (after_op, operator) = tabular_operator(after_bar)?;
        operators.push(operator);
        rest = after_op;
    }
    Ok((
        rest,
        Pipeline {
            source,
            operators,
            span: span_from(start, rest),
        },
    ))
}

/// A scalar or a tabular expression, where either may stand (a `let` value, a function's
/// result, a call argument). It is tabular when it starts with a source keyword (`print`,
/// `range`, `datatable`, … possibly inside parentheses) or has a `|` outside every parenthesis
/// it does not open at its start: `T | where x`, `(T | where x)`, `(range x from 1 to 3 step
/// 1)`. Otherwise it is a scalar expression; a name or call (`T`, `f(1)`, `materialize(T)`)
/// is scalar here and the planner resolves what it names.
///
/// ```ebnf
/// scalar_or_tabular ::= pipeline | expression
/// ```
pub(crate) fn scalar_or_tabular(input: Input<'_>) -> PResult<'_, Expression> {
    if starts_tabular(ws(input)?.0.fragment()) {
        pipeline(input).map(|(rest, p)| (rest, Expression::Tabular(p)))
    } else {
        expression(input).map(|(rest, e)| (rest, Expression::Scalar(e)))
    }
}

/// Words that start a tabular expression and never a scalar one.
pub(crate) const SOURCE_KEYWORDS: &[&str] = &[
    "print",
    "datatable",
    "range",
    "union",
    "search",
    "find",
    "externaldata",
    "evaluate",
];

/// True when `text` starts a tabular expression (see [`scalar_or_tabular`]). A linear scan that
/// skips strings and comments and stops at a `,`, `;` or unmatched closing bracket, so that the
/// parser never tries both readings (which nested calls would make exponential).
fn starts_tabular(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut leading = 0;
    loop {
        i += lexical::ws_len(&text[i..]);
        if bytes.get(i) == Some(&b'(') {
            leading += 1;
            i += 1;
        } else {
            break;
        }
    }
    if let Ok((after, (first, _))) = word(Input::new_extra(&text[i..], 0)) {
        let is_range_call = first == "range" && after.trim_start().starts_with('(');
        if SOURCE_KEYWORDS.contains(&first) && !is_range_call {
            return true;
        }
    }
    let mut depth = leading;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' | b'\'' | b'`' | b'@' => {
                i = string::skip_string(text, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            b',' | b';' if depth == 0 => return false,
            b'|' if depth <= leading => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Tabular sources other than a table name: valid KQL, rejected by name.
const UNSUPPORTED_SOURCES: &[&str] = &["find"];

/// Kusto's special functions that name an entity (`table("T")`, `cluster("c").database("d")`):
/// valid KQL, rejected by name as sources.
const ENTITY_FUNCTIONS: &[&str] = &[
    "table",
    "database",
    "cluster",
    "external_table",
    "materialized_view",
    "entity_group",
    "stored_query_result",
    "graph",
    // Log Analytics' cross-resource references other than `workspace(…)` (see
    // `workspace_source`): kqlake reads local exports, not Application Insights resources or
    // Azure resources by ID.
    "app",
    "resource",
];

/// Where rows come from: a table or `let` name (plain or bracketed), an inline table, a
/// generated range, a parenthesised query, or a call of a tabular function.
///
/// ```ebnf
/// source ::= print_source | datatable_source | union_operator | search_source
///          | externaldata_source | range_source | parenthesized_pipeline | workspace_source
///          | call_source | name
/// ```
///
/// Other sources are valid KQL that kqlake rejects by name: `find`, `evaluate`,
/// entity functions such as `table("T")`, qualified names (`db.T`).
pub(crate) fn source(input: Input<'_>) -> PResult<'_, Source> {
    let (at, ()) = ws(input)?;
    if at.starts_with('(') {
        let (rest, (mut pipeline, span)) = crate::operator::operand::parenthesized_pipeline(at)?;
        // The span of a parenthesised source includes its parentheses.
        pipeline.span = span;
        return Ok((rest, Source::Paren(Box::new(pipeline))));
    }
    if let Ok((after_word, (text, span))) = word(at) {
        match text {
            "print" => {
                let (rest, print) = crate::operator::source::print_source(at)?;
                return Ok((rest, Source::Print(print)));
            }
            "datatable" => {
                let (rest, datatable) = crate::operator::source::datatable_source(at)?;
                return Ok((rest, Source::Datatable(datatable)));
            }
            "union" => {
                let (after_kw, kw) = lexical::keyword("union")(at)?;
                let (rest, union) = crate::operator::union::union_tail(kw.start, after_kw)?;
                return Ok((rest, Source::Union(union)));
            }
            "search" => {
                let (after_kw, kw) = lexical::keyword("search")(at)?;
                let (rest, search) =
                    crate::operator::search::search_tail(kw.start, after_kw, true)?;
                return Ok((rest, Source::Search(Box::new(search))));
            }
            "externaldata" | "external_data" => {
                let (rest, externaldata) = crate::operator::externaldata::externaldata_source(at)?;
                return Ok((rest, Source::Externaldata(externaldata)));
            }
            "range" if punct("(")(after_word).is_err() => {
                let (rest, range) = crate::operator::range::range_source(at)?;
                return Ok((rest, Source::Range(Box::new(range))));
            }
            // `range(…)` is the scalar function: a call (which the planner rejects as a source).
            "materialize" | "range" => {
                let Ok((after_open, open)) = punct("(")(after_word) else {
                    return Err(expected_failure(
                        &format!("expected '(' after '{text}'"),
                        after_word,
                    ));
                };
                let ident = Ident {
                    name: text.to_owned(),
                    span,
                };
                return call_source(ident, after_open, open);
            }
            "evaluate" => return Err(unsupported_failure("operator 'evaluate'", span)),
            "view" => {
                return Err(nom::Err::Failure(SyntaxError::new(
                    Diagnostic::syntax("expected a table name, found 'view'", span)
                        .with_help("a view is declared with let: let V = view () { T | … };"),
                )));
            }
            _ => {}
        }
        if UNSUPPORTED_SOURCES.contains(&text) {
            return Err(unsupported_failure(format!("operator '{text}'"), span));
        }
        if lexical::is_keyword(text) {
            return Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax(
                    format!("expected a table name, found keyword '{text}'"),
                    span,
                )
                .with_help(format!(
                    "a table named like a keyword is written ['{text}']"
                )),
            )));
        }
    }
    let (rest, ident) = match lexical::name(at) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => {
            let (what, span) = found(at);
            return Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax(format!("expected a table name, found {what}"), span).with_help(
                    "a query starts with a table name, e.g. `AmlComputeJobEvent | take 10`",
                ),
            )));
        }
        Err(e) => return Err(e),
    };
    let plain = ident.span.end - ident.span.start == ident.name.len();
    if plain && ident.name == "workspace" && punct("(")(rest).is_ok() {
        return workspace_source(ident, rest);
    }
    if plain && let Ok((after_open, open)) = punct("(")(rest) {
        if ENTITY_FUNCTIONS.contains(&ident.name.as_str()) {
            return Err(unsupported_failure(
                format!("calling '{}()' as a query source", ident.name),
                ident.span.to(open),
            ));
        }
        return call_source(ident, after_open, open);
    }
    if let Ok((_, dot)) = punct(".")(rest) {
        return Err(unsupported_failure(
            "a qualified table name (database.table)",
            ident.span.to(dot),
        ));
    }
    Ok((rest, Source::Table(ident)))
}

/// `workspace("name").T`: a table of one Log Analytics workspace, after the word `workspace`.
///
/// ```ebnf
/// workspace_source ::= "workspace" "(" string_literal ")" "." name
/// ```
fn workspace_source(keyword: Ident, input: Input<'_>) -> PResult<'_, Source> {
    let (rest, _) = punct("(")(input)?;
    let (rest, (workspace, workspace_span)) = match string::string_literal(rest) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => {
            return Err(expected_failure(
                "expected a workspace name or resource id in quotes after 'workspace('",
                rest,
            ));
        }
        Err(e) => return Err(e),
    };
    let Ok((rest, _)) = punct(")")(rest) else {
        return Err(expected_failure("expected ')' after the workspace", rest));
    };
    let Ok((rest, _)) = punct(".")(rest) else {
        return Err(expected_failure(
            "expected '.' and a table name after 'workspace(…)'",
            rest,
        ));
    };
    let (rest, table) = match lexical::name(rest) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => {
            return Err(expected_failure(
                "expected a table name after 'workspace(…).'",
                rest,
            ));
        }
        Err(e) => return Err(e),
    };
    if let Ok((_, dot)) = punct(".")(rest) {
        return Err(unsupported_failure(
            "a qualified name after workspace(…) other than a table",
            table.span.to(dot),
        ));
    }
    let span = keyword.span.to(table.span);
    Ok((
        rest,
        Source::Workspace(WorkspaceTable {
            workspace,
            workspace_span,
            table,
            span,
        }),
    ))
}

/// A call of a tabular function as a source, after its `(`: `f(1, y = 2)`, `materialize(T)`.
///
/// ```ebnf
/// call_source ::= name call_arguments
/// ```
fn call_source<'a>(name: Ident, after_open: Input<'a>, open: Span) -> PResult<'a, Source> {
    let (rest, args) = expr::call_arguments(after_open, open, &name)?;
    let span = span_from(name.span.start, rest);
    Ok((rest, Source::Call(CallSource { name, args, span })))
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::ast::{ExprKind, Literal, OperatorKind, Source};
    use crate::testing::{assert_error, assert_round_trip};
    use crate::{KqlType, Span, parse_query};

    /// The five Azure Monitor queries the project started from, verbatim.
    pub(crate) const AML_QUERIES: [&str; 5] = [
        r#"AmlComputeJobEvent | where TimeGenerated > ago(5d) and EventType == "JobFailed" | project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType"#,
        r#"AmlComputeJobEvent | where JobName == "automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup" | project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType"#,
        r#"AmlComputeClusterEvent | where TimeGenerated > ago(4d) and VmSize == "STANDARD_D1_V2" | project ClusterName, InitialNodeCount, MaximumNodeCount, QuotaAllocated, QuotaUtilized"#,
        r#"AmlComputeClusterNodeEvent | where TimeGenerated > ago(8d) and NodeAllocationTime > ago(8d) | distinct NodeId"#,
        "AmlComputeClusterEvent | where TimeGenerated > ago(1d)\n| summarize avgRunningNodes=avg(TargetNodeCount), maxRunningNodes=max(TargetNodeCount)\n    by Workspace=tostring(split(_ResourceId, \"/\")[8]), ClusterName, ClusterType, VmSize, VmPriority",
    ];

    #[test]
    fn the_aml_queries_parse_and_print_canonically() {
        let printed: Vec<String> = AML_QUERIES.iter().map(|q| assert_round_trip(q)).collect();
        assert_eq!(printed[0], AML_QUERIES[0]);
        assert_eq!(printed[3], AML_QUERIES[3]);
        assert_eq!(
            printed[4],
            "AmlComputeClusterEvent | where TimeGenerated > ago(1d) | summarize avgRunningNodes = \
             avg(TargetNodeCount), maxRunningNodes = max(TargetNodeCount) by Workspace = \
             tostring(split(_ResourceId, \"/\")[8]), ClusterName, ClusterType, VmSize, VmPriority"
        );
    }

    #[test]
    fn spans_cover_source_operators_and_query() {
        let text = "  T | where x > 1 // done\n";
        let query = parse_query(text).unwrap();
        assert_eq!(query.span, Span::new(0, text.len()));
        assert_eq!(query.body.span, Span::new(2, 17));
        let Source::Table(table) = &query.body.source else {
            panic!("a table source")
        };
        assert_eq!((table.name.as_str(), table.span), ("T", Span::new(2, 3)));
        assert_eq!(query.body.operators[0].span.text(text), "where x > 1");
    }

    #[test]
    fn print_and_datatable_are_sources() {
        let query = parse_query("print a = 1, 2 | extend b = a").unwrap();
        let Source::Print(print) = &query.body.source else {
            panic!("print")
        };
        assert_eq!(print.items.len(), 2);
        assert_eq!(
            print.items[0].name.as_ref().map(|n| n.name.as_str()),
            Some("a")
        );
        assert_eq!(query.to_string(), "print a = 1, 2 | extend b = a");
        let text = r#"datatable(k: string, ['v x']: long) ["a", 1, "b", long(null),]"#;
        let query = parse_query(text).unwrap();
        let Source::Datatable(table) = &query.body.source else {
            panic!("datatable")
        };
        assert_eq!(table.columns.len(), 2);
        assert_eq!(table.columns[1].name.name, "v x");
        assert_eq!(table.columns[1].kql_type, KqlType::Long);
        assert_eq!(table.values.len(), 4);
        assert_eq!(table.span, Span::new(0, text.len()));
        assert_eq!(
            query.to_string(),
            r#"datatable(k: string, ['v x']: long) ["a", 1, "b", long(null)]"#
        );
        assert_eq!(
            parse_query("datatable(x: real) []").unwrap().to_string(),
            "datatable(x: real) []"
        );
    }

    #[test]
    fn table_names_plain_and_bracketed() {
        for (text, name) in [
            ("AmlComputeJobEvent", "AmlComputeJobEvent"),
            ("['My Table']", "My Table"),
            (r#"["where"]"#, "where"),
            ("_t1", "_t1"),
        ] {
            let query = parse_query(text).unwrap();
            let Source::Table(table) = &query.body.source else {
                panic!("a table source")
            };
            assert_eq!(table.name, name);
            assert_eq!(table.span, Span::new(0, text.len()));
        }
        assert_eq!(
            parse_query("['My Table'] | count").unwrap().to_string(),
            "['My Table'] | count"
        );
        assert_eq!(
            parse_query(r#"["where"]"#).unwrap().to_string(),
            "['where']"
        );
    }

    #[test]
    fn comments_anywhere_whitespace_may_appear() {
        let text = "// leading\nT // after source\n| // after bar\n where // after keyword\n x == 1 // end";
        assert_eq!(parse_query(text).unwrap().to_string(), "T | where x == 1");
    }

    #[test]
    fn the_whole_input_is_consumed() {
        assert_error("T | where x > 1 «)»", Syntax, "unexpected ')'");
        assert_error("T «x»", Syntax, "unexpected 'x'");
        assert_error("T | take 10 «10»", Syntax, "unexpected '10'");
        assert_error("T | project a «b»", Syntax, "unexpected 'b'");
        assert_error("T | where x > 1 «!»", Syntax, "unexpected '!'");
        let error = assert_error("T | where x «=» 1", Syntax, "unexpected '='");
        assert_eq!(error.help.as_deref(), Some("compare with '==', not '='"));
        let error = assert_error(
            "T | where (X «=» true)",
            Syntax,
            "expected ')' to close '(', found '='",
        );
        assert_eq!(error.help.as_deref(), Some("compare with '==', not '='"));
        assert_error("T | where s == 'é' «é»", Syntax, "unexpected 'é'");
    }

    #[test]
    fn missing_parts_are_reported_where_expected() {
        assert_error(
            "T | where «)»",
            Syntax,
            "expected an expression after 'where', found ')'",
        );
        assert_error(
            "T | filter «»",
            Syntax,
            "expected an expression after 'filter', found end of query",
        );
        assert_error(
            "T |«»",
            Syntax,
            "expected a tabular operator after '|', found end of query",
        );
        assert_error(
            "T | «|» take 1",
            Syntax,
            "expected a tabular operator after '|', found '|'",
        );
        assert_error("«|» where x", Syntax, "expected a table name, found '|'");
        assert_error("«»", Syntax, "expected a table name, found end of query");
        assert_error(
            "«where» x > 1",
            Syntax,
            "expected a table name, found keyword 'where'",
        );
        assert_error(
            "T | «Where» x > 1",
            Syntax,
            "expected a tabular operator after '|', found 'Where'",
        );
    }

    #[test]
    fn unsupported_statements_and_sources_are_named() {
        assert_error(
            "«alias» database x = cluster('c').database('d'); T",
            Unsupported,
            "'alias' statements are not supported yet",
        );
        assert_error(
            "«restrict» access to (T); T",
            Unsupported,
            "'restrict' statements",
        );
        assert_error(
            "«declare pattern» p; T",
            Unsupported,
            "'declare pattern' statements",
        );
        assert_error(
            "T | take 1«; U»",
            Unsupported,
            "a batch of several queries is not supported yet",
        );
        assert_error(
            "T | take 1«; let» x = 1",
            Unsupported,
            "a batch of several queries",
        );
        assert_error("datatable(x: «long2») [1]", Syntax, "unknown type 'long2'");
        assert_error(
            "datatable(x: long) [1, 2«»",
            Syntax,
            "expected ',' or ']' after a datatable value",
        );
        assert_error(
            "«find» \"x\"",
            Unsupported,
            "operator 'find' is not supported yet",
        );
        assert_error(
            "«table(»'T')",
            Unsupported,
            "calling 'table()' as a query source is not supported yet",
        );
        assert_error("«db.»T", Unsupported, "a qualified table name");
        assert_error(
            "«app(»'a').requests",
            Unsupported,
            "calling 'app()' as a query source",
        );
        assert_error(
            "«resource(»'/subscriptions/s').T",
            Unsupported,
            "calling 'resource()' as a query source",
        );
    }

    #[test]
    fn workspace_tables() {
        let text = "workspace('Law-A').AmlComputeJobEvent | union workspace(\"b\").['My T']";
        assert_eq!(
            assert_round_trip(text),
            "workspace(\"Law-A\").AmlComputeJobEvent | union workspace(\"b\").['My T']"
        );
        let query = parse_query(text).expect("parses");
        let Source::Workspace(table) = &query.body.source else {
            panic!("a workspace table: {:?}", query.body.source)
        };
        assert_eq!(table.workspace, "Law-A");
        assert_eq!(table.workspace_span.text(text), "'Law-A'");
        assert_eq!(table.table.name, "AmlComputeJobEvent");
        assert_eq!(
            table.span.text(text),
            "workspace('Law-A').AmlComputeJobEvent"
        );
        assert_error(
            "workspace(«x»).T",
            Syntax,
            "expected a workspace name or resource id in quotes",
        );
        assert_error(
            "workspace('a') «x»",
            Syntax,
            "expected '.' and a table name",
        );
        assert_error(
            "workspace('a').«T.»U",
            Unsupported,
            "a qualified name after workspace(…)",
        );
    }

    #[test]
    fn unsupported_operators_are_named_with_their_span() {
        let unsupported = crate::operator::OPERATORS.iter().filter(|spec| {
            spec.parser.is_none() && !crate::operator::SOURCE_ONLY.contains(&spec.name)
        });
        assert!(unsupported.clone().count() > 15);
        for spec in unsupported {
            let op = spec.name;
            assert_error(
                &format!("T | where x > 1 | «{op}» something"),
                Unsupported,
                &format!("operator '{op}' is not supported yet"),
            );
        }
        // Hyphenated names are one word: not `project` followed by `-smart`.
        assert_error(
            "T | «project-smart» x",
            Unsupported,
            "operator 'project-smart'",
        );
    }

    #[test]
    fn keywords_are_whole_words() {
        let query = parse_query("T | project projected = 1 | extend extendable = 2").unwrap();
        let OperatorKind::Project(project) = &query.body.operators[0].kind else {
            panic!()
        };
        assert_eq!(project.items[0].name.as_ref().unwrap().name, "projected");
        assert_error(
            "T | «projection» x",
            Syntax,
            "expected a tabular operator after '|', found 'projection'",
        );
        assert_error("T | «project-x»", Syntax, "found 'project-x'");
        assert!(parse_query("T | project -x").is_ok());
        assert_error("T | «counts»", Syntax, "found 'counts'");
        let query = parse_query("T | where order_id == 1 | where android has 'x'").unwrap();
        assert_eq!(
            query.to_string(),
            r#"T | where order_id == 1 | where android has "x""#
        );
    }

    #[test]
    fn identifiers_are_case_sensitive_and_kept() {
        let query = parse_query("T | where TimeGenerated > timegenerated | project ['Event Type']")
            .unwrap();
        assert_eq!(
            query.to_string(),
            "T | where TimeGenerated > timegenerated | project ['Event Type']"
        );
    }

    #[test]
    fn depth_guard_stops_deep_nesting() {
        let ok = format!("T | where {}x{}", "(".repeat(64), ")".repeat(64));
        assert!(parse_query(&ok).is_ok());
        let marked = format!("T | where {}«(»x{}", "(".repeat(64), ")".repeat(65));
        assert_error(&marked, Syntax, "expression nested too deeply");
        let calls = format!("T | where {}x{}", "f(".repeat(70), ")".repeat(70));
        assert_eq!(
            parse_query(&calls).unwrap_err().message,
            "expression nested too deeply"
        );
        let brackets = format!("T | where x{}", "[0".repeat(70) + &"]".repeat(70));
        assert_eq!(
            parse_query(&brackets).unwrap_err().message,
            "expression nested too deeply"
        );
        // Prefix signs are parsed in a loop, not by recursion.
        let signs = format!("T | where {}1", "-".repeat(200));
        assert!(parse_query(&signs).is_ok());
        let signs = format!("T | where {}1", "- ".repeat(100_000));
        assert_eq!(
            parse_query(&signs).unwrap_err().message,
            "expression nested too deeply"
        );
        // Flat chains of `and`/`or` are one level however long; other chains are as deep as
        // they are long.
        for op in ["or", "and"] {
            let terms: Vec<String> = (0..10_000).map(|i| format!("x == {i}")).collect();
            let chain = format!("T | where {}", terms.join(&format!(" {op} ")));
            let query = parse_query(&chain).unwrap_or_else(|e| panic!("{op}: {e}"));
            let OperatorKind::Where(where_) = &query.body.operators[0].kind else {
                panic!("a where")
            };
            let ExprKind::Logical { operands, .. } = &where_.predicate.kind else {
                panic!("one flat chain")
            };
            assert_eq!(operands.len(), 10_000);
            assert_eq!(crate::parser::expr::expr_depth(&where_.predicate), 3);
        }
        let mixed = format!("T | where {}", vec!["a and b"; 2_000].join(" or "));
        assert!(parse_query(&mixed).is_ok());
        let marked = format!(
            "T | where x{}«+» x{}",
            " + x".repeat(255),
            " + x".repeat(10)
        );
        let error = assert_error(&marked, Syntax, "expression nested too deeply");
        assert!(error.help.unwrap().contains("at most 256 operators deep"));
        let marked = format!("T | where {}«(»x{}", "(a or ".repeat(64), ")".repeat(65));
        assert_error(&marked, Syntax, "expression nested too deeply");
        let members = format!("T | where x{}", ".a".repeat(100_000));
        assert_eq!(
            parse_query(&members).unwrap_err().message,
            "expression nested too deeply"
        );
        let huge = "(".repeat(1_000_000);
        assert_eq!(
            parse_query(&format!("T | where {huge}"))
                .unwrap_err()
                .message,
            "expression nested too deeply"
        );
    }

    #[test]
    fn literal_values_reach_the_ast() {
        let query = parse_query("T | where x == 0xf").unwrap();
        let OperatorKind::Where(where_) = &query.body.operators[0].kind else {
            panic!()
        };
        let crate::ast::ExprKind::Binary { right, .. } = &where_.predicate.kind else {
            panic!()
        };
        assert_eq!(right.kind, crate::ast::ExprKind::Literal(Literal::Long(15)));
    }
}
