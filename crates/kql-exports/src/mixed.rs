//! Tables read from both JSON and Parquet files: one table, the union of both parts.
//!
//! The typical archive: `kql convert` compacted last month to Parquet while new hours still
//! arrive as JSON, and both are given as `--data` roots. Discovery builds such a table once
//! ([`mixed_table`]) with one schema for both parts: the catalogued columns of the table (for an
//! uncatalogued one, the columns inferred from its JSON followed by the Parquet-only columns),
//! each with the canonical Arrow type of its KQL type (`kql_functions::types::kql_to_arrow`),
//! all nullable. The JSON part is a [`JsonExportProvider`] over that schema (it prunes files by
//! their folder time); the Parquet part a [`ParquetFiles`] over the same schema, which prunes
//! files by their partition folders' time, and whose DataFusion listing table casts each file's
//! columns to it, reads columns a file lacks as nulls and prunes row groups and pages by their
//! statistics. [`MixedProvider::scan`] plans both with the query's
//! projection, filters and limit and unions them.
//!
//! **Duplicates.** The same hour can be in both parts (converted, and still in the export), so
//! with [`DuplicateMode::Count`] or [`DuplicateMode::Remove`] the scan compares rows, not
//! bytes: a JSON record and its converted row share no bytes. A row's identity is its `_ItemId`
//! column when the table has one and the row a non-empty value, else all of its values (in the
//! Arrow row format). Identities go into one [`SeenRecords`] set per scan, shared by all
//! partitions of both parts; a row whose identity is already there is a duplicate (counted in
//! [`crate::ScanStats::duplicate_records`] and, under `Remove`, dropped). The kept row is
//! whichever copy came first, and copies have equal values, so answers do not depend on the
//! order. Comparing rows needs every column, so such a scan reads all columns of both parts,
//! without a limit, and projects afterwards ([`DedupExec`]). Unlike in a JSON-only table, two
//! JSON records that differ only in what the table's columns leave out (key order, spacing,
//! unmapped fields) are duplicates here.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{Array, BooleanArray, StringArray};
use arrow::compute::{can_cast_types, filter_record_batch};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use arrow::row::{RowConverter, SortField};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::DFSchema;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::expr_rewriter::unnormalize_col;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::utils::conjunction;
use datafusion::physical_plan::filter::FilterExec;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::union::UnionExec;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties, SendableRecordBatchStream,
};
use futures::StreamExt;
use kql_functions::types::kql_to_arrow;
use kql_syntax::KqlType;

use crate::ScanOptions;
use crate::error::ExportError;
use crate::json::dedup::{DuplicateMode, SeenRecords};
use crate::json::provider::{JsonExportProvider, JsonTable};
use crate::json::prune::FileTime;
use crate::parquet_table::{ParquetColumns, ParquetFiles, batch_by_batch_properties};
use crate::report::ReportState;

/// The column whose value identifies a record, when a table has it.
const ITEM_ID: &str = "_ItemId";
/// Identity tags of [`SeenRecords::is_duplicate_key`]: an `_ItemId`, a row's values.
const TAG_ITEM_ID: u8 = 1;
const TAG_ROW: u8 = 3;

/// The `TableProvider` of a table read from JSON and Parquet files.
#[derive(Debug)]
pub(crate) struct MixedProvider {
    /// The table schema, both parts' (see the module doc).
    pub(crate) schema: SchemaRef,
    /// The JSON part.
    pub(crate) json: Arc<JsonExportProvider>,
    /// The Parquet part.
    pub(crate) parquet: Arc<dyn TableProvider>,
    /// Its files.
    pub(crate) parquet_files: usize,
    /// Their bytes.
    pub(crate) parquet_bytes: u64,
    /// What scans do about duplicate rows (the JSON part itself ignores them).
    pub(crate) duplicates: DuplicateMode,
}

/// The columns of a table found as JSON (with `json_columns`) and as Parquet (`parquet`): the
/// JSON columns when they are documented (`documented`: catalogued, or documented per table),
/// else the JSON columns followed by the Parquet-only ones (names compared without case, as
/// JSON inference does).
pub(crate) fn mixed_columns(
    documented: bool,
    json_columns: Vec<(String, KqlType)>,
    parquet: &ParquetColumns,
) -> Vec<(String, KqlType)> {
    if documented {
        return json_columns;
    }
    let mut columns = json_columns;
    for (name, kql_type) in &parquet.columns {
        if !columns.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            columns.push((name.clone(), *kql_type));
        }
    }
    columns
}

