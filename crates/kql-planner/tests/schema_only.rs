//! Plans against a catalog that holds only schemas (like the `parse_plan` bench).

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::logical_expr::builder::LogicalTableSource;
use kql_functions::FunctionRegistry;
use kql_functions::types::kql_to_arrow;
use kql_planner::{CatalogTable, PlanCatalog, query_to_plan};
use kql_syntax::{DiagnosticKind, KqlType};
use std::sync::Arc;

/// Two AML tables with the columns the corpus uses.
pub(crate) struct AmlSchemas;

fn table(columns: &[(&str, KqlType)]) -> CatalogTable {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, t)| Field::new(*n, kql_to_arrow(*t), !matches!(t, KqlType::String)))
        .collect();
    CatalogTable {
        columns: columns.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect(),
        source: Arc::new(LogicalTableSource::new(Arc::new(Schema::new(fields)))),
    }
}

impl PlanCatalog for AmlSchemas {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        use KqlType::*;
        match name {
            "AmlComputeJobEvent" => Some(table(&[
                ("TimeGenerated", DateTime),
                ("ClusterId", String),
                ("EventType", String),
                ("ExecutionState", String),
                ("ToolType", String),
                ("JobName", String),
            ])),
            "AmlComputeClusterEvent" => Some(table(&[
                ("TimeGenerated", DateTime),
                ("ClusterName", String),
                ("ClusterType", String),
                ("VmSize", String),
                ("VmPriority", String),
                ("TargetNodeCount", Int),
                ("InitialNodeCount", Int),
                ("MaximumNodeCount", Int),
                ("QuotaAllocated", String),
                ("QuotaUtilized", String),
                ("_ResourceId", String),
            ])),
            "AmlComputeClusterNodeEvent" => Some(table(&[
                ("TimeGenerated", DateTime),
                ("NodeAllocationTime", DateTime),
                ("NodeId", String),
            ])),
            _ => None,
        }
    }

    fn table_names(&self) -> Vec<std::string::String> {
        [
            "AmlComputeClusterEvent",
            "AmlComputeClusterNodeEvent",
            "AmlComputeJobEvent",
        ]
        .map(str::to_owned)
        .to_vec()
    }
}

/// 2026-11-20T00:00:00Z (`date -d 2026-11-20Z +%s` = 1795132800).
pub(crate) const NOW: i64 = 1_795_132_800_000_000_000;

/// The plan and output columns of `query`, or its error message and span.
pub(crate) fn plan(query: &str) -> std::string::String {
    let functions = FunctionRegistry::builtin();
    let parsed = match kql_syntax::parse_query(query) {
        Ok(q) => q,
        Err(d) => return format!("syntax error: {} at {:?}", d.message, d.span),
    };
    match query_to_plan(&parsed, &AmlSchemas, &functions, NOW) {
        Ok(p) => {
            let columns: Vec<_> = p
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, c.kql_type))
                .collect();
            format!(
                "columns: {}\n{}",
                columns.join(", "),
                p.plan.display_indent_schema()
            )
        }
        Err(d) => format!(
            "{:?} error: {} at {:?}; help: {:?}",
            d.kind, d.message, d.span, d.help
        ),
    }
}

#[test]
fn corpus_plans() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/queries");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "kql"))
    {
        let query = std::fs::read_to_string(path).expect("query");
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(name, plan(&query));
    }
}

#[test]
fn q5_output_columns_and_types() {
    // Kusto: by-columns first, then aggregates; avg is real, max keeps int.
    let text = plan(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../testdata/queries/q5_nodes_by_workspace.kql"),
        )
        .expect("q5"),
    );
    assert!(text.starts_with(
        "columns: Workspace:string, ClusterName:string, ClusterType:string, VmSize:string, VmPriority:string, avgRunningNodes:real, maxRunningNodes:int"
    ), "{text}");
}

#[test]
fn ago_folds_to_a_literal_so_scans_can_prune() {
    // now − 5d = 2026-11-15T00:00:00Z.
    let text = plan("AmlComputeJobEvent | where TimeGenerated > ago(5d)");
    assert!(
        text.contains("TimestampNanosecond(1794700800000000000"),
        "{text}"
    );
}

