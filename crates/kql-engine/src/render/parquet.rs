//! Parquet output: the result's Arrow batches as they are (datetime as nanosecond timestamps
//! in UTC, timespan as durations, dynamic as JSON strings), columns named as in KQL.

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use std::io::Write;

/// A Parquet writer over the output.
pub(crate) struct ParquetOutput<'a> {
    writer: ArrowWriter<&'a mut (dyn Write + Send)>,
}

impl<'a> ParquetOutput<'a> {
    /// Starts a file with `schema`.
    pub(crate) fn new(
        schema: SchemaRef,
        out: &'a mut (dyn Write + Send),
    ) -> Result<Self, crate::EngineError> {
        let writer = ArrowWriter::try_new(out, schema, None)
            .map_err(|e| crate::EngineError::Execution(format!("cannot write parquet: {e}")))?;
        Ok(ParquetOutput { writer })
    }

    /// Appends a batch.
    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<(), crate::EngineError> {
        self.writer
            .write(batch)
            .map_err(|e| crate::EngineError::Execution(format!("cannot write parquet: {e}")))
    }

    /// Writes the footer.
    pub(crate) fn finish(self) -> Result<(), crate::EngineError> {
        self.writer
            .close()
            .map(|_| ())
            .map_err(|e| crate::EngineError::Execution(format!("cannot write parquet: {e}")))
    }
}
