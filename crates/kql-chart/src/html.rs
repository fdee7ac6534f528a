//! Writes a [`ChartSpec`] as a standalone HTML page: a Vega-Lite spec drawn by vega-embed,
//! with vega, vega-lite and vega-embed inlined from `vendor/` so that the page opens with the
//! network off. Cards and tables need no script and are plain HTML.
//!
//! The vendored builds are the npm packages' minified UMD bundles, pinned (see
//! `vendor/README.md`); their BSD-3-Clause notices travel in the page, in a comment at its end.

use crate::ChartSize;
use crate::spec::{ChartKind, ChartSpec, Stacking, XScale, XValue};
use crate::svg::PALETTE;
use serde_json::{Value, json};

/// The pinned builds: (package, version, minified bundle, licence).
const VENDORED: [(&str, &str, &str, &str); 3] = [
    (
        "vega",
        "6.4.0",
        include_str!("../vendor/vega-6.4.0.min.js"),
        include_str!("../vendor/LICENSE-vega"),
    ),
    (
        "vega-lite",
        "6.5.0",
        include_str!("../vendor/vega-lite-6.5.0.min.js"),
        include_str!("../vendor/LICENSE-vega-lite"),
    ),
    (
        "vega-embed",
        "7.3.0",
        include_str!("../vendor/vega-embed-7.3.0.min.js"),
        include_str!("../vendor/LICENSE-vega-embed"),
    ),
];

/// The licences of the packages bundled inside the three builds (d3, fast-json-patch, semver,
/// …), found from the builds' own metadata by `vendor/notices.py`.
const BUNDLED_NOTICES: &str = include_str!("../vendor/NOTICES");

/// The page's text.
pub(crate) fn page(spec: &ChartSpec, size: ChartSize) -> String {
    let title = spec.title.as_deref().unwrap_or(&spec.visualization);
    let mut out = String::with_capacity(900_000);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(
        "<style>body{font-family:sans-serif;margin:16px;color:#222}\
         table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 8px;\
         text-align:left}.card{display:inline-block;margin:24px;text-align:center}\
         .card .value{font-size:48px}.card .name{font-size:16px;color:#555}</style>\n",
    );
    match spec.kind {
        ChartKind::Card | ChartKind::Table => {
            out.push_str("</head>\n<body>\n");
            if let Some(title) = &spec.title {
                out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
            }
            out.push_str(&plain_body(spec));
            out.push_str("</body>\n</html>\n");
            return out;
        }
        _ => {}
    }
    for (name, version, code, _) in VENDORED {
        out.push_str(&format!("<script>/* {name} {version} */\n"));
        out.push_str(&script_text(code));
        out.push_str("\n</script>\n");
    }
    out.push_str("</head>\n<body>\n<div id=\"chart\"></div>\n<script>\n");
    let spec_text =
        serde_json::to_string_pretty(&vega_lite(spec, size)).unwrap_or_else(|_| "{}".to_owned());
    // `<\/` is the same JSON string as `</`, and cannot close the script element.
    out.push_str(&format!(
        "const spec = {};\n",
        spec_text.replace("</", "<\\/")
    ));
    out.push_str(
        "vegaEmbed('#chart', spec, {renderer: 'svg', actions: false})\n\
         .then(() => document.body.setAttribute('data-chart', 'drawn'))\n\
         .catch(e => { document.getElementById('chart').textContent = 'cannot draw the chart: ' + e;\n\
         document.body.setAttribute('data-chart', 'error'); });\n</script>\n",
    );
    out.push_str("<!--\nThis page inlines these builds from npm, under their licences:\n");
    for (name, version, _, licence) in VENDORED {
        out.push_str(&format!("\n{name} {version}\n\n{licence}"));
    }
    out.push('\n');
    out.push_str(BUNDLED_NOTICES);
    out.push_str("-->\n</body>\n</html>\n");
    out
}

/// A vendored bundle as inline script: without its source map comment (a browser must not try
/// to fetch a map that is not there). The bundles hold no `</script` (a test checks), which
/// would close the element; `</` elsewhere (in regular expressions) is harmless and is kept.
fn script_text(code: &str) -> String {
    code.lines()
        .filter(|line| !line.starts_with("//# sourceMappingURL="))
        .collect::<Vec<_>>()
        .join("\n")
}

