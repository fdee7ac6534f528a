//! The six reference charts in headless Chromium with the network blocked: screenshots of the
//! SVG and of the HTML page hold every series' colour in the plot area, and the HTML page's
//! DOM holds the chart Vega drew; the kinds no reference chart uses draw one mark per series
//! in both formats.
//!
//! Chromium is Debian's `chromium` (`.ci/setup-charts.sh`). With `KQLAKE_CI=1` a missing
//! Chromium fails the test; otherwise the test says it skipped. The network is blocked twice:
//! Chromium runs in a new network namespace (`unshare -n`, which has no interface but
//! loopback) when the machine allows one, and always with a proxy that points at a closed
//! loopback port and every host name resolving to nothing. The screenshots are kept under
//! Cargo's `CARGO_TARGET_TMPDIR/chart-shots` for a person to look at.

use crate::support::{references, run};
use kql_chart::{ChartFormat, ChartSize, render_chart, series_color};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium's path, or `None` (then the test fails under `KQLAKE_CI=1`, else it skips).
#[allow(clippy::print_stderr, reason = "a skipped test says why")]
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("KQLAKE_CI").as_deref() != Ok("1"),
            "chromium is not installed: run .ci/setup-charts.sh"
        );
        eprintln!("skipped: chromium is not installed (run .ci/setup-charts.sh)");
    }
    found
}

/// Whether this machine lets us make a network namespace (root, or user namespaces).
fn can_unshare() -> bool {
    Command::new("unshare")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs headless Chromium on `page` with `extra` arguments and a fresh profile; returns its
/// standard output.
fn run_chromium(chromium: &Path, page: &Path, extra: &[String], profile: &Path) -> String {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=10000",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().cloned());
    args.push(format!("file://{}", page.display()));
    let output = if can_unshare() {
        Command::new("unshare")
            .arg("-n")
            .arg(chromium)
            .args(&args)
            .output()
    } else {
        Command::new(chromium).args(&args).output()
    }
    .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// An RGB image.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

fn read_png(path: &Path) -> Image {
    let file = std::fs::File::open(path).expect("the screenshot exists");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    let rgb = buffer[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|px| match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        })
        .collect();
    Image {
        width: info.width as usize,
        height: info.height as usize,
        rgb,
    }
}

/// `#rrggbb` drawn at `opacity` over white.
fn over_white(colour: &str, opacity: f64) -> [u8; 3] {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&colour[1 + 2 * i..3 + 2 * i], 16).expect("hex"));
        (c * opacity + 255.0 * (1.0 - opacity)).round() as u8
    };
    [channel(0), channel(1), channel(2)]
}

/// Pixels within a small distance of `colour`.
fn pixels_near(image: &Image, colour: [u8; 3]) -> usize {
    image
        .rgb
        .chunks(3)
        .filter(|px| {
            px.iter()
                .zip(colour)
                .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 12)
        })
        .count()
}

/// Pixels that are neither white, grey nor black: drawn marks (text and axes are grey).
fn coloured_pixels(image: &Image) -> usize {
    image
        .rgb
        .chunks(3)
        .filter(|px| {
            let max = px.iter().max().copied().unwrap_or(0);
            let min = px.iter().min().copied().unwrap_or(0);
            max - min > 40
        })
        .count()
}

