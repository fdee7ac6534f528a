//! SVG structure: one mark element per series (or per bar, point, slice) in the series'
//! colour, the titles and the legend labels present as text.

use crate::support::{references, spec};
use kql_chart::{ChartFormat, ChartSize, render_chart, series_color};
use regex::Regex;

/// The elements of an SVG document: (tag, attributes, text content).
fn elements(svg: &str) -> Vec<(String, String, String)> {
    let re = Regex::new(r"<([a-z]+)((?:\s[^>]*?)?)(?:/>|>([^<]*)</[a-z]+>|>)").expect("regex");
    re.captures_iter(svg)
        .map(|c| {
            (
                c[1].to_owned(),
                c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase(),
                c.get(3).map_or("", |m| m.as_str()).trim().to_owned(),
            )
        })
        .collect()
}

/// How many `tag` elements have `attribute="colour"` (colours compare case-insensitively).
fn count(svg: &str, tag: &str, attribute: &str, colour: &str) -> usize {
    let wanted = format!("{attribute}=\"{}\"", colour.to_ascii_lowercase());
    elements(svg)
        .iter()
        .filter(|(t, attrs, _)| t == tag && attrs.contains(&wanted))
        .count()
}

fn texts(svg: &str) -> Vec<String> {
    elements(svg)
        .into_iter()
        .filter(|(t, _, _)| t == "text")
        .map(|(_, _, text)| text)
        .collect()
}

fn svg_of(query: &str) -> String {
    render_chart(&spec(query), ChartFormat::Svg, ChartSize::default()).expect("draws")
}

#[test]
fn each_reference_chart_has_its_marks_title_and_legend() {
    for reference in references() {
        let svg = svg_of(&reference.query);
        assert!(svg.starts_with("<svg"), "{}", reference.name);
        let texts = texts(&svg);
        let title = reference
            .query
            .split("title=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .expect("a title");
        assert!(
            texts.iter().any(|t| t == title),
            "{}: title {title:?} missing from {texts:?}",
            reference.name
        );
        for (i, label) in reference.series.iter().enumerate() {
            assert!(
                texts.iter().any(|t| t == label),
                "{}: legend label {label:?} missing from {texts:?}",
                reference.name
            );
            let colour = series_color(i);
            match reference.name {
                // One line per series.
                "timechart" => assert_eq!(
                    count(&svg, "polyline", "stroke", &colour),
                    1,
                    "{}: series {label}",
                    reference.name
                ),
                // One band per series, and its legend square.
                "stacked100-area" => {
                    assert_eq!(count(&svg, "polygon", "fill", &colour), 1, "{label}");
                    assert_eq!(count(&svg, "rect", "fill", &colour), 1, "{label}");
                }
                // One bar per region and series, plus the legend square.
                "stacked-column" => {
                    assert_eq!(count(&svg, "rect", "fill", &colour), 4 + 1, "{label}")
                }
                // One bar per cluster, plus the legend square.
                "bar" => assert_eq!(count(&svg, "rect", "fill", &colour), 4 + 1, "{label}"),
                // One slice per state.
                "pie" => assert_eq!(count(&svg, "polygon", "fill", &colour), 1, "{label}"),
                // One point per row of the size.
                "scatter" => assert_eq!(count(&svg, "circle", "fill", &colour), 10, "{label}"),
                other => panic!("unknown reference {other}"),
            }
        }
    }
}

#[test]
fn a_hidden_legend_draws_no_labels() {
    let query = r#"datatable(t:datetime, svc:string, n:long)[datetime(2024-01-01), "alpha", 1, datetime(2024-01-02), "alpha", 2]"#;
    let shown = texts(&svg_of(&format!("{query} | render timechart")));
    assert!(shown.iter().any(|t| t == "alpha"), "{shown:?}");
    let hidden = texts(&svg_of(&format!(
        "{query} | render timechart with (legend=hidden)"
    )));
    assert!(!hidden.iter().any(|t| t == "alpha"), "{hidden:?}");
}

#[test]
fn ysplit_panels_draw_one_panel_per_series() {
    let svg = svg_of(
        r#"datatable(t:datetime, a:long, b:long)[datetime(2024-01-01), 1, 5, datetime(2024-01-02), 2, 3]
           | render timechart with (ysplit=panels)"#,
    );
    let texts = texts(&svg);
    // Each panel is captioned by its series, and draws its one line.
    for (i, name) in ["a", "b"].iter().enumerate() {
        assert!(texts.iter().filter(|t| t == name).count() >= 2, "{texts:?}");
        assert_eq!(count(&svg, "polyline", "stroke", &series_color(i)), 1);
    }
}

#[test]
fn a_card_and_a_fallback_table_are_text() {
    let card = texts(&svg_of(
        r#"datatable(n:long)[1, 2, 3] | count | render card with (title="Rows")"#,
    ));
    assert!(
        card.iter().any(|t| t == "3") && card.iter().any(|t| t == "Count"),
        "{card:?}"
    );
    let table = texts(&svg_of(
        r#"datatable(name:string, n:long)["x", 41] | render treemap"#,
    ));
    for cell in ["name", "n", "x", "41"] {
        assert!(table.iter().any(|t| t == cell), "{cell} in {table:?}");
    }
}
