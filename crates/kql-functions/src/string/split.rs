//! `split(source, delimiter [, requestedIndex])`: a string's pieces as a dynamic array.
//!
//! Also `kql_split_element(source, delimiter, index)`, the planner's fusion of the common
//! `split(s, d)[i]` (Azure queries pick a segment of `_ResourceId` this way): one pass over the
//! string, no JSON array built and parsed again per row.

use crate::args::{LongArg, StrArg, finish, rows};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature,
    Volatility,
};
use kql_syntax::KqlType;
use std::sync::Arc;

/// `split`: see [`DOC`].
pub(crate) struct SplitFunc;

/// The reference entry of `split`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "split",
    aliases: &[],
    category: "string",
    syntax: "split(source, delimiter [, requestedIndex])",
    description: "Splits source at every occurrence of delimiter. Unlike SQL's split_part, \
        the result is a dynamic array (index it from 0: `split(s, \"/\")[8]`; negative \
        indexes count from the end, an index out of range gives null). Empty pieces are kept: \
        split(\"a__b\", \"_\") is [\"a\",\"\",\"b\"], and split(\"\", \"_\") is [\"\"]. With \
        requestedIndex the result is a one-element array holding that piece (not a string), \
        or an empty array when there is no such piece.",
    returns: "dynamic (an array of strings); null when source or delimiter is null",
    examples: &[
        Example {
            query: r#"print split("aa_bb", "_")"#,
            output: "print_0\n\"[\"\"aa\"\",\"\"bb\"\"]\"",
        },
        Example {
            query: r#"print split("aaa_bbb_ccc", "_", 1)"#,
            output: "print_0\n\"[\"\"bbb\"\"]\"",
        },
        Example {
            query: r#"print a = split("a__b", "_"), b = split("", "_"), c = split("x/y", "/")[1], d = split("x/y", "/")[5]"#,
            output: "a,b,c,d\n\"[\"\"a\"\",\"\"\"\",\"\"b\"\"]\",\"[\"\"\"\"]\",\"\"\"y\"\"\",",
        },
    ],
};

impl KqlFunction for SplitFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        if !(2..=3).contains(&args.len()) {
            return Err(FunctionError::call(
                "split() takes two or three arguments: split(source, delimiter [, requestedIndex])",
            ));
        }
        super::expect_string(0, &args[0], "split")?;
        super::expect_string(1, &args[1], "split")?;
        let mut exprs = vec![args[0].expr.clone(), args[1].expr.clone()];
        if let Some(index) = args.get(2) {
            if !matches!(index.kql_type, KqlType::Long | KqlType::Int) {
                return Err(FunctionError::arg(
                    2,
                    format!("split() expects a long index, found {}", index.kql_type),
                ));
            }
            exprs.push(index.clone().cast_to(KqlType::Long).expr);
        }
        Ok(TypedExpr::new(split_udf().call(exprs), KqlType::Dynamic))
    }
}

/// The `kql_split` UDF behind `split`.
pub fn split_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(Split {
        signature: Signature::one_of(
            vec![
                TypeSignature::Exact(vec![DataType::Utf8, DataType::Utf8]),
                TypeSignature::Exact(vec![DataType::Utf8, DataType::Utf8, DataType::Int64]),
            ],
            Volatility::Immutable,
        ),
    }))
}

/// The `kql_split_element(source, delimiter, index)` UDF: `split(source, delimiter)[index]`
/// as a dynamic value (a JSON string), null when the index is out of range.
pub fn split_element_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(SplitElement {
        signature: Signature::exact(
            vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
            Volatility::Immutable,
        ),
    }))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Split {
    signature: Signature,
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct SplitElement {
    signature: Signature,
}

/// Appends `piece` as a JSON string literal.
fn push_json_string(out: &mut Vec<u8>, piece: &str) {
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, piece);
}

/// The pieces of `source` (KQL: an empty delimiter leaves the string whole).
fn pieces<'a>(source: &'a str, delimiter: &'a str) -> Box<dyn Iterator<Item = &'a str> + 'a> {
    if delimiter.is_empty() {
        Box::new(std::iter::once(source))
    } else {
        Box::new(source.split(delimiter))
    }
}

/// Piece `index` of `source` (negative from the end).
fn piece_at<'a>(source: &'a str, delimiter: &'a str, index: i64) -> Option<&'a str> {
    if index >= 0 {
        pieces(source, delimiter).nth(usize::try_from(index).ok()?)
    } else if delimiter.is_empty() {
        (index == -1).then_some(source)
    } else {
        source
            .rsplit(delimiter)
            .nth(usize::try_from(-(index + 1)).ok()?)
    }
}

impl ScalarUDFImpl for Split {
    fn name(&self) -> &str {
        "kql_split"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (n, all_scalar) = rows(&args.args, args.number_rows);
        let source = StrArg::new(&args.args[0])?;
        let delimiter = StrArg::new(&args.args[1])?;
        let index = args.args.get(2).map(LongArg::new).transpose()?;
        let mut out = StringBuilder::with_capacity(n, n * 16);
        let mut buf = Vec::with_capacity(256);
        for row in 0..n {
            let (Some(s), Some(d)) = (source.get(row), delimiter.get(row)) else {
                out.append_null();
                continue;
            };
            buf.clear();
            buf.push(b'[');
            match &index {
                None => {
                    for (i, piece) in pieces(s, d).enumerate() {
                        if i > 0 {
                            buf.push(b',');
                        }
                        push_json_string(&mut buf, piece);
                    }
                }
                Some(index) => {
                    let Some(i) = index.get(row) else {
                        out.append_null();
                        continue;
                    };
                    if let Some(piece) = (i >= 0).then(|| piece_at(s, d, i)).flatten() {
                        push_json_string(&mut buf, piece);
                    }
                }
            }
            buf.push(b']');
            out.append_value(String::from_utf8_lossy(&buf));
        }
        finish(Arc::new(out.finish()), all_scalar)
    }
}

impl ScalarUDFImpl for SplitElement {
    fn name(&self) -> &str {
        "kql_split_element"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (n, all_scalar) = rows(&args.args, args.number_rows);
        let source = StrArg::new(&args.args[0])?;
        let delimiter = StrArg::new(&args.args[1])?;
        let index = LongArg::new(&args.args[2])?;
        let mut out = StringBuilder::with_capacity(n, n * 16);
        let mut buf = Vec::with_capacity(64);
        for row in 0..n {
            let piece = match (source.get(row), delimiter.get(row), index.get(row)) {
                (Some(s), Some(d), Some(i)) => piece_at(s, d, i),
                _ => None,
            };
            match piece {
                Some(p) => {
                    buf.clear();
                    push_json_string(&mut buf, p);
                    out.append_value(String::from_utf8_lossy(&buf));
                }
                None => out.append_null(),
            }
        }
        finish(Arc::new(out.finish()), all_scalar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_empties() {
        assert_eq!(pieces("a__b", "_").collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(pieces("", "_").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn piece_at_counts_from_both_ends() {
        // The Q5 path: segment 8 of a lower-cased ARM id is the workspace name.
        let id = "/subscriptions/s/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws";
        assert_eq!(piece_at(id, "/", 8), Some("ws"));
        assert_eq!(piece_at(id, "/", 0), Some(""));
        assert_eq!(piece_at(id, "/", -1), Some("ws"));
        assert_eq!(piece_at(id, "/", 9), None);
        assert_eq!(piece_at(id, "/", -10), None);
    }
}
