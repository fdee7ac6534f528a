//! Tabular operators: [`OPERATORS`], the table of every Kusto operator name; the dispatch
//! after `|`; the productions several operators share; and one file per operator holding its
//! AST node, its parser fn and its `Display`.
//!
//! [`tabular_operator`] reads the operator name as a whole word (`project-away` is one name,
//! not `project` followed by `-away`) and looks it up in [`OPERATORS`]: an implemented operator
//! goes to its parser fn; every other Kusto operator is rejected by name with its span, as
//! `Unsupported`. Adding an operator is one line here (its `unsupported("x")` entry becomes
//! `supported("x", &[aliases], x::x_operator)`) plus its own file; `ARCHITECTURE.md` lists the
//! rest (the `OperatorKind` variant, the planner, the grammar, the tests).

pub(crate) mod as_;
pub(crate) mod consume;
pub(crate) mod count;
pub(crate) mod distinct;
pub(crate) mod evaluate;
pub(crate) mod extend;
pub(crate) mod externaldata;
pub(crate) mod facet;
pub(crate) mod getschema;
pub(crate) mod invoke;
pub(crate) mod join;
pub(crate) mod lookup;
pub(crate) mod make_series;
pub(crate) mod mv_apply;
pub(crate) mod mv_expand;
pub(crate) mod operand;
pub(crate) mod parse;
pub(crate) mod parse_kv;
pub(crate) mod project;
pub(crate) mod project_away;
pub(crate) mod project_keep;
pub(crate) mod project_rename;
pub(crate) mod project_reorder;
pub(crate) mod range;
pub(crate) mod render;
pub(crate) mod sample;
pub(crate) mod sample_distinct;
pub(crate) mod search;
pub(crate) mod serialize;
pub(crate) mod sort;
pub(crate) mod source;
pub(crate) mod summarize;
pub(crate) mod take;
pub(crate) mod top;
pub(crate) mod top_nested;
pub(crate) mod union;
pub(crate) mod where_;

use crate::ast::{Operator, OperatorKind, ProjectItem};
use crate::parser::expr::expression;
use crate::parser::lexical::{
    SyntaxError, advance, expected_failure, is_word_char, name, punct, require, span_from,
    unsupported_failure, ws,
};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// The operator's name as the query wrote it: its entry's name or one of its aliases. `Display`
/// prints it, for messages such as `expected an expression after 'filter'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OperatorName(pub(crate) &'static str);

impl fmt::Display for OperatorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Parses what follows an operator's name (which [`tabular_operator`] has already read) into
/// its [`OperatorKind`].
pub(crate) type OperatorParser = for<'a> fn(OperatorName, Input<'a>) -> PResult<'a, OperatorKind>;

/// One Kusto tabular operator: its name, its aliases, and its parser if kqlake implements it.
pub(crate) struct OperatorSpec {
    /// The canonical name, the one `Display` prints.
    pub(crate) name: &'static str,
    /// Other names it answers to (`filter` for `where`).
    pub(crate) aliases: &'static [&'static str],
    /// `None`: valid KQL that kqlake rejects by name (`operator 'join' is not supported yet`).
    pub(crate) parser: Option<OperatorParser>,
}

impl OperatorSpec {
    /// The name and the aliases.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }
}

/// An operator kqlake implements.
const fn supported(
    name: &'static str,
    aliases: &'static [&'static str],
    parser: OperatorParser,
) -> OperatorSpec {
    OperatorSpec {
        name,
        aliases,
        parser: Some(parser),
    }
}

/// A Kusto operator kqlake does not implement yet: rejected by name with its span.
const fn unsupported(name: &'static str) -> OperatorSpec {
    OperatorSpec {
        name,
        aliases: &[],
        parser: None,
    }
}