/// The nullable Arrow schema of `columns`, canonical types.
pub(crate) fn mixed_schema(columns: &[(String, KqlType)]) -> SchemaRef {
    Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, t)| Field::new(n, kql_to_arrow(*t), true))
            .collect::<Vec<_>>(),
    ))
}

/// Builds the mixed table `json.name` from its JSON part (whose columns and schema are the
/// table's, [`mixed_columns`] and [`mixed_schema`]) and its Parquet files; fails when a Parquet
/// column cannot be read as the table's type of that column.
pub(crate) fn mixed_table(
    json: JsonTable,
    parquet: &ParquetColumns,
    parquet_files: &[(PathBuf, FileTime)],
    parquet_bytes: u64,
    duplicates: DuplicateMode,
) -> Result<MixedProvider, ExportError> {
    for field in parquet.schema.fields() {
        let Some((name, kql_type)) = json.columns.iter().find(|(n, _)| n == field.name()) else {
            continue;
        };
        let target = kql_to_arrow(*kql_type);
        // Nested values would cast to display text, not the JSON text a `dynamic` holds.
        let nested = matches!(
            field.data_type(),
            DataType::List(_)
                | DataType::LargeList(_)
                | DataType::FixedSizeList(_, _)
                | DataType::Struct(_)
                | DataType::Map(_, _)
        );
        if nested || !can_cast_types(field.data_type(), &target) {
            return Err(ExportError::MixedColumnType {
                table: json.name.clone(),
                column: name.clone(),
                kql_type: *kql_type,
                parquet_type: field.data_type().to_string(),
                parquet: parquet_files
                    .first()
                    .map(|(p, _)| p.clone())
                    .unwrap_or_default(),
            });
        }
    }
    let schema = Arc::clone(&json.schema);
    let parquet_provider = Arc::new(
        ParquetFiles::new(
            &json.name,
            parquet_files,
            Arc::clone(&schema),
            ScanOptions {
                no_pruning: json.no_pruning,
                no_pushdown: json.no_pushdown,
                ..ScanOptions::default()
            },
        )
        .with_column_sizes(Arc::clone(&parquet.bytes_per_row)),
    );
    Ok(MixedProvider {
        schema,
        json: Arc::new(JsonExportProvider {
            table: Arc::new(json),
        }),
        parquet: parquet_provider,
        parquet_files: parquet_files.len(),
        parquet_bytes,
        duplicates,
    })
}

impl MixedProvider {
    /// The conjunction of `filters` as a physical expression over the table schema, leaving out
    /// what cannot be planned on its own; `None` when nothing is left.
    fn physical_filter(
        &self,
        state: &dyn Session,
        filters: &[Expr],
    ) -> Option<Arc<dyn PhysicalExpr>> {
        let schema = DFSchema::try_from(Arc::clone(&self.schema)).ok()?;
        let planned: Vec<Arc<dyn PhysicalExpr>> = filters
            .iter()
            .filter_map(|f| {
                state
                    .create_physical_expr(unnormalize_col(f.clone()), &schema)
                    .ok()
            })
            .collect();
        (!planned.is_empty()).then(|| conjunction(planned))
    }
}

#[async_trait]
impl TableProvider for MixedProvider {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        // Both parts get every filter and use what they can (file time, decoder filters, row
        // group statistics); DataFusion still filters every row that comes out.
        Ok(vec![TableProviderFilterPushDown::Inexact; filters.len()])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let table = &self.json.table;
        if self.duplicates == DuplicateMode::Ignore {
            let json = self.json.scan(state, projection, filters, limit).await?;
            let parquet = self.parquet.scan(state, projection, filters, limit).await?;
            return UnionExec::try_new(vec![json, parquet]);
        }
        // Rows are compared on all their columns, before any limit.
        let json = self.json.scan(state, None, filters, None).await?;
        let parquet = self.parquet.scan(state, None, filters, None).await?;
        // A listing table prunes by statistics only when a filter above it is pushed into it,
        // which stops at the deduplication: give its part its own copy of the filters.
        let parquet = match self.physical_filter(state, filters) {
            Some(predicate) => Arc::new(FilterExec::try_new(predicate, parquet)?),
            None => parquet,
        };
        let union = UnionExec::try_new(vec![json, parquet])?;
        let projection = match projection {
            Some(p) => p.clone(),
            None => (0..self.schema.fields().len()).collect(),
        };
        Ok(Arc::new(DedupExec::try_new(
            union,
            projection,
            self.duplicates == DuplicateMode::Remove,
            Arc::clone(&table.report),
            table.name.clone(),
        )?))
    }
}

