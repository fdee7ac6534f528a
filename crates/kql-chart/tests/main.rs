//! kql-chart's one integration-test binary: charts of real query results (run by kql-engine)
//! checked against Kusto's documented rules, as SVG structure, and in headless Chromium.

#![allow(missing_docs, reason = "test binary")]

mod browser;
mod model;
mod support;
mod svg;