#[test]
fn unknown_names_point_at_the_name_with_a_suggestion() {
    let functions = FunctionRegistry::builtin();
    let cases = [
        (
            "AmlComputeJobEvent | where Timegenerated > ago(5d)",
            27..40,
            "unknown column 'Timegenerated'",
            Some("did you mean 'TimeGenerated'?"),
        ),
        (
            "AmlComputeJobevent | take 1",
            0..18,
            "unknown table 'AmlComputeJobevent'",
            Some("did you mean 'AmlComputeJobEvent'?"),
        ),
        (
            "AmlComputeJobEvent | project x = tostrin(EventType)",
            33..40,
            "unknown function 'tostrin'",
            Some("did you mean 'tostring'?"),
        ),
    ];
    for (query, span, message, help) in cases {
        let parsed = kql_syntax::parse_query(query).expect("parses");
        let d = query_to_plan(&parsed, &AmlSchemas, &functions, NOW).expect_err("fails");
        assert_eq!(d.kind, DiagnosticKind::Semantic, "{query}");
        assert_eq!(d.message, message);
        assert_eq!(d.span.map(|s| s.start..s.end), Some(span), "{query}");
        assert_eq!(d.help.as_deref(), help);
    }
}

#[test]
fn type_errors_are_semantic_errors_with_spans() {
    let functions = FunctionRegistry::builtin();
    let cases = [
        (
            "AmlComputeJobEvent | where TimeGenerated > 5",
            "cannot compare datetime with long",
        ),
        (
            "AmlComputeJobEvent | where EventType",
            "expected a bool predicate, found string",
        ),
        (
            "AmlComputeJobEvent | project ago(EventType)",
            "ago(): expected a timespan for 'timespan', found string",
        ),
        (
            "AmlComputeJobEvent | project avg(1)",
            "'avg' is an aggregation function",
        ),
        (
            "AmlComputeClusterEvent | summarize avg(VmSize)",
            "avg(): expected a number for 'expr', found string",
        ),
    ];
    for (query, message) in cases {
        let parsed = kql_syntax::parse_query(query).expect("parses");
        let d = query_to_plan(&parsed, &AmlSchemas, &functions, NOW).expect_err(query);
        assert_eq!(d.message, message, "{query}");
        assert!(d.span.is_some(), "{query}");
    }
}

/// The depth of the `Filter` predicate right under the plan's top `Projection`.
fn filter_depth(query: &str) -> usize {
    fn depth(e: &datafusion::logical_expr::Expr) -> usize {
        use datafusion::logical_expr::Expr;
        match e {
            Expr::BinaryExpr(b) => 1 + depth(&b.left).max(depth(&b.right)),
            Expr::Not(e) => 1 + depth(e),
            _ => 1,
        }
    }
    let functions = FunctionRegistry::builtin();
    let parsed = kql_syntax::parse_query(query).expect("parses");
    let planned = query_to_plan(&parsed, &AmlSchemas, &functions, NOW).expect("plans");
    let mut plan = &planned.plan;
    loop {
        match plan {
            datafusion::logical_expr::LogicalPlan::Filter(filter) => {
                return depth(&filter.predicate);
            }
            other => plan = other.inputs()[0],
        }
    }
}

