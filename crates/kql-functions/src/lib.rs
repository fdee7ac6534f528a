//! KQL functions as DataFusion UDFs and UDAFs, one file each, with docs attached; KQL <-> Arrow types.
//!
//! The planner resolves a KQL call by name in a [`FunctionRegistry`] and asks the
//! [`KqlFunction`] to type-check its arguments and build the DataFusion expression. Each
//! function lives in its own file under a category folder (`string/split.rs`), carries its
//! [`FunctionDoc`] (description, syntax, return type, null rules and examples), and its
//! examples are executed as tests by `kql-engine`'s test binary; `kql functions` prints the
//! reference generated from the docs ([`FunctionRegistry::reference`]).
//!
//! Modules: [`types`] (KQL ↔ Arrow), [`decimal`] (the `decimal` type's values and arithmetic), [`format`](mod@format) (canonical text of values, shared by
//! `tostring` and every output format), [`json`] (the JSON text of `dynamic` values),
//! [`TypedExpr`] (typed expressions and the one way to cast them); [`expand`], [`parse`] and
//! [`parse_kv`] (UDFs that the operators `mv-expand`, `evaluate bag_unpack()`, `parse` and
//! `parse-kv` build on: not KQL functions, so outside the category folders and their test
//! mirror); inside the crate, `args` (the one way to check a call's arguments) and `udf` (the
//! one way to write a UDF).
//!
//! # Adding a function
//!
//! 1. Read its page in Kusto's docs (`data-explorer/kusto/query/<name>-function.md`): syntax,
//!    argument types, null and error behaviour, return type, examples.
//! 2. Create `src/<category>/<name>.rs` with a `//!` line, a unit struct `<Name>Func`, its
//!    `DOC: FunctionDoc` (syntax exactly as Kusto writes it: argument errors quote it and take
//!    parameter names from it; at least one example whose output you computed by hand or took
//!    from the docs) and `impl KqlFunction` whose `plan_scalar` takes its arguments with
//!    `args::fixed` / `args::optional` / `args::variadic` and checks each one with the `Arg`
//!    methods (`string()`, `long()`, `datetime()`, `string_literal()`, …). Build the result from
//!    DataFusion's own functions where they have Kusto's semantics; otherwise write the body as
//!    a `udf::udf(name, arg types, return type, fn)` reading a `udf::Batch`. Never panic on a
//!    value: one that does not convert gives null. An aggregate implements `plan_aggregate`
//!    (and `column_prefix`, or `aggregate_column_names` when its columns are named otherwise)
//!    with DataFusion's aggregates where they have Kusto's semantics, else with a
//!    `KqlAggregate` UDAF (`aggregate/common/udaf.rs`) whose state merges across partitions.
//! 3. Add one line to `src/<category>/mod.rs` (the struct, aliases go in `DOC.aliases`).
//! 4. Write `testdata/kqltest/functions/<category>/<name>.kqltest` (its path mirrors the
//!    source; a test fails otherwise) with a `# Source:` line and ordinary, null and edge
//!    cases plus a positioned argument error, all from the docs or by hand — never from
//!    kqlake's output.
//! 5. Add the name to the README's supported-KQL list.

pub mod aggregate;
pub mod conversion;
pub mod datetime;
pub mod decimal;
pub mod dynamic;
pub mod expand;
pub mod format;
pub mod ip;
pub mod json;
pub mod logical;
pub mod math;
pub mod parse;
pub mod parse_kv;
pub mod series;
pub mod string;
pub mod tabular;
pub mod types;
pub mod window;

mod args;
mod not_supported;
mod regex;
mod registry;
mod typed_expr;
mod udf;

pub use aggregate::{AggregateArg, AggregateColumn};
pub use registry::{
    AggregatePlan, CallContext, Example, FunctionDoc, FunctionError, FunctionKind,
    FunctionRegistry, KqlFunction,
};
pub use typed_expr::TypedExpr;
