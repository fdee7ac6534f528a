//! Runs a query through kql-engine and builds its chart.

use arrow::record_batch::RecordBatch;
use futures::TryStreamExt;
use kql_chart::{ChartError, ChartSpec};
use kql_engine::{Column, Engine, EngineOptions, Visualization};

/// The columns, rows and render request of a self-contained query.
pub(crate) fn run(query: &str) -> (Vec<Column>, Vec<RecordBatch>, Visualization) {
    let engine = Engine::open(EngineOptions {
        now_nanos: Some(0),
        target_partitions: Some(1),
        ..EngineOptions::default()
    })
    .expect("an engine without data opens");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let planned = engine
            .plan(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let batches: Vec<RecordBatch> = engine
            .execute(&planned)
            .await
            .expect("runs")
            .try_collect()
            .await
            .expect("collects");
        let visualization = planned.visualization.expect("the query ends in render");
        (planned.columns, batches, visualization)
    })
}

/// The chart of a query, or why there is none.
pub(crate) fn try_spec(query: &str) -> Result<ChartSpec, ChartError> {
    let (columns, batches, visualization) = run(query);
    kql_chart::chart_spec(&columns, &batches, &visualization)
}

/// The chart of a query.
pub(crate) fn spec(query: &str) -> ChartSpec {
    try_spec(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// Nanoseconds of an RFC 3339 instant, computed by chrono (not by kqlake).
pub(crate) fn nanos(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 instant")
        .timestamp_nanos_opt()
        .expect("in range")
}

/// One of the six reference charts the issue names.
pub(crate) struct Reference {
    /// A file-name stem.
    pub(crate) name: &'static str,
    /// The query (a datatable and its render).
    pub(crate) query: String,
    /// The legend labels, in order.
    pub(crate) series: Vec<&'static str>,
    /// The Vega mark class the HTML page draws (`mark-line`, `mark-rect`, …).
    pub(crate) vega_mark: &'static str,
}

/// `datatable(…)[…]` of rows given as KQL literals.
fn datatable(schema: &str, rows: &[String]) -> String {
    format!("datatable({schema})[\n{}]", rows.join(",\n"))
}

/// Timechart with series, stacked column, bar, pie, stacked100 area and scatter.
pub(crate) fn references() -> Vec<Reference> {
    let services = ["api", "web", "db"];
    let mut hourly = Vec::new();
    for h in 0..12 {
        for (i, svc) in services.iter().enumerate() {
            let n = 10 + (h * (i + 2)) % 17 + 5 * i;
            hourly.push(format!("datetime(2024-03-01 {h:02}:00), \"{svc}\", {n}"));
        }
    }
    let regions = ["north", "south", "east", "west"];
    let mut by_region = Vec::new();
    for (r, region) in regions.iter().enumerate() {
        for (i, svc) in services.iter().take(2).enumerate() {
            by_region.push(format!("\"{region}\", \"{svc}\", {}", 3 + r * 2 + i * 4));
        }
    }
    let mut points = Vec::new();
    for k in 0..10 {
        points.push(format!("{}.5, {}, \"small\"", k, k * 2 + 1));
        points.push(format!("{}.0, {}, \"large\"", k + 1, 30 - k * 2));
    }
    vec![
        Reference {
            name: "timechart",
            query: format!(
                "{} | render timechart with (title=\"Requests by service\", ytitle=\"requests\")",
                datatable("t:datetime, svc:string, n:long", &hourly)
            ),
            series: services.to_vec(),
            vega_mark: "mark-line",
        },
        Reference {
            name: "stacked-column",
            query: format!(
                "{} | render columnchart with (kind=stacked, title=\"Errors by region\")",
                datatable("region:string, svc:string, errors:long", &by_region)
            ),
            series: vec!["api", "web"],
            vega_mark: "mark-rect",
        },
        Reference {
            name: "bar",
            query: format!(
                "{} | render barchart with (title=\"Nodes by cluster\")",
                datatable(
                    "cluster:string, nodes:long",
                    &[
                        "\"alpha\", 12".to_owned(),
                        "\"beta\", 7".to_owned(),
                        "\"gamma\", 15".to_owned(),
                        "\"delta\", 3".to_owned()
                    ]
                )
            ),
            series: vec!["nodes"],
            vega_mark: "mark-rect",
        },
        Reference {
            name: "pie",
            query: format!(
                "{} | render piechart with (title=\"Jobs by state\")",
                datatable(
                    "state:string, jobs:long",
                    &[
                        "\"Completed\", 40".to_owned(),
                        "\"Failed\", 10".to_owned(),
                        "\"Running\", 25".to_owned(),
                        "\"Queued\", 25".to_owned()
                    ]
                )
            ),
            series: vec!["Completed", "Failed", "Running", "Queued"],
            vega_mark: "mark-arc",
        },
        Reference {
            name: "stacked100-area",
            query: format!(
                "{} | render areachart with (kind=stacked100, title=\"Share of requests\")",
                datatable("t:datetime, svc:string, n:long", &hourly)
            ),
            series: services.to_vec(),
            vega_mark: "mark-area",
        },
        Reference {
            name: "scatter",
            query: format!(
                "{} | render scatterchart with (title=\"Latency against load\", xtitle=\"load\", ytitle=\"latency\")",
                datatable("load:real, latency:long, size:string", &points)
            ),
            series: vec!["small", "large"],
            vega_mark: "mark-symbol",
        },
    ]
}
