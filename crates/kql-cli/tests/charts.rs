//! `kql query … --chart FILE`: the chart file is written beside the usual output, whose rows
//! do not change; bad requests say what is wrong.

use crate::support::{SAMPLE, SAMPLE_NOW, kql, stderr, stdout};

const QUERY: &str = "AmlComputeClusterEvent | where TimeGenerated > ago(3d) \
    | summarize nodes = max(TargetNodeCount) by bin(TimeGenerated, 6h), ClusterName \
    | sort by TimeGenerated asc, ClusterName asc";

fn query(extra: &[&str], text: &str) -> std::process::Output {
    let mut args = vec![
        "query", "--data", SAMPLE, "--now", SAMPLE_NOW, "--format", "csv",
    ];
    args.extend_from_slice(extra);
    args.push(text);
    kql(&args)
}

#[test]
fn svg_and_html_charts_are_written_and_the_rows_are_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = query(&[], QUERY);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let rows = stdout(&plain);
    // The series are the clusters the rows name (column 2 of the CSV).
    let mut clusters: Vec<String> = rows
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1).map(str::to_owned))
        .collect();
    clusters.sort();
    clusters.dedup();
    assert!(!clusters.is_empty());
    let rendered = format!("{QUERY} | render timechart with (title=\"Nodes by cluster\")");
    for name in ["nodes.svg", "nodes.html"] {
        let path = dir.path().join(name);
        let path_text = path.to_str().expect("utf-8 path");
        let out = query(
            &["--chart", path_text, "--chart-size", "800x400"],
            &rendered,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), rows, "--chart leaves the rows alone");
        let chart = std::fs::read_to_string(&path).expect("the chart was written");
        assert!(chart.contains("Nodes by cluster"));
        for cluster in &clusters {
            assert!(chart.contains(cluster.as_str()), "{name}: {cluster}");
        }
        if name.ends_with(".svg") {
            assert!(chart.starts_with("<svg") && chart.contains("width=\"800\""));
        } else {
            // Everything inline: no script or style is loaded from anywhere.
            assert!(chart.contains("vegaEmbed(") && !chart.contains("<script src"));
        }
    }
}

#[test]
fn bad_chart_requests_say_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("c.svg");
    let svg = svg.to_str().expect("utf-8 path");
    let out = query(
        &["--chart", "c.png"],
        &format!("{QUERY} | render timechart"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("*.svg or *.html"), "{}", stderr(&out));
    let out = query(&["--chart", svg, "--chart-size", "big"], QUERY);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("WIDTHxHEIGHT"), "{}", stderr(&out));
    let out = query(&["--chart", svg], QUERY);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has none"), "{}", stderr(&out));
    let out = query(
        &["--chart", svg],
        "datatable(State:string, n:long)[\"a\", 1] | render timechart",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("timechart needs a datetime column for its x axis"),
        "{}",
        stderr(&out)
    );
    let out = query(
        &["--chart", svg],
        "datatable(State:string, n:long)[\"a\", 1] | render treemap",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot draw 'treemap'"),
        "{}",
        stderr(&out)
    );
}

/// A render property that does not exist, or has a value of the wrong kind, is an error that
/// points at it (kql-syntax's render parser), before anything runs or is drawn.
#[test]
fn bad_render_properties_are_positioned_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("c.svg");
    let svg_text = svg.to_str().expect("utf-8 path");
    for (text, message, caret) in [
        (
            "datatable(a:long)[1] | render timechart with (foo=1)",
            "unknown render property 'foo'",
            " --> query:1:47",
        ),
        (
            "datatable(a:long)[1] | render timechart with (ymin=\"x\")",
            "expected a number after 'ymin='",
            " --> query:1:52",
        ),
        (
            "datatable(a:long)[1] | render timechart with (legend=maybe)",
            "expected one of visible, hidden after 'legend='",
            " --> query:1:54",
        ),
    ] {
        let out = query(&["--chart", svg_text], text);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = stderr(&out);
        assert!(
            err.contains(message) && err.contains(caret),
            "{text}: {err}"
        );
        assert!(!svg.exists(), "nothing is drawn for {text}");
    }
}
