//! `invoke f(args)`: calls a user-defined function with the input as its first, tabular
//! argument (`T | invoke f(1)` is `f(T, 1)`).

use crate::bindings::{Binding, Lookup, Value};
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::ast::Invoke;
use kql_syntax::{Diagnostic, Span};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// `T | invoke f(args)`: `f(T, args)`.
    pub(crate) fn invoke_to_plan(
        &self,
        invoke: &Invoke,
        input: Relation,
        span: Span,
    ) -> Result<Relation, Diagnostic> {
        let name = &invoke.function;
        let function = match self.scope.lookup(&name.name) {
            Lookup::Found {
                binding: Binding::Function(f),
                ..
            } => f,
            Lookup::Missing if self.functions.get(&name.name).is_some() => {
                return Err(Diagnostic::semantic(
                    format!("'{}' is a built-in scalar function", name.name),
                    name.span,
                )
                .with_label("invoke calls a function declared with let")
                .with_help("use it in extend or project instead"));
            }
            _ => return Err(self.unknown_function(name)),
        };
        match self.call_function(function, name, span, &invoke.args, Some(input), &[])? {
            Value::Table(relation) => Ok(relation),
            Value::Scalar(_) => Err(Diagnostic::semantic(
                format!("'{}' returns a scalar value, not a table", name.name),
                name.span,
            )
            .with_label("invoke needs a function that returns a table")),
        }
    }
}
