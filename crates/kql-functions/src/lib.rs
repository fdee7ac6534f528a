//! KQL functions as DataFusion UDFs and UDAFs, one file each, with docs attached; KQL <-> Arrow types.
//!
//! The planner resolves a KQL call by name in a [`FunctionRegistry`] and asks the
//! [`KqlFunction`] to type-check its arguments and build the DataFusion expression. Each
//! function lives in its own file under a category folder (`string/split.rs`), carries its
//! [`FunctionDoc`] (description, syntax, return type, null rules and examples), and its
//! examples are executed as tests by `kql-engine`'s test binary.
//!
//! Modules: [`types`] (KQL ↔ Arrow), [`format`] (canonical text of values, shared by
//! `tostring` and every output format), [`dynamic`] (the JSON-text `dynamic` representation).

pub mod aggregate;
pub mod conversion;
pub mod datetime;
pub mod dynamic;
pub mod format;
pub mod logical;
pub mod math;
pub mod string;
pub mod types;

mod args;
mod registry;
mod typed_expr;
mod udf;

pub use registry::{
    AggregatePlan, CallContext, Example, FunctionDoc, FunctionError, FunctionKind,
    FunctionRegistry, KqlFunction,
};
pub use typed_expr::TypedExpr;