#[test]
fn reference_charts_draw_every_series_offline() {
    let Some(chromium) = chromium() else { return };
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chart-shots");
    std::fs::create_dir_all(&shots).expect("a screenshot folder");
    let profiles = tempfile::tempdir().expect("a temp dir");
    let size = ChartSize {
        width: 900,
        height: 520,
    };
    for reference in references() {
        let (columns, batches, visualization) = run(&reference.query);
        let spec = kql_chart::chart_spec(&columns, &batches, &visualization).expect("a chart");
        // Stacked areas are drawn at 85% opacity, everything else opaque.
        let opacity = if reference.name.ends_with("area") {
            0.85
        } else {
            1.0
        };
        for format in [ChartFormat::Svg, ChartFormat::Html] {
            let extension = if format == ChartFormat::Svg {
                "svg"
            } else {
                "html"
            };
            let page = shots.join(format!("{}.{extension}", reference.name));
            std::fs::write(&page, render_chart(&spec, format, size).expect("draws"))
                .expect("writes");
            let png = shots.join(format!("{}-{extension}.png", reference.name));
            let profile = profiles
                .path()
                .join(format!("{}-{extension}", reference.name));
            run_chromium(
                &chromium,
                &page,
                &[
                    format!("--screenshot={}", png.display()),
                    format!("--window-size={},{}", size.width, size.height),
                ],
                &profile,
            );
            let image = read_png(&png);
            assert_eq!((image.width, image.height), (900, 520));
            let area = image.width * image.height;
            assert!(
                coloured_pixels(&image) > area / 1000,
                "{}: almost nothing drawn in {}",
                reference.name,
                png.display()
            );
            for (i, label) in reference.series.iter().enumerate() {
                let colour = over_white(&series_color(i), opacity);
                let n = pixels_near(&image, colour);
                assert!(
                    n >= 30,
                    "{} ({extension}): series {label} ({colour:?}) has {n} pixels in {}",
                    reference.name,
                    png.display()
                );
            }
        }
    }
}

#[test]
fn html_pages_hold_the_drawn_chart_in_their_dom() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    for reference in references() {
        let (columns, batches, visualization) = run(&reference.query);
        let page = dir.path().join(format!("{}.html", reference.name));
        kql_chart::write_chart(
            &page,
            ChartFormat::Html,
            &columns,
            &batches,
            &visualization,
            ChartSize::default(),
        )
        .expect("writes");
        let dom = run_chromium(
            &chromium,
            &page,
            &["--dump-dom".to_owned()],
            &dir.path().join(format!("profile-{}", reference.name)),
        );
        assert!(
            dom.contains("data-chart=\"drawn\""),
            "{}: vega-embed did not finish: {}",
            reference.name,
            dom.chars().take(400).collect::<String>()
        );
        let marks = format!("<g class=\"{} role-mark", reference.vega_mark);
        assert!(dom.contains(&marks), "{}: no {marks}", reference.name);
        for label in &reference.series {
            assert!(
                dom.contains(&format!(">{label}</text>")),
                "{}: legend label {label} not drawn",
                reference.name
            );
        }
    }
}

/// The `fill` or `stroke` colours of the `<path>` marks Vega drew in its `mark` groups (legend
/// symbols are groups of their own and are not counted).
fn vega_mark_colours(dom: &str, mark: &str) -> Vec<String> {
    let mut colours = Vec::new();
    let open = format!("class=\"{mark} role-mark");
    for (at, _) in dom.match_indices(&open) {
        let group = &dom[at..];
        let group = &group[..group.find("</g>").unwrap_or(group.len())];
        for path in group.split("<path").skip(1) {
            let element = &path[..path.find('>').unwrap_or(path.len())];
            for attribute in ["fill=\"#", "stroke=\"#"] {
                if let Some(i) = element.find(attribute) {
                    let start = i + attribute.len() - 1;
                    colours.push(element[start..start + 7].to_ascii_lowercase());
                    break;
                }
            }
        }
    }
    colours
}

