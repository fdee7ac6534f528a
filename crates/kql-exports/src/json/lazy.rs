//! The fast record scanner: one validating pass over a record that keeps only the byte ranges of
//! the values a scan needs.
//!
//! Phase 1 of [`super::decode`] ("capture") used to be a serde visitor over `serde_json`'s
//! borrowing deserializer (kept as [`super::reference`], the oracle of the equivalence tests).
//! This module does the same job by hand: it walks the top-level object and, when needed, the
//! `properties` bag, matches keys case-insensitively, and skips every other value while still
//! validating it exactly as `serde_json` does (string escapes and control characters, the number
//! grammar, literals, commas and colons, trailing bytes), so a line is skipped as malformed by
//! both or by neither.
//!
//! Why hand-written: measured with `valgrind --tool=callgrind` (instruction counts, one
//! release build, 2026-12-03; wall-clock timings on the shared 2-core machine were too noisy) on
//! the sample's AmlComputeJobEvent lines (1.87 MB), capturing `time`, `properties.EventType` and
//! `properties.JobName` and validating everything else, after subtracting the cost of reading and
//! splitting the lines: this scanner 13.3 M instructions, serde_json's borrowing `RawValue`
//! visitor 25.0 M (1.9×), sonic-rs 0.5's validating lazy `to_object_iter` 32.4 M (2.4×),
//! simd-json 0.15's tape on a copy of each line 18.5 M (1.4×, and it aborts on deep nesting).
//! (sonic-rs also skips without validating, which would accept lines the reference rejects, so
//! it was not an option.) Keys are many and short in these records, so per-token overhead,
//! not byte scanning, dominates; strings are scanned eight bytes at a time (the SWAR test
//! `serde_json` itself uses) for `"`, `\` and control characters. The `scan` criterion bench
//! (`benches/benches/scan.rs`) keeps the serde_json reference and sonic-rs as peers in the same
//! run.
//!
//! Depth: containers are skipped iteratively with a heap stack of open brackets, so a 10,000-deep
//! line costs memory proportional to its depth, never stack (the crash sonic-rs and simd-json
//! have without a depth pre-scan, see `engine-pitfalls.md`).

use super::decode::{Capture, ShapePlan};

/// Bytes with each byte 0x01.
const ONES: u64 = u64::MAX / 255;
/// The high bit of each byte.
const HIGHS: u64 = ONES << 7;

