//! Byte spans into the query text, carried by every AST node and every diagnostic.
//!
//! Line and column are computed only when an error is rendered (`kql-cli`); everything before
//! that speaks in byte offsets.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into the query text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers.
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_column(self, source: &str) -> (usize, usize) {
        let before = source.get(..self.start.min(source.len())).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.start..s.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let q = "T\n| where x > 1";
        assert_eq!(Span::new(0, 1).line_column(q), (1, 1));
        assert_eq!(Span::new(10, 11).line_column(q), (2, 9));
        assert_eq!(Span::new(10, 11).text(q), "x");
    }
}
