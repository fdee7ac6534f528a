//! The KQL abstract syntax tree: what the parser produces and the planner consumes.
//!
//! Every node carries the [`Span`] of the text it came from, so that later stages can point at
//! the query. The tree speaks KQL (`Where`, `Extend`, `Summarize`), never SQL. `Display`
//! (in `display.rs`, and `operator/*.rs` for the operators) prints a node back as canonical KQL,
//! and parsing that text gives the same tree again (spans aside).
//!
//! Each tabular operator's node (`Where`, `Summarize`, …) is defined beside its parser fn in
//! `operator/<name>.rs` and re-exported here; [`OperatorKind`] has one variant wrapping each.
//!
//! Shapes the parser produces that a consumer should know: a negative number is
//! `Unary { op: Neg, operand: Literal(..) }` (only typed literals such as `long(-1)` hold a
//! negative value); `real(1.5)` and `1.5` are the same `Literal::Real`; adjacent string literals
//! are one `Literal::String`; `not(x)` and `count()` are `Call`s; `<>` is `BinaryOp::NotEq`; the
//! aliases `filter`, `limit` and `order by` give `Where`, `Take` and `Sort`.

use crate::{KqlType, Span};

/// A name as written by the user: a table, column or function. `['Event Type']` is stored
/// without its brackets and quotes; the name is case-sensitive and kept byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name, brackets removed.
    pub name: String,
    /// Where it was written (brackets included).
    pub span: Span,
}

/// A whole query: statements (`let n = 5;`, `set …;`, `declare query_parameters(…);`), then
/// the tabular expression whose result is the query's: `AmlComputeJobEvent | where … | project …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The statements before the query's tabular expression, in order.
    pub statements: Vec<Statement>,
    /// The tabular expression the query evaluates.
    pub body: Pipeline,
    /// The whole query text.
    pub span: Span,
}

/// A source followed by `|`-separated operators.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Where rows come from.
    pub source: Source,
    /// The operators, in order.
    pub operators: Vec<Operator>,
    /// From the source to the end of the last operator.
    pub span: Span,
}

/// The start of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A table by name: `AmlComputeJobEvent`, `['My Table']`.
    Table(Ident),
    /// `print a = 1, "x"`: one row of computed columns.
    Print(Print),
    /// `datatable(a: long, b: string) [1, "x", 2, "y"]`: an inline table.
    Datatable(Datatable),
    /// `union T, (U | where x), V*`: the rows of several tables.
    Union(Union),
    /// `externaldata (a: long) [@"file.csv"] with (format="csv")`: rows read from files.
    Externaldata(Externaldata),
    /// `range x from 1 to 10 step 1`: one column of evenly spaced values.
    Range(Box<Range>),
    /// `search in (T, U*) "term"`, `search "term"`: the rows of several tables (or all) in
    /// which a term is found.
    Search(Box<Search>),
    /// `(T | where x > 1)`: a parenthesised tabular expression.
    Paren(Box<Pipeline>),
    /// `f(1, "a")`, `materialize(T)`: a call of a tabular function (a user function or
    /// `materialize`).
    Call(CallSource),
    /// `workspace("law-central").AmlComputeJobEvent`: a table of one Log Analytics workspace.
    Workspace(WorkspaceTable),
}

impl Source {
    /// The text the source came from.
    pub fn span(&self) -> Span {
        match self {
            Source::Table(ident) => ident.span,
            Source::Print(print) => print.span,
            Source::Datatable(datatable) => datatable.span,
            Source::Union(union) => union.span,
            Source::Externaldata(externaldata) => externaldata.span,
            Source::Range(range) => range.span,
            Source::Search(search) => search.span,
            Source::Paren(pipeline) => pipeline.span,
            Source::Call(call) => call.span,
            Source::Workspace(table) => table.span,
        }
    }
}

/// `workspace("law-central").AmlComputeJobEvent`: table `table` of one Log Analytics workspace,
/// named by its name or resource id.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceTable {
    /// The workspace as written (the string literal's value).
    pub workspace: String,
    /// The string literal.
    pub workspace_span: Span,
    /// The table.
    pub table: Ident,
    /// From `workspace` to the end of the table name.
    pub span: Span,
}

/// A call of a tabular function as a source: `f(1, x = 2)`, `materialize(T | where x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSource {
    /// The function name.
    pub name: Ident,
    /// The arguments, in order (named ones are [`ExprKind::NamedArgument`]).
    pub args: Vec<Expr>,
    /// From the name to the closing `)`.
    pub span: Span,
}

/// The `print` source.
#[derive(Debug, Clone, PartialEq)]
pub struct Print {
    /// The columns (unnamed ones are `print_0`, `print_1`, … by position).
    pub items: Vec<ProjectItem>,
    /// From `print` to the last item.
    pub span: Span,
}