/// HTML text escaping.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A card's values or a table, as HTML.
fn plain_body(spec: &ChartSpec) -> String {
    let mut out = String::new();
    if spec.kind == ChartKind::Card {
        for (name, value) in &spec.card {
            out.push_str(&format!(
                "<div class=\"card\"><div class=\"value\">{}</div><div class=\"name\">{}</div></div>\n",
                escape(value),
                escape(name)
            ));
        }
        return out;
    }
    out.push_str("<table>\n<tr>");
    for column in &spec.table.columns {
        out.push_str(&format!("<th>{}</th>", escape(column)));
    }
    out.push_str("</tr>\n");
    for row in &spec.table.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The Vega-Lite spec: one data row per point (`x`, `y`, `series`, its index `k`, `panel`).
pub(crate) fn vega_lite(spec: &ChartSpec, size: ChartSize) -> Value {
    let mut values = Vec::new();
    for panel in &spec.panels {
        for &s in &panel.series {
            let series = &spec.series[s];
            for point in &series.points {
                let x = match &point.x {
                    XValue::Time(t) => json!(browser_instant(*t)),
                    XValue::Number(v) => json!(v),
                    XValue::Category(c) => json!(c),
                };
                values.push(json!({
                    "x": x,
                    "y": point.y,
                    "series": series.name,
                    "k": s,
                    "panel": panel.title,
                }));
            }
        }
    }
    let series_names: Vec<&str> = spec.series.iter().map(|s| s.name.as_str()).collect();
    let palette: Vec<String> = (0..PALETTE.len()).map(crate::series_color).collect();
    let legend = if spec.legend {
        json!({"title": null})
    } else {
        Value::Null
    };
    let color = json!({
        "field": "series", "type": "nominal", "title": null,
        "sort": series_names, "scale": {"range": palette}, "legend": legend,
    });
    let x_type = match spec.x_scale {
        XScale::Time => "temporal",
        XScale::Number => "quantitative",
        XScale::Category => "ordinal",
    };
    let mut x = json!({"field": "x", "type": x_type, "title": spec.x_title});
    if spec.x_scale == XScale::Category {
        x["sort"] = json!(spec.categories);
    }
    let mut x_scale = json!({});
    if spec.x_log && spec.x_scale == XScale::Number {
        x_scale["type"] = json!("log");
    }
    for (name, bound) in [("domainMin", &spec.xmin), ("domainMax", &spec.xmax)] {
        match bound {
            // Vega-Lite reads a temporal bound as milliseconds since the epoch.
            Some(XValue::Time(t)) => x_scale[name] = json!(*t as f64 / 1e6),
            Some(XValue::Number(v)) => x_scale[name] = json!(v),
            _ => {}
        }
    }
    if spec.x_scale != XScale::Category {
        x["scale"] = x_scale;
    }
    let mut y_scale = json!({});
    if spec.y_log {
        y_scale["type"] = json!("log");
    }
    if let Some(min) = spec.ymin {
        y_scale["domainMin"] = json!(min);
    }
    if let Some(max) = spec.ymax {
        y_scale["domainMax"] = json!(max);
    }
    let stack = match spec.stacking {
        Stacking::None => Value::Null,
        Stacking::Stacked => json!("zero"),
        Stacking::Stacked100 => json!("normalize"),
    };
    let mut y =
        json!({"field": "y", "type": "quantitative", "title": spec.y_title, "scale": y_scale});
    if spec.stacking == Stacking::Stacked100 {
        y["axis"] = json!({"format": ".0%"});
    }
    let panels = spec.panels.len().max(1) as u32;
    let width = size.width.saturating_sub(220).max(100);
    let height = (size.height.saturating_sub(120) / panels).max(60);
    let (mark, encoding) = match spec.kind {
        ChartKind::Pie => {
            let mut color = color;
            color["sort"] = Value::Null;
            let label = if spec.series.len() > 1 {
                json!([{"calculate": "datum.x + ', ' + datum.series", "as": "slice"}])
            } else {
                json!([{"calculate": "datum.x", "as": "slice"}])
            };
            color["field"] = json!("slice");
            return with_common(
                spec,
                json!({
                    "data": {"values": values},
                    "transform": label,
                    "mark": {"type": "arc", "tooltip": true},
                    "encoding": {
                        "theta": {"field": "y", "type": "quantitative", "stack": true},
                        "color": color,
                    },
                    "width": size.height.saturating_sub(120).max(100),
                    "height": size.height.saturating_sub(120).max(100),
                }),
            );
        }
        ChartKind::Line => (
            json!({"type": "line", "tooltip": true}),
            json!({"x": x, "y": y, "color": color}),
        ),
        ChartKind::Area => {
            y["stack"] = stack;
            let opacity = if spec.stacking == Stacking::None {
                0.45
            } else {
                0.85
            };
            (
                json!({"type": "area", "tooltip": true, "opacity": opacity}),
                json!({"x": x, "y": y, "color": color}),
            )
        }
        ChartKind::Scatter => (
            json!({"type": "circle", "tooltip": true, "size": 60, "opacity": 1}),
            json!({"x": x, "y": y, "color": color}),
        ),
        ChartKind::Column => {
            y["stack"] = stack;
            let mut encoding = json!({"x": x, "y": y, "color": color});
            if spec.stacking == Stacking::None {
                encoding["xOffset"] = json!({"field": "series", "sort": series_names});
            }
            (json!({"type": "bar", "tooltip": true}), encoding)
        }
        ChartKind::Bar => {
            y["stack"] = stack;
            let mut encoding = json!({"y": x, "x": y, "color": color});
            if spec.stacking == Stacking::None {
                encoding["yOffset"] = json!({"field": "series", "sort": series_names});
            }
            (json!({"type": "bar", "tooltip": true}), encoding)
        }
        ChartKind::Card | ChartKind::Table => (Value::Null, Value::Null),
    };
    // Stacks start with the first series at the bottom, as the SVG draws them.
    let mut encoding = encoding;
    if spec.stacking != Stacking::None {
        encoding["order"] = json!({"field": "k", "type": "quantitative"});
    }
    // With ymin/ymax or xmin/xmax, marks outside them are cut at the plot's edge.
    let mut mark = mark;
    if spec.ymin.is_some() || spec.ymax.is_some() || spec.xmin.is_some() || spec.xmax.is_some() {
        mark["clip"] = json!(true);
    }
    let single = json!({"mark": mark, "encoding": encoding, "width": width, "height": height});
    let panel_order: Vec<Option<String>> = spec.panels.iter().map(|p| p.title.clone()).collect();
    let body = if spec.panels.len() > 1 {
        json!({
            "data": {"values": values},
            "facet": {"row": {"field": "panel", "type": "nominal", "title": null,
                               "sort": panel_order}},
            "spec": single,
            "resolve": {"scale": {"y": "independent"}},
        })
    } else {
        let mut single = single;
        single["data"] = json!({"values": values});
        single
    };
    with_common(spec, body)
}

/// An instant as browsers' `Date` parses it: ISO 8601 in UTC with milliseconds (KQL's
/// seven fraction digits are not part of what ECMAScript's date format promises to read).
fn browser_instant(nanos: i64) -> String {
    chrono::DateTime::from_timestamp_nanos(nanos)
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Adds the schema and the title.
fn with_common(spec: &ChartSpec, mut body: Value) -> Value {
    body["$schema"] = json!("https://vega.github.io/schema/vega-lite/v6.json");
    if let Some(title) = &spec.title {
        body["title"] = json!(title);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::{VENDORED, vega_lite};
    use crate::ChartSize;
    use crate::spec::{ChartKind, Stacking, two_series};
    use serde_json::{Value, json};

    /// `encoding.y.stack` of the Vega-Lite spec (`encoding.x.stack` for a bar chart, whose
    /// values run along x).
    fn stack(kind: ChartKind, stacking: Stacking) -> Value {
        let spec = vega_lite(&two_series(kind, stacking), ChartSize::default());
        let axis = if kind == ChartKind::Bar { "x" } else { "y" };
        spec["encoding"][axis]
            .get("stack")
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Vega-Lite's names (docs: "stack": "zero" or true stacks from zero, "normalize" stacks
    /// to 100%, null or false does not stack).
    #[test]
    fn stacking_is_vega_lites_stack() {
        for kind in [ChartKind::Column, ChartKind::Bar, ChartKind::Area] {
            let stacked = stack(kind, Stacking::Stacked);
            assert!(
                stacked == json!("zero") || stacked == json!(true),
                "{kind:?}: {stacked}"
            );
            assert_eq!(
                stack(kind, Stacking::Stacked100),
                json!("normalize"),
                "{kind:?}"
            );
            let unstacked = stack(kind, Stacking::None);
            assert!(
                unstacked.is_null() || unstacked == json!(false),
                "{kind:?}: {unstacked}"
            );
        }
    }

    /// The page carries the notices of what the bundles hold, as their own text shows: the
    /// vega-embed bundle keeps the header of JSON-Patch (fast-json-patch, MIT, by Joachim
    /// Wester), the vega bundle's d3 code is Mike Bostock's under ISC, and the three builds
    /// are BSD-3-Clause ("Redistribution and use …").
    #[test]
    fn the_page_holds_the_bundled_packages_notices() {
        let embed = VENDORED[2].2;
        assert!(
            embed.contains("Starcounter-Jack/JSON-Patch") && embed.contains("Joachim Wester"),
            "the vega-embed bundle names JSON-Patch in its own header"
        );
        let page = super::page(
            &two_series(ChartKind::Column, Stacking::None),
            ChartSize::default(),
        );
        let notices = &page[page.rfind("<!--").expect("the notices comment")..];
        for needle in [
            "Redistribution and use in source and binary forms",
            "fast-json-patch",
            "Joachim Wester",
            "Permission is hereby granted, free of charge",
            "d3-array",
            "(ISC)",
            "Mike Bostock",
            "Permission to use, copy, modify, and/or distribute this software",
        ] {
            assert!(
                notices.contains(needle),
                "the page's notices lack {needle:?}"
            );
        }
        // The comment is not closed early by the notices it holds.
        assert_eq!(notices.matches("-->").count(), 1);
        assert!(notices.trim_end().ends_with("-->\n</body>\n</html>"));
    }

    #[test]
    fn vendored_bundles_can_be_inlined() {
        for (name, _, code, licence) in VENDORED {
            assert!(!code.to_ascii_lowercase().contains("</script"), "{name}");
            assert!(licence.contains("Redistribution"), "{name}");
        }
    }
}
