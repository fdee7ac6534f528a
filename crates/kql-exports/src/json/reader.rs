//! Record framing of one JSON export file: JSON lines or the legacy `{"records":[…]}` wrapper.
//!
//! [`RecordReader`] opens a file (gunzipping `*.gz` with `MultiGzDecoder`, which reads every
//! gzip member), detects the framing by content (§2.2 of `azure-exports.md`: first non-blank
//! content `{"records":`, possibly pretty-printed → wrapper; else JSON lines) and hands out one
//! record's bytes at a time with its 1-based line number. JSON lines are streamed through one
//! read buffer: a line that ends inside it is handed out in place (found with `memchr`), only a
//! line running past it is copied; a wrapper file is read whole (capped), as wrapped files are
//! legacy and small.
//! Framing problems (a truncated wrapper, an over-long line) come out as [`Item::Problem`]; the
//! caller decides whether a record that fails to parse is a skipped line or a truncated tail.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::report::ProblemKind;

/// Lines longer than this are skipped (a 200 KB stack trace is normal; 64 MiB is not a record).
pub(crate) const MAX_LINE_BYTES: usize = 64 << 20;
/// Wrapped (`{"records":[…]}`) files are read whole; larger ones are refused.
pub(crate) const MAX_WRAPPED_FILE_BYTES: usize = 1 << 30;
/// Read buffer of the line reader.
const READ_BUFFER_BYTES: usize = 256 << 10;
/// How much of a file is examined to detect its framing.
const SNIFF_BYTES: u64 = 4096;

/// Opens `path`, gunzipping it when its content starts with the gzip magic bytes (whatever its
/// name: re-archives are not always named `*.gz`).
pub(crate) fn open_decompressed(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    let mut file = BufReader::new(File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    })
}

/// One thing read from a file.
#[derive(Debug)]
pub(crate) enum Item<'a> {
    /// One record's JSON text (not yet validated).
    Record {
        /// 1-based line where the record starts.
        line: u64,
        /// The record's bytes.
        bytes: &'a [u8],
        /// True for a last line without a terminating newline (possibly cut off).
        unterminated_last: bool,
    },
    /// A framing problem: the rest of the problem's extent is skipped.
    Problem {
        /// Skipped line or truncated tail.
        kind: ProblemKind,
        /// 1-based line.
        line: u64,
        /// What was wrong.
        reason: String,
    },
}

/// A record's (start, end, line) in a wrapped file's buffer.
type RecordRange = (usize, usize, u64);
/// A framing problem: kind, line, reason.
type FramingProblem = (ProblemKind, u64, String);

enum Mode {
    Lines {
        reader: BufReader<Box<dyn Read + Send>>,
        buf: Vec<u8>,
        line: u64,
        /// Offset of the next line's first byte (counted for byte ranges only).
        pos: u64,
        /// Lines starting at or after this offset belong to the next range.
        end: Option<u64>,
        /// Bytes of the reader's buffer the last record (framed in place) still occupies.
        pending: usize,
    },
    Wrapped {
        buf: Vec<u8>,
        /// (start, end, line) of each record, then an optional final problem.
        records: Vec<RecordRange>,
        next: usize,
        problem: Option<FramingProblem>,
    },
    Done,
}

/// Reads the records of one file, one at a time.
pub(crate) struct RecordReader {
    mode: Mode,
}

