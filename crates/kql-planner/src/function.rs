//! Calls of user-defined functions: `f(1, y = 2)` in an expression, `f(T)` as a source,
//! `T | invoke f(1)`, and a function named without parentheses when it needs no arguments.
//!
//! A call is expanded where it stands: the arguments are matched to the parameters (positional
//! first, then by name; defaults fill the rest), scalar arguments are planned in the caller's
//! row and converted to the declared type, tabular ones apart from any row, and the body is
//! planned in the scope where the function was declared plus the parameters
//! (`functions/user-defined-functions.md`). A scalar body sees no columns: a function uses only
//! its arguments and the names declared before it.

use crate::bindings::{Binding, FunctionBinding, Value};
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use crate::scope::{Column, suggest};
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::Expr;
use kql_functions::TypedExpr;
use kql_syntax::ast::{self, ExprKind, Ident, ParameterType, TableSchema};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::sync::atomic::Ordering;

/// The most user-function calls one query may expand: functions calling functions several
/// times each grow exponentially, and a query past this is an error rather than a hang.
pub(crate) const MAX_EXPANSIONS: usize = 10_000;

/// The deepest expression a scalar function call may expand to. Calls nest their arguments
/// into their bodies (`f(f(f(x)))`, or functions composing functions), which can build trees
/// far deeper than the parser lets a query write (256 operators); DataFusion walks them
/// recursively and overflows the stack somewhere past 1,000 levels in a debug build.
pub(crate) const MAX_EXPANDED_DEPTH: usize = 512;

/// An argument matched to a parameter.
enum Argument<'e> {
    /// The input of `invoke`.
    Input(Relation),
    /// An expression of the call.
    Expr(&'e ast::Expr),
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Expands a call of `function` named `name` with `args` (the whole call at `span`);
    /// `input` is the table `invoke` passes as the first argument; `columns` is the caller's
    /// row (empty outside a row context).
    pub(crate) fn call_function(
        &self,
        function: &FunctionBinding,
        name: &Ident,
        span: Span,
        args: &[ast::Expr],
        input: Option<Relation>,
        columns: &[Column],
    ) -> Result<Value, Diagnostic> {
        if self.expansions.fetch_add(1, Ordering::Relaxed) >= MAX_EXPANSIONS {
            return Err(Diagnostic::semantic(
                format!("more than {MAX_EXPANSIONS} calls of user-defined functions to expand"),
                span,
            )
            .with_help("functions that call other functions several times grow exponentially; use a let of the result instead"));
        }
        let parameters = &function.function.parameters;
        let matched = match_arguments(function, name, span, args, input)?;
        // 1. Each parameter, bound to its argument or default, in the function's own scope.
        let mut scope = function.scope.defining(&function.name.name, "function");
        for (parameter, argument) in parameters.iter().zip(matched) {
            let value = match (&parameter.kind, argument) {
                (ParameterType::Table(schema), Some(Argument::Input(relation))) => {
                    check_table_argument(parameter, schema, &relation, name, span)?;
                    Value::Table(relation)
                }
                (ParameterType::Table(schema), Some(Argument::Expr(expr))) => {
                    let relation = self.table_argument_to_plan(expr)?;
                    check_table_argument(parameter, schema, &relation, name, expr.span)?;
                    Value::Table(relation)
                }
                (ParameterType::Scalar(ty), Some(Argument::Input(_))) => {
                    return Err(Diagnostic::internal(format!(
                        "invoke passed a table to the scalar parameter '{}: {ty}'",
                        parameter.name.name
                    )));
                }
                (ParameterType::Scalar(ty), Some(Argument::Expr(expr))) => {
                    let value = self.expr_to_df(expr, columns)?;
                    Value::Scalar(convert_argument(value, *ty, parameter, name, expr.span)?)
                }
                (_, None) => match self.default_value(parameter)? {
                    Some(value) => Value::Scalar(value),
                    None => {
                        return Err(Diagnostic::semantic(
                            format!(
                                "missing argument '{}' of '{}'",
                                parameter.name.name, name.name
                            ),
                            span,
                        )
                        .with_note(format!(
                            "{}{}",
                            name.name,
                            Signature(&function.function.parameters)
                        )));
                    }
                },
            };
            scope = scope.bind(&parameter.name.name, Binding::Value(value));
        }
        // 2. The body's own statements, then its result.
        let body = &function.function.body;
        let (planner, lets) = self
            .with_scope(scope)
            .statements_to_scope(&body.statements)?;
        let value = planner.value_to_plan(&body.result, &[])?;
        planner.check_unused(&lets)?;
        if let Value::Scalar(e) = &value
            && depth_beyond(&e.expr, MAX_EXPANDED_DEPTH)
        {
            return Err(Diagnostic::semantic(
                format!(
                    "the call of '{}' expands to an expression more than {MAX_EXPANDED_DEPTH} levels deep",
                    name.name
                ),
                span,
            )
            .with_help("bind an intermediate result with let or extend instead of nesting calls"));
        }
        Ok(value)
    }
}

