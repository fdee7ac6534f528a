//! `split(source, delimiter [, requestedIndex])`: a string's pieces as a dynamic array.
//!
//! `split(s, d)[i]` is planned in one step ([`KqlFunction::plan_indexed`]): Azure queries pick
//! a segment of `_ResourceId` this way, and one pass over the string picks the piece without
//! building a JSON array and parsing it again per row; `tostring(split(s, d)[i])` takes the
//! bare piece ([`split_piece_udf`]) without quoting it as JSON and parsing it back.

use crate::args::{fixed, optional};
use crate::json::push_json_string;
use crate::udf::{Batch, udf, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Signature, TypeSignature, Volatility};
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
            output: "a,b,c,d\n\"[\"\"a\"\",\"\"\"\",\"\"b\"\"]\",\"[\"\"\"\"]\",y,",
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
        let ([source, delimiter], [index]) = optional::<2, 1>(&DOC, args)?;
        let mut exprs = vec![source.string()?.expr, delimiter.string()?.expr];
        if let Some(index) = index {
            exprs.push(index.long()?.expr);
        }
        Ok(TypedExpr::new(split_udf().call(exprs), KqlType::Dynamic))
    }

    fn plan_indexed(
        &self,
        args: &[TypedExpr],
        index: &TypedExpr,
        _: &CallContext,
    ) -> Option<TypedExpr> {
        let [source, delimiter] = fixed::<2>(&DOC, args.to_vec()).ok()?;
        let [index] = fixed::<1>(&DOC, vec![index.clone()]).ok()?;
        let exprs = vec![
            source.string().ok()?.expr,
            delimiter.string().ok()?.expr,
            index.long().ok()?.expr,
        ];
        Some(TypedExpr::new(
            split_element_udf().call(exprs),
            KqlType::Dynamic,
        ))
    }
}

/// The `kql_split` UDF behind `split`.
pub fn split_udf() -> Arc<ScalarUDF> {
    let signature = Signature::one_of(
        vec![
            TypeSignature::Exact(vec![DataType::Utf8, DataType::Utf8]),
            TypeSignature::Exact(vec![DataType::Utf8, DataType::Utf8, DataType::Int64]),
        ],
        Volatility::Immutable,
    );
    udf_with("kql_split", signature, DataType::Utf8, split_batch)
}

/// The `kql_split_element(source, delimiter, index)` UDF: `split(source, delimiter)[index]`
/// as a dynamic value (a JSON string), null when the index is out of range.
pub fn split_element_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_split_element",
        vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
        DataType::Utf8,
        split_element_batch,
    )
}

/// The pieces of `source`, without allocating: a one-character delimiter (`/` in resource
/// ids) is searched as a `char` (a byte scan), longer ones as a substring.
enum Pieces<'a> {
    /// An empty delimiter leaves the string whole (KQL).
    Whole(Option<&'a str>),
    Char(std::str::Split<'a, char>),
    Str(std::str::Split<'a, &'a str>),
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Pieces::Whole(whole) => whole.take(),
            Pieces::Char(split) => split.next(),
            Pieces::Str(split) => split.next(),
        }
    }
}

/// The one character of a one-character delimiter.
fn single_char(delimiter: &str) -> Option<char> {
    let mut chars = delimiter.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// The pieces of `source` (KQL: an empty delimiter leaves the string whole).
fn pieces<'a>(source: &'a str, delimiter: &'a str) -> Pieces<'a> {
    if delimiter.is_empty() {
        Pieces::Whole(Some(source))
    } else if let Some(c) = single_char(delimiter) {
        Pieces::Char(source.split(c))
    } else {
        Pieces::Str(source.split(delimiter))
    }
}

/// Piece `index` of `source` (negative from the end).
fn piece_at<'a>(source: &'a str, delimiter: &'a str, index: i64) -> Option<&'a str> {
    if index >= 0 {
        let index = usize::try_from(index).ok()?;
        if let &[byte] = delimiter.as_bytes() {
            return byte_piece(source, byte, index);
        }
        return pieces(source, delimiter).nth(index);
    }
    let from_end = usize::try_from(-(index + 1)).ok()?;
    if delimiter.is_empty() {
        (from_end == 0).then_some(source)
    } else if let Some(c) = single_char(delimiter) {
        source.rsplit(c).nth(from_end)
    } else {
        source.rsplit(delimiter).nth(from_end)
    }
}

/// Piece `index` of `source` split at the ASCII byte `delimiter`, found with `memchr`: the hot
/// path of `tostring(split(_ResourceId, "/")[8])`, where `str::split`'s searcher was 28% of Q5's
/// time over Parquet (profile of the side-by-side); the memchr crate's vectorised search visits
/// only the delimiters. An ASCII byte never occurs inside a multi-byte UTF-8 character, so the
/// pieces are `str::split`'s.
fn byte_piece(source: &str, delimiter: u8, index: usize) -> Option<&str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(delimiter, source.as_bytes());
    for _ in 0..index {
        start = ends.next()? + 1;
    }
    let end = ends.next().unwrap_or(source.len());
    source.get(start..end)
}

fn split_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let delimiter = batch.strings(1)?;
    let index = if batch.len() > 2 {
        Some(batch.primitives::<Int64Type>(2)?)
    } else {
        None
    };
    batch.string_result(|row, out| {
        let (Some(s), Some(d)) = (source.get(row), delimiter.get(row)) else {
            return false;
        };
        out.push('[');
        match &index {
            None => {
                for (i, piece) in pieces(s, d).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(out, piece);
                }
            }
            Some(index) => {
                let Some(i) = index.get(row) else {
                    return false;
                };
                if let Some(piece) = (i >= 0).then(|| piece_at(s, d, i)).flatten() {
                    push_json_string(out, piece);
                }
            }
        }
        out.push(']');
        true
    })
}

