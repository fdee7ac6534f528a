//! `binary_and`, `binary_or`, `binary_xor`, `binary_not`, `binary_shift_left` and
//! `binary_shift_right`: bitwise operations on longs.
//!
//! A shift moves by `shift % 64` bits (Kusto's rule, and what Arrow's wrapping shifts do) and
//! a negative shift gives null; `binary_shift_right` is arithmetic (it keeps the sign).

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{
    bitwise_and, bitwise_or, bitwise_shift_left, bitwise_shift_right, bitwise_xor, lit, when,
};
use kql_syntax::KqlType;

/// One of this file's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    And,
    Or,
    Xor,
    Not,
    ShiftLeft,
    ShiftRight,
}

/// A bitwise function: see each `DOC`.
pub(crate) struct BinaryFunc {
    doc: &'static FunctionDoc,
    op: Op,
}

macro_rules! binary {
    ($name:ident, $op:ident, $kql:literal, $syntax:literal, $description:literal, $query:literal, $output:literal) => {
        #[doc = concat!("`", $kql, "`.")]
        pub(crate) const $name: BinaryFunc = BinaryFunc {
            doc: &FunctionDoc {
                name: $kql,
                aliases: &[],
                category: "math",
                syntax: $syntax,
                description: $description,
                returns: "long; null when an argument is null",
                examples: &[Example {
                    query: $query,
                    output: $output,
                }],
            },
            op: Op::$op,
        };
    };
}

binary!(
    BINARY_AND,
    And,
    "binary_and",
    "binary_and(value1, value2)",
    "The bitwise AND of two longs.",
    "print r = binary_and(12, 10)",
    "r\n8"
);
binary!(
    BINARY_OR,
    Or,
    "binary_or",
    "binary_or(value1, value2)",
    "The bitwise OR of two longs.",
    "print r = binary_or(12, 10)",
    "r\n14"
);
binary!(
    BINARY_XOR,
    Xor,
    "binary_xor",
    "binary_xor(value1, value2)",
    "The bitwise exclusive OR of two longs.",
    "print r = binary_xor(12, 10)",
    "r\n6"
);
binary!(
    BINARY_NOT,
    Not,
    "binary_not",
    "binary_not(value)",
    "The bitwise NOT of a long (every bit flipped: -value - 1).",
    "print r = binary_not(100)",
    "r\n-101"
);
binary!(
    BINARY_SHIFT_LEFT,
    ShiftLeft,
    "binary_shift_left",
    "binary_shift_left(value, shift)",
    "value shifted left by shift % 64 bits; null when shift is negative.",
    "print r = binary_shift_left(1, 2), w = binary_shift_left(1, 66), n = binary_shift_left(1, -1)",
    "r,w,n\n4,4,"
);
binary!(
    BINARY_SHIFT_RIGHT,
    ShiftRight,
    "binary_shift_right",
    "binary_shift_right(value, shift)",
    "value shifted right by shift % 64 bits, keeping its sign; null when shift is negative.",
    "print r = binary_shift_right(1, 2), s = binary_shift_right(16, 2), m = binary_shift_right(-16, 2)",
    "r,s,m\n0,4,-4"
);

impl KqlFunction for BinaryFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let e = if self.op == Op::Not {
            let [value] = fixed(self.doc, args)?;
            bitwise_xor(value.long()?.expr, lit(-1_i64))
        } else {
            let [a, b] = fixed(self.doc, args)?;
            let (a, b) = (a.long()?.expr, b.long()?.expr);
            match self.op {
                Op::And => bitwise_and(a, b),
                Op::Or => bitwise_or(a, b),
                Op::Xor => bitwise_xor(a, b),
                Op::ShiftLeft | Op::ShiftRight => {
                    let shifted = if self.op == Op::ShiftLeft {
                        bitwise_shift_left(a, b.clone())
                    } else {
                        bitwise_shift_right(a, b.clone())
                    };
                    when(b.lt(lit(0_i64)), lit(ScalarValue::Int64(None)))
                        .otherwise(shifted)
                        .map_err(|e| FunctionError::call(self.doc, e))?
                }
                Op::Not => unreachable!("binary_not is planned above"),
            }
        };
        Ok(TypedExpr::new(e, KqlType::Long))
    }
}