/// True when `expr` is more than `limit` levels deep; walked with an explicit stack, since a
/// tree that deep is what recursion must not meet.
fn depth_beyond(expr: &Expr, limit: usize) -> bool {
    let mut stack = vec![(expr, 1)];
    while let Some((e, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        // The closure never fails.
        let _ = e.apply_children(|child| {
            stack.push((child, depth + 1));
            Ok(TreeNodeRecursion::Continue)
        });
    }
    false
}

/// Matches the call's arguments to the function's parameters: the invoke input first, then
/// positional arguments in order, then named ones. `None`: not given.
fn match_arguments<'e>(
    function: &FunctionBinding,
    name: &Ident,
    span: Span,
    args: &'e [ast::Expr],
    input: Option<Relation>,
) -> Result<Vec<Option<Argument<'e>>>, Diagnostic> {
    let parameters = &function.function.parameters;
    let signature = || format!("{}{}", name.name, Signature(parameters));
    let mut matched: Vec<Option<Argument<'e>>> = parameters.iter().map(|_| None).collect();
    let mut next = 0;
    if let Some(input) = input {
        match parameters.first() {
            Some(p) if matches!(p.kind, ParameterType::Table(_)) => {
                matched[0] = Some(Argument::Input(input));
                next = 1;
            }
            _ => {
                return Err(Diagnostic::semantic(
                    format!("'{}' has no tabular first parameter", name.name),
                    span,
                )
                .with_label("invoke passes its input as the first argument")
                .with_note(signature()));
            }
        }
    }
    let mut named_seen = false;
    for arg in args {
        if let ExprKind::NamedArgument {
            name: arg_name,
            value,
        } = &arg.kind
        {
            named_seen = true;
            let Some(i) = parameters.iter().position(|p| p.name.name == arg_name.name) else {
                let mut d = Diagnostic::semantic(
                    format!("'{}' has no parameter '{}'", name.name, arg_name.name),
                    arg_name.span,
                )
                .with_note(signature());
                if let Some(s) = suggest(
                    &arg_name.name,
                    parameters.iter().map(|p| p.name.name.as_str()),
                ) {
                    d = d.with_help(format!("did you mean '{s}'?"));
                }
                return Err(d);
            };
            if matched[i].is_some() {
                return Err(Diagnostic::semantic(
                    format!(
                        "parameter '{}' of '{}' is given twice",
                        arg_name.name, name.name
                    ),
                    arg_name.span,
                ));
            }
            matched[i] = Some(Argument::Expr(value));
            continue;
        }
        if named_seen {
            return Err(Diagnostic::semantic(
                "a positional argument cannot follow a named one",
                arg.span,
            )
            .with_help("name this argument too, or move it before the named ones"));
        }
        if next >= parameters.len() {
            let given = usize::from(
                next > 0
                    && matched
                        .first()
                        .is_some_and(|m| matches!(m, Some(Argument::Input(_)))),
            ) + args.len();
            return Err(Diagnostic::semantic(
                format!(
                    "'{}' takes {} argument{}, found {given}",
                    name.name,
                    parameters.len(),
                    if parameters.len() == 1 { "" } else { "s" }
                ),
                arg.span,
            )
            .with_note(signature()));
        }
        matched[next] = Some(Argument::Expr(arg));
        next += 1;
    }
    Ok(matched)
}

/// Checks a table passed for `parameter` against its declared columns: each must exist with
/// its type (other columns pass through).
fn check_table_argument(
    parameter: &ast::Parameter,
    schema: &TableSchema,
    relation: &Relation,
    function: &Ident,
    span: Span,
) -> Result<(), Diagnostic> {
    let TableSchema::Columns(declared) = schema else {
        return Ok(());
    };
    for column in declared {
        match relation.columns.iter().find(|c| c.name == column.name.name) {
            None => {
                return Err(Diagnostic::semantic(
                    format!(
                        "the table passed as '{}' has no column '{}'",
                        parameter.name.name, column.name.name
                    ),
                    span,
                )
                .with_note(format!(
                    "'{}' declares {}: {}",
                    function.name, parameter.name.name, parameter.kind
                )));
            }
            Some(found) if found.kql_type != column.kql_type => {
                return Err(Diagnostic::semantic(
                    format!(
                        "column '{}' of the table passed as '{}' is {}, the function declares {}",
                        column.name.name, parameter.name.name, found.kql_type, column.kql_type
                    ),
                    span,
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Converts a scalar argument to its parameter's type: the same type, or a number Kusto
/// converts (`int` ↔ `long`, `int`/`long` → `real`).
fn convert_argument(
    value: TypedExpr,
    ty: KqlType,
    parameter: &ast::Parameter,
    function: &Ident,
    span: Span,
) -> Result<TypedExpr, Diagnostic> {
    use KqlType::{Int, Long, Real};
    let converts = value.kql_type == ty
        || matches!(
            (value.kql_type, ty),
            (Int, Long) | (Long, Int) | (Int | Long, Real)
        );
    if converts {
        return Ok(value.cast_to(ty));
    }
    Err(Diagnostic::semantic(
        format!(
            "argument '{}' of '{}' must be {ty}, found {}",
            parameter.name.name, function.name, value.kql_type
        ),
        span,
    ))
}

/// `(x: long, y: string = "a")`, for notes.
struct Signature<'p>(&'p [ast::Parameter]);

impl std::fmt::Display for Signature<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(")?;
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{p}")?;
        }
        f.write_str(")")
    }
}
