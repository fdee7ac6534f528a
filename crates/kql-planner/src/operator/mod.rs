//! One file per KQL operator, each an `impl` block on [`crate::KqlToPlan`].

mod count;
mod datatable;
mod distinct;
mod extend;
mod externaldata;
mod getschema;
mod join;
mod lookup;
mod operand;
mod print;
mod project;
mod sort;
mod summarize;
mod table;
mod take;
mod union;
mod where_;
