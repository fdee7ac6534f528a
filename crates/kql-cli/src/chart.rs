//! `kql query … --chart FILE`: draws the chart the query's `render` asks for, with kql-chart,
//! while the rows print as usual.

use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::TryStreamExt;
use kql_chart::{ChartFormat, ChartSize};
use kql_engine::EngineError;
use kql_engine::PlannedQuery;
use std::path::Path;

/// `--chart-size WxH`.
pub(crate) fn parse_size(text: &str) -> Result<ChartSize, String> {
    text.parse()
        .map_err(|e: kql_chart::ChartError| e.to_string())
}

/// `--chart FILE`: its format, from the extension.
pub(crate) fn parse_path(text: &str) -> Result<std::path::PathBuf, String> {
    let path = std::path::PathBuf::from(text);
    ChartFormat::from_path(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Collects the result, writes its chart to `path` and hands the rows on as a new stream;
/// returns the chart's warnings with it.
pub(crate) async fn draw(
    path: &Path,
    size: ChartSize,
    planned: &PlannedQuery,
    stream: SendableRecordBatchStream,
) -> Result<(SendableRecordBatchStream, Vec<String>), EngineError> {
    let Some(visualization) = &planned.visualization else {
        return Err(EngineError::Data(
            "--chart draws the chart a query's 'render' asks for, and this query has none: end it with '| render timechart' (or columnchart, piechart, …)".to_owned(),
        ));
    };
    let schema = stream.schema();
    let batches: Vec<_> = stream.try_collect().await?;
    let format = ChartFormat::from_path(path).map_err(|e| EngineError::Data(e.to_string()))?;
    let warnings = kql_chart::write_chart(
        path,
        format,
        &planned.columns,
        &batches,
        visualization,
        size,
    )
    .map_err(|e| EngineError::Data(e.to_string()))?;
    let rows = futures::stream::iter(
        batches
            .into_iter()
            .map(Ok::<_, datafusion::error::DataFusionError>),
    );
    Ok((
        Box::pin(RecordBatchStreamAdapter::new(schema, rows)),
        warnings,
    ))
}
