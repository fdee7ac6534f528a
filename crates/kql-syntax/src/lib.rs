//! KQL text to AST with spans; owns `Span`, `Diagnostic` and `KqlType`.
//!
//! First stage of the pipeline (see `ARCHITECTURE.md`): [`parse_query`] turns KQL text into an
//! [`ast::Query`] in which every node carries a [`Span`]; `Display` on every AST node prints
//! canonical KQL that parses back to the same tree. The grammar is specified in `grammar/*.ebnf`
//! at the repository root, one production per parser fn of the same name. This crate has no
//! DataFusion dependency so that `cargo test -p kql-syntax` stays a seconds-long inner loop.
//!
//! Modules: `parser` (entry point, lexical rules, expressions, literals), `statement` (`let`,
//! `set`, `declare query_parameters`, user-defined functions), `operator` (the
//! `OPERATORS` table of every Kusto operator name, and one file per tabular operator: AST node,
//! parser fn and `Display`), `display` (`Display` for the rest of the tree), `time` (datetime
//! and timespan decoding and printing), `vocabulary` (the words of the language, for editors
//! and the shell).

pub mod ast;
mod diagnostic;
mod display;
mod kql_type;
mod operator;
mod parser;
mod span;
mod statement;
mod time;
pub mod vocabulary;

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod grammar_drift;
#[cfg(test)]
mod testing;

pub use diagnostic::{Diagnostic, DiagnosticKind};
pub use kql_type::{KqlType, UnknownType};
pub use parser::{parse_expression, parse_query};
pub use span::Span;
pub use time::{parse_datetime, parse_timespan};
