//! What a query can read, known before any data is listed: the [`ListingScope`] `kql query`
//! opens its exports with ([`Engine::open_scoped`]) and the time range `--data az://…` lists blob
//! prefixes with.
//!
//! The query is planned against the documented tables only (schema-only, no data), through a
//! catalog that records every table name the planner asks for; the time range is
//! [`crate::time_bounds::query_time_bounds`] of that plan. Whenever the tables cannot be known
//! from names, the scope is everything:
//!
//! - planning fails (a custom `_CL` table, a column the documented schema lacks, an operator
//!   whose columns depend on the data such as `evaluate bag_unpack()`);
//! - the planner asks for the list of tables (`union *`, `union T*`, `search`, "did you mean"),
//!   or for what this catalog does not provide: a workspace (`workspace("w").T`) or
//!   `externaldata` files (planning then fails);
//! - sub-queries are not evaluated (`toscalar()` stays a scalar sub-query, `materialize()`
//!   inline), so their scans count as tables the query reads, and a time filter built from
//!   their values leaves the range open.

use crate::catalog::QueryTables;
use crate::engine::{Engine, EngineOptions};
use crate::time_bounds::query_time_bounds;
use kql_exports::ListingScope;
use kql_planner::{CatalogTable, KqlToPlan, PlanCatalog};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

/// The documented tables, recording what the planner asks for.
struct Recorder<'a> {
    tables: QueryTables<'a>,
    names: RefCell<BTreeSet<String>>,
    /// The planner needed something beyond named tables: the scope is everything.
    unsure: Cell<bool>,
}

impl PlanCatalog for Recorder<'_> {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        self.names.borrow_mut().insert(name.to_owned());
        self.tables.table(name)
    }

    fn table_names(&self) -> Vec<String> {
        self.unsure.set(true);
        self.tables.table_names()
    }

    fn tables_with_rows(&self) -> Vec<String> {
        self.unsure.set(true);
        self.tables.tables_with_rows()
    }

    // `externaldata` and `workspace()`: the defaults, errors, so planning fails (everything).
}

/// The tables and `TimeGenerated` range `query` can read (see the module doc), with `now()` at
/// `now_nanos` (the wall clock when `None`) and the values of its declared parameters.
///
/// ```
/// use kql_engine::listing_scope::listing_scope;
/// let scope = listing_scope(
///     "AmlComputeJobEvent | where TimeGenerated >= datetime(2024-05-01)",
///     &[],
///     None,
/// );
/// let tables = scope.tables.expect("one named table");
/// assert_eq!(tables.into_iter().collect::<Vec<_>>(), ["AmlComputeJobEvent"]);
/// assert_eq!(scope.time, (Some(1_714_521_600_000_000_000), None));
/// assert!(listing_scope("union *", &[], None).is_everything());
/// assert_eq!(listing_scope("print 1", &[], None).tables, Some(Default::default()));
/// ```
pub fn listing_scope(
    query: &str,
    parameters: &[(String, String)],
    now_nanos: Option<i64>,
) -> ListingScope {
    let everything = ListingScope::default();
    let Ok(parsed) = kql_syntax::parse_query(query) else {
        return everything;
    };
    let Ok(engine) = Engine::open(EngineOptions {
        now_nanos,
        ..EngineOptions::default()
    }) else {
        return everything;
    };
    let recorder = Recorder {
        tables: QueryTables(None),
        names: RefCell::default(),
        unsure: Cell::new(false),
    };
    let planner = KqlToPlan::new(&recorder, engine.functions(), engine.now_nanos())
        .with_parameters(parameters);
    let Ok(planned) = planner.query_to_plan(&parsed) else {
        return everything;
    };
    if recorder.unsure.get() {
        return everything;
    }
    ListingScope {
        tables: Some(recorder.names.into_inner()),
        time: query_time_bounds(&engine, &planned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(query: &str) -> Option<Vec<String>> {
        listing_scope(query, &[], None)
            .tables
            .map(|t| t.into_iter().collect())
    }

    #[test]
    fn named_tables_of_joins_unions_and_lets() {
        assert_eq!(
            tables(
                "let j = AmlComputeJobEvent | where EventType == 'JobFailed';\n\
                 j | join kind=inner (AmlComputeClusterEvent) on ClusterName"
            ),
            Some(vec![
                "AmlComputeClusterEvent".to_owned(),
                "AmlComputeJobEvent".to_owned()
            ])
        );
        assert_eq!(
            tables("union AmlComputeJobEvent, AmlComputeClusterEvent | count"),
            Some(vec![
                "AmlComputeClusterEvent".to_owned(),
                "AmlComputeJobEvent".to_owned()
            ])
        );
        assert_eq!(tables("print 1"), Some(Vec::new()));
    }

    #[test]
    fn everything_when_unsure() {
        for query in [
            "union *",
            "union AmlCompute*",
            "search \"x\"",
            "MyCustom_CL | take 1",
            "workspace('w').AmlComputeJobEvent",
            "externaldata (a: string) [@\"/tmp/x.csv\"] | join (AmlComputeJobEvent) on $left.a == $right.JobName",
            "AmlComputeJobEvent | where",
            "AmlComputeJobEven | take 1",
        ] {
            assert!(listing_scope(query, &[], None).is_everything(), "{query}");
        }
    }

    #[test]
    fn time_bounds_of_the_scans() {
        // 2026-11-20T00:00:00Z, and 5 days before (hand-computed: 20,777 and 20,772 days).
        let now = 1_795_132_800_000_000_000_i64;
        let day = 86_400_000_000_000_i64;
        let scope = listing_scope(
            "AmlComputeJobEvent | where TimeGenerated > ago(5d)",
            &[],
            Some(now),
        );
        assert_eq!(scope.time, (Some(now - 5 * day + 1), None));
        // A scan without a time filter leaves the union open.
        let scope = listing_scope(
            "union (AmlComputeJobEvent | where TimeGenerated > ago(5d)), AmlComputeClusterEvent",
            &[],
            Some(now),
        );
        assert_eq!(scope.time, (None, None));
        // toscalar() is not evaluated: its scan counts, and the filter built on it is open.
        let scope = listing_scope(
            "let t = toscalar(AmlComputeClusterEvent | summarize max(TimeGenerated));\n\
             AmlComputeJobEvent | where TimeGenerated > t - 1h",
            &[],
            Some(now),
        );
        assert_eq!(scope.time, (None, None));
        assert_eq!(
            scope.tables.map(|t| t.len()),
            Some(2),
            "both tables are read"
        );
    }
}