impl RecordReader {
    /// Opens `path` and detects its framing.
    pub(crate) fn open(path: &Path) -> io::Result<RecordReader> {
        let mut raw = open_decompressed(path)?;
        let mut head = Vec::with_capacity(SNIFF_BYTES as usize);
        (&mut raw).take(SNIFF_BYTES).read_to_end(&mut head)?;
        let mut start = 0;
        if head.starts_with(b"\xEF\xBB\xBF") {
            start = 3;
        }
        let wrapped = looks_wrapped(&head[start..]);
        let rest = Cursor::new(head).chain(raw);
        let mode = if wrapped {
            let mut buf = Vec::new();
            let mut limited = rest.take(MAX_WRAPPED_FILE_BYTES as u64 + 1);
            limited.read_to_end(&mut buf)?;
            if buf.len() > MAX_WRAPPED_FILE_BYTES {
                Mode::Wrapped {
                    buf: Vec::new(),
                    records: Vec::new(),
                    next: 0,
                    problem: Some((
                        ProblemKind::Skipped,
                        1,
                        format!(
                            "a {{\"records\":[…]}} file larger than {} MiB is not read",
                            MAX_WRAPPED_FILE_BYTES >> 20
                        ),
                    )),
                }
            } else {
                let (records, problem) = split_wrapped(&buf, start);
                Mode::Wrapped {
                    buf,
                    records,
                    next: 0,
                    problem,
                }
            }
        } else {
            let mut reader = BufReader::with_capacity(READ_BUFFER_BYTES, Box::new(rest) as Box<_>);
            // Skip the byte-order mark, if any.
            if start > 0 {
                // The sniffed head is at the front of the chain, so the first fill holds the mark.
                reader.fill_buf()?;
                reader.consume(start);
            }
            Mode::Lines {
                reader,
                buf: Vec::with_capacity(4096),
                line: 0,
                pos: 0,
                end: None,
                pending: 0,
            }
        };
        Ok(RecordReader { mode })
    }

    /// Opens the byte range `[start, end)` of an uncompressed JSON-lines file (never a wrapper):
    /// the records are the lines that *start* in the range, so consecutive ranges split a file
    /// at newlines without losing or repeating a line. Line numbers are the file's: the newlines
    /// before `start` are counted first.
    pub(crate) fn open_range(path: &Path, start: u64, end: u64) -> io::Result<RecordReader> {
        if start == 0 {
            let mut reader = RecordReader::open(path)?;
            if let Mode::Lines { end: e, .. } = &mut reader.mode {
                *e = Some(end);
            }
            return Ok(reader);
        }
        let mut file = File::open(path)?;
        // Lines before the range, for file line numbers in reports.
        let mut line = 0u64;
        {
            let mut prefix =
                BufReader::with_capacity(READ_BUFFER_BYTES, (&mut file).take(start - 1));
            loop {
                let chunk = prefix.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                let n = chunk.len();
                prefix.consume(n);
            }
        }
        file.seek(SeekFrom::Start(start - 1))?;
        let mut reader =
            BufReader::with_capacity(READ_BUFFER_BYTES, Box::new(file) as Box<dyn Read + Send>);
        // The line running into the range belongs to the range before (the byte before `start`
        // is read too, so a line starting exactly at `start` is kept).
        let mut skipped = Vec::new();
        let mut pos = start - 1;
        loop {
            skipped.clear();
            let n = (&mut reader)
                .take(1 << 20)
                .read_until(b'\n', &mut skipped)?;
            pos += n as u64;
            if n == 0 || pos >= end {
                // No line starts in the range.
                return Ok(RecordReader { mode: Mode::Done });
            }
            if skipped.last() == Some(&b'\n') {
                break;
            }
        }
        let mode = Mode::Lines {
            reader,
            buf: Vec::with_capacity(4096),
            // The newlines before the first line of the range; the skipped one included.
            line: line + 1,
            pos,
            end: Some(end),
            pending: 0,
        };
        Ok(RecordReader { mode })
    }

    /// Physical lines read so far (JSON-lines framing; 0 for wrapped files).
    pub(crate) fn lines_read(&self) -> u64 {
        match &self.mode {
            Mode::Lines { line, .. } => *line,
            _ => 0,
        }
    }

    /// True when the file uses the legacy `{"records":[…]}` wrapper.
    #[cfg(test)]
    pub(crate) fn is_wrapped(&self) -> bool {
        matches!(self.mode, Mode::Wrapped { .. })
    }

