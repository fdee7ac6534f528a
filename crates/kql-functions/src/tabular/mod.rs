//! Functions over tabular expressions, which the planner evaluates apart from any row:
//! `toscalar()` and `materialize()`. Their entries here carry the documentation; the planner
//! (`kql-planner`, `evaluate.rs`) runs their arguments once per query. Also
//! `column_ifexists()`, which needs the input's columns, which only the planner knows.

mod column_ifexists;
mod materialize;
mod toscalar;

use crate::KqlFunction;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(column_ifexists::ColumnIfExistsFunc),
        Arc::new(materialize::MaterializeFunc),
        Arc::new(toscalar::ToScalarFunc),
    ]
}