#[test]
fn long_or_and_and_chains_plan_as_lists_or_balanced_trees() {
    let chain = |n: usize, op: &str, term: &dyn Fn(usize) -> String| {
        (0..n)
            .map(term)
            .collect::<Vec<_>>()
            .join(&format!(" {op} "))
    };
    // 2,000 equalities on one column: one `in` list, no `or` left.
    let ors = chain(2_000, "or", &|i| format!("InitialNodeCount == {i}"));
    let text = plan(&format!("AmlComputeClusterEvent | where {ors}"));
    assert_eq!(text.matches(" IN (").count(), 1, "{text}");
    assert!(!text.contains(" OR "), "{text}");
    // 2,000 inequalities joined by `and`: one `!in` list.
    let ands = chain(2_000, "and", &|i| format!("VmSize != \"v{i}\""));
    let text = plan(&format!("AmlComputeClusterEvent | where {ands}"));
    assert_eq!(text.matches(" NOT IN (").count(), 1, "{text}");
    assert!(!text.contains(" AND "), "{text}");
    // Two columns interleaved: two lists, in the order of their first test, joined by `or`.
    let text = plan(
        "AmlComputeClusterEvent | where VmSize == \"a\" or InitialNodeCount == 1 \
         or VmSize == \"b\" or InitialNodeCount == 2 or MaximumNodeCount > 3",
    );
    let filter = text
        .lines()
        .find(|l| l.contains("Filter:"))
        .expect("a filter");
    assert_eq!(filter.matches(" IN (").count(), 2, "{filter}");
    assert_eq!(filter.matches(" OR ").count(), 2, "{filter}");
    assert!(
        filter.find("VmSize").expect("VmSize") < filter.find("InitialNodeCount").expect("Init"),
        "{filter}"
    );
    // A literal of another type (real against an int column) or a null stays out of the list.
    let text = plan(
        "AmlComputeClusterEvent | where InitialNodeCount == 1 or InitialNodeCount == 2 \
         or InitialNodeCount == 2.5 or InitialNodeCount == int(null)",
    );
    let filter = text
        .lines()
        .find(|l| l.contains("Filter:"))
        .expect("a filter");
    assert_eq!(filter.matches(" IN (").count(), 1, "{filter}");
    // 2,000 tests that make no list: a balanced tree, ceil(log2 2000) = 11 levels of `or`
    // over `x > n` leaves (2 levels of binary expressions).
    let ors = chain(2_000, "or", &|i| format!("InitialNodeCount > {i}"));
    assert_eq!(
        filter_depth(&format!("AmlComputeClusterEvent | where {ors}")),
        11 + 2
    );
    let ands = chain(2_000, "and", &|i| format!("InitialNodeCount > {i}"));
    assert_eq!(
        filter_depth(&format!("AmlComputeClusterEvent | where {ands}")),
        11 + 2
    );
}

#[test]
fn an_operand_of_a_chain_is_checked_where_it_stands() {
    let functions = FunctionRegistry::builtin();
    for (query, message, operand) in [
        (
            "AmlComputeClusterEvent | where InitialNodeCount == 1 or InitialNodeCount == \"2\"",
            "cannot compare int with string",
            "InitialNodeCount == \"2\"",
        ),
        (
            "AmlComputeClusterEvent | where VmSize == \"a\" and InitialNodeCount",
            "expected a bool operand, found int",
            "InitialNodeCount",
        ),
    ] {
        let parsed = kql_syntax::parse_query(query).expect("parses");
        let d = query_to_plan(&parsed, &AmlSchemas, &functions, NOW).expect_err("fails");
        assert_eq!(d.message, message, "{query}");
        let span = d.span.expect("a span");
        assert_eq!(&query[span.start..span.end], operand, "{query}");
    }
}

#[test]
fn innerunique_keeps_one_whole_left_row_per_key_before_joining() {
    let text = plan(
        "AmlComputeJobEvent | project ClusterId, JobName \
         | join (AmlComputeClusterEvent | project ClusterName, VmSize) on $left.ClusterId == $right.ClusterName",
    );
    insta::assert_snapshot!("join_innerunique", text);
    assert!(
        text.starts_with(
            "columns: ClusterId:string, JobName:string, ClusterName:string, VmSize:string"
        ),
        "{text}"
    );
    assert!(
        text.contains("row_number() PARTITION BY [ClusterId]"),
        "{text}"
    );
    let inner = plan(
        "AmlComputeJobEvent | project ClusterId | join kind=inner (AmlComputeClusterEvent) on $left.ClusterId == $right.ClusterName",
    );
    assert!(!inner.contains("row_number"), "{inner}");
}

#[test]
fn union_wildcards_and_type_split_columns() {
    let text = plan("union withsource=T AmlComputeCluster* | project T, TimeGenerated");
    insta::assert_snapshot!("union_wildcard", text);
    assert!(
        text.starts_with("columns: T:string, TimeGenerated:datetime"),
        "{text}"
    );
    let text = plan("union (print x = 1), (print x = toint(2))");
    assert!(
        text.starts_with("columns: x_long:long, x_int:int"),
        "{text}"
    );
    assert_eq!(
        plan("union Nope*"),
        "Semantic error: no table matches 'Nope*' at Some(6..11); help: Some(\"`kql tables` lists the tables; isfuzzy=true skips legs that match none\")"
    );
}

