//! The names a query binds — `let` statements, user-defined functions, function and query
//! parameters, `as` — in lexical scopes, innermost first.
//!
//! A [`Scope`] is an immutable linked list: binding a name makes a new scope that shares its
//! parent, so a function body can be planned in the scope where the function was *declared*
//! (plus its parameters) wherever it is called. Kusto's rules (`let-statement.md`,
//! `functions/user-defined-functions.md`, kql-semantics.md §14):
//!
//! - the innermost binding of a name wins, and a `let` shadows a table of the same name;
//! - a `let` value and a function body see the bindings before them, not themselves (so there
//!   are no cycles, and recursion is an error);
//! - a scalar that depends on the row (a function parameter bound to a column) cannot be used
//!   inside `toscalar()` or a tabular argument, which are evaluated apart from any row: a
//!   [barrier](Scope::barrier) marks where such a sub-expression starts.

use crate::planner::Relation;
use kql_functions::TypedExpr;
use kql_syntax::Diagnostic;
use kql_syntax::ast;
use std::sync::{Arc, OnceLock};

/// A planned value: a scalar expression or a table.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A scalar, planned as a DataFusion expression.
    Scalar(TypedExpr),
    /// A table.
    Table(Relation),
}

/// A `let` of a scalar or tabular expression, planned on its first use and then reused: `let`
/// binds a calculation, and reusing its plan keeps a `toscalar()` or `materialize()` inside it
/// evaluated once.
#[derive(Debug)]
pub(crate) struct LetBinding {
    /// The statement.
    pub(crate) statement: ast::Let,
    /// The scope it was declared in (without itself).
    pub(crate) scope: Scope,
    /// The plan, once planned (an error is kept too: it is reported where first met).
    pub(crate) planned: OnceLock<Result<Value, Diagnostic>>,
}

/// A user-defined function (`let f = (x:long) { … }`) or view.
#[derive(Debug)]
pub(crate) struct FunctionBinding {
    /// Its name.
    pub(crate) name: ast::Ident,
    /// Its parameters and body.
    pub(crate) function: ast::Function,
    /// The scope it was declared in: its body sees these bindings and its parameters.
    pub(crate) scope: Scope,
}

/// What a name is bound to.
#[derive(Debug, Clone)]
pub(crate) enum Binding {
    /// A planned value: a function or query parameter, or an `as` name.
    Value(Value),
    /// A `let` of an expression.
    Let(Arc<LetBinding>),
    /// A user-defined function.
    Function(Arc<FunctionBinding>),
}

#[derive(Debug)]
enum Node {
    Bind {
        name: String,
        binding: Binding,
    },
    /// The name being defined by a `let` whose value (or function body) is planned inside.
    Defining {
        name: String,
        what: &'static str,
    },
    /// The start of a sub-expression evaluated apart from the row (`toscalar()`, …).
    Barrier {
        what: &'static str,
    },
}

#[derive(Debug)]
struct ScopeNode {
    node: Node,
    parent: Scope,
}

/// The bindings visible at a point of the query, innermost first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope(Option<Arc<ScopeNode>>);

/// The result of looking a name up.
pub(crate) enum Lookup<'s> {
    /// The innermost binding of the name, and the first barrier crossed on the way to it.
    Found {
        /// The binding.
        binding: &'s Binding,
        /// What the lookup crossed to reach it, e.g. `toscalar()`.
        barrier: Option<&'static str>,
    },
    /// Nothing binds the name, but the reference is inside the definition of `what` of that
    /// name (a `let` referring to itself, a recursive call).
    SelfReference(&'static str),
    /// Nothing binds the name.
    Missing,
}

impl Scope {
    fn push(&self, node: Node) -> Scope {
        Scope(Some(Arc::new(ScopeNode {
            node,
            parent: self.clone(),
        })))
    }

    /// This scope with `name` bound to `binding`.
    pub(crate) fn bind(&self, name: &str, binding: Binding) -> Scope {
        self.push(Node::Bind {
            name: name.to_owned(),
            binding,
        })
    }

    /// This scope inside the definition of `name` (`what`: "let", "function"): a reference to
    /// `name` that nothing else binds is reported as a self-reference.
    pub(crate) fn defining(&self, name: &str, what: &'static str) -> Scope {
        self.push(Node::Defining {
            name: name.to_owned(),
            what,
        })
    }

    /// This scope inside a sub-expression evaluated apart from the row (`what`: `toscalar()`,
    /// "a tabular argument"): row-dependent scalars bound outside cannot be used past it.
    pub(crate) fn barrier(&self, what: &'static str) -> Scope {
        self.push(Node::Barrier { what })
    }

    /// The innermost binding of `name`.
    pub(crate) fn lookup(&self, name: &str) -> Lookup<'_> {
        let mut barrier = None;
        let mut defining = None;
        let mut scope = self;
        while let Some(node) = &scope.0 {
            match &node.node {
                Node::Bind { name: n, binding } if n == name => {
                    return Lookup::Found { binding, barrier };
                }
                Node::Defining { name: n, what } if n == name && defining.is_none() => {
                    defining = Some(*what);
                }
                Node::Barrier { what } if barrier.is_none() => barrier = Some(*what),
                _ => {}
            }
            scope = &node.parent;
        }
        match defining {
            Some(what) => Lookup::SelfReference(what),
            None => Lookup::Missing,
        }
    }

    /// Every bound name, innermost first (for "did you mean").
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        let mut scope = self;
        while let Some(node) = &scope.0 {
            if let Node::Bind { name, .. } = &node.node {
                names.push(name.as_str());
            }
            scope = &node.parent;
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::logical_expr::lit;
    use kql_syntax::KqlType;

    fn scalar(v: i64) -> Binding {
        Binding::Value(Value::Scalar(TypedExpr::new(lit(v), KqlType::Long)))
    }

    fn found_value(scope: &Scope, name: &str) -> Option<(String, Option<&'static str>)> {
        match scope.lookup(name) {
            Lookup::Found {
                binding: Binding::Value(Value::Scalar(e)),
                barrier,
            } => Some((e.expr.to_string(), barrier)),
            _ => None,
        }
    }

    #[test]
    fn the_innermost_binding_wins_and_outer_ones_survive() {
        let outer = Scope::default().bind("x", scalar(1));
        let inner = outer.bind("x", scalar(2)).bind("y", scalar(3));
        assert_eq!(found_value(&inner, "x").unwrap().0, "Int64(2)");
        assert_eq!(found_value(&outer, "x").unwrap().0, "Int64(1)");
        assert!(matches!(outer.lookup("y"), Lookup::Missing));
        assert_eq!(inner.names(), ["y", "x", "x"]);
    }

    #[test]
    fn self_references_and_barriers_are_reported() {
        let scope = Scope::default().defining("f", "function");
        assert!(matches!(
            scope.lookup("f"),
            Lookup::SelfReference("function")
        ));
        // An outer binding of the same name is what a self-reference means.
        let scope = Scope::default().bind("x", scalar(1)).defining("x", "let");
        assert_eq!(found_value(&scope, "x").unwrap().0, "Int64(1)");
        let scope = Scope::default()
            .bind("p", scalar(1))
            .barrier("toscalar()")
            .bind("q", scalar(2));
        assert_eq!(found_value(&scope, "p").unwrap().1, Some("toscalar()"));
        assert_eq!(found_value(&scope, "q").unwrap().1, None);
    }
}