/// A cursor over one record's bytes; every method fails with `Err(())` on invalid JSON.
struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips JSON whitespace (space, tab, newline, carriage return: exactly serde_json's set).
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    #[inline]
    fn expect(&mut self, c: u8) -> Result<(), ()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(())
        }
    }

    /// At an opening quote: skips the string. Returns whether it holds escapes.
    #[inline]
    fn string(&mut self) -> Result<bool, ()> {
        self.i += 1;
        let mut escaped = false;
        loop {
            // Eight bytes at a time until a quote, a backslash or a control character.
            while let Some(chunk) = self.b.get(self.i..self.i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let c = u64::from_le_bytes(word);
                let control = c.wrapping_sub(ONES * 0x20) & !c;
                let q = c ^ (ONES * u64::from(b'"'));
                let quote = q.wrapping_sub(ONES) & !q;
                let s = c ^ (ONES * u64::from(b'\\'));
                let backslash = s.wrapping_sub(ONES) & !s;
                let hits = (control | quote | backslash) & HIGHS;
                if hits != 0 {
                    self.i += (hits.trailing_zeros() / 8) as usize;
                    break;
                }
                self.i += 8;
            }
            match self.peek() {
                None => return Err(()),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') => {
                            let hex = self.b.get(self.i + 2..self.i + 6).ok_or(())?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(());
                            }
                            self.i += 6;
                        }
                        _ => return Err(()),
                    }
                }
                Some(c) if c < 0x20 => return Err(()),
                Some(_) => self.i += 1,
            }
        }
    }

    #[inline]
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<(), ()> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(());
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(()),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(());
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(());
            }
        }
        Ok(())
    }

    fn literal(&mut self, text: &[u8]) -> Result<(), ()> {
        if self
            .b
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(text))
        {
            self.i += text.len();
            Ok(())
        } else {
            Err(())
        }
    }

    /// After `{` or `,` inside a skipped object: a key and its colon.
    fn key_and_colon(&mut self) -> Result<(), ()> {
        if self.peek() != Some(b'"') {
            return Err(());
        }
        self.string()?;
        self.ws();
        self.expect(b':')?;
        self.ws();
        Ok(())
    }

    /// Skips one value starting at the cursor (whitespace already skipped), at any depth.
    fn skip_value(&mut self, stack: &mut Vec<u8>) -> Result<(), ()> {
        let base = stack.len();
        loop {
            match self.peek().ok_or(())? {
                b'"' => {
                    self.string()?;
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'{' => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        stack.push(b'}');
                        self.key_and_colon()?;
                        continue;
                    }
                }
                b'[' => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        stack.push(b']');
                        continue;
                    }
                }
                _ => return Err(()),
            }
            // A value ended: close containers until one continues with a comma.
            loop {
                let Some(&close) = stack.get(base..).and_then(<[u8]>::last) else {
                    return Ok(());
                };
                self.ws();
                match self.peek().ok_or(())? {
                    b',' => {
                        self.i += 1;
                        self.ws();
                        if close == b'}' {
                            self.key_and_colon()?;
                        }
                        break;
                    }
                    c if c == close => {
                        self.i += 1;
                        stack.pop();
                    }
                    _ => return Err(()),
                }
            }
        }
    }

    /// At a key's opening quote: the key's text, unescaped into `buf` only when it has escapes
    /// (with serde_json itself, so lone surrogates fail exactly as they do there).
    fn key<'k>(&mut self, text: &'k str, buf: &'k mut String) -> Result<&'k str, ()> {
        if self.peek() != Some(b'"') {
            return Err(());
        }
        let start = self.i;
        let escaped = self.string()?;
        let quoted = text.get(start..self.i).ok_or(())?;
        if !escaped {
            return Ok(&quoted[1..quoted.len() - 1]);
        }
        *buf = serde_json::from_str::<String>(quoted).map_err(|_| ())?;
        Ok(buf.as_str())
    }

    /// After a member's value: `,` (then the next key follows) or `}` (then false: the object ended).
    fn next_member(&mut self) -> Result<bool, ()> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.ws();
                Ok(true)
            }
            Some(b'}') => {
                self.i += 1;
                Ok(false)
            }
            _ => Err(()),
        }
    }
}

/// Reused buffers of the scanner.
#[derive(Debug, Default)]
pub(crate) struct ScanScratch {
    stack: Vec<u8>,
    key: String,
}

/// Phase 1, fast path: parses `text` as one JSON object and captures the wanted values, with the
/// same results as [`super::reference::capture_record`] (values, precedence, accepted lines).
pub(crate) fn capture_record(
    text: &str,
    plan: &ShapePlan,
    capture: &mut Capture,
    scratch: &mut ScanScratch,
) -> Result<(), ()> {
    capture.reset(plan.slots.len());
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    s.expect(b'{')?;
    s.ws();
    if s.peek() == Some(b'}') {
        s.i += 1;
    } else {
        loop {
            let targets = plan.top.get(s.key(text, &mut scratch.key)?).copied();
            s.ws();
            s.expect(b':')?;
            s.ws();
            match targets {
                None => s.skip_value(&mut scratch.stack)?,
                // Without a projected `properties` column the bag is descended right here.
                Some(t) if t.properties && t.slot.is_none() && !capture.bag_done => {
                    capture.bag_done = true;
                    scan_bag(&mut s, text, plan, capture, scratch, true)?;
                }
                Some(t) => {
                    let start = s.i;
                    s.skip_value(&mut scratch.stack)?;
                    let r = (start, s.i);
                    // A top-level null does not hide a `properties` value.
                    if &text.as_bytes()[start..s.i] != b"null" {
                        capture.top_level_value(t, r);
                    }
                }
            }
            if !s.next_member()? {
                break;
            }
        }
    }
    s.ws();
    if s.i != text.len() {
        return Err(());
    }
    if let Some((start, _)) = capture.properties
        && capture.needs_bag(plan)
    {
        let mut bag = Scanner {
            b: text.as_bytes(),
            i: start,
        };
        scan_bag(&mut bag, text, plan, capture, scratch, false)?;
    }
    Ok(())
}