#[test]
fn externaldata_needs_a_catalog_that_reads_files() {
    // The schema-only catalog reads no files: the error points at the externaldata source.
    assert_eq!(
        plan("externaldata (a: long) [\"x.csv\"]"),
        "Data error: this catalog cannot read files at Some(0..32); help: None"
    );
}

/// The output columns of `query`'s plan (its first line).
fn columns(query: &str) -> std::string::String {
    plan(query).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn multi_column_aggregates_take_one_row_and_name_their_columns() {
    // arg_max(t, *): the by-column, then t, then every other column in input order; all the
    // values from one first_value over a struct, computed once.
    let query = "AmlComputeClusterNodeEvent | summarize arg_max(TimeGenerated, *) by NodeId";
    let text = plan(query);
    assert_eq!(
        text.lines().next().unwrap(),
        "columns: NodeId:string, TimeGenerated:datetime, NodeAllocationTime:datetime"
    );
    assert_eq!(text.matches("first_value(").count(), 1, "{text}");
    // The same aggregation twice is computed once.
    let text = plan("AmlComputeClusterNodeEvent | summarize a = count(), b = count() * 2");
    assert_eq!(text.matches("count(").count(), 1, "{text}");
    assert_eq!(
        columns(
            "AmlComputeClusterNodeEvent | summarize (last, n) = arg_max(TimeGenerated, NodeId), arg_min(TimeGenerated, NodeId)"
        ),
        "columns: last:datetime, n:string, TimeGenerated:datetime, NodeId:string"
    );
}

#[test]
fn reshaping_operators_give_kusto_column_orders() {
    let t = "AmlComputeJobEvent";
    assert_eq!(
        columns(&format!("{t} | project-away *Id, Tool*")),
        "columns: TimeGenerated:datetime, EventType:string, ExecutionState:string, JobName:string"
    );
    assert_eq!(
        columns(&format!("{t} | project-keep JobName, *Type")),
        "columns: EventType:string, ToolType:string, JobName:string"
    );
    assert_eq!(
        columns(&format!(
            "{t} | project-rename Job = JobName, Cluster = ClusterId"
        )),
        "columns: TimeGenerated:datetime, Cluster:string, EventType:string, ExecutionState:string, ToolType:string, Job:string"
    );
    assert_eq!(
        columns(&format!("{t} | project-reorder JobName, *Type desc")),
        "columns: JobName:string, ToolType:string, EventType:string, TimeGenerated:datetime, ClusterId:string, ExecutionState:string"
    );
    assert_eq!(
        columns(&format!(
            "{t} | top-nested 3 of ClusterId by count(), top-nested of JobName by m = max(TimeGenerated)"
        )),
        "columns: ClusterId:string, aggregated_ClusterId:long, JobName:string, m:datetime"
    );
}

#[test]
fn data_dependent_plugins_need_a_declared_schema_without_a_running_catalog() {
    // bag_unpack and pivot learn their columns by running a query; this catalog cannot. The
    // error points at the call (`bag_unpack(d)` is bytes 39..52, counted by hand).
    let text = plan(r#"print d = dynamic({"a": 1}) | evaluate bag_unpack(d)"#);
    assert!(
        text.contains("evaluate bag_unpack() needs to read the data")
            && text.contains("at Some(39..52)"),
        "{text}"
    );
    let text = plan("AmlComputeJobEvent | project EventType, ToolType | evaluate pivot(EventType)");
    assert!(
        text.contains("evaluate pivot() needs to read the data"),
        "{text}"
    );
    // With the columns declared, nothing needs to run.
    let text =
        plan(r#"print d = dynamic({"a": 1}), k = 2 | evaluate bag_unpack(d) : (*, a: long)"#);
    assert!(text.starts_with("columns: k:long, a:long"), "{text}");
    let text = plan(
        "AmlComputeJobEvent | project EventType, ToolType | evaluate pivot(EventType) : (ToolType: string, JobFailed: long)",
    );
    assert!(
        text.starts_with("columns: ToolType:string, JobFailed:long"),
        "{text}"
    );
}