/// The `datatable` source.
#[derive(Debug, Clone, PartialEq)]
pub struct Datatable {
    /// The declared columns, in order.
    pub columns: Vec<DatatableColumn>,
    /// The values, row after row (a multiple of the column count).
    pub values: Vec<Expr>,
    /// From `datatable` to the closing `]`.
    pub span: Span,
}

/// One `name: type` of a `datatable` schema.
#[derive(Debug, Clone, PartialEq)]
pub struct DatatableColumn {
    /// The column name.
    pub name: Ident,
    /// Its declared type.
    pub kql_type: KqlType,
    /// From the name to the type.
    pub span: Span,
}

/// One tabular operator after a `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    /// Which operator, with its arguments.
    pub kind: OperatorKind,
    /// From the operator keyword to its last argument (the `|` excluded).
    pub span: Span,
}

/// Declares [`OperatorKind`] from one line per operator, `Variant(module::Node)`: the variant
/// wraps the node type defined beside its parser in `operator/<module>.rs`, the node type is
/// re-exported here, and `Display` delegates to the node (which prints the canonical name).
macro_rules! operator_kinds {
    ($($(#[$doc:meta])* $variant:ident($module:ident::$node:ident),)*) => {
        $(pub use crate::operator::$module::$node;)*

        /// The tabular operators kqlake implements, one variant per operator. Each wraps the
        /// operator's node type, defined beside its parser fn in `operator/<name>.rs`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum OperatorKind {
            $($(#[$doc])* $variant($node),)*
        }

        /// The operator as canonical KQL, without the leading `|`: `where x > 1`, `take 5`
        /// (never an alias such as `filter` or `limit`).
        impl std::fmt::Display for OperatorKind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(OperatorKind::$variant(node) => std::fmt::Display::fmt(node, f),)*
                }
            }
        }
    };
}

operator_kinds! {
    /// `as [hint.materialized = true] Name`: binds a name to the input for what follows.
    As(as_::As),
    /// `consume [decodeblocks=…]`: runs the input, returns no row.
    Consume(consume::Consume),
    /// `count`: one row, one column `Count`.
    Count(count::Count),
    /// `distinct a, b` or `distinct *`.
    Distinct(distinct::Distinct),
    /// `evaluate plugin(args) [: (schema)]`: `bag_unpack`, `pivot`, `narrow`.
    Evaluate(evaluate::Evaluate),
    /// `extend b = expr, expr`.
    Extend(extend::Extend),
    /// `facet by Column`: the column's values and their row counts.
    Facet(facet::Facet),
    /// `getschema`: the input's columns as rows.
    GetSchema(getschema::GetSchema),
    /// `join kind=… (Right) on Key, $left.a == $right.b`.
    Join(join::Join),
    /// `lookup kind=… (Right) on Key`.
    Lookup(lookup::Lookup),
    /// `mv-apply [with_itemindex=I] a to typeof(T), … [limit N] on (subquery)`.
    MvApply(mv_apply::MvApply),
    /// `mv-expand [bagexpansion=…] [with_itemindex=I] a, b to typeof(T) [limit N]`.
    MvExpand(mv_expand::MvExpand),
    /// `invoke f(args)`: calls a tabular function with the input as its first argument.
    Invoke(invoke::Invoke),
    /// `make-series Agg(…) [default = v], … on Axis from a to b step s [by Key, …]`.
    MakeSeries(make_series::MakeSeries),
    /// `parse [kind=…] [flags=…] Expr with * "text" Col:type …`.
    Parse(parse::Parse),
    /// `parse-kv Expr as (Key: type, …) [with (pair_delimiter=…, …)]`.
    ParseKv(parse_kv::ParseKv),
    /// `parse-where [kind=…] [flags=…] Expr with …`: only the rows that match.
    ParseWhere(parse::ParseWhere),
    /// `project a, b = expr, expr`.
    Project(project::Project),
    /// `project-away a, b*`.
    ProjectAway(project_away::ProjectAway),
    /// `project-keep a, b*`.
    ProjectKeep(project_keep::ProjectKeep),
    /// `project-rename new = old, …`.
    ProjectRename(project_rename::ProjectRename),
    /// `project-reorder b, a* asc`.
    ProjectReorder(project_reorder::ProjectReorder),
    /// `render Chart [with (Property = Value, …)]`: the rows unchanged, with a chart request.
    Render(render::Render),
    /// `sample N`.
    Sample(sample::Sample),
    /// `sample-distinct N of Column`.
    SampleDistinct(sample_distinct::SampleDistinct),
    /// `search [kind=…] Predicate`: the input rows in which a term or predicate is found.
    Search(search::Search),
    /// `serialize [Name = Expr, …]`.
    Serialize(serialize::Serialize),
    /// `sort by Expr [asc|desc] [nulls first|last], …` (alias `order by`).
    Sort(sort::Sort),
    /// `summarize [hints] [Name =] Aggregate(…), … [by [Name =] Expr, …]`.
    Summarize(summarize::Summarize),
    /// `take N` (alias `limit`).
    Take(take::Take),
    /// `top N by Expr [asc|desc] [nulls first|last]`.
    Top(top::Top),
    /// `top-nested [N] of Expr [with others = V] by Aggregation [asc|desc], …`.
    TopNested(top_nested::TopNested),
    /// `union kind=… withsource=C T, (U | …), V*` after a `|` (its input is the first leg).
    Union(union::Union),
    /// `where Predicate` (alias `filter`).
    Where(where_::Where),
}

