//! Name resolution: what a name or call denotes where it stands.
//!
//! Kusto's order (Kusto.Language, `Binder_Names.cs`): a plain name is a column of the row in
//! scope, else the innermost `let` binding or parameter, else a table; a call is a built-in
//! function, else a user-defined one. A name in a position where a table or a scalar may stand
//! (a `let` value, a function's result) takes whichever it names; a table in a scalar position
//! and a scalar as a query source are errors with a hint.

use crate::bindings::{Binding, Lookup, Value};
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use crate::scope::{Column, suggest};
use kql_functions::TypedExpr;
use kql_syntax::ast::{self, CallSource, ExprKind, Expression, Ident};
use kql_syntax::{Diagnostic, Span};

/// What `barrier` keeps a row-dependent scalar out of, for messages.
const TABULAR_ARGUMENT: &str = "a tabular argument";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans an expression that may be scalar or tabular: a `let` value or a function's result.
    pub(crate) fn value_to_plan(
        &self,
        value: &Expression,
        columns: &[Column],
    ) -> Result<Value, Diagnostic> {
        match value {
            Expression::Tabular(pipeline) => Ok(Value::Table(self.pipeline_to_plan(pipeline)?)),
            Expression::Scalar(expr) => self.expr_value_to_plan(expr, columns),
        }
    }

    /// Plans a scalar-syntax expression that may denote a table: `T`, `(T)`, `f(1)`,
    /// `materialize(T)`; anything else is a scalar.
    pub(crate) fn expr_value_to_plan(
        &self,
        expr: &ast::Expr,
        columns: &[Column],
    ) -> Result<Value, Diagnostic> {
        match &expr.kind {
            ExprKind::Paren(inner) => self.expr_value_to_plan(inner, columns),
            ExprKind::Tabular(pipeline) => Ok(Value::Table(self.pipeline_to_plan(pipeline)?)),
            ExprKind::Name(ident) if !columns.iter().any(|c| c.name == ident.name) => {
                match self.scope.lookup(&ident.name) {
                    Lookup::Found { binding, barrier } => {
                        self.binding_value(binding, barrier, ident, columns)
                    }
                    Lookup::SelfReference(_) | Lookup::Missing
                        if self.catalog.table(&ident.name).is_some() =>
                    {
                        Ok(Value::Table(self.table_to_plan(ident)?))
                    }
                    _ => Ok(Value::Scalar(self.expr_to_df(expr, columns)?)),
                }
            }
            ExprKind::Call { name, args } if name.name == "materialize" => Ok(Value::Table(
                self.materialize_call_to_plan(name, args, expr.span)?,
            )),
            ExprKind::Call { name, args } if self.functions.get(&name.name).is_none() => {
                match self.scope.lookup(&name.name) {
                    Lookup::Found {
                        binding: Binding::Function(f),
                        ..
                    } => self.call_function(f, name, expr.span, args, None, columns),
                    _ => Ok(Value::Scalar(self.expr_to_df(expr, columns)?)),
                }
            }
            _ => Ok(Value::Scalar(self.expr_to_df(expr, columns)?)),
        }
    }

    /// The value of a binding found for `ident`, crossing `barrier` (if any) on the way.
    fn binding_value(
        &self,
        binding: &Binding,
        barrier: Option<&'static str>,
        ident: &Ident,
        columns: &[Column],
    ) -> Result<Value, Diagnostic> {
        let value = match binding {
            Binding::Value(value) => value.clone(),
            Binding::Let(binding) => self.let_value(binding)?,
            Binding::Function(f) => {
                if !f.function.parameters.iter().all(|p| p.default.is_some()) {
                    return Err(Diagnostic::semantic(
                        format!("'{}' is a function: call it with its arguments", ident.name),
                        ident.span,
                    )
                    .with_help(format!("write {}(…)", ident.name)));
                }
                self.call_function(f, ident, ident.span, &[], None, columns)?
            }
        };
        if let (Value::Scalar(e), Some(what)) = (&value, barrier)
            && !e.expr.column_refs().is_empty()
        {
            return Err(Diagnostic::semantic(
                format!(
                    "'{}' depends on the row and cannot be used inside {what}",
                    ident.name
                ),
                ident.span,
            )
            .with_note(format!(
                "{what} is evaluated once, apart from any row (Kusto: \"can't use '{}' as it \
                 is defined outside its row-context scope\")",
                ident.name
            ))
            .with_help("join the tables instead of passing a row's value into the subquery"));
        }
        Ok(value)
    }

    /// A name in a scalar position: a column, else a scalar binding (or a function that takes
    /// no arguments).
    pub(crate) fn name_to_df(
        &self,
        ident: &Ident,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        if let Some(column) = columns.iter().find(|c| c.name == ident.name) {
            return Ok(TypedExpr::new(column.reference(), column.kql_type));
        }
        match self.scope.lookup(&ident.name) {
            Lookup::Found { binding, barrier } => {
                match self.binding_value(binding, barrier, ident, columns)? {
                    Value::Scalar(e) => Ok(e),
                    Value::Table(_) => Err(not_a_scalar(ident)),
                }
            }
            Lookup::SelfReference(what) => Err(self_reference(ident, what)),
            Lookup::Missing if self.catalog.table(&ident.name).is_some() => {
                Err(not_a_scalar(ident))
            }
            Lookup::Missing => Err(self.unknown_name(ident, columns)),
        }
    }

    /// "unknown column 'x'" (or "unknown name" where no row is in scope), suggesting a close
    /// column or bound name.
    fn unknown_name(&self, ident: &Ident, columns: &[Column]) -> Diagnostic {
        let name = &ident.name;
        let bound = self.scope.names();
        let mut d = if columns.is_empty() {
            Diagnostic::semantic(format!("unknown name '{name}'"), ident.span)
                .with_label("not a let, parameter or function in scope")
        } else {
            Diagnostic::semantic(format!("unknown column '{name}'"), ident.span)
                .with_label("not a column of the input")
        };
        let candidates = columns
            .iter()
            .map(|c| c.name.as_str())
            .chain(bound.iter().copied());
        if let Some(s) = suggest(name, candidates) {
            d = d.with_help(format!("did you mean '{s}'?"));
        }
        d
    }

    /// A name at the start of a pipeline: a tabular `let`, parameter, `as` name or function
    /// without arguments, else a table.
    pub(crate) fn named_table_to_plan(&self, ident: &Ident) -> Result<Relation, Diagnostic> {
        match self.scope.lookup(&ident.name) {
            Lookup::Found { binding, barrier } => {
                match self.binding_value(binding, barrier, ident, &[])? {
                    Value::Table(relation) => Ok(relation),
                    Value::Scalar(_) => Err(Diagnostic::semantic(
                        format!("'{}' is a scalar value, not a table", ident.name),
                        ident.span,
                    )
                    .with_help(format!(
                        "a query starts with a table; to show the value, write print {}",
                        ident
                    ))),
                }
            }
            Lookup::SelfReference(what) if self.catalog.table(&ident.name).is_none() => {
                Err(self_reference(ident, what))
            }
            _ => self.table_to_plan(ident),
        }
    }

    /// A tabular argument of a user function: a table or tabular `let` by name, a pipeline, a
    /// call of a tabular function. Evaluated apart from the caller's row.
    pub(crate) fn table_argument_to_plan(&self, expr: &ast::Expr) -> Result<Relation, Diagnostic> {
        let planner = self.with_scope(self.scope.barrier(TABULAR_ARGUMENT));
        match planner.expr_value_to_plan(expr, &[])? {
            Value::Table(relation) => Ok(relation),
            Value::Scalar(_) => Err(Diagnostic::semantic(
                "expected a table, found a scalar value",
                expr.span,
            )
            .with_help("pass a table, a tabular let, or a query in parentheses: (T | where …)")),
        }
    }

    /// A call as a query source: `materialize(T)` or a tabular user-defined function.
    pub(crate) fn call_source_to_plan(&self, call: &CallSource) -> Result<Relation, Diagnostic> {
        let CallSource { name, args, span } = call;
        if name.name == "materialize" {
            return self.materialize_call_to_plan(name, args, *span);
        }
        if self.functions.get(&name.name).is_some() {
            return Err(Diagnostic::semantic(
                format!("'{}' is a scalar function, not a table", name.name),
                name.span,
            )
            .with_help(format!(
                "to show its value, write print {call}",
                call = Source(call)
            )));
        }
        match self.scope.lookup(&name.name) {
            Lookup::Found {
                binding: Binding::Function(f),
                ..
            } => match self.call_function(f, name, *span, args, None, &[])? {
                Value::Table(relation) => Ok(relation),
                Value::Scalar(_) => Err(Diagnostic::semantic(
                    format!("'{}' returns a scalar value, not a table", name.name),
                    *span,
                )
                .with_help(format!("to show its value, write print {}", Source(call)))),
            },
            Lookup::Found { .. } => Err(Diagnostic::semantic(
                format!("'{}' is not a function", name.name),
                name.span,
            )),
            Lookup::SelfReference(what) => Err(self_reference(name, what)),
            Lookup::Missing => Err(self.unknown_function(name)),
        }
    }

    /// "unknown function 'f'", suggesting a close built-in or bound name.
    pub(crate) fn unknown_function(&self, name: &Ident) -> Diagnostic {
        if let Some(why) = self.functions.not_supported(&name.name) {
            let d = Diagnostic::unsupported(format!("function '{}'", name.name), name.span);
            return if why.is_empty() { d } else { d.with_note(why) };
        }
        let mut d = Diagnostic::semantic(format!("unknown function '{}'", name.name), name.span)
            .with_label("not a function kqlake knows");
        let mut candidates: Vec<&str> = self.functions.names().collect();
        candidates.extend(self.scope.names());
        if let Some(s) = suggest(&name.name, candidates.into_iter()) {
            d = d.with_help(format!("did you mean '{s}'?"));
        }
        d
    }

    /// A call in a scalar position that no built-in function answers: a user-defined function
    /// whose result is scalar.
    pub(crate) fn user_call_to_df(
        &self,
        name: &Ident,
        args: &[ast::Expr],
        span: Span,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        match self.scope.lookup(&name.name) {
            Lookup::Found {
                binding: Binding::Function(f),
                ..
            } => match self.call_function(f, name, span, args, None, columns)? {
                Value::Scalar(e) => Ok(e),
                Value::Table(_) => Err(Diagnostic::semantic(
                    format!("'{}' returns a table, not a scalar value", name.name),
                    span,
                )
                .with_help("use toscalar(…) for the first value of its first column")),
            },
            Lookup::Found { .. } => Err(Diagnostic::semantic(
                format!("'{}' is not a function", name.name),
                name.span,
            )
            .with_label("a value, not a function")),
            Lookup::SelfReference(what) => Err(self_reference(name, what)),
            Lookup::Missing => Err(self.unknown_function(name)),
        }
    }
}

/// `name(args)` as written, for help lines.
struct Source<'c>(&'c CallSource);

impl std::fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}(", self.0.name.name)?;
        for (i, arg) in self.0.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

/// A table where a scalar is expected.
fn not_a_scalar(ident: &Ident) -> Diagnostic {
    Diagnostic::semantic(
        format!("'{}' is a table, not a scalar value", ident.name),
        ident.span,
    )
    .with_help(format!(
        "use toscalar({}) for the first value of its first column",
        ident
    ))
}

/// A `let` or function using its own name.
fn self_reference(ident: &Ident, what: &'static str) -> Diagnostic {
    let d = Diagnostic::semantic(format!("'{}' refers to itself", ident.name), ident.span);
    if what == "function" {
        d.with_note("user-defined functions cannot call themselves (no recursion in KQL)")
    } else {
        d.with_note("a let value sees only the names bound before it")
    }
}
