//! `format_datetime(date, format)`: a datetime as text in a .NET-style custom format.
//!
//! The format is parsed once, at plan time, into [`Token`]s; an unknown specifier or
//! character is an error pointing at the format (SQL's `to_char` takes chrono's `%Y`
//! patterns instead).

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::{DateTime, Datelike, Timelike};
use datafusion::arrow::datatypes::{DataType, TimestampNanosecondType};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;
use std::fmt::Write;

/// `format_datetime`: see [`DOC`].
pub(crate) struct FormatDatetimeFunc;

/// The reference entry of `format_datetime`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "format_datetime",
    aliases: &[],
    category: "datetime",
    syntax: "format_datetime(date, format)",
    description: "date as text in format, a constant made of the specifiers d dd (day), \
        f…fffffff (fraction digits), F…FFFFFFF (fraction digits without trailing zeros, \
        nothing when zero), h hh (12-hour), H HH (24-hour), m mm (minute), M MM (month), s ss \
        (second), y yy yyyy (year), tt (AM/PM) and the delimiters space / - : , . _ [ ]. Any \
        other character is an error.",
    returns: "string; \"\" when date is null",
    examples: &[Example {
        query: "print dt = datetime(2017-01-29 09:00:05) | project v1 = format_datetime(dt, 'yy-MM-dd [HH:mm:ss]'), v2 = format_datetime(dt, 'yyyy-M-dd [H:mm:ss]'), v3 = format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]')",
        output: "v1,v2,v3\n17-01-29 [09:00:05],2017-1-29 [9:00:05],17-01-29 [09:00:05 AM]",
    }],
};

/// One element of a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A delimiter, printed as is.
    Literal(char),
    /// A run of one specifier letter: the letter and the run's length.
    Field(char, usize),
}

/// The tokens of `format`, or what is wrong with it.
fn tokens(format: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, ' ' | '/' | '-' | ':' | ',' | '.' | '_' | '[' | ']') {
            out.push(Token::Literal(c));
            continue;
        }
        let mut n = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        let valid = match c {
            'd' | 'h' | 'H' | 'm' | 'M' | 's' => n <= 2,
            'f' | 'F' => n <= 7,
            'y' => matches!(n, 1 | 2 | 4),
            't' => n == 2,
            _ => return Err(format!("'{c}' is not a format specifier or delimiter")),
        };
        if !valid {
            return Err(format!(
                "'{}' is not a format specifier",
                c.to_string().repeat(n)
            ));
        }
        out.push(Token::Field(c, n));
    }
    Ok(out)
}

/// Appends `nanos` formatted with `tokens`.
fn write_formatted(out: &mut String, tokens: &[Token], nanos: i64) {
    let t = DateTime::from_timestamp_nanos(nanos);
    let ticks = t.nanosecond() % 1_000_000_000 / 100;
    for token in tokens {
        let _ = match *token {
            Token::Literal(c) => {
                out.push(c);
                Ok(())
            }
            Token::Field('d', 1) => write!(out, "{}", t.day()),
            Token::Field('d', _) => write!(out, "{:02}", t.day()),
            Token::Field('H', 1) => write!(out, "{}", t.hour()),
            Token::Field('H', _) => write!(out, "{:02}", t.hour()),
            Token::Field('h', n) => {
                let h = (t.hour() + 11) % 12 + 1;
                if n == 1 {
                    write!(out, "{h}")
                } else {
                    write!(out, "{h:02}")
                }
            }
            Token::Field('m', 1) => write!(out, "{}", t.minute()),
            Token::Field('m', _) => write!(out, "{:02}", t.minute()),
            Token::Field('M', 1) => write!(out, "{}", t.month()),
            Token::Field('M', _) => write!(out, "{:02}", t.month()),
            Token::Field('s', 1) => write!(out, "{}", t.second()),
            Token::Field('s', _) => write!(out, "{:02}", t.second()),
            Token::Field('y', 1) => write!(out, "{}", t.year().rem_euclid(100)),
            Token::Field('y', 2) => write!(out, "{:02}", t.year().rem_euclid(100)),
            Token::Field('y', _) => write!(out, "{:04}", t.year()),
            Token::Field('t', _) => {
                out.push_str(if t.hour() < 12 { "AM" } else { "PM" });
                Ok(())
            }
            Token::Field(c, n) => {
                let digits = format!("{ticks:07}");
                let digits = &digits[..n.min(7)];
                out.push_str(if c == 'F' {
                    digits.trim_end_matches('0')
                } else {
                    digits
                });
                Ok(())
            }
        };
    }
}

impl KqlFunction for FormatDatetimeFunc {
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
        let [date, format] = fixed(&DOC, args)?;
        let date = date.datetime()?;
        let error_at = format.error("");
        let text = format.string_literal()?;
        tokens(&text).map_err(|message| FunctionError {
            message: format!("{}{message}", error_at.message),
            ..error_at
        })?;
        let ts = crate::types::kql_to_arrow(KqlType::DateTime);
        let f = udf(
            "kql_format_datetime",
            vec![ts, DataType::Utf8],
            DataType::Utf8,
            format_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![date.expr, lit(text)]),
            KqlType::String,
        ))
    }
}

fn format_batch(batch: &Batch) -> Result<ColumnarValue> {
    let dates = batch.primitives::<TimestampNanosecondType>(0)?;
    let format = batch.strings(1)?.get(0).unwrap_or("");
    let tokens = match tokens(format) {
        Ok(t) => t,
        Err(e) => return exec_err!("{e}"),
    };
    batch.string_result(|row, out| {
        if let Some(nanos) = dates.get(row) {
            write_formatted(out, &tokens, nanos);
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(nanos: i64, f: &str) -> String {
        let mut out = String::new();
        write_formatted(&mut out, &tokens(f).unwrap(), nanos);
        out
    }

    #[test]
    fn fractions_follow_the_docs() {
        // 2009-06-15T13:45:30Z is Unix second 1245073530 (`date -u -d … +%s`).
        let base = 1_245_073_530_000_000_000;
        assert_eq!(format(base + 617_000_000, "fff"), "617");
        assert_eq!(format(base + 617_000_000, "F"), "6");
        assert_eq!(format(base + 50_000_000, "F"), "");
        assert_eq!(format(base + 115_000, "FFFFFFF"), "000115");
        assert_eq!(format(base + 115_000, "fffffff"), "0001150");
        assert_eq!(format(base, "h hh H tt y yy yyyy"), "1 01 13 PM 9 09 2009");
    }

    #[test]
    fn bad_formats_are_rejected() {
        assert!(tokens("yyy").is_err());
        assert!(tokens("Q").unwrap_err().contains("'Q'"));
        assert!(tokens("dddd").is_err());
        assert!(tokens("yyyy-MM-dd HH:mm:ss.fffffff").is_ok());
    }
}