pub use crate::operator::distinct::DistinctColumns;
pub use crate::operator::evaluate::OutputSchema;
pub use crate::operator::externaldata::{ExternalFormat, Externaldata};
pub use crate::operator::join::{JoinCondition, JoinKind};
pub use crate::operator::lookup::LookupKind;
pub use crate::operator::make_series::{MakeSeriesItem, MakeSeriesRange};
pub use crate::operator::mv_expand::{BagExpansion, MvExpandItem};
pub use crate::operator::operand::{OperatorParameter, ParameterValue, TabularOperand};
pub use crate::operator::parse::{ParseKind, ParsePart};
pub use crate::operator::project_away::ColumnPattern;
pub use crate::operator::project_rename::Rename;
pub use crate::operator::project_reorder::{ColumnOrder, ReorderColumn};
pub use crate::operator::range::Range;
pub use crate::operator::render::{CHART_TYPES, RenderProperty, RenderValue};
pub use crate::operator::search::SearchPredicate;
pub use crate::operator::sort::{NullsOrder, SortDirection, SortKey};
pub use crate::operator::summarize::AggregateItem;
pub use crate::operator::top_nested::TopNestedClause;
pub use crate::operator::union::{UnionKind, UnionLeg};
pub use crate::statement::{
    DeclareQueryParameters, Expression, Function, FunctionBody, Let, LetValue, Parameter,
    ParameterType, Set, Statement, TableSchema,
};

/// An optionally named expression: `b = a * 2` or just `a * 2`, in `project`, `extend`,
/// `summarize` aggregates and `by` keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectItem {
    /// The output name given with `Name =`, if any.
    pub name: Option<Ident>,
    /// The value.
    pub expr: Expr,
    /// From the name (or the expression) to the end of the expression.
    pub span: Span,
}

/// A scalar expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// The text it came from.
    pub span: Span,
}

/// The kinds of scalar expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A literal: `"a"`, `12`, `1.5`, `true`, `datetime(2024-01-01)`, `5d`, `long(null)`.
    Literal(Literal),
    /// A bare name: a column (later also a `let` name).
    Name(Ident),
    /// A function call: `ago(5d)`, `count()`, `split(s, "/")`.
    Call {
        /// The function name (matched exactly: `Count()` is not `count()`).
        name: Ident,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
    /// `p and q and r`, `p or q`: a flat chain of two or more operands of one logical operator.
    /// A chain is one node however long (a 2,000-term `or` is not 2,000 levels deep); a
    /// parenthesised chain inside another is a `Paren` operand.
    Logical {
        /// `and` or `or`.
        op: LogicalOp,
        /// The operands, in order (at least two).
        operands: Vec<Expr>,
    },
    /// A binary operator: `a == b`, `x + 1`, `s has "x"`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// A prefix `-` or `+`: `-x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `x in (a, b)`, `x !in (…)`, `x in~ (…)`, `x !in~ (…)`.
    In {
        /// The tested value.
        target: Box<Expr>,
        /// The candidate values.
        items: Vec<Expr>,
        /// `!in` / `!in~`.
        negated: bool,
        /// `in~` / `!in~`.
        case_insensitive: bool,
    },
    /// `s has_any ("a", "b")`, `s has_all (dynamic(["a", "b"]))`: `has` for any / all of
    /// the values (dynamic arrays among them are flattened).
    HasAny {
        /// The searched value.
        target: Box<Expr>,
        /// The terms, or dynamic arrays of terms.
        items: Vec<Expr>,
        /// `has_all` rather than `has_any`.
        all: bool,
    },
    /// `x between (lo .. hi)` / `x !between (lo .. hi)`.
    Between {
        /// The tested value.
        target: Box<Expr>,
        /// Lower bound (inclusive).
        low: Box<Expr>,
        /// Upper bound (inclusive).
        high: Box<Expr>,
        /// `!between`.
        negated: bool,
    },
    /// Element access: `arr[0]`, `bag["key"]`, `bag['key']`, `arr[(-1)]`.
    Index {
        /// The indexed value.
        target: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
    },
    /// Member access: `bag.key`.
    Member {
        /// The accessed value.
        target: Box<Expr>,
        /// The key.
        name: Ident,
    },
    /// A parenthesised expression, kept so `Display` round-trips the user's grouping.
    Paren(Box<Expr>),
    /// `*` as a call argument: every column of the input (`arg_max(t, *)`, `take_any(*)`).
    /// The parser builds it only as an argument; the planner accepts it only where the
    /// function does.
    Star,
    /// A named argument of a call, `y = 1` in `f(x, y = 1)`: only inside call arguments, and
    /// only user-defined functions take them.
    NamedArgument {
        /// The parameter's name.
        name: Ident,
        /// The argument.
        value: Box<Expr>,
    },
    /// A tabular expression as a call argument: `toscalar(T | count)`, `f((range x from 1 to
    /// 3 step 1), 2)`. A plain name (`f(T)`) stays a [`ExprKind::Name`]; the planner decides
    /// whether it names a table or a scalar.
    Tabular(Box<Pipeline>),
}

