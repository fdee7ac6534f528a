//! `isempty(value)`, `isnotempty(value)`, `isnull(value)`, `isnotnull(value)`.
//!
//! KQL strings are never null: for a string, "empty" means `""`, and `isnull("")` is false.
//! For every other type, empty and null are the same thing.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// One of the four emptiness tests: see each `DOC`.
pub(crate) struct EmptinessFunc {
    doc: &'static FunctionDoc,
    /// `isnull`/`isnotnull` (strings are never null) rather than `isempty`/`isnotempty`.
    null_only: bool,
    negated: bool,
}

/// `isempty`.
pub(crate) const ISEMPTY: EmptinessFunc = EmptinessFunc {
    doc: &ISEMPTY_DOC,
    null_only: false,
    negated: false,
};
/// `isnotempty` (alias `notempty`).
pub(crate) const ISNOTEMPTY: EmptinessFunc = EmptinessFunc {
    doc: &ISNOTEMPTY_DOC,
    null_only: false,
    negated: true,
};
/// `isnull`.
pub(crate) const ISNULL: EmptinessFunc = EmptinessFunc {
    doc: &ISNULL_DOC,
    null_only: true,
    negated: false,
};
/// `isnotnull` (alias `notnull`).
pub(crate) const ISNOTNULL: EmptinessFunc = EmptinessFunc {
    doc: &ISNOTNULL_DOC,
    null_only: true,
    negated: true,
};

const ISEMPTY_DOC: FunctionDoc = FunctionDoc {
    name: "isempty",
    aliases: &[],
    category: "logical",
    syntax: "isempty(value)",
    description: "True when value is null or, for a string, \"\" (KQL strings are never null, \
        so a missing string is empty).",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"print a = isempty(""), b = isempty("x"), c = isempty(long(null)), d = isempty(0)"#,
        output: "a,b,c,d\ntrue,false,true,false",
    }],
};

const ISNOTEMPTY_DOC: FunctionDoc = FunctionDoc {
    name: "isnotempty",
    aliases: &["notempty"],
    category: "logical",
    syntax: "isnotempty(value)",
    description: "The negation of isempty(): false for null and for \"\".",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"datatable(NodeId:string)["", "tvm_1", ""] | where isnotempty(NodeId)"#,
        output: "NodeId\ntvm_1",
    }],
};

const ISNULL_DOC: FunctionDoc = FunctionDoc {
    name: "isnull",
    aliases: &[],
    category: "logical",
    syntax: "isnull(value)",
    description: "True when value is null. A string is never null: isnull(\"\") is false \
        (use isempty()). A guid is null when it is guid(null) or did not convert \
        (isnull(toguid(\"bad\")) is true).",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"print a = isnull(""), b = isnull(long(null)), c = isnull(datetime(null)), d = isnull(1.5)"#,
        output: "a,b,c,d\nfalse,true,true,false",
    }],
};

const ISNOTNULL_DOC: FunctionDoc = FunctionDoc {
    name: "isnotnull",
    aliases: &["notnull"],
    category: "logical",
    syntax: "isnotnull(value)",
    description: "The negation of isnull(); true for every string.",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"print a = isnotnull(""), b = isnotnull(long(null))"#,
        output: "a,b\ntrue,false",
    }],
};

impl KqlFunction for EmptinessFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = crate::args::fixed(self.doc, args)?;
        let value = value.any();
        let test = match value.kql_type {
            // Strings are never null: `isnull` is false, `isempty` compares with "".
            KqlType::String if self.null_only => lit(false),
            KqlType::String => value.expr.eq(lit("")),
            // A guid has a null (`guid(null)`, `toguid("bad")`), which `isnull` and `isempty`
            // both see; an empty guid text (a missing value in an export) is that null too.
            KqlType::Guid => datafusion::functions::core::expr_fn::coalesce(vec![
                value.expr.eq(lit("")),
                lit(true),
            ]),
            _ => value.expr.is_null(),
        };
        let test = if self.negated {
            Expr::Not(Box::new(test))
        } else {
            test
        };
        Ok(TypedExpr::new(test, KqlType::Bool))
    }
}
