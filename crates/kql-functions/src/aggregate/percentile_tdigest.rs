//! `percentile_tdigest(tdigest, percentile [, typeLiteral])` and
//! `percentiles_array_tdigest(tdigest, percentile1 [, …])` /
//! `percentiles_array_tdigest(tdigest, percentiles [, typeLiteral])`: percentiles of a digest
//! made by `tdigest()` or `tdigest_merge()` (scalar functions).

use super::common::nearest_rank::percentile_value;
use super::common::tdigest::Digest;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `percentile_tdigest`: see [`DOC`].
pub(crate) struct PercentileTdigestFunc;

/// `percentiles_array_tdigest`: see [`ARRAY_DOC`].
pub(crate) struct PercentilesArrayTdigestFunc;

/// The reference entry of `percentile_tdigest`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentile_tdigest",
    aliases: &[],
    category: "aggregate",
    syntax: "percentile_tdigest(tdigest, percentile [, typeLiteral])",
    description: "A scalar function: the percentile (0 to 100) of the values a digest made by \
        tdigest() or tdigest_merge() holds, the nearest-rank one percentile() gives (exact, \
        as kqlake's digests are). Without typeLiteral the value is dynamic; with it \
        (typeof(long), typeof(datetime), …) it converts as the to*() function of that type \
        converts it. Null when tdigest is not a digest or percentile is out of range. An \
        unnamed column is percentile_tdigest_<tdigest>.",
    returns: "dynamic, or typeLiteral's type",
    examples: &[Example {
        query: "range x from 1 to 10 step 1 | extend y = x + 10 | summarize tdigestX = tdigest(x), tdigestY = tdigest(y) | project a = percentile_tdigest(tdigestY, 100, typeof(long)), b = percentile_tdigest(tdigestX, 50)",
        output: "a,b\n20,5",
    }],
};

/// The reference entry of `percentiles_array_tdigest`.
pub(crate) const ARRAY_DOC: FunctionDoc = FunctionDoc {
    name: "percentiles_array_tdigest",
    aliases: &[],
    category: "aggregate",
    syntax: "percentiles_array_tdigest(tdigest, percentiles [, typeLiteral])",
    description: "A scalar function: the percentiles of a digest (as percentile_tdigest) as \
        a dynamic array, for percentiles given as a dynamic array (any expression, such as \
        range(0, 100, 50)) or as constant numbers after tdigest \
        (percentiles_array_tdigest(d, 5, 50, 95)). typeLiteral (typeof(long), typeof(int) or \
        typeof(real), with the array form) converts each element: a real to a long truncates \
        it. An element whose percentile is not a number 0 to 100 is null; null when tdigest is \
        not a digest.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "datatable(x:long) [1, 2, 3, 4] | summarize d = tdigest(x) | project a = percentiles_array_tdigest(d, range(0, 100, 50)), b = percentiles_array_tdigest(d, 25, 75)",
        output: "a,b\n\"[1,2,4]\",\"[1,3]\"",
    }],
};

impl KqlFunction for PercentileTdigestFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("percentile_tdigest")
    }
    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([digest, percentile], [type_literal]) = crate::args::optional::<2, 1>(&DOC, args)?;
        let digest = digest.dynamic()?;
        let percentile = percentile.real()?;
        let to = type_literal.map(crate::string::type_of).transpose()?;
        let f = udf(
            "kql_percentile_tdigest",
            vec![DataType::Utf8, DataType::Float64],
            DataType::Utf8,
            percentile_batch,
        );
        let value = TypedExpr::new(f.call(vec![digest.expr, percentile.expr]), KqlType::Dynamic);
        Ok(match to {
            None | Some(KqlType::Dynamic) => value,
            Some(to) => crate::conversion::from_string(crate::conversion::to_kql_string(value), to),
        })
    }
}

fn percentile_batch(batch: &Batch) -> Result<ColumnarValue> {
    let (digests, ps) = (batch.strings(0)?, batch.primitives::<Float64Type>(1)?);
    batch.string_result(|row, out| {
        let found = digests
            .get(row)
            .and_then(Digest::parse)
            .zip(ps.get(row))
            .and_then(|(d, p)| d.percentile_json(p));
        found.map(|v| out.push_str(&v)).is_some()
    })
}

impl KqlFunction for PercentilesArrayTdigestFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &ARRAY_DOC
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("percentiles_array_tdigest")
    }
    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = crate::args::variadic(&ARRAY_DOC, args, 2..=65)?.into_iter();
        let Some(digest) = args.next() else {
            return Err(FunctionError::call(&ARRAY_DOC, "expected a digest"));
        };
        let digest = digest.dynamic()?;
        let rest: Vec<_> = args.collect();
        let (percentiles, convert) = match rest.as_slice() {
            [first, ..] if first.kql_type() == KqlType::Dynamic => {
                let mut rest = rest.into_iter();
                let array = rest.next().map(|a| a.any().expr);
                let convert = match rest.next() {
                    None => "",
                    Some(t) => {
                        let error = t
                            .error("typeLiteral must be typeof(long), typeof(int) or typeof(real)");
                        match crate::string::type_of(t)? {
                            KqlType::Long | KqlType::Int => "long",
                            KqlType::Real => "real",
                            _ => return Err(error),
                        }
                    }
                };
                if let Some(extra) = rest.next() {
                    return Err(extra.error("expected at most a typeLiteral after the percentiles"));
                }
                (array.unwrap_or_else(|| lit("[]")), convert)
            }
            _ => {
                let mut json = String::from("[");
                for (i, p) in rest.into_iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    json.push_str(&format!("{:?}", percentile_value(p)?));
                }
                json.push(']');
                (lit(json), "")
            }
        };
        let f = udf(
            "kql_percentiles_array_tdigest",
            vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            percentiles_array_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![digest.expr, percentiles, lit(convert)]),
            KqlType::Dynamic,
        ))
    }
}

fn percentiles_array_batch(batch: &Batch) -> Result<ColumnarValue> {
    let (digests, ps, converts) = (batch.strings(0)?, batch.strings(1)?, batch.strings(2)?);
    batch.string_result(|row, out| {
        let Some(digest) = digests.get(row).and_then(Digest::parse) else {
            return false;
        };
        let percentiles = ps
            .get(row)
            .and_then(crate::json::elements)
            .unwrap_or_default();
        let convert = converts.get(row).unwrap_or("");
        out.push('[');
        for (i, p) in percentiles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let value = p
                .parse::<f64>()
                .ok()
                .and_then(|p| digest.percentile_json(p));
            match value.as_deref().map(|v| converted(v, convert)) {
                Some(Some(v)) => out.push_str(&v),
                _ => out.push_str("null"),
            }
        }
        out.push(']');
        true
    })
}

/// A percentile's JSON converted for a typeLiteral: `long` truncates a number toward zero,
/// `real` writes it with a fraction; anything else (a datetime's text) does not convert.
fn converted(json: &str, convert: &str) -> Option<String> {
    match convert {
        "" => Some(json.to_owned()),
        _ => {
            let v = json.parse::<f64>().ok()?;
            Some(if convert == "long" {
                format!("{}", v.trunc() as i64)
            } else {
                format!("{v:?}")
            })
        }
    }
}
