//! Query statements: `set` options, `let` bindings and `declare query_parameters`.
//!
//! - `let` of an expression binds the calculation: it is planned on its first use, in the scope
//!   it was declared in, and the plan is reused by later references (so a `toscalar()` or
//!   `materialize()` inside runs once). A `let` nothing uses is still checked after the query,
//!   without running anything, since Kusto reports errors in every statement.
//! - `let` of a function binds its definition, checked now (parameter order, defaults) and
//!   planned at each call (`function.rs`).
//! - `declare query_parameters(n:long = 5)` binds each parameter to its `--param` value, read as
//!   a KQL literal of the declared type, or to its default.
//! - `set` options are read before anything else and apply to the whole query (see
//!   [`SET_OPTIONS`]).

use crate::bindings::{Binding, FunctionBinding, LetBinding, Value};
use crate::catalog::PlanCatalog;
use crate::expr::literal_to_df;
use crate::operator::datatable::{cell_literal, cell_value};
use crate::planner::KqlToPlan;
use datafusion::common::ScalarValue;
use kql_functions::TypedExpr;
use kql_syntax::ast::{
    Function, Let, LetValue, Literal, Parameter, ParameterType, Query, Statement,
};
use kql_syntax::{Diagnostic, DiagnosticKind, KqlType};
use std::sync::{Arc, OnceLock};

/// How kqlake treats a request property named by `set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetHandling {
    /// `query_now`: pins `now()` (and `ago()`) for the query.
    Now,
    /// `query_take_max_records`: keeps the first N rows of the result.
    TakeMaxRecords,
    /// Accepted and ignored, for the reason given: kqlake's behaviour already is what the
    /// option asks for, or the option tunes a Kusto cluster.
    Ignored(&'static str),
    /// Kusto does not allow it in a `set` statement (only as a client request property).
    NotSettable,
}

/// The request properties (`api/rest/request-properties.md`) a `set` statement may name, and
/// how kqlake treats each. Any other option is rejected by name: options such as
/// `query_datetimescope_to` or `best_effort` change results, and ignoring them would answer
/// wrongly.
pub(crate) const SET_OPTIONS: &[(&str, SetHandling)] = &[
    ("query_now", SetHandling::Now),
    ("query_take_max_records", SetHandling::TakeMaxRecords),
    (
        "notruncation",
        SetHandling::Ignored("kqlake never truncates results"),
    ),
    (
        "truncationmaxrecords",
        SetHandling::Ignored("kqlake never truncates results"),
    ),
    (
        "maxoutputcolumns",
        SetHandling::Ignored("kqlake has no output column limit"),
    ),
    (
        "query_results_cache_max_age",
        SetHandling::Ignored("kqlake has no results cache"),
    ),
    (
        "query_results_cache_per_shard",
        SetHandling::Ignored("kqlake has no results cache"),
    ),
    (
        "query_datascope",
        SetHandling::Ignored("kqlake reads every export; there is no hot cache"),
    ),
    (
        "query_fanout_nodes_percent",
        SetHandling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "query_fanout_threads_percent",
        SetHandling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "query_distribution_nodes_span",
        SetHandling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "maxmemoryconsumptionperiterator",
        SetHandling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "max_memory_consumption_per_query_per_node",
        SetHandling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "push_selection_through_aggregation",
        SetHandling::Ignored("an optimizer hint"),
    ),
    (
        "query_optimize_fts_at_relop",
        SetHandling::Ignored("an optimizer hint"),
    ),
    (
        "deferpartialqueryfailures",
        SetHandling::Ignored("kqlake reports failures as errors"),
    ),
    (
        "request_description",
        SetHandling::Ignored("a label for Kusto's query log"),
    ),
    (
        "request_callout_disabled",
        SetHandling::Ignored("kqlake makes no callouts"),
    ),
    (
        "request_impersonation_disabled",
        SetHandling::Ignored("kqlake accesses no other services"),
    ),
    (
        "request_remote_entities_disabled",
        SetHandling::Ignored("kqlake has no remote entities"),
    ),
    (
        "request_sandboxed_execution_disabled",
        SetHandling::Ignored("kqlake runs no sandboxed code"),
    ),
    ("norequesttimeout", SetHandling::NotSettable),
    ("queryconsistency", SetHandling::NotSettable),
    ("query_language", SetHandling::NotSettable),
    ("query_log_query_parameters", SetHandling::NotSettable),
    ("query_weakconsistency_session_id", SetHandling::NotSettable),
    ("request_app_name", SetHandling::NotSettable),
    ("request_readonly", SetHandling::NotSettable),
    ("request_readonly_hardline", SetHandling::NotSettable),
    ("request_user", SetHandling::NotSettable),
    ("results_progressive_enabled", SetHandling::NotSettable),
    (
        "results_v2_fragment_primary_tables",
        SetHandling::NotSettable,
    ),
    ("servertimeout", SetHandling::NotSettable),
    ("truncationmaxsize", SetHandling::NotSettable),
];

