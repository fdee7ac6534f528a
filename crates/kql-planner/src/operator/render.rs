//! `render Chart with (…)`: the rows pass unchanged; the chart request becomes the query's
//! [`Visualization`], kept beside the plan (`PlannedQuery::visualization`) for the client.
//!
//! Kusto documents `render` as the query's last operator; Kusto.Language binds it anywhere
//! after the first operator as a pass-through. kqlake plans it anywhere the same way, and
//! keeps the chart of a `render` that ends the query's own pipeline only. A `render` elsewhere
//! (before another operator, in a `let` body, a join's right side) draws nothing and is
//! reported as a warning.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use crate::scope::lookup;
use kql_syntax::ast::{Literal, Render, RenderProperty, RenderValue};
use kql_syntax::{Diagnostic, Span};

/// A chart request: the chart type and the properties `render` gave, as Kusto returns them in
/// the `Visualization` record of a result's `@ExtendedProperties`. Properties not given are
/// `None` (the client guesses them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Visualization {
    /// The chart type: `timechart`, `barchart`, `piechart`, ….
    pub visualization: String,
    /// `title`.
    pub title: Option<String>,
    /// `xcolumn`: the column of the x axis.
    pub xcolumn: Option<String>,
    /// `series` (or the legacy `by`): the columns whose values define a series.
    pub series: Option<Vec<String>>,
    /// `ycolumns`: the columns of the y axis.
    pub ycolumns: Option<Vec<String>>,
    /// `anomalycolumns` (`anomalychart`).
    pub anomalycolumns: Option<Vec<String>>,
    /// `xtitle`.
    pub xtitle: Option<String>,
    /// `ytitle`.
    pub ytitle: Option<String>,
    /// `xaxis`: `linear` or `log`.
    pub xaxis: Option<String>,
    /// `yaxis`: `linear` or `log`.
    pub yaxis: Option<String>,
    /// `legend`: `visible` or `hidden`.
    pub legend: Option<String>,
    /// `ysplit`: `none`, `axes` or `panels`.
    pub ysplit: Option<String>,
    /// `accumulate` (default false).
    pub accumulate: bool,
    /// `kind`: `default`, `unstacked`, `stacked`, `stacked100`, `map`.
    pub kind: Option<String>,
    /// `ymin`.
    pub ymin: Option<f64>,
    /// `ymax`.
    pub ymax: Option<f64>,
    /// `xmin`, as canonical KQL literal text (`datetime(2024-01-01T00:00:00Z)`, `5`).
    pub xmin: Option<String>,
    /// `xmax`, like `xmin`.
    pub xmax: Option<String>,
}

impl Visualization {
    /// The request of one `render` node.
    pub(crate) fn from_render(render: &Render) -> Visualization {
        let mut v = Visualization {
            visualization: render.chart.name.clone(),
            ..Visualization::default()
        };
        for property in render.legacy.iter().chain(&render.properties) {
            let columns = || match &property.value {
                RenderValue::Columns(columns) => {
                    Some(columns.iter().map(|c| c.name.clone()).collect())
                }
                _ => None,
            };
            let text = || match &property.value {
                RenderValue::Word(s) | RenderValue::String(s) => Some(s.clone()),
                _ => None,
            };
            let real = || match property.value {
                RenderValue::Real(r) => Some(r),
                _ => None,
            };
            let literal = || match &property.value {
                RenderValue::Literal(literal) => Some(literal.to_string()),
                _ => None,
            };
            match property.name.name.as_str() {
                "title" => v.title = text(),
                "xcolumn" => v.xcolumn = columns().and_then(|c: Vec<String>| c.into_iter().next()),
                "series" | "by" => v.series = columns(),
                "ycolumns" => v.ycolumns = columns(),
                "anomalycolumns" => v.anomalycolumns = columns(),
                "xtitle" => v.xtitle = text(),
                "ytitle" => v.ytitle = text(),
                "xaxis" => v.xaxis = text(),
                "yaxis" => v.yaxis = text(),
                "legend" => v.legend = text(),
                "ysplit" => v.ysplit = text(),
                "accumulate" => v.accumulate = matches!(property.value, RenderValue::Bool(true)),
                "kind" => v.kind = text(),
                "ymin" => v.ymin = real(),
                "ymax" => v.ymax = real(),
                "xmin" => v.xmin = literal(),
                "xmax" => v.xmax = literal(),
                _ => {}
            }
        }
        v
    }

