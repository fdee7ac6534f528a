//! The chart model on Kusto's documented examples (render-operator.md and the
//! visualization-*.md pages): which columns become x, y and series, with values checked by
//! hand.

use crate::support::{nanos, spec, try_spec};
use kql_chart::{ChartError, ChartKind, Point, Stacking, XScale, XValue};

fn ys(points: &[Point]) -> Vec<Option<f64>> {
    points.iter().map(|p| p.y).collect()
}

/// visualization-columnchart.md: "By default, the first column is used as the x-axis … The
/// other columns are used as the y-axis and contain numeric data types." (Its example projects
/// State, event_count.)
#[test]
fn columnchart_takes_the_first_column_as_x_and_the_numbers_as_y() {
    let s = spec(
        r#"datatable(State:string, event_count:long)["TEXAS", 4701, "KANSAS", 3166, "IOWA", 2337]
           | render columnchart"#,
    );
    assert_eq!(s.kind, ChartKind::Column);
    assert_eq!(s.x_column.as_deref(), Some("State"));
    assert_eq!(s.x_scale, XScale::Category);
    assert_eq!(s.y_columns, ["event_count"]);
    assert!(s.series_columns.is_empty());
    assert_eq!(s.categories, ["TEXAS", "KANSAS", "IOWA"]);
    assert_eq!(s.series.len(), 1);
    assert_eq!(s.series[0].name, "event_count");
    assert_eq!(
        ys(&s.series[0].points),
        [Some(4701.0), Some(3166.0), Some(2337.0)]
    );
    assert_eq!(s.stacking, Stacking::None);
    assert_eq!(s.panels.len(), 1);
}

/// visualization-timechart.md (ysplit example): `summarize count() by State, bin(StartTime,
/// 1d) | render timechart with (ysplit=panels)` — x is the first datetime column even though
/// State comes first, the string column groups the counts into one line per state, and
/// panels put each state in its own panel.
#[test]
fn timechart_takes_the_datetime_as_x_and_strings_as_series() {
    let s = spec(
        r#"datatable(State:string, StartTime:datetime, count_:long)[
             "TEXAS", datetime(2007-01-02), 5, "KANSAS", datetime(2007-01-01), 1,
             "TEXAS", datetime(2007-01-01), 3, "KANSAS", datetime(2007-01-03), 2]
           | render timechart with (ysplit=panels)"#,
    );
    assert_eq!(s.x_column.as_deref(), Some("StartTime"));
    assert_eq!(s.x_scale, XScale::Time);
    assert_eq!(s.y_columns, ["count_"]);
    assert_eq!(s.series_columns, ["State"]);
    let names: Vec<&str> = s.series.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["TEXAS", "KANSAS"]);
    // Lines run in time order, whatever the row order.
    assert_eq!(
        s.series[0].points,
        [
            Point {
                x: XValue::Time(nanos("2007-01-01T00:00:00Z")),
                y: Some(3.0)
            },
            Point {
                x: XValue::Time(nanos("2007-01-02T00:00:00Z")),
                y: Some(5.0)
            },
        ]
    );
    let titles: Vec<Option<&str>> = s.panels.iter().map(|p| p.title.as_deref()).collect();
    assert_eq!(titles, [Some("TEXAS"), Some("KANSAS")]);
}

/// render-operator.md: "If this column is of type dynamic and it holds an array, the
/// individual values in the array are treated as the values of the x-axis … the values of each
/// y-axis should also be an array of a similar length". The timechart page's example charts a
/// make-series by sid. Averages by hand: 00:00–02:00 holds 10 and 20 (15), 02:00–04:00 holds
/// 30, 04:00–06:00 nothing (default 0).
#[test]
fn make_series_arrays_expand_point_by_point() {
    let s = spec(
        r#"datatable(TimeStamp:datetime, num:long, sid:string)[
             datetime(2017-01-05 00:00), 10, "TS1", datetime(2017-01-05 01:00), 20, "TS1",
             datetime(2017-01-05 02:00), 30, "TS1"]
           | make-series num=avg(num) default=0, total=sum(num) default=0 on TimeStamp
               from datetime(2017-01-05) to datetime(2017-01-05 06:00) step 2h by sid
           | render timechart with (title='Web app. traffic')"#,
    );
    assert_eq!(s.x_column.as_deref(), Some("TimeStamp"));
    assert_eq!(s.x_scale, XScale::Time);
    assert_eq!(s.y_columns, ["num", "total"]);
    assert_eq!(s.series_columns, ["sid"]);
    let names: Vec<&str> = s.series.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["TS1:num", "TS1:total"]);
    let xs: Vec<&XValue> = s.series[0].points.iter().map(|p| &p.x).collect();
    assert_eq!(
        xs,
        [
            &XValue::Time(nanos("2017-01-05T00:00:00Z")),
            &XValue::Time(nanos("2017-01-05T02:00:00Z")),
            &XValue::Time(nanos("2017-01-05T04:00:00Z")),
        ]
    );
    assert_eq!(ys(&s.series[0].points), [Some(15.0), Some(30.0), Some(0.0)]);
    assert_eq!(ys(&s.series[1].points), [Some(30.0), Some(30.0), Some(0.0)]);
    assert_eq!(s.title.as_deref(), Some("Web app. traffic"));
}