/// What the `set` statements of a query ask for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct QueryOptions {
    /// `set query_now = …`, in nanoseconds since the Unix epoch.
    pub(crate) now_nanos: Option<i64>,
    /// `set query_take_max_records = N`.
    pub(crate) take_max_records: Option<usize>,
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Reads the `set` statements.
    pub(crate) fn set_options(&self, statements: &[Statement]) -> Result<QueryOptions, Diagnostic> {
        let mut options = QueryOptions::default();
        for statement in statements {
            let Statement::Set(set) = statement else {
                continue;
            };
            let option = &set.option;
            let handling = SET_OPTIONS
                .iter()
                .find(|(name, _)| *name == option.name)
                .map(|(_, h)| *h);
            let value = |expected: KqlType| {
                let Some(value) = &set.value else {
                    return Err(Diagnostic::semantic(
                        format!(
                            "'set {}' needs a value: set {} = …",
                            option.name, option.name
                        ),
                        set.span,
                    ));
                };
                self.constant(value, &[], Some(expected))
            };
            match handling {
                Some(SetHandling::Now) => {
                    let ScalarValue::TimestampNanosecond(Some(nanos), _) =
                        value(KqlType::DateTime)?
                    else {
                        return Err(Diagnostic::semantic(
                            "query_now must be a datetime that is not null",
                            set.span,
                        ));
                    };
                    options.now_nanos = Some(nanos);
                }
                Some(SetHandling::TakeMaxRecords) => {
                    let n = match value(KqlType::Long)? {
                        ScalarValue::Int64(Some(n)) => usize::try_from(n).ok(),
                        _ => None,
                    };
                    let Some(n) = n else {
                        return Err(Diagnostic::semantic(
                            "query_take_max_records must be a long that is not negative",
                            set.span,
                        ));
                    };
                    options.take_max_records = Some(n);
                }
                Some(SetHandling::Ignored(_)) => {}
                Some(SetHandling::NotSettable) => {
                    return Err(Diagnostic::semantic(
                        format!("'{}' cannot be set with a set statement", option.name),
                        option.span,
                    )
                    .with_note("Kusto takes it only as a client request property"));
                }
                None => {
                    let known: Vec<&str> = SET_OPTIONS
                        .iter()
                        .filter(|(_, h)| *h != SetHandling::NotSettable)
                        .map(|(n, _)| *n)
                        .collect();
                    return Err(Diagnostic::unsupported(
                        format!("set option '{}'", option.name),
                        option.span,
                    )
                    .with_help(format!("supported options: {}", known.join(", "))));
                }
            }
        }
        Ok(options)
    }

    /// Fails if a `--param` value names no parameter the query declares.
    pub(crate) fn check_parameters_declared(&self, query: &Query) -> Result<(), Diagnostic> {
        let mut declared = Vec::new();
        declared_parameters(&query.statements, &mut declared);
        for (i, (name, _)) in self.parameters.iter().enumerate() {
            if self.parameters[..i].iter().any(|(n, _)| n == name) {
                return Err(Diagnostic::new(
                    DiagnosticKind::Semantic,
                    format!("query parameter '{name}' is given twice"),
                ));
            }
            if !declared.contains(&name.as_str()) {
                return Err(Diagnostic::new(
                    DiagnosticKind::Semantic,
                    format!("query parameter '{name}' is not declared by the query"),
                )
                .with_help(format!(
                    "declare it first: declare query_parameters({name}:string);"
                )));
            }
        }
        Ok(())
    }

    /// Binds the names of `let` and `declare` statements, in order. Returns the planner for
    /// what follows and the `let`s of expressions (to check the unused ones afterwards).
    pub(crate) fn statements_to_scope(
        &self,
        statements: &[Statement],
    ) -> Result<(Self, Vec<Arc<LetBinding>>), Diagnostic> {
        let mut scope = self.scope.clone();
        let mut lets = Vec::new();
        for statement in statements {
            match statement {
                Statement::Let(statement) => {
                    let name = &statement.name.name;
                    let binding = match &statement.value {
                        LetValue::Function(function) => {
                            self.check_function_declaration(statement, function)?;
                            Binding::Function(Arc::new(FunctionBinding {
                                name: statement.name.clone(),
                                function: function.clone(),
                                scope: scope.clone(),
                            }))
                        }
                        LetValue::Expression(_) => {
                            let binding = Arc::new(LetBinding {
                                statement: statement.clone(),
                                scope: scope.clone(),
                                planned: OnceLock::new(),
                            });
                            lets.push(Arc::clone(&binding));
                            Binding::Let(binding)
                        }
                    };
                    scope = scope.bind(name, binding);
                }
                Statement::DeclareQueryParameters(declare) => {
                    for parameter in &declare.parameters {
                        let value = self.parameter_value(parameter)?;
                        scope = scope.bind(&parameter.name.name, Binding::Value(value));
                    }
                }
                // Read by `set_options` before anything else.
                Statement::Set(_) => {}
            }
        }
        Ok((self.with_scope(scope), lets))
    }

    /// The value of a `let` of an expression, planned in its declaration scope on first use.
    pub(crate) fn let_value(&self, binding: &LetBinding) -> Result<Value, Diagnostic> {
        binding
            .planned
            .get_or_init(|| {
                let Let { name, value, .. } = &binding.statement;
                let planner = self.with_scope(binding.scope.defining(&name.name, "let"));
                match value {
                    LetValue::Expression(e) => planner.value_to_plan(e, &[]),
                    LetValue::Function(f) => Err(Diagnostic::internal(format!(
                        "the function let '{}' was bound as an expression at {:?}",
                        name.name, f.span
                    ))),
                }
            })
            .clone()
    }

    /// Plans the `let`s nothing referred to, to report their errors, without running any
    /// `toscalar()` or `materialize()` (their results are not needed).
    pub(crate) fn check_unused(&self, lets: &[Arc<LetBinding>]) -> Result<(), Diagnostic> {
        let mut checker = self.with_scope(self.scope.clone());
        checker.evaluate = false;
        for binding in lets {
            if binding.planned.get().is_none() {
                checker.let_value(binding)?;
            }
        }
        Ok(())
    }

    /// Checks a function's parameters where it is declared: tabular ones first, defaults only
    /// for scalar ones, literals of the type, and after every parameter without one.
    fn check_function_declaration(
        &self,
        statement: &Let,
        function: &Function,
    ) -> Result<(), Diagnostic> {
        let parameters = &function.parameters;
        if function.view && !parameters.is_empty() {
            return Err(Diagnostic::semantic(
                format!("the view '{}' takes parameters", statement.name.name),
                parameters[0].span,
            )
            .with_note("a view takes no parameters; drop 'view' to declare a function"));
        }
        for (i, parameter) in parameters.iter().enumerate() {
            let earlier = &parameters[..i];
            if earlier.iter().any(|p| p.name.name == parameter.name.name) {
                return Err(Diagnostic::semantic(
                    format!("duplicate parameter name '{}'", parameter.name.name),
                    parameter.name.span,
                ));
            }
            let is_table = matches!(parameter.kind, ParameterType::Table(_));
            if is_table
                && earlier
                    .iter()
                    .any(|p| matches!(p.kind, ParameterType::Scalar(_)))
            {
                return Err(Diagnostic::semantic(
                    format!(
                        "tabular parameter '{}' follows a scalar parameter",
                        parameter.name.name
                    ),
                    parameter.span,
                )
                .with_note("tabular parameters come before scalar ones"));
            }
            match (&parameter.default, &parameter.kind) {
                (Some(default), ParameterType::Table(_)) => {
                    return Err(Diagnostic::semantic(
                        "a tabular parameter cannot have a default value",
                        default.span,
                    ));
                }
                (Some(_), ParameterType::Scalar(_)) => {
                    self.default_value(parameter)?;
                }
                (None, _) => {
                    if let Some(with_default) = earlier.iter().find(|p| p.default.is_some()) {
                        return Err(Diagnostic::semantic(
                            format!(
                                "parameter '{}' has no default value but follows '{}', which has one",
                                parameter.name.name, with_default.name.name
                            ),
                            parameter.span,
                        )
                        .with_note("parameters with default values come last"));
                    }
                }
            }
        }
        Ok(())
    }

    /// A scalar parameter's default value: a literal of its type (`= 5`, `= "a"`, `= -1`).
    pub(crate) fn default_value(
        &self,
        parameter: &Parameter,
    ) -> Result<Option<TypedExpr>, Diagnostic> {
        let (Some(default), ParameterType::Scalar(ty)) = (&parameter.default, &parameter.kind)
        else {
            return Ok(None);
        };
        let converted = cell_literal(default).and_then(|l| cell_value(&l, *ty));
        let Some(literal) = converted else {
            return Err(Diagnostic::semantic(
                format!(
                    "the default value of '{}' must be a {ty} literal",
                    parameter.name.name
                ),
                default.span,
            )
            .with_note("Kusto allows only constants as default values"));
        };
        literal_to_df(&literal, default.span).map(Some)
    }

    /// A declared query parameter's value: its `--param` text read as a literal of its type,
    /// else its default.
    fn parameter_value(&self, parameter: &Parameter) -> Result<Value, Diagnostic> {
        let ParameterType::Scalar(ty) = parameter.kind else {
            return Err(Diagnostic::unsupported(
                "a tabular query parameter",
                parameter.span,
            ));
        };
        let name = &parameter.name.name;
        let given = self
            .parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let Some(text) = given else {
            return match self.default_value(parameter)? {
                Some(value) => Ok(Value::Scalar(value)),
                None if self.unset_parameters_are_null => {
                    literal_to_df(&Literal::Null(ty), parameter.span).map(Value::Scalar)
                }
                None => Err(Diagnostic::semantic(
                    format!("query parameter '{name}' has no value"),
                    parameter.span,
                )
                .with_help(format!("pass one with --param {name}=VALUE"))),
            };
        };
        let literal = parameter_literal(text, ty).ok_or_else(|| {
            Diagnostic::semantic(
                format!(
                    "query parameter '{name}' is {ty}, but its value '{text}' is not a {ty} literal"
                ),
                parameter.span,
            )
            .with_help(match ty {
                KqlType::DateTime => {
                    "write e.g. --param name=2024-01-01T00:00:00Z or datetime(2024-01-01)"
                }
                KqlType::TimeSpan => "write e.g. --param name=1h or time(01:00:00)",
                _ => "write the value as it would be written in a query",
            })
        })?;
        literal_to_df(&literal, parameter.span).map(Value::Scalar)
    }
}