    /// The next record or problem; `Ok(None)` at the end of the file.
    pub(crate) fn next_item(&mut self) -> io::Result<Option<Item<'_>>> {
        match &mut self.mode {
            Mode::Done => Ok(None),
            Mode::Lines {
                reader,
                buf,
                line,
                pos,
                end,
                pending,
            } => loop {
                reader.consume(std::mem::take(pending));
                if end.is_some_and(|end| *pos >= end) {
                    self.mode = Mode::Done;
                    return Ok(None);
                }
                // A whole line inside the read buffer is handed out where it lies, uncopied; it
                // is consumed on the next call.
                if let Some(n) = memchr::memchr(b'\n', reader.fill_buf()?) {
                    *pos += n as u64 + 1;
                    *line += 1;
                    *pending = n + 1;
                    if reader.buffer()[..n].iter().all(u8::is_ascii_whitespace) {
                        // Blank: consumed at the top of the loop.
                        continue;
                    }
                    let Mode::Lines { reader, line, .. } = &self.mode else {
                        unreachable!("the mode was Lines a moment ago");
                    };
                    return Ok(Some(Item::Record {
                        line: *line,
                        bytes: &reader.buffer()[..n],
                        unterminated_last: false,
                    }));
                }
                // A line that runs past the buffer (or the last one, unterminated): copied.
                buf.clear();
                let n = (&mut *reader)
                    .take(MAX_LINE_BYTES as u64 + 1)
                    .read_until(b'\n', buf)?;
                if n == 0 {
                    self.mode = Mode::Done;
                    return Ok(None);
                }
                *pos += n as u64;
                *line += 1;
                let terminated = buf.last() == Some(&b'\n');
                if terminated {
                    buf.pop();
                } else if buf.len() > MAX_LINE_BYTES {
                    // Discard the rest of the over-long line.
                    loop {
                        buf.clear();
                        let m = (&mut *reader).take(1 << 20).read_until(b'\n', buf)?;
                        *pos += m as u64;
                        if m == 0 || buf.last() == Some(&b'\n') {
                            break;
                        }
                    }
                    buf.clear();
                    return Ok(Some(Item::Problem {
                        kind: ProblemKind::Skipped,
                        line: *line,
                        reason: format!("line longer than {} MiB", MAX_LINE_BYTES >> 20),
                    }));
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let unterminated_last = !terminated;
                // Re-borrow the buffer immutably for the caller.
                let Mode::Lines { buf, line, .. } = &self.mode else {
                    unreachable!("the mode was Lines a moment ago");
                };
                return Ok(Some(Item::Record {
                    line: *line,
                    bytes: buf,
                    unterminated_last,
                }));
            },
            Mode::Wrapped {
                records,
                next,
                problem,
                ..
            } => {
                if *next < records.len() {
                    *next += 1;
                    let (s, e, line) = records[*next - 1];
                    let Mode::Wrapped { buf, .. } = &self.mode else {
                        unreachable!("the mode was Wrapped a moment ago");
                    };
                    return Ok(Some(Item::Record {
                        line,
                        bytes: &buf[s..e],
                        unterminated_last: false,
                    }));
                }
                let item =
                    problem
                        .take()
                        .map(|(kind, line, reason)| Item::Problem { kind, line, reason });
                if item.is_none() {
                    self.mode = Mode::Done;
                }
                Ok(item)
            }
        }
    }
}

/// §2.2 detection: first non-blank content is `{` then (after any whitespace, newlines
/// included) the key `"records"` and a colon.
pub(crate) fn looks_wrapped(head: &[u8]) -> bool {
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while head.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if head.get(i) != Some(&b'{') {
        return false;
    }
    i += 1;
    skip_ws(&mut i);
    if !head[i.min(head.len())..].starts_with(b"\"records\"") {
        return false;
    }
    i += 9;
    skip_ws(&mut i);
    head.get(i) == Some(&b':')
}

/// Splits a wrapped file into record ranges. Every top-level value is either a wrapper (an object
/// whose `records` key holds an array; its elements are the records) or itself a record, so
/// concatenated wrappers (one per line, as Event Hubs archives hold them) work too. A parse error
/// keeps the records before it and becomes the final problem.
fn split_wrapped(buf: &[u8], start: usize) -> (Vec<RecordRange>, Option<FramingProblem>) {
    let mut out = Vec::new();
    let base = buf.as_ptr() as usize;
    let mut stream = serde_json::Deserializer::from_slice(&buf[start..]).into_iter::<&RawValue>();
    let mut problem = None;
    loop {
        let offset = start + stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                let s = raw.get().as_ptr() as usize - base;
                let e = s + raw.get().len();
                let before = out.len();
                let is_wrapper = WrapperSeed {
                    out: &mut out,
                    base,
                }
                .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
                .unwrap_or(false);
                if !is_wrapper {
                    out.truncate(before);
                    out.push((s, e, 0));
                }
            }
            Some(Err(err)) => {
                // Salvage the records of a wrapper cut off mid-way.
                let mut de = serde_json::Deserializer::from_slice(&buf[offset..]);
                let _ = WrapperSeed {
                    out: &mut out,
                    base,
                }
                .deserialize(&mut de);
                let kind = if err.is_eof() {
                    ProblemKind::Truncated
                } else {
                    ProblemKind::Skipped
                };
                let line = count_lines(&buf[..offset]) - 1 + err.line() as u64;
                problem = Some((kind, line, err.to_string()));
                break;
            }
        }
    }
    // Line numbers: count newlines incrementally (ranges are increasing).
    let mut line = 1u64;
    let mut pos = 0usize;
    for r in &mut out {
        line += count_lines(&buf[pos..r.0]) - 1;
        pos = r.0;
        r.2 = line;
    }
    (out, problem)
}