/// visualization-timechart.md ("Label a timechart"): xtitle, ytitle and legend=hidden.
#[test]
fn titles_and_a_hidden_legend_are_kept() {
    let s = spec(
        r#"datatable(StartTime:datetime, EventCount:long)[datetime(2007-01-01), 2, datetime(2007-01-08), 4]
           | render timechart with (title="Crop damage over time", xtitle="Date",
                                    ytitle="Crop damage", legend=hidden)"#,
    );
    assert_eq!(s.title.as_deref(), Some("Crop damage over time"));
    assert_eq!(s.x_title, "Date");
    assert_eq!(s.y_title, "Crop damage");
    assert!(!s.legend);
    // Without the properties the axes are titled by their columns.
    let plain = spec(
        r#"datatable(StartTime:datetime, EventCount:long)[datetime(2007-01-01), 2] | render timechart"#,
    );
    assert_eq!(
        (plain.x_title.as_str(), plain.y_title.as_str()),
        ("StartTime", "EventCount")
    );
    assert!(plain.legend);
}

/// visualization-piechart.md: "the first column is used as the color axis … Other columns will
/// be used to determine the size of each slice". Slices take one measure; the rest is
/// reported.
#[test]
fn piechart_slices_by_the_first_column() {
    let s = spec(
        r#"datatable(State:string, statecount:long, other:long)["TEXAS", 4701, 1, "KANSAS", 3166, 2]
           | render piechart with (title="Storm Events by State")"#,
    );
    assert_eq!(s.kind, ChartKind::Pie);
    assert_eq!(s.x_column.as_deref(), Some("State"));
    assert_eq!(s.y_columns, ["statecount"]);
    assert_eq!(ys(&s.series[0].points), [Some(4701.0), Some(3166.0)]);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("'statecount'") && w.contains("other")),
        "{:?}",
        s.warnings
    );
}