/// The `properties` value at the cursor: its members fill the columns the top level left empty;
/// a bag that is not an object (escaped JSON in a string, an array…) is skipped.
fn scan_bag(
    s: &mut Scanner<'_>,
    text: &str,
    plan: &ShapePlan,
    capture: &mut Capture,
    scratch: &mut ScanScratch,
    inline: bool,
) -> Result<(), ()> {
    if s.peek() != Some(b'{') {
        let start = s.i;
        s.skip_value(&mut scratch.stack)?;
        // The reference decodes a string bag (rejecting a lone surrogate); skipped values are
        // not decoded by either.
        let skipped = &text[start..s.i];
        if skipped.starts_with('"') && skipped.contains("\\u") {
            serde_json::from_str::<String>(skipped).map_err(|_| ())?;
        }
        return Ok(());
    }
    s.i += 1;
    s.ws();
    if s.peek() == Some(b'}') {
        s.i += 1;
        return Ok(());
    }
    loop {
        let slot = plan
            .properties
            .get(s.key(text, &mut scratch.key)?)
            .and_then(|t| t.slot);
        s.ws();
        s.expect(b':')?;
        s.ws();
        let start = s.i;
        s.skip_value(&mut scratch.stack)?;
        if let Some(slot) = slot
            && &text.as_bytes()[start..s.i] != b"null"
        {
            capture.bag_value(slot, (start, s.i), inline);
        }
        if !s.next_member()? {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(text: &str) -> bool {
        let mut s = Scanner {
            b: text.as_bytes(),
            i: 0,
        };
        let mut stack = Vec::new();
        s.skip_value(&mut stack).is_ok() && s.i == text.len()
    }

    #[test]
    fn skipping_validates_like_serde_json() {
        let cases = [
            "0",
            "-0",
            "12",
            "1.5",
            "1e5",
            "1E+5",
            "-1.5e-3",
            "01",
            "1.",
            "-",
            ".5",
            "1e",
            "+1",
            "true",
            "tru",
            "null",
            "nul",
            "false",
            r#""a""#,
            r#""a\"b""#,
            r#""\u00e9""#,
            r#""\u00g9""#,
            r#""\x""#,
            "\"a\tb\"",
            "\"a",
            "[]",
            "[1,2]",
            "[1,]",
            "[,1]",
            "{}",
            r#"{"a":1}"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{1:1}"#,
            r#"{"a":[{"b":{}}]}"#,
            "[1 2]",
            "[[[]]]",
            "[[[]]",
            r#"{"a":1}}"#,
        ];
        for case in cases {
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(case).is_ok();
            assert_eq!(skips(case), serde, "{case}");
        }
    }

    #[test]
    fn long_strings_validate_like_serde_json() {
        // Each special byte at every position of several eight-byte steps and of the tail.
        let specials = [
            "\"", "\\\"", "\\n", "\\x", "\\u00e9", "\\u00g9", "\u{1}", "\u{1f}", "é", " ",
        ];
        for at in 0..40 {
            for special in specials {
                let case = format!("\"{}{special}{}\"", "a".repeat(at), "b".repeat(40 - at));
                let serde = serde_json::from_str::<serde::de::IgnoredAny>(&case).is_ok();
                assert_eq!(skips(&case), serde, "{case:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(skips(&deep));
        let unclosed = "[{\"a\":".repeat(50_000);
        assert!(!skips(&unclosed));
    }
}
