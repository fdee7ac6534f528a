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
mod project_away;
mod project_keep;
mod project_rename;
mod project_reorder;
mod sample;
mod sample_distinct;
mod serialize;
mod sort;
mod summarize;
mod table;
mod take;
mod top;
mod top_nested;
mod union;
mod where_;