/// Kinds no reference chart draws — linechart, unstacked areachart, stackedareachart, grouped
/// columnchart, card — as SVG and as HTML (in Chromium when it is there): one mark per series
/// and x where marks are bars, one per series for lines and areas, one card per column.
/// Series a and b over x = 1, 2, 3: counts by hand from the three rows per series.
#[test]
fn kinds_draw_one_mark_per_series_in_both_formats() {
    let data = r#"datatable(x:long, s:string, y:long)[1, "a", 4, 2, "a", 6, 3, "a", 5, 1, "b", 2, 2, "b", 3, 3, "b", 7]"#;
    // (render clause, SVG element, SVG colour attribute, marks per series in the SVG besides
    // the legend square, Vega mark group, marks per series in the page)
    let kinds = [
        ("linechart", "polyline", "stroke", 1, "mark-line", 1),
        (
            "areachart with (kind=unstacked)",
            "polygon",
            "fill",
            1,
            "mark-area",
            1,
        ),
        ("stackedareachart", "polygon", "fill", 1, "mark-area", 1),
        ("columnchart", "rect", "fill", 3, "mark-rect", 3),
    ];
    let chromium = chromium();
    let dir = tempfile::tempdir().expect("a temp dir");
    for (render, element, attribute, svg_marks, vega_mark, vega_marks) in kinds {
        let query = format!("{data} | render {render}");
        let (columns, batches, visualization) = run(&query);
        let spec = kql_chart::chart_spec(&columns, &batches, &visualization).expect("a chart");
        assert_eq!(spec.series.len(), 2, "{render}");
        let svg = render_chart(&spec, ChartFormat::Svg, ChartSize::default()).expect("draws");
        let html = render_chart(&spec, ChartFormat::Html, ChartSize::default()).expect("draws");
        if render == "columnchart" {
            // Unstacked columns stand side by side: Vega-Lite offsets them by series.
            assert!(html.contains("\"xOffset\""), "grouped columns");
        }
        for i in 0..2 {
            let colour = series_color(i);
            let wanted = format!("{attribute}=\"{colour}\"");
            let found = svg
                .split(&format!("<{element}"))
                .skip(1)
                .filter(|e| {
                    e[..e.find('>').unwrap_or(e.len())]
                        .to_ascii_lowercase()
                        .contains(&wanted)
                })
                .count();
            // A legend square is a `rect` too.
            let legend = usize::from(element == "rect");
            assert_eq!(found, svg_marks + legend, "{render} (svg): series {i}");
        }
        let Some(chromium) = &chromium else { continue };
        let name = render.replace([' ', '(', ')', '='], "_");
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, &html).expect("writes");
        let dom = run_chromium(
            chromium,
            &page,
            &["--dump-dom".to_owned()],
            &dir.path().join(format!("profile-{name}")),
        );
        assert!(dom.contains("data-chart=\"drawn\""), "{render}: not drawn");
        let colours = vega_mark_colours(&dom, vega_mark);
        for i in 0..2 {
            let colour = series_color(i);
            let n = colours.iter().filter(|c| **c == colour).count();
            assert_eq!(n, vega_marks, "{render} (html): series {i} in {colours:?}");
        }
        assert_eq!(
            colours.len(),
            2 * vega_marks,
            "{render} (html): {colours:?}"
        );
    }
    // A card: one value per column of the first row (n = 3, m = 7), in both formats.
    let card = "datatable(n:long, m:long)[3, 7, 4, 8] | render card";
    let (columns, batches, visualization) = run(card);
    let spec = kql_chart::chart_spec(&columns, &batches, &visualization).expect("a card");
    let svg = render_chart(&spec, ChartFormat::Svg, ChartSize::default()).expect("draws");
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|e| Some(e[e.find('>')? + 1..e.find("</text>")?].trim()))
        .collect();
    for text in ["3", "7", "n", "m"] {
        assert_eq!(
            texts.iter().filter(|t| **t == text).count(),
            1,
            "card (svg): {text} in {texts:?}"
        );
    }
    let html = render_chart(&spec, ChartFormat::Html, ChartSize::default()).expect("draws");
    assert_eq!(
        html.matches("<div class=\"card\">").count(),
        2,
        "card (html)"
    );
    for value in [
        "<div class=\"value\">3</div>",
        "<div class=\"value\">7</div>",
    ] {
        assert!(html.contains(value), "card (html): {value}");
    }
    if let Some(chromium) = &chromium {
        let page = dir.path().join("card.html");
        std::fs::write(&page, &html).expect("writes");
        let dom = run_chromium(
            chromium,
            &page,
            &["--dump-dom".to_owned()],
            &dir.path().join("profile-card"),
        );
        assert_eq!(dom.matches("class=\"card\"").count(), 2, "card (html dom)");
    }
}
