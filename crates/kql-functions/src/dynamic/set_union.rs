//! `set_union`, `set_intersect`, `set_difference` (`set1, set2 [, …]`): distinct elements of
//! dynamic arrays combined as sets, in order of first appearance.
//!
//! Elements are equal as KQL values (`json::json_equal`): numbers as numbers, strings by their
//! text, arrays and bags by their text.

use crate::args::variadic;
use crate::json::{elements, json_equal};
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// The set operation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOp {
    Union,
    Intersect,
    Difference,
}

/// One of the set functions: see each `DOC`.
pub(crate) struct SetFunc {
    doc: &'static FunctionDoc,
    op: SetOp,
}

/// `set_union`.
pub(crate) const SET_UNION: SetFunc = SetFunc {
    doc: &SET_UNION_DOC,
    op: SetOp::Union,
};
/// `set_intersect`.
pub(crate) const SET_INTERSECT: SetFunc = SetFunc {
    doc: &SET_INTERSECT_DOC,
    op: SetOp::Intersect,
};
/// `set_difference`.
pub(crate) const SET_DIFFERENCE: SetFunc = SetFunc {
    doc: &SET_DIFFERENCE_DOC,
    op: SetOp::Difference,
};

const SET_UNION_DOC: FunctionDoc = FunctionDoc {
    name: "set_union",
    aliases: &[],
    category: "dynamic",
    syntax: "set_union(set1, set2 [, …])",
    description: "The distinct values found in any of 2 to 64 arrays, in order of first \
        appearance. Null when an argument is not an array.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print Out = set_union(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([8])), one = set_union(dynamic(['A4', 'A2', 'A7', 'A2']), dynamic(['A4', 'A2', 'A7', 'A2']))",
        output: "Out,one\n\"[1,2,4,8]\",\"[\"\"A4\"\",\"\"A2\"\",\"\"A7\"\"]\"",
    }],
};

const SET_INTERSECT_DOC: FunctionDoc = FunctionDoc {
    name: "set_intersect",
    aliases: &[],
    category: "dynamic",
    syntax: "set_intersect(set1, set2 [, …])",
    description: "The distinct values of set1 found in every other array, in set1's order. \
        Null when an argument is not an array.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print Out = set_intersect(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([2, 8]))",
        output: "Out\n[2]",
    }],
};

const SET_DIFFERENCE_DOC: FunctionDoc = FunctionDoc {
    name: "set_difference",
    aliases: &[],
    category: "dynamic",
    syntax: "set_difference(set1, set2 [, …])",
    description: "The distinct values of set1 found in none of the other arrays, in set1's \
        order. Null when an argument is not an array.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print a = set_difference(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([1,2,8])), arr = set_difference(dynamic([1,2,3]), dynamic([1,2,3]))",
        output: "a,arr\n[4],[]",
    }],
};

impl KqlFunction for SetFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let sets = variadic(self.doc, args, 2..=64)?
            .into_iter()
            .map(|a| a.dynamic().map(|d| d.expr))
            .collect::<Result<Vec<_>, _>>()?;
        let (name, body): (&'static str, crate::udf::UdfBody) = match self.op {
            SetOp::Union => ("kql_set_union", set_batch::<0>),
            SetOp::Intersect => ("kql_set_intersect", set_batch::<1>),
            SetOp::Difference => ("kql_set_difference", set_batch::<2>),
        };
        let signature = Signature::variadic(vec![DataType::Utf8], Volatility::Immutable);
        let f = udf_with(name, signature, DataType::Utf8, body);
        Ok(TypedExpr::new(f.call(sets), KqlType::Dynamic))
    }
}

fn set_batch<const OP: u8>(batch: &Batch) -> Result<ColumnarValue> {
    let sets = batch.all_strings()?;
    batch.string_result(|row, out| {
        let mut arrays = Vec::with_capacity(sets.len());
        for set in &sets {
            match set.get(row).and_then(elements) {
                Some(items) => arrays.push(items),
                None => return false,
            }
        }
        let Some((first, others)) = arrays.split_first() else {
            return false;
        };
        let candidates: Vec<&str> = if OP == 0 {
            arrays.iter().flatten().copied().collect()
        } else {
            first.clone()
        };
        let mut kept: Vec<&str> = Vec::new();
        for item in candidates {
            if kept.iter().any(|k| json_equal(k, item)) {
                continue;
            }
            let in_others = |all: bool| {
                let has = |array: &Vec<&str>| array.iter().any(|e| json_equal(e, item));
                if all {
                    others.iter().all(has)
                } else {
                    others.iter().any(has)
                }
            };
            let keep = match OP {
                0 => true,
                1 => in_others(true),
                _ => !in_others(false),
            };
            if keep {
                kept.push(item);
            }
        }
        out.push('[');
        out.push_str(&kept.join(","));
        out.push(']');
        true
    })
}