/// Counts (and drops, when `remove`) rows of its input whose identity an earlier row of the same
/// execution had, then projects (see the module doc).
#[derive(Debug)]
pub(crate) struct DedupExec {
    input: Arc<dyn ExecutionPlan>,
    projection: Vec<usize>,
    schema: SchemaRef,
    /// Index of a string `_ItemId` column of the input.
    item_id: Option<usize>,
    remove: bool,
    report: Arc<ReportState>,
    table: String,
    properties: Arc<PlanProperties>,
    /// The identities seen, shared by all partitions (state of one execution).
    seen: Arc<SeenRecords>,
}

impl DedupExec {
    fn try_new(
        input: Arc<dyn ExecutionPlan>,
        projection: Vec<usize>,
        remove: bool,
        report: Arc<ReportState>,
        table: String,
    ) -> DfResult<DedupExec> {
        let input_schema = input.schema();
        let schema = Arc::new(input_schema.project(&projection)?);
        let item_id = input_schema
            .index_of(ITEM_ID)
            .ok()
            .filter(|&i| input_schema.field(i).data_type() == &DataType::Utf8);
        let properties = batch_by_batch_properties(&schema, &input);
        Ok(DedupExec {
            input,
            projection,
            schema,
            item_id,
            remove,
            report,
            table,
            properties,
            seen: Arc::new(SeenRecords::default()),
        })
    }
}

/// One partition's work: the row converter of the input's columns and what to do with repeats.
struct Deduplicator {
    converter: RowConverter,
    item_id: Option<usize>,
    projection: Vec<usize>,
    remove: bool,
    seen: Arc<SeenRecords>,
    report: Arc<ReportState>,
}

impl Deduplicator {
    /// The batch without (or, counting only, with) its repeated rows, projected.
    fn batch(&self, batch: &RecordBatch) -> DfResult<RecordBatch> {
        let rows = self.converter.convert_columns(batch.columns())?;
        let ids = self
            .item_id
            .and_then(|i| batch.column(i).as_any().downcast_ref::<StringArray>());
        let mut duplicates = 0u64;
        let keep: BooleanArray = (0..batch.num_rows())
            .map(|i| {
                let repeated = match ids.filter(|a| a.is_valid(i) && !a.value(i).is_empty()) {
                    Some(a) => self
                        .seen
                        .is_duplicate_key(TAG_ITEM_ID, a.value(i).as_bytes()),
                    None => self.seen.is_duplicate_key(TAG_ROW, rows.row(i).as_ref()),
                };
                duplicates += u64::from(repeated);
                Some(!repeated)
            })
            .collect();
        self.report.duplicates(duplicates);
        let kept = if self.remove && duplicates > 0 {
            filter_record_batch(batch, &keep)?
        } else {
            batch.clone()
        };
        Ok(kept.project(&self.projection)?)
    }
}

impl DisplayAs for DedupExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = if self.remove { "remove" } else { "count" };
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => write!(
                f,
                "DuplicateRowsExec: table={}, duplicates={action}",
                self.table
            ),
            DisplayFormatType::TreeRender => write!(f, "duplicates={action}"),
        }
    }
}

impl ExecutionPlan for DedupExec {
    fn name(&self) -> &str {
        "DuplicateRowsExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        match (children.pop(), children.is_empty()) {
            (Some(input), true) => Ok(Arc::new(DedupExec::try_new(
                input,
                self.projection.clone(),
                self.remove,
                Arc::clone(&self.report),
                self.table.clone(),
            )?)),
            _ => Err(DataFusionError::Internal(
                "DuplicateRowsExec takes exactly one child".to_owned(),
            )),
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let input = self.input.execute(partition, context)?;
        let fields = self
            .input
            .schema()
            .fields()
            .iter()
            .map(|f| SortField::new(f.data_type().clone()))
            .collect();
        let work = Deduplicator {
            converter: RowConverter::new(fields)?,
            item_id: self.item_id,
            projection: self.projection.clone(),
            remove: self.remove,
            seen: Arc::clone(&self.seen),
            report: Arc::clone(&self.report),
        };
        let stream = input.map(move |batch| batch.and_then(|b| work.batch(&b)));
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}