/// Every Kusto tabular operator, by name. Names are case-sensitive whole words; hyphenated
/// names are one word. Each name is also a keyword (`Display` brackets a column called
/// `['join']`).
pub(crate) const OPERATORS: &[OperatorSpec] = &[
    supported("as", &[], as_::as_operator),
    unsupported("assert-schema"),
    supported("consume", &[], consume::consume_operator),
    supported("count", &[], count::count_operator),
    unsupported("datatable"),
    supported("distinct", &[], distinct::distinct_operator),
    supported("evaluate", &[], evaluate::evaluate_operator),
    unsupported("execute"),
    supported("extend", &[], extend::extend_operator),
    unsupported("externaldata"),
    supported("facet", &[], facet::facet_operator),
    unsupported("find"),
    unsupported("fork"),
    supported("getschema", &[], getschema::getschema_operator),
    unsupported("graph-mark-components"),
    unsupported("graph-match"),
    unsupported("graph-merge"),
    unsupported("graph-shortest-paths"),
    unsupported("graph-to-table"),
    supported("invoke", &[], invoke::invoke_operator),
    supported("join", &[], join::join_operator),
    supported("lookup", &[], lookup::lookup_operator),
    unsupported("macro-expand"),
    unsupported("make-graph"),
    supported("make-series", &[], make_series::make_series_operator),
    supported("mv-apply", &[], mv_apply::mv_apply_operator),
    supported("mv-expand", &["mvexpand"], mv_expand::mv_expand_operator),
    supported("parse", &[], parse::parse_operator),
    supported("parse-kv", &[], parse_kv::parse_kv_operator),
    supported("parse-where", &[], parse::parse_where_operator),
    unsupported("partition"),
    unsupported("print"),
    supported("project", &[], project::project_operator),
    supported("project-away", &[], project_away::project_away_operator),
    supported("project-keep", &[], project_keep::project_keep_operator),
    supported(
        "project-rename",
        &[],
        project_rename::project_rename_operator,
    ),
    supported(
        "project-reorder",
        &[],
        project_reorder::project_reorder_operator,
    ),
    unsupported("project-smart"),
    unsupported("range"),
    unsupported("reduce"),
    supported("render", &[], render::render_operator),
    supported("sample", &[], sample::sample_operator),
    supported(
        "sample-distinct",
        &[],
        sample_distinct::sample_distinct_operator,
    ),
    unsupported("scan"),
    supported("search", &[], search::search_operator),
    supported("serialize", &[], serialize::serialize_operator),
    supported("sort", &["order"], sort::sort_operator),
    supported("summarize", &[], summarize::summarize_operator),
    supported("take", &["limit"], take::take_operator),
    supported("top", &[], top::top_operator),
    unsupported("top-hitters"),
    supported("top-nested", &[], top_nested::top_nested_operator),
    supported("union", &[], union::union_operator),
    supported("where", &["filter"], where_::where_operator),
];

/// Names in [`OPERATORS`] that only start a query: after a `|` they are a syntax error that
/// says so, not "not supported".
pub(crate) const SOURCE_ONLY: &[&str] = &["externaldata", "datatable"];

/// The entry answering to `name` (exactly, case-sensitively) and the name as the table spells it.
pub(crate) fn operator_spec(name: &str) -> Option<(&'static OperatorSpec, &'static str)> {
    for spec in OPERATORS {
        for known in spec.names() {
            if known == name {
                return Some((spec, known));
            }
        }
    }
    None
}

/// The length of the operator name at the start of `text`: a word, continued by `-` and a
/// letter (`project-away`, `mv-expand`); 0 if `text` does not start with a word.
fn operator_name_len(text: &str) -> usize {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return 0;
    }
    let word_end = |from: usize| {
        text[from..]
            .find(|c: char| !is_word_char(c))
            .map_or(text.len(), |i| from + i)
    };
    let mut end = word_end(0);
    while text[end..].starts_with('-')
        && text[end + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        end = word_end(end + 1);
    }
    end
}