/// The `kql_split_piece(source, delimiter, index)` UDF: `tostring(split(source,
/// delimiter)[index])` in one step, the bare piece, or `""` when there is none or an argument
/// is null (as `tostring` of a null). [`crate::conversion::to_kql_string`] plans it
/// for `tostring` of a `split(…)[i]`, so the piece is neither quoted as JSON nor parsed back.
pub fn split_piece_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_split_piece",
        vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
        DataType::Utf8,
        split_piece_batch,
    )
}

fn split_piece_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let delimiter = batch.strings(1)?;
    let index = batch.primitives::<Int64Type>(2)?;
    batch.string_result(|row, out| {
        if let (Some(s), Some(d), Some(i)) = (source.get(row), delimiter.get(row), index.get(row))
            && let Some(piece) = piece_at(s, d, i)
        {
            out.push_str(piece);
        }
        true
    })
}

fn split_element_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let delimiter = batch.strings(1)?;
    let index = batch.primitives::<Int64Type>(2)?;
    batch.string_result(|row, out| {
        let piece = match (source.get(row), delimiter.get(row), index.get(row)) {
            (Some(s), Some(d), Some(i)) => piece_at(s, d, i),
            _ => None,
        };
        piece.map(|p| push_json_string(out, p)).is_some()
    })
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

    #[test]
    fn byte_pieces_are_str_splits_pieces() {
        for source in ["", "/", "a", "a/", "/a", "a//b", "é/ü/", "//x//", "a/b/c/d"] {
            let want: Vec<&str> = source.split('/').collect();
            for (i, piece) in want.iter().enumerate() {
                assert_eq!(byte_piece(source, b'/', i), Some(*piece), "{source:?} {i}");
            }
            assert_eq!(byte_piece(source, b'/', want.len()), None, "{source:?}");
        }
    }

    #[test]
    fn delimiters_of_one_and_several_characters() {
        // Worked by hand: "a::b:c" at "::" is a, b:c; at ":" a, "", b, c.
        assert_eq!(pieces("a::b:c", "::").collect::<Vec<_>>(), ["a", "b:c"]);
        assert_eq!(
            pieces("a::b:c", ":").collect::<Vec<_>>(),
            ["a", "", "b", "c"]
        );
        assert_eq!(pieces("x", "").collect::<Vec<_>>(), ["x"]);
        // A one-character delimiter beyond ASCII is still one piece boundary.
        assert_eq!(pieces("aéb", "é").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(piece_at("a::b:c", "::", -1), Some("b:c"));
        assert_eq!(piece_at("a::b:c", ":", -3), Some(""));
        assert_eq!(piece_at("x", "", 0), Some("x"));
        assert_eq!(piece_at("x", "", -1), Some("x"));
        assert_eq!(piece_at("x", "", 1), None);
        assert_eq!(piece_at("x", "", -2), None);
    }

    /// Runs a UDF body on three argument columns.
    fn call(
        body: fn(&Batch) -> Result<ColumnarValue>,
        sources: &[Option<&str>],
        delimiters: &[Option<&str>],
        indexes: &[Option<i64>],
    ) -> Vec<Option<String>> {
        use datafusion::arrow::array::{Array, AsArray, Int64Array, StringArray};
        let args = [
            ColumnarValue::Array(Arc::new(StringArray::from(sources.to_vec()))),
            ColumnarValue::Array(Arc::new(StringArray::from(delimiters.to_vec()))),
            ColumnarValue::Array(Arc::new(Int64Array::from(indexes.to_vec()))),
        ];
        let batch = Batch::new(&args, sources.len()).unwrap();
        let out = body(&batch).unwrap().into_array(sources.len()).unwrap();
        let out = out.as_string::<i32>();
        (0..out.len())
            .map(|i| out.is_valid(i).then(|| out.value(i).to_owned()))
            .collect()
    }

    #[test]
    fn split_piece_is_tostring_of_the_element() {
        let id = "/subscriptions/s/resourcegroups/rg/providers/p/workspaces/ws";
        let sources = [
            Some(id),
            Some(id),
            Some(id),
            Some(r#"a"q\b/c"#),
            Some("é/ü"),
            None,
            Some("a/b"),
            Some("a/b"),
            Some("a--b--c"),
            Some(""),
        ];
        let delimiters = [
            Some("/"),
            Some("/"),
            Some("/"),
            Some("/"),
            Some("/"),
            Some("/"),
            None,
            Some("/"),
            Some("--"),
            Some("/"),
        ];
        let indexes = [
            Some(8),
            Some(-1),
            Some(9),
            Some(0),
            Some(1),
            Some(0),
            Some(0),
            None,
            Some(2),
            Some(0),
        ];
        // By hand: segment 8 and the last are "ws", 9 is out of range; quotes and backslashes
        // come back bare; a null argument or a missing piece is tostring(null) = "".
        let by_hand = ["ws", "ws", "", r#"a"q\b"#, "ü", "", "", "", "c", ""];
        let fused = call(split_piece_batch, &sources, &delimiters, &indexes);
        assert_eq!(
            fused,
            by_hand.map(|s| Some(s.to_owned())).to_vec(),
            "kql_split_piece"
        );
        // The two steps it replaces give the same strings.
        let elements = call(split_element_batch, &sources, &delimiters, &indexes);
        let two_steps: Vec<Option<String>> = elements
            .iter()
            .map(|element| {
                let mut out = String::new();
                if let Some(json) = element {
                    crate::json::push_kql_string(&mut out, json);
                }
                Some(out)
            })
            .collect();
        assert_eq!(fused, two_steps);
    }
}
