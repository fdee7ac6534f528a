//! Statements and user functions at the plan level: a call plans like its body written out, a
//! `let` like its value, and sub-plans (`toscalar()`, `materialize()`) run once each, through
//! [`PlanCatalog::evaluate`] — here a catalog that answers every sub-plan with canned rows and
//! counts the calls.

use crate::schema_only::{AmlSchemas, NOW, plan};
use datafusion::arrow::array::Int64Array;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::logical_expr::LogicalPlan;
use kql_functions::FunctionRegistry;
use kql_planner::{CatalogTable, PlanCatalog, query_to_plan};
use kql_syntax::Diagnostic;
use std::cell::Cell;
use std::sync::Arc;

/// The AML schemas, plus `evaluate` answering one row with one long, 42.
#[derive(Default)]
struct Answering {
    calls: Cell<usize>,
}

impl PlanCatalog for Answering {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        AmlSchemas.table(name)
    }

    fn table_names(&self) -> Vec<String> {
        AmlSchemas.table_names()
    }

    fn evaluate(&self, plan: &LogicalPlan) -> Option<Result<Vec<RecordBatch>, Diagnostic>> {
        self.calls.set(self.calls.get() + 1);
        let field = Arc::clone(plan.schema().field(0));
        assert_eq!(
            field.data_type(),
            &DataType::Int64,
            "the tests evaluate longs"
        );
        let schema = Arc::new(Schema::new(vec![Field::new(
            field.name(),
            DataType::Int64,
            true,
        )]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(vec![42]))])
            .expect("a batch");
        Some(Ok(vec![batch]))
    }
}

/// The plan text of `query` against `catalog`, and how many sub-plans it evaluated.
fn plan_with(catalog: &Answering, query: &str) -> String {
    let functions = FunctionRegistry::builtin();
    let parsed = kql_syntax::parse_query(query).expect("parses");
    let planned = query_to_plan(&parsed, catalog, &functions, NOW)
        .unwrap_or_else(|d| panic!("{query}: {} at {:?}", d.message, d.span));
    planned.plan.display_indent_schema().to_string()
}

#[test]
fn a_function_call_plans_like_its_body_written_out() {
    let called = plan(
        "let Recent = (T:(TimeGenerated:datetime), d:timespan) { T | where TimeGenerated > ago(d) };\n\
         AmlComputeJobEvent | invoke Recent(5d) | count",
    );
    let written = plan("AmlComputeJobEvent | where TimeGenerated > ago(5d) | count");
    assert_eq!(called, written);
    let scalar = plan(
        "let since = (d:timespan) { ago(d) };\n\
         AmlComputeJobEvent | where TimeGenerated > since(5d) | count",
    );
    assert_eq!(scalar, written);
}

#[test]
fn a_let_plans_like_its_value_and_shadows_the_table() {
    let shadowed = plan("let AmlComputeJobEvent = AmlComputeJobEvent | take 3; AmlComputeJobEvent");
    assert_eq!(shadowed, plan("AmlComputeJobEvent | take 3"));
    let scalar = plan("let n = 3; AmlComputeJobEvent | take n");
    assert_eq!(scalar, plan("AmlComputeJobEvent | take 3"));
}

#[test]
fn toscalar_runs_once_and_folds_to_a_literal() {
    let catalog = Answering::default();
    let text = plan_with(
        &catalog,
        "let n = toscalar(AmlComputeJobEvent | count);\n\
         AmlComputeClusterEvent | where TargetNodeCount > n and MaximumNodeCount < n * 2",
    );
    assert_eq!(catalog.calls.get(), 1, "one let, evaluated once");
    assert!(text.contains("Int64(42)"), "{text}");
    assert!(!text.contains("Subquery"), "{text}");
}