    /// The properties that were given, as `name=value` in Kusto's property order: what `kql
    /// query` prints after the chart type (`title="Load", ycolumns=a, b`).
    pub fn describe_properties(&self) -> Vec<String> {
        let mut out = Vec::new();
        let quoted = |s: &str| Literal::String(s.to_owned()).to_string();
        if let Some(t) = &self.title {
            out.push(format!("title={}", quoted(t)));
        }
        if let Some(x) = &self.xcolumn {
            out.push(format!("xcolumn={x}"));
        }
        for (name, columns) in [
            ("series", &self.series),
            ("ycolumns", &self.ycolumns),
            ("anomalycolumns", &self.anomalycolumns),
        ] {
            if let Some(columns) = columns {
                out.push(format!("{name}={}", columns.join(", ")));
            }
        }
        for (name, value) in [("xtitle", &self.xtitle), ("ytitle", &self.ytitle)] {
            if let Some(value) = value {
                out.push(format!("{name}={}", quoted(value)));
            }
        }
        for (name, value) in [
            ("xaxis", &self.xaxis),
            ("yaxis", &self.yaxis),
            ("legend", &self.legend),
            ("ysplit", &self.ysplit),
            ("kind", &self.kind),
        ] {
            if let Some(value) = value {
                out.push(format!("{name}={value}"));
            }
        }
        if self.accumulate {
            out.push("accumulate=true".to_owned());
        }
        for (name, value) in [("ymin", self.ymin), ("ymax", self.ymax)] {
            if let Some(value) = value {
                out.push(format!("{name}={value}"));
            }
        }
        for (name, value) in [("xmin", &self.xmin), ("xmax", &self.xmax)] {
            if let Some(value) = value {
                out.push(format!("{name}={value}"));
            }
        }
        out
    }
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `render`: checks that the columns it names are columns of the input, and passes
    /// the input on. `span` is the operator's; a `render` that does not end the query is
    /// reported as drawing nothing.
    pub(crate) fn render_to_plan(
        &self,
        render: &Render,
        input: Relation,
        span: Span,
    ) -> Result<Relation, Diagnostic> {
        for property in render.legacy.iter().chain(&render.properties) {
            check_columns(property, &input)?;
        }
        if self.final_render != Some(span) {
            self.warn(format!(
                "'render {}' draws nothing here: only a render that ends the query asks for a \
                 chart",
                render.chart.name
            ));
        }
        Ok(input)
    }
}

/// The columns a property names must be columns of the input.
fn check_columns(property: &RenderProperty, input: &Relation) -> Result<(), Diagnostic> {
    if let RenderValue::Columns(columns) = &property.value {
        for column in columns {
            lookup(&input.columns, &column.name, column.span)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Visualization;
    use kql_syntax::ast::OperatorKind;

    fn visualization(text: &str) -> Visualization {
        let query = kql_syntax::parse_query(text).expect("parses");
        match &query.body.operators.last().expect("an operator").kind {
            OperatorKind::Render(render) => Visualization::from_render(render),
            other => panic!("not a render: {other:?}"),
        }
    }

    #[test]
    fn properties_land_in_their_fields() {
        let v = visualization(
            r#"T | render timechart with (title="Load", xcolumn=t, ycolumns=a, b, series=s, ymin=-1, ymax=2.5, kind=stacked, accumulate=true, xmin=datetime(2024-01-01))"#,
        );
        assert_eq!(v.visualization, "timechart");
        assert_eq!(v.title.as_deref(), Some("Load"));
        assert_eq!(v.xcolumn.as_deref(), Some("t"));
        assert_eq!(v.ycolumns, Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(v.series, Some(vec!["s".to_owned()]));
        assert_eq!((v.ymin, v.ymax), (Some(-1.0), Some(2.5)));
        assert_eq!(v.kind.as_deref(), Some("stacked"));
        assert!(v.accumulate);
        assert_eq!(v.xmin.as_deref(), Some("datetime(2024-01-01T00:00:00Z)"));
        assert_eq!(v.legend, None);
    }

    #[test]
    fn the_older_form_gives_the_same_request() {
        let old = visualization(r#"T | render columnchart kind=stacked100 title="t" by a, b"#);
        let new = visualization(
            r#"T | render columnchart with (kind=stacked100, title="t", series=a, b)"#,
        );
        assert_eq!(old, new);
        assert_eq!(
            old.describe_properties(),
            ["title=\"t\"", "series=a, b", "kind=stacked100"]
        );
        assert_eq!(
            visualization("T | render piechart")
                .describe_properties()
                .len(),
            0
        );
    }
}