/// The operators of [`ExprKind::Logical`] chains; `or` binds more loosely than `and`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalOp {
    /// `or`
    Or,
    /// `and`
    And,
}

/// Binary operators, grouped by precedence (lowest first): comparisons and string operators;
/// `+ -`; `* / %`. (`and` and `or` are [`LogicalOp`] chains.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `==`
    Eq,
    /// `!=` (also `<>`)
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `=~`: case-insensitive string equality.
    EqCi,
    /// `!~`: case-insensitive string inequality.
    NotEqCi,
    /// A string operator: `has`, `!contains_cs`, `startswith`, `matches regex`, …
    String(StringOp),
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

/// A string predicate operator such as `has`, `!has`, `has_cs`, `contains`, `startswith`,
/// `matches regex`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringOp {
    /// Which predicate.
    pub kind: StringOpKind,
    /// Written with a leading `!`.
    pub negated: bool,
    /// Written with the `_cs` suffix (`matches regex` is always case-sensitive and has none).
    pub case_sensitive: bool,
}

/// The string predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringOpKind {
    /// `has`: the right side is a whole term of the left.
    Has,
    /// `hasprefix`: some term starts with the right side.
    HasPrefix,
    /// `hassuffix`: some term ends with the right side.
    HasSuffix,
    /// `contains`: substring.
    Contains,
    /// `startswith`: prefix of the whole string.
    StartsWith,
    /// `endswith`: suffix of the whole string.
    EndsWith,
    /// `matches regex`.
    MatchesRegex,
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
}

/// A literal value, already decoded (escapes resolved, numbers and times parsed).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `"a\n"`, `'a'`, `@"C:\dir"`: the decoded text.
    String(String),
    /// `12`, `0xf`, `long(-1)`.
    Long(i64),
    /// `int(2)`.
    Int(i32),
    /// `1.5`, `1e5`, `real(nan)`, `real(+inf)`.
    Real(f64),
    /// `true`, `false`, `bool(true)`.
    Bool(bool),
    /// `datetime(2024-01-01 10:00)`: 100-nanosecond ticks since 1970-01-01T00:00:00Z (negative
    /// before it), the precision of Kusto's `datetime`.
    DateTime(i64),
    /// `5d`, `1.5h`, `100ms`, `time(1.02:03:04)`, `timespan(2)`: 100-nanosecond ticks.
    TimeSpan(i64),
    /// `decimal(1.50)`, `decimal(1e5)`, `decimal(-2)`: the exact value as canonical decimal
    /// text (`1.5`, `100000`, `-2`): an optional `-`, digits without leading zeros, and a
    /// fraction without trailing zeros.
    Decimal(String),
    /// `guid(74be27de-1e4e-49d9-b579-fe0b331d3642)`: the guid in lower case, 8-4-4-4-12.
    Guid(String),
    /// `long(null)`, `datetime(null)`, `dynamic(null)`, …: a typed null. (`string` has no
    /// null.)
    Null(KqlType),
    /// `dynamic([1, "a"])`, `dynamic({"t": datetime(2020-01-01)})`, `dynamic(4)`: a dynamic
    /// value other than null.
    Dynamic(Box<DynamicValue>),
}

/// The value inside a `dynamic(…)` literal: JSON whose scalars may be any KQL literal.
#[derive(Debug, Clone, PartialEq)]
pub enum DynamicValue {
    /// A scalar: `1`, `"a"`, `true`, `datetime(2020-01-01)`, `1d`, `null` (as
    /// `Literal::Null(KqlType::Dynamic)`).
    Scalar(Literal),
    /// `[1, "a", [2]]`.
    Array(Vec<DynamicValue>),
    /// `{"a": 1, "b": {…}}`: keys in written order, each once (a repeated key keeps its last
    /// value).
    Bag(Vec<(String, DynamicValue)>),
}