/// visualization-card.md: "the first result record is treated as set of scalar values" — its
/// example counts rows and renders a card titled "Floods in Virginia".
#[test]
fn card_shows_the_first_row() {
    let s = spec(
        r#"datatable(State:string)["VIRGINIA", "VIRGINIA", "TEXAS"] | where State == "VIRGINIA"
           | count | render card with (title="Floods in Virginia")"#,
    );
    assert_eq!(s.kind, ChartKind::Card);
    assert_eq!(s.card, [("Count".to_owned(), "2".to_owned())]);
    let empty = try_spec(r#"datatable(n:long)[] | render card"#).unwrap_err();
    assert!(matches!(empty, ChartError::NoRows { .. }), "{empty}");
}

/// visualization-scatterchart.md: "the first column is the x-axis and should be a numeric
/// column. Other numeric columns are y-axes."
#[test]
fn scatterchart_takes_the_first_number_as_x() {
    let s = spec(
        r#"datatable(State:string, damage:long, population:long)["TEXAS", 100, 29, "IOWA", 30, 3]
           | render scatterchart with (xtitle="State population", legend=hidden)"#,
    );
    assert_eq!(s.x_column.as_deref(), Some("damage"));
    assert_eq!(s.x_scale, XScale::Number);
    assert_eq!(s.y_columns, ["population"]);
    assert_eq!(s.series_columns, ["State"]);
    assert_eq!(s.series.len(), 2);
    assert_eq!(s.x_title, "State population");
}

/// render-operator.md, `kind` property: stacked and stacked100 for area, bar and column
/// charts; stackedareachart stacks; lines ignore it (with a warning).
#[test]
fn kind_sets_the_stacking() {
    let base = r#"datatable(x:string, a:long, b:long)["p", 1, 3, "q", 2, 2]"#;
    let stacking = |render: &str| spec(&format!("{base} | {render}")).stacking;
    assert_eq!(
        stacking("render columnchart with (kind=stacked)"),
        Stacking::Stacked
    );
    assert_eq!(
        stacking("render barchart with (kind=stacked100)"),
        Stacking::Stacked100
    );
    assert_eq!(stacking("render areachart kind=unstacked"), Stacking::None);
    assert_eq!(stacking("render stackedareachart"), Stacking::Stacked);
    assert_eq!(
        stacking("render stackedareachart with (kind=stacked100)"),
        Stacking::Stacked100
    );
    let line =
        spec(r#"datatable(x:long, a:long)[1, 1, 2, 2] | render linechart with (kind=stacked)"#);
    assert_eq!(line.stacking, Stacking::None);
    assert!(line.warnings.iter().any(|w| w.contains("kind=stacked")));
}

/// render-operator.md: accumulate — "the value of each measure gets added to all its
/// predecessors": 1, 2, 3 become 1, 3, 6.
#[test]
fn accumulate_sums_each_series() {
    let s = spec(
        r#"datatable(x:long, y:long)[3, 3, 1, 1, 2, 2] | render linechart with (accumulate=true)"#,
    );
    assert_eq!(ys(&s.series[0].points), [Some(1.0), Some(3.0), Some(6.0)]);
}

/// Explicit xcolumn, ycolumns and series override the defaults.
#[test]
fn explicit_properties_pick_the_columns() {
    let s = spec(
        r#"datatable(a:long, t:datetime, b:long, s:string, u:string)[1, datetime(2024-01-01), 2, "x", "y"]
           | render timechart with (xcolumn=t, ycolumns=b, series=u)"#,
    );
    assert_eq!(s.x_column.as_deref(), Some("t"));
    assert_eq!(s.y_columns, ["b"]);
    assert_eq!(s.series_columns, ["u"]);
    assert_eq!(s.series[0].name, "y");
}

/// A chart whose columns do not fit its kind says which column is missing.
#[test]
fn columns_that_do_not_fit_are_named() {
    let e = try_spec(r#"datatable(State:string, n:long)["a", 1] | render timechart"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("timechart needs a datetime column") && e.contains("State:string, n:long"),
        "{e}"
    );
    let e = try_spec(r#"datatable(a:string, b:string)["x", "y"] | render columnchart"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("numeric column") && e.contains("y axis"), "{e}");
    let e = try_spec(
        r#"datatable(t:datetime, s:string, n:long)[datetime(2024-01-01), "a", 1]
           | render timechart with (ycolumns=s)"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("'s' (string)") && e.contains("ycolumns"), "{e}");
    let e = try_spec(
        r#"datatable(t:datetime, n:long)[datetime(2024-01-01), 1] | render timechart with (xcolumn=n)"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("'n' (long)") && e.contains("datetime"), "{e}");
}

/// A visualization kqlake cannot draw becomes a table, with a warning that names it.
#[test]
fn undrawable_visualizations_fall_back_to_a_table() {
    let s = spec(r#"datatable(a:string, n:long)["x", 1, "y", 2] | render treemap"#);
    assert_eq!(s.kind, ChartKind::Table);
    assert!(
        s.warnings.iter().any(|w| w.contains("'treemap'")),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.table.columns, ["a", "n"]);
    assert_eq!(s.table.rows, [["x", "1"], ["y", "2"]]);
    let map =
        spec(r#"datatable(lon:real, lat:real)[1.0, 2.0] | render scatterchart with (kind=map)"#);
    assert_eq!(map.kind, ChartKind::Table);
    assert!(map.warnings.iter().any(|w| w.contains("kind=map")));
}

/// Several y columns with no series columns: one series per y column (visualization-
/// columnchart.md's ysplit example: TotalInjuries and TotalDeaths by day), and ysplit=panels
/// gives each its panel.
#[test]
fn several_y_columns_are_several_series() {
    let s = spec(
        r#"datatable(StartTime:datetime, TotalInjuries:long, TotalDeaths:long)[
             datetime(2007-01-01), 4, 1, datetime(2007-01-02), 0, 2]
           | render columnchart with (ysplit=panels)"#,
    );
    let names: Vec<&str> = s.series.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["TotalInjuries", "TotalDeaths"]);
    assert_eq!(s.panels.len(), 2);
    assert_eq!(
        s.categories,
        [
            "2007-01-01T00:00:00.0000000Z",
            "2007-01-02T00:00:00.0000000Z"
        ]
    );
}