/// One tabular operator after a `|`: its name, looked up in [`OPERATORS`], then what its
/// parser fn reads. The production lists one alternative per implemented operator; a test
/// checks it against [`OPERATORS`], so it has no copy here.
pub(crate) fn tabular_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (at, ()) = ws(input)?;
    let len = operator_name_len(at.fragment());
    if len == 0 {
        return Err(expected_failure(
            "expected a tabular operator after '|'",
            at,
        ));
    }
    let (after_name, span) = advance(at, len);
    let written = &at.fragment()[..len];
    match operator_spec(written) {
        Some((spec, text)) => match spec.parser {
            None if SOURCE_ONLY.contains(&text) => Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax(format!("'{text}' cannot follow '|'"), span).with_help(format!(
                    "'{text}' is a source: it starts a query (or a union leg, a join's right \
                         side), e.g. `{text} (…) […] | where …`"
                )),
            ))),
            Some(parser) => {
                let (rest, kind) = parser(OperatorName(text), after_name)?;
                let span = span_from(span.start, rest);
                Ok((rest, Operator { kind, span }))
            }
            None if text == "fork" => Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::unsupported("operator 'fork'", span)
                    .with_note(
                        "fork returns a result table per branch; kqlake returns one table per query",
                    )
                    .with_help("run each branch as a query of its own: `T | <branch>`"),
            ))),
            None => Err(unsupported_failure(format!("operator '{text}'"), span)),
        },
        None => Err(unknown_operator(written, span)),
    }
}

/// "expected a tabular operator after '|', found 'Where'", with a hint: the right case of a
/// known name, or the implemented operators.
fn unknown_operator(written: &str, span: Span) -> nom::Err<SyntaxError> {
    let diagnostic = Diagnostic::syntax(
        format!("expected a tabular operator after '|', found '{written}'"),
        span,
    );
    let known = OPERATORS
        .iter()
        .flat_map(OperatorSpec::names)
        .find(|known| known.eq_ignore_ascii_case(written));
    let diagnostic = match known {
        Some(known) => diagnostic.with_help(format!(
            "operator names are case-sensitive: did you mean '{known}'?"
        )),
        None => {
            let implemented: Vec<&str> = OPERATORS
                .iter()
                .filter(|spec| spec.parser.is_some())
                .flat_map(OperatorSpec::names)
                .collect();
            diagnostic.with_help(format!("supported operators: {}", implemented.join(", ")))
        }
    };
    nom::Err::Failure(SyntaxError::new(diagnostic))
}

/// An optionally named expression in `project`, `extend`, `summarize` and `by`.
///
/// ```ebnf
/// named_expression ::= [name "="] expression
/// ```
///
/// A tuple of names (`(a, b) = arg_max(…)`) is valid KQL, rejected by name.
pub(crate) fn named_expression(input: Input<'_>) -> PResult<'_, ProjectItem> {
    if let Some(span) = tuple_names(input) {
        return Err(unsupported_failure("assigning to a tuple of names", span));
    }
    if let Ok((after_name, ident)) = name(input)
        && let Ok((after_eq, _)) = punct("=")(after_name)
        && !after_eq.starts_with(['=', '~'])
    {
        let (rest, expr) = require(expression(after_eq), after_eq, || {
            format!("expected an expression after '{ident} ='")
        })?;
        let span = ident.span.to(expr.span);
        return Ok((
            rest,
            ProjectItem {
                name: Some(ident),
                expr,
                span,
            },
        ));
    }
    let (rest, expr) = expression(input)?;
    let span = expr.span;
    Ok((
        rest,
        ProjectItem {
            name: None,
            expr,
            span,
        },
    ))
}

/// The span of `(a, b) =` at `input`, if that is what is there.
fn tuple_names(input: Input<'_>) -> Option<Span> {
    let (mut rest, open) = punct("(")(input).ok()?;
    let mut count = 0;
    loop {
        (rest, _) = name(rest).ok()?;
        count += 1;
        if let Ok((after, _)) = punct(",")(rest) {
            rest = after;
            continue;
        }
        let (after_close, close) = punct(")")(rest).ok()?;
        let (after_eq, _) = punct("=")(after_close).ok()?;
        return (count > 1 && !after_eq.starts_with(['=', '~'])).then_some(open.to(close));
    }
}

/// A comma-separated list of named expressions, at least one; `expected_first` is the message
/// when the first is missing (`expected a column or expression after 'project'`).
///
/// ```ebnf
/// named_expression_list ::= named_expression ("," named_expression)*
/// ```
pub(crate) fn named_expression_list<'a>(
    input: Input<'a>,
    expected_first: &str,
) -> PResult<'a, Vec<ProjectItem>> {
    let (mut rest, first) = require(named_expression(input), input, || expected_first.to_owned())?;
    let mut items = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after_item, item) = require(named_expression(after_comma), after_comma, || {
            "expected a column or expression after ','".to_owned()
        })?;
        items.push(item);
        rest = after_item;
    }
    Ok((rest, items))
}