#[test]
fn without_evaluation_toscalar_is_a_scalar_subquery_and_materialize_inline() {
    let text = plan(
        "AmlComputeClusterEvent | where TargetNodeCount > toscalar(AmlComputeJobEvent | count)",
    );
    assert!(
        text.contains("ScalarSubquery") || text.contains("<subquery>"),
        "{text}"
    );
    let inline = plan("let m = materialize(AmlComputeJobEvent | take 3); m");
    assert_eq!(inline, plan("AmlComputeJobEvent | take 3"));
}

#[test]
fn materialize_runs_once_for_every_reference() {
    let catalog = Answering::default();
    let text = plan_with(
        &catalog,
        "let m = materialize(AmlComputeJobEvent | count);\n\
         m | extend again = toscalar(m | project Count)",
    );
    assert_eq!(
        catalog.calls.get(),
        2,
        "materialize once, then toscalar once"
    );
    assert!(text.contains("TableScan: materialize"), "{text}");
    assert!(!text.contains("AmlComputeJobEvent"), "{text}");
}

#[test]
fn unused_lets_are_checked_but_not_run() {
    let catalog = Answering::default();
    plan_with(
        &catalog,
        "let unused = toscalar(AmlComputeJobEvent | count);\n\
         let m = materialize(AmlComputeJobEvent | count);\n\
         print 1",
    );
    assert_eq!(catalog.calls.get(), 0);
    let text = plan("let unused = toscalar(AmlComputeJobEvent | where NoSuch > 1); print 1");
    assert!(
        text.starts_with("Semantic error: unknown column 'NoSuch'"),
        "{text}"
    );
}

#[test]
fn function_expansion_is_bounded() {
    let mut query = String::from("let f0 = (x:long) { x };\n");
    for i in 1..16 {
        query.push_str(&format!(
            "let f{i} = (x:long) {{ f{p}(x) + f{p}(x) }};\n",
            p = i - 1
        ));
    }
    query.push_str("print f15(1)");
    let text = plan(&query);
    assert!(
        text.contains("more than 10000 calls of user-defined functions"),
        "{text}"
    );
}

#[test]
fn a_table_in_the_list_of_in_is_its_first_column_evaluated_once() {
    let catalog = Answering::default();
    let text = plan_with(
        &catalog,
        "let counts = AmlComputeJobEvent | summarize count();\n\
         AmlComputeClusterEvent | where TargetNodeCount in (counts)",
    );
    assert_eq!(catalog.calls.get(), 1);
    assert!(text.contains("IN ([Int64(42)])"), "{text}");
    let fallback =
        plan("AmlComputeClusterEvent | where TargetNodeCount !in (AmlComputeJobEvent | count)");
    assert!(fallback.contains("NOT IN (<subquery>)"), "{fallback}");
}

#[test]
fn nested_calls_cannot_expand_without_bound() {
    // Planning a 200-operator body recurses 200 levels, more than a 2 MiB test thread holds
    // in a debug build: plan on a thread with the 8 MiB of a program's main thread.
    let on_big_stack = |query: String| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || plan(&query))
            .expect("a thread")
            .join()
            .expect("planning does not panic")
    };
    // Each call nests its argument into a 200-operator body: 5 calls are 1,000 levels.
    let chain = vec!["1"; 200].join(" + ");
    let text = on_big_stack(format!(
        "let f = (x:long) {{ x + {chain} }};\nprint f(f(f(f(f(1)))))"
    ));
    assert!(
        text.contains("expands to an expression more than 512 levels deep"),
        "{text}"
    );
    // Composition doubles the depth at each level: 2^8 = 256 additions is fine.
    let mut query = String::from("let f0 = (x:long) { x + 1 };\n");
    for i in 1..=8 {
        query.push_str(&format!(
            "let f{i} = (x:long) {{ f{p}(f{p}(x)) }};\n",
            p = i - 1
        ));
    }
    query.push_str("print r = f8(0)");
    let text = on_big_stack(query);
    assert!(text.starts_with("columns: r:long"), "{text}");
}