/// 1 + the number of newlines in `b`.
fn count_lines(b: &[u8]) -> u64 {
    1 + b.iter().filter(|&&c| c == b'\n').count() as u64
}

/// Visits a top-level value; for an object with a `records` array, pushes each element's range
/// and returns true.
struct WrapperSeed<'o> {
    out: &'o mut Vec<RecordRange>,
    base: usize,
}

impl<'de> DeserializeSeed<'de> for WrapperSeed<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for WrapperSeed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !found && key == "records" {
                found = map.next_value_seed(RecordsSeed {
                    out: &mut *self.out,
                    base: self.base,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// The `records` value: an array whose elements' ranges are pushed as they are read.
struct RecordsSeed<'o> {
    out: &'o mut Vec<RecordRange>,
    base: usize,
}

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            let s = raw.get().as_ptr() as usize - self.base;
            self.out.push((s, s + raw.get().len(), 0));
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::TempDir;
    use std::io::Write;

    type Records = (bool, Vec<(u64, String, bool)>, Vec<(ProblemKind, u64)>);

    fn records(content: &[u8]) -> Records {
        let dir = TempDir::new();
        let path = dir.write("f.json", content);
        let mut r = RecordReader::open(&path).unwrap();
        let wrapped = r.is_wrapped();
        let mut recs = Vec::new();
        let mut problems = Vec::new();
        while let Some(item) = r.next_item().unwrap() {
            match item {
                Item::Record {
                    line,
                    bytes,
                    unterminated_last,
                } => recs.push((
                    line,
                    String::from_utf8(bytes.to_vec()).unwrap(),
                    unterminated_last,
                )),
                Item::Problem { kind, line, .. } => problems.push((kind, line)),
            }
        }
        (wrapped, recs, problems)
    }

    #[test]
    fn json_lines_with_blank_lines_and_crlf() {
        let (wrapped, recs, problems) = records(b"{\"a\":1}\r\n\n  \n{\"a\":2}\n{\"a\":3");
        assert!(!wrapped);
        assert!(problems.is_empty());
        assert_eq!(
            recs,
            vec![
                (1, "{\"a\":1}\r".to_owned(), false),
                (4, "{\"a\":2}".to_owned(), false),
                (5, "{\"a\":3".to_owned(), true),
            ]
        );
    }

    /// Lines of many lengths (one longer than the read buffer), blank ones among them, so that
    /// lines end inside the buffer, at its edge and beyond it.
    fn boundary_content() -> (Vec<u8>, Vec<(u64, String, bool)>) {
        let mut content = Vec::new();
        let mut expected = Vec::new();
        for i in 0..3000u64 {
            let line = if i % 7 == 3 {
                " \t".to_owned()
            } else if i == 1500 {
                format!("{{\"a\":\"{}\"}}", "x".repeat(READ_BUFFER_BYTES + 1000))
            } else {
                format!("{{\"a\":\"{}\"}}", "y".repeat((i as usize * 37) % 500))
            };
            content.extend_from_slice(line.as_bytes());
            content.push(b'\n');
            if i % 7 != 3 {
                expected.push((i + 1, line, false));
            }
        }
        (content, expected)
    }

    #[test]
    fn lines_across_read_buffer_edges() {
        let (content, expected) = boundary_content();
        assert!(content.len() > 3 * READ_BUFFER_BYTES);
        let (_, recs, problems) = records(&content);
        assert!(problems.is_empty());
        assert_eq!(recs, expected);
    }

    #[test]
    fn byte_ranges_split_lines_without_loss() {
        let (content, expected) = boundary_content();
        let dir = TempDir::new();
        let path = dir.write("f.json", &content);
        let len = content.len() as u64;
        let cuts = [
            0,
            1,
            4096,
            READ_BUFFER_BYTES as u64 - 3,
            len / 2,
            len - 2,
            len,
        ];
        let recs: Vec<_> = cuts
            .windows(2)
            .flat_map(|w| range_records(&path, w[0], w[1]))
            .collect();
        assert_eq!(recs, expected);
    }

    #[test]
    fn wrapper_compact_and_pretty() {
        let (wrapped, recs, problems) = records(br#"{"records":[{"a":1},{"a":2}]}"#);
        assert!(wrapped);
        assert!(problems.is_empty());
        assert_eq!(
            recs.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
            vec![r#"{"a":1}"#, r#"{"a":2}"#]
        );
        let pretty =
            b"{\n  \"records\": [\n    {\n      \"a\": 1\n    },\n    {\"a\": 2}\n  ]\n}\n";
        let (wrapped, recs, problems) = records(pretty);
        assert!(wrapped);
        assert!(problems.is_empty());
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].0, 3, "first record starts on line 3");
        assert_eq!(recs[1].0, 6);
    }

    #[test]
    fn truncated_wrapper_keeps_earlier_records() {
        let (wrapped, recs, problems) = records(br#"{"records":[{"a":1},{"a":2},{"a":"#);
        assert!(wrapped);
        assert_eq!(recs.len(), 2);
        assert_eq!(problems, vec![(ProblemKind::Truncated, 1)]);
    }

    #[test]
    fn bom_is_skipped() {
        let mut content = b"\xEF\xBB\xBF".to_vec();
        content.write_all(b"{\"a\":1}\n").unwrap();
        let (_, recs, _) = records(&content);
        assert_eq!(recs[0].1, "{\"a\":1}");
        let mut content = b"\xEF\xBB\xBF".to_vec();
        content.write_all(br#"{"records":[{"a":1}]}"#).unwrap();
        let (wrapped, recs, _) = records(&content);
        assert!(wrapped);
        assert_eq!(recs.len(), 1);
    }

    #[test]
    fn gzip_is_detected_by_content() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"{\"a\":1}\n").unwrap();
        let (_, recs, _) = records(&enc.finish().unwrap());
        assert_eq!(recs[0].1, "{\"a\":1}");
    }

    fn range_records(path: &Path, start: u64, end: u64) -> Vec<(u64, String, bool)> {
        let mut r = RecordReader::open_range(path, start, end).unwrap();
        let mut out = Vec::new();
        while let Some(item) = r.next_item().unwrap() {
            if let Item::Record {
                line,
                bytes,
                unterminated_last,
            } = item
            {
                out.push((
                    line,
                    String::from_utf8(bytes.to_vec()).unwrap(),
                    unterminated_last,
                ));
            }
        }
        out
    }

    #[test]
    fn byte_ranges_split_at_newlines_without_loss_or_repeat() {
        let content = b"{\"a\":1}\n\n{\"a\":22}\n  \n{\"a\":333}\n{\"a\":4444}";
        let dir = TempDir::new();
        let path = dir.write("f.json", content);
        let (_, whole, _) = records(content);
        assert_eq!(whole.len(), 4);
        let len = content.len() as u64;
        // Every two-way and three-way cut gives back exactly the whole file's records.
        for a in 0..=len {
            for b in a..=len {
                let mut got = range_records(&path, 0, a);
                got.extend(range_records(&path, a, b));
                got.extend(range_records(&path, b, len));
                assert_eq!(got, whole, "cuts at {a} and {b}");
            }
        }
    }

    #[test]
    fn detection() {
        assert!(looks_wrapped(b"{\"records\":["));
        assert!(looks_wrapped(b"  {\n   \"records\" : ["));
        assert!(!looks_wrapped(b"{\"time\":\"x\"}"));
        assert!(!looks_wrapped(b""));
        assert!(!looks_wrapped(b"{"));
    }
}
