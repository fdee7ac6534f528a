//! `format_timespan(timespan, format)`: a timespan as text in a custom format
//! (`dd.hh:mm:ss.fff`).

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, DurationNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::fmt::Write;

/// `format_timespan`: see [`DOC`].
pub(crate) struct FormatTimespanFunc;

/// The reference entry of `format_timespan`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "format_timespan",
    aliases: &[],
    category: "datetime",
    syntax: "format_timespan(timespan, format)",
    description: "timespan written in format, a constant string of format elements and \
        delimiters: d to dddddddd (whole days, zero-padded to the count), h/H (hours, 0–23) and \
        hh/HH (two digits), m/mm (minutes), s/ss (seconds), f to fffffff (that many digits of \
        the second's fraction) and F to FFFFFFF (the same digits with trailing zeros dropped, \
        nothing when they are all zero). Any other character, such as the delimiters \
        space / - : , . _ [ ], is written as is. A negative timespan is written as its \
        absolute value after a -. Null timespan gives \"\".",
    returns: "string",
    examples: &[Example {
        query: "let t = time(29.09:00:05.12345); print v1 = format_timespan(t, 'dd.hh:mm:ss:FF'), v2 = format_timespan(t, 'ddd.h:mm:ss [fffffff]')",
        output: "v1,v2\n29.09:00:05:12,029.9:00:05 [1234500]",
    }],
};

/// One part of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Days(usize),
    Hours(usize),
    Minutes(usize),
    Seconds(usize),
    Fraction { digits: usize, trim: bool },
    Literal(char),
}

/// The parts of a format; `Err` names a run longer than its element allows.
fn parse_format(format: &str) -> Result<Vec<Part>, String> {
    let chars: Vec<char> = format.chars().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|x| **x == c).count();
        let (part, max) = match c {
            'd' => (Part::Days(run), 8),
            'h' | 'H' => (Part::Hours(run), 2),
            'm' => (Part::Minutes(run), 2),
            's' => (Part::Seconds(run), 2),
            'f' => (
                Part::Fraction {
                    digits: run,
                    trim: false,
                },
                7,
            ),
            'F' => (
                Part::Fraction {
                    digits: run,
                    trim: true,
                },
                7,
            ),
            c => {
                parts.push(Part::Literal(c));
                i += 1;
                continue;
            }
        };
        if run > max {
            return Err(format!(
                "'{}' is not a format element",
                c.to_string().repeat(run)
            ));
        }
        parts.push(part);
        i += run;
    }
    Ok(parts)
}

impl KqlFunction for FormatTimespanFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [timespan, format] = fixed(&DOC, args)?;
        let timespan = timespan.timespan()?;
        let format_expr = format.get().expr.clone();
        let error = |m: String| format.error(m);
        let text = format.clone().string_literal()?;
        parse_format(&text).map_err(error)?;
        let f = udf(
            "kql_format_timespan",
            vec![
                crate::types::kql_to_arrow(KqlType::TimeSpan),
                DataType::Utf8,
            ],
            DataType::Utf8,
            format_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![timespan.expr, format_expr]),
            KqlType::String,
        ))
    }
}

/// Appends `nanos` written with `parts`.
fn write_timespan(out: &mut String, nanos: i64, parts: &[Part]) {
    if nanos < 0 {
        out.push('-');
    }
    let ticks = (nanos / 100).unsigned_abs();
    let fraction = ticks % 10_000_000;
    let seconds = ticks / 10_000_000;
    for part in parts {
        let _ = match *part {
            Part::Days(n) => write!(out, "{:0n$}", seconds / 86_400),
            Part::Hours(n) => write!(out, "{:0n$}", seconds / 3_600 % 24),
            Part::Minutes(n) => write!(out, "{:0n$}", seconds / 60 % 60),
            Part::Seconds(n) => write!(out, "{:0n$}", seconds % 60),
            Part::Fraction { digits, trim } => {
                let value = fraction / 10u64.pow(7 - digits as u32);
                let mut text = format!("{value:0digits$}");
                if trim {
                    let kept = text.trim_end_matches('0').len();
                    text.truncate(kept);
                }
                out.push_str(&text);
                Ok(())
            }
            Part::Literal(c) => {
                out.push(c);
                Ok(())
            }
        };
    }
}

fn format_batch(batch: &Batch) -> Result<ColumnarValue> {
    let spans = batch.primitives::<DurationNanosecondType>(0)?;
    let formats = batch.strings(1)?;
    let mut parsed: Option<(String, Vec<Part>)> = None;
    batch.string_result(|row, out| {
        let Some(nanos) = spans.get(row) else {
            return true;
        };
        let format = formats.get(row).unwrap_or("");
        if parsed.as_ref().is_none_or(|(f, _)| f != format) {
            parsed = Some((format.to_owned(), parse_format(format).unwrap_or_default()));
        }
        if let Some((_, parts)) = &parsed {
            write_timespan(out, nanos, parts);
        }
        true
    })
}