/// Writes items separated by `, `.
pub(crate) fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// `name = expr` or `expr`.
impl fmt::Display for ProjectItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} = {}", self.expr),
            None => write!(f, "{}", self.expr),
        }
    }
}

/// The operator as canonical KQL, without the leading `|`: `where x > 1`.
impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::ast::{
        Distinct, DistinctColumns, ExprKind, NullsOrder, OperatorKind, Project, Sort,
        SortDirection, Summarize,
    };
    use crate::testing::{assert_error, assert_round_trip, same_ast};
    use crate::{Span, parse_query};

    fn operators(text: &str) -> Vec<OperatorKind> {
        let query = parse_query(text).unwrap_or_else(|e| panic!("{text}: {e} at {:?}", e.span));
        query.body.operators.into_iter().map(|o| o.kind).collect()
    }

    fn names(items: &[crate::ast::ProjectItem]) -> Vec<Option<&str>> {
        items
            .iter()
            .map(|i| i.name.as_ref().map(|n| n.name.as_str()))
            .collect()
    }

    #[test]
    fn where_and_filter() {
        assert!(same_ast(
            &parse_query("T | where x").unwrap(),
            &parse_query("T |  filter x").unwrap()
        ));
        assert_eq!(assert_round_trip("T | filter x > 1"), "T | where x > 1");
    }

    #[test]
    fn project_plain_renamed_and_computed() {
        let ops = operators("T | project a, b = c, d * 2, ['e f'] = 1");
        let OperatorKind::Project(Project { items, .. }) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(items), [None, Some("b"), None, Some("e f")]);
        assert!(matches!(items[2].expr.kind, ExprKind::Binary { .. }));
        assert_eq!(
            assert_round_trip("T | project a, b=c, d*2"),
            "T | project a, b = c, d * 2"
        );
        // `a == 1` is a comparison, not a rename.
        let ops = operators("T | project a == 1, b =~ 'x'");
        let OperatorKind::Project(Project { items, .. }) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(items), [None, None]);
    }

    #[test]
    fn project_item_spans() {
        let text = "T | project b = c * 2";
        let query = parse_query(text).unwrap();
        let OperatorKind::Project(Project { items, .. }) = &query.body.operators[0].kind else {
            panic!()
        };
        assert_eq!(items[0].span.text(text), "b = c * 2");
        assert_eq!(items[0].expr.span.text(text), "c * 2");
        assert_eq!(query.body.operators[0].span, Span::new(4, text.len()));
    }

    #[test]
    fn extend() {
        let ops = operators("T | extend b = a * 2, a + 1");
        let OperatorKind::Extend(extend) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(&extend.items), [Some("b"), None]);
        assert_round_trip("T | extend b = a * 2, a + 1");
    }

    #[test]
    fn summarize_forms() {
        let ops = operators("T | summarize count(), n = dcount(x) by k, day = bin(t, 1d)");
        let OperatorKind::Summarize(Summarize { aggregates, by, .. }) = &ops[0] else {
            panic!()
        };
        let items: Vec<_> = aggregates.iter().map(|a| a.item.clone()).collect();
        assert_eq!(names(&items), [None, Some("n")]);
        assert_eq!(names(by), [None, Some("day")]);
        let ops = operators("T | summarize by x, y");
        let OperatorKind::Summarize(Summarize { aggregates, by, .. }) = &ops[0] else {
            panic!()
        };
        assert!(aggregates.is_empty());
        assert_eq!(names(by), [None, None]);
        let ops = operators("T | summarize count()");
        let OperatorKind::Summarize(Summarize { by, .. }) = &ops[0] else {
            panic!()
        };
        assert!(by.is_empty());
        for text in [
            "T | summarize count() by k",
            "T | summarize by x",
            "T | summarize n = count(), avg(x) by k = tostring(k)",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }

    #[test]
    fn distinct_columns_or_all() {
        let ops = operators("T | distinct a, ['b c'], n = tolower(d)");
        let OperatorKind::Distinct(Distinct {
            columns: DistinctColumns::Items(items),
            ..
        }) = &ops[0]
        else {
            panic!()
        };
        assert_eq!(names(items), [None, None, Some("n")]);
        assert!(matches!(
            operators("T | distinct *")[0],
            OperatorKind::Distinct(Distinct {
                columns: DistinctColumns::All(_),
                ..
            })
        ));
        assert_eq!(assert_round_trip("T | distinct *"), "T | distinct *");
        assert_eq!(
            assert_round_trip("T | distinct hint.strategy=shuffle a, ['b c']"),
            "T | distinct hint.strategy=shuffle a, ['b c']"
        );
    }

    #[test]
    fn take_and_limit() {
        assert!(same_ast(
            &parse_query("T | take 10").unwrap(),
            &parse_query("T |  limit 10").unwrap()
        ));
        assert_eq!(assert_round_trip("T | limit 5"), "T | take 5");
    }

    #[test]
    fn sort_and_order_with_modifiers() {
        let ops = operators("T | order by a, b asc, c desc nulls first, d nulls last");
        let OperatorKind::Sort(Sort { keys }) = &ops[0] else {
            panic!()
        };
        let modifiers: Vec<_> = keys.iter().map(|k| (k.direction, k.nulls)).collect();
        assert_eq!(
            modifiers,
            [
                (None, None),
                (Some(SortDirection::Asc), None),
                (Some(SortDirection::Desc), Some(NullsOrder::First)),
                (None, Some(NullsOrder::Last)),
            ]
        );
        assert_eq!(
            assert_round_trip("T | order by a, b asc, c desc nulls first, d nulls last"),
            "T | sort by a, b asc, c desc nulls first, d nulls last"
        );
    }

    #[test]
    fn count() {
        assert_eq!(
            operators("T | count"),
            [OperatorKind::Count(crate::ast::Count)]
        );
        assert_eq!(
            assert_round_trip("T | count | take 1"),
            "T | count | take 1"
        );
    }

    #[test]
    fn operator_errors() {
        assert_error(
            "T | project «»",
            Syntax,
            "expected a column or expression after 'project', found end of query",
        );
        assert_error(
            "T | project a, «|»",
            Syntax,
            "expected a column or expression after ','",
        );
        assert_error(
            "T | project a = «,» b",
            Syntax,
            "expected an expression after 'a ='",
        );
        assert_error(
            "T | extend «)»",
            Syntax,
            "expected a column or expression after 'extend'",
        );
        assert_error(
            "T | summarize «|» take 1",
            Syntax,
            "expected an aggregate or 'by' after 'summarize'",
        );
        assert_error(
            "T | summarize count() by «»",
            Syntax,
            "expected a group key after 'by'",
        );
        assert_error(
            "T | summarize count() by a, «)»",
            Syntax,
            "expected a group key after ','",
        );
        assert_error(
            "T | distinct «|»",
            Syntax,
            "expected a column, an expression or '*' after 'distinct'",
        );
        assert_error(
            "T | distinct a, «)»",
            Syntax,
            "expected a column or expression after ','",
        );
        assert_error("T | take «»", Syntax, "expected a row count after 'take'");
        assert_error(
            "T | limit «|»",
            Syntax,
            "expected a row count after 'limit'",
        );
        assert_error("T | sort «x»", Syntax, "expected 'by' after 'sort'");
        assert_error("T | order «»", Syntax, "expected 'by' after 'order'");
        assert_error("T | sort by «»", Syntax, "expected a sort key after 'by'");
        assert_error(
            "T | sort by x nulls «up»",
            Syntax,
            "expected 'first' or 'last' after 'nulls'",
        );
        assert_error(
            "T | sort by x «ascending»",
            Syntax,
            "unexpected 'ascending'",
        );
        assert_error("T | count «x»", Syntax, "unexpected 'x'");
        let error = assert_error(
            "T | «externaldata» (a: long) [@\"f.csv\"]",
            Syntax,
            "'externaldata' cannot follow '|'",
        );
        assert!(error.help.unwrap().contains("is a source"));
        assert_error(
            "T | «datatable» (a: long) [1]",
            Syntax,
            "'datatable' cannot follow '|'",
        );
        assert_error(
            "T | summarize count() by «(a, b)» = x",
            Unsupported,
            "assigning to a tuple of names is not supported yet",
        );
    }
}