/// Reads a `--param` value as a literal of `ty`: the KQL literal (`5`, `"text"`,
/// `datetime(2024-01-01)`, `1h`), or the text inside the type's literal (`2024-01-01`,
/// `01:00:00`); a `string` parameter takes the text itself unless it is a quoted literal.
fn parameter_literal(text: &str, ty: KqlType) -> Option<Literal> {
    let as_literal = |text: &str| {
        let expr = kql_syntax::parse_expression(text).ok()?;
        cell_literal(&expr).and_then(|l| cell_value(&l, ty))
    };
    if let Some(literal) = as_literal(text) {
        return Some(literal);
    }
    match ty {
        KqlType::String => Some(Literal::String(text.to_owned())),
        KqlType::DateTime
        | KqlType::TimeSpan
        | KqlType::Bool
        | KqlType::Int
        | KqlType::Long
        | KqlType::Real => as_literal(&format!("{ty}({text})")),
        _ => None,
    }
}

/// The names of the query parameters declared in `statements` and the function bodies in them.
fn declared_parameters<'q>(statements: &'q [Statement], into: &mut Vec<&'q str>) {
    for statement in statements {
        match statement {
            Statement::DeclareQueryParameters(declare) => {
                into.extend(declare.parameters.iter().map(|p| p.name.name.as_str()));
            }
            Statement::Let(Let {
                value: LetValue::Function(function),
                ..
            }) => declared_parameters(&function.body.statements, into),
            _ => {}
        }
    }
}
