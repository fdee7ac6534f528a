//! Structured user-facing errors: a message, the span it points at, notes and a help line.
//!
//! Every stage reports problems as a [`Diagnostic`]; only `kql-cli` turns one into carets.
//! Voice: lower case, no final period, expected vs found, then the fix.

use crate::Span;
use std::fmt;

/// The phase in which a diagnostic was raised (STYLE.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// The text is not KQL.
    Syntax,
    /// Valid KQL that names something unknown or mistyped.
    Semantic,
    /// Valid KQL that kqlake does not implement yet.
    Unsupported,
    /// Bad input data (malformed or truncated lines, type conflicts).
    Data,
    /// A bug in kqlake.
    Internal,
}

/// One user-facing error with its position in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which phase found the problem.
    pub kind: DiagnosticKind,
    /// The headline, e.g. `unknown column 'Timegenerated'`.
    pub message: String,
    /// Where in the query text; `None` for errors about data or files.
    pub span: Option<Span>,
    /// The short label printed beside the caret (boxed, with `help`, to keep a
    /// `Result<_, Diagnostic>` small: errors are the cold path).
    pub label: Option<Box<str>>,
    /// Extra facts (`= note: …`).
    pub notes: Vec<String>,
    /// How to fix it (`= help: …`).
    pub help: Option<Box<str>>,
}

impl Diagnostic {
    /// A diagnostic of `kind` with a message and no span.
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span: None,
            label: None,
            notes: Vec::new(),
            help: None,
        }
    }

    /// A syntax error at `span`.
    pub fn syntax(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Syntax, message).with_span(span)
    }

    /// A semantic error at `span`.
    pub fn semantic(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Semantic, message).with_span(span)
    }

    /// An "is not supported yet" error at `span`, naming the feature.
    pub fn unsupported(what: impl fmt::Display, span: Span) -> Diagnostic {
        Diagnostic::new(
            DiagnosticKind::Unsupported,
            format!("{what} is not supported yet"),
        )
        .with_span(span)
    }

    /// An internal error (a bug), prefixed so users report it.
    pub fn internal(message: impl fmt::Display) -> Diagnostic {
        Diagnostic::new(
            DiagnosticKind::Internal,
            format!("internal error (please report): {message}"),
        )
    }

    /// Sets the span.
    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Sets the caret label.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into().into_boxed_str());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into().into_boxed_str());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_small_enough_to_return_by_value() {
        // clippy's result_large_err threshold is 128 bytes.
        assert!(std::mem::size_of::<Diagnostic>() <= 128);
    }
}
