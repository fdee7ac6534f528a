//! `as X`: names the input for the operators after it (a join's right side, say); the rows
//! pass unchanged. With `hint.materialized = true` the input is evaluated once, as by
//! `materialize()`.

use crate::bindings::{Binding, Scope, Value};
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::ast::As;
use kql_syntax::{Diagnostic, Span};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `as`: the input (materialized if asked) and the scope with its name bound.
    pub(crate) fn as_to_plan(
        &self,
        as_: &As,
        input: Relation,
        span: Span,
    ) -> Result<(Relation, Scope), Diagnostic> {
        let relation = if as_.materialized {
            self.materialize(input, span)?
        } else {
            input
        };
        let scope = self.scope.bind(
            &as_.name.name,
            Binding::Value(Value::Table(relation.clone())),
        );
        Ok((relation, scope))
    }
}
