//! The workspace data-export writer (azure-exports.md §10.5): the export's rows as a Log
//! Analytics data-export rule would deliver them.
//!
//! [`write_workspace_export`] reads the diagnostic-settings blobs that writer A wrote under the
//! export root and writes every valid record, as the flat Log Analytics row it becomes (§3.2),
//! into `<dir>/am-<table lower>/WorkspaceResourceId=<workspace ID>/y=YYYY/m=MM/d=DD/h=HH/m=<mm>/PT05M.json`,
//! the folder being the row's **`TimeGenerated`** 5-minute bucket (§3.1). A row holds `TenantId`
//! (the workspace GUID), `TimeGenerated` (7 fractional digits, `Z`), the table's columns by
//! their exact names with KQL-typed values (`int` columns as numbers, numeric strings parsed;
//! `datetime` columns with 7 digits), `SourceSystem` `"Azure"`, `Type`, `_ResourceId` lower
//! case, `_Internal_WorkspaceResourceId` (lower case), `_ItemId` (a GUID) and, on about half of
//! the rows, `_BilledSize`. Null columns are omitted; `""` is kept. Rows of a bucket are sorted by
//! `TimeGenerated`.
//!
//! Knobs ([`ExportOptions`]): `dup` delivers a fraction of the rows twice, with the same
//! `_ItemId` and bytes, half of them appended to the same blob and half to its overflow blob
//! `PT05M_1.json` (§3.3: at-least-once retries); `gzip` writes `.json.gz` blobs.
//!
//! The rows are exactly the records of the diagnostic export, so the generator's oracle
//! (`expected/q1.csv` … `q5.csv`) answers queries over this export too, once duplicates are
//! removed; [`ExportSummary::duplicates`] says how many rows were delivered twice.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::parquet::{blobs_by_day, for_each_line};
use crate::rng::Rng;
use crate::schema::{ColumnType, Table};
use crate::time::{Ticks, civil, iso7, parse_rfc3339};
use crate::{GenError, io_error};

/// The Log Analytics workspace the synthetic rows were exported from (ARM ID, lower case as the
/// export path writes it, §3.1) \[synthetic\].
pub const WORKSPACE_RESOURCE_ID: &str = "/subscriptions/3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11/resourcegroups/rg-logs/providers/microsoft.operationalinsights/workspaces/law-central";

/// That workspace's ID, the rows' `TenantId` (§2.4: `TenantId` is the workspace GUID) \[synthetic\].
pub const WORKSPACE_ID: &str = "6b1c2f4e-3a5d-4e8f-9b0a-1c2d3e4f5a6b";

/// Knobs of the workspace-export writer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExportOptions {
    /// Seed of the `_ItemId`, `_BilledSize` and duplicate draws.
    pub seed: u64,
    /// Fraction of rows delivered twice (same `_ItemId`).
    pub dup: f64,
    /// Write `PT05M.json.gz` instead of `PT05M.json`.
    pub gzip: bool,
    /// Replace `am-<table>` containers already in the output folder (other entries are kept).
    pub overwrite: bool,
}

/// What the workspace export holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    /// Blobs written.
    pub files: u64,
    /// Distinct rows written (duplicates not counted).
    pub rows: u64,
    /// Rows written a second time (`dup`).
    pub duplicates: u64,
    /// Lines of the diagnostic export left out because they are not valid records.
    pub invalid_lines: u64,
}

/// FNV-1a of `bytes`: a stable hash (same on every machine) to derive per-row draws from.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `datetime` text normalised to 7 fractional digits, when it is RFC 3339.
fn datetime7(text: &str) -> Option<String> {
    parse_rfc3339(text).ok().map(iso7)
}

/// The flat row of one diagnostic record line, with its `TimeGenerated`; `None` for an invalid line.
fn export_row(table: Table, line: &str, rng: &mut Rng) -> Option<(Ticks, String)> {
    let record: serde_json::Map<String, Value> = serde_json::from_str(line).ok()?;
    let time = parse_rfc3339(record.get("time")?.as_str()?).ok()?;
    let resource_id = record.get("resourceId")?.as_str()?;
    let bag = record.get("properties").and_then(Value::as_object);
    let mut columns: Vec<(&str, Value)> = Vec::new();
    let top = |key: &str| record.get(key).cloned().unwrap_or(Value::Null);
    columns.push(("TenantId", Value::from(WORKSPACE_ID)));
    columns.push(("TimeGenerated", Value::from(iso7(time))));
    let mut own: Vec<(&str, Value)> = vec![
        ("OperationName", top("operationName")),
        ("ResultSignature", top("resultSignature")),
    ];
    for (name, kind) in table.properties() {
        let v = bag
            .and_then(|b| b.get(*name))
            .cloned()
            .unwrap_or(Value::Null);
        let typed = match (kind, v) {
            (ColumnType::Int, Value::String(s)) => {
                s.trim().parse::<i64>().map_or(Value::Null, Value::from)
            }
            (ColumnType::DateTime, Value::String(s)) => Value::from(datetime7(&s).unwrap_or(s)),
            (_, v) => v,
        };
        own.push((name, typed));
    }
    own.sort_by_key(|(n, _)| n.to_ascii_lowercase());
    columns.extend(own);
    columns.push(("SourceSystem", Value::from("Azure")));
    columns.push(("Type", Value::from(table.name())));
    if rng.chance(0.5) {
        columns.push(("_BilledSize", Value::from(line.len() as f64)));
    }
    columns.push(("_ResourceId", Value::from(resource_id.to_lowercase())));
    columns.push((
        "_Internal_WorkspaceResourceId",
        Value::from(WORKSPACE_RESOURCE_ID),
    ));
    columns.push(("_ItemId", Value::from(rng.guid())));
    let mut text = String::from("{");
    for (name, value) in columns.iter().filter(|(_, v)| !v.is_null()) {
        if text.len() > 1 {
            text.push(',');
        }
        text.push_str(&Value::from(*name).to_string());
        text.push(':');
        text.push_str(&value.to_string());
    }
    text.push('}');
    Some((time, text))
}

/// The export container of `table`: `am-<table lower>`.
fn container(table: Table) -> String {
    format!("am-{}", table.name().to_ascii_lowercase())
}

/// The bucket folder of `time` (5-minute `TimeGenerated` bucket), relative to the export root.
fn bucket_folder(table: Table, time: Ticks) -> String {
    let c = civil(time);
    format!(
        "{}/WorkspaceResourceId={}/y={:04}/m={:02}/d={:02}/h={:02}/m={:02}",
        container(table),
        WORKSPACE_RESOURCE_ID,
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute - c.minute % 5
    )
}

/// Writes one blob of JSON lines, gzipped with `gzip`.
fn write_blob(path: &Path, lines: &[&str], gzip: bool) -> Result<(), GenError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let mut body = Vec::new();
    for line in lines {
        body.extend_from_slice(line.as_bytes());
        body.push(b'\n');
    }
    let file = File::create(path).map_err(io_error(path))?;
    if gzip {
        let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        enc.write_all(&body).map_err(io_error(path))?;
        enc.finish().map_err(io_error(path))?;
    } else {
        let mut file = file;
        file.write_all(&body).map_err(io_error(path))?;
    }
    Ok(())
}

/// The rows of one table, from its diagnostic blobs: (bucket folder → rows sorted by time), and
/// the count of invalid lines.
type Buckets = BTreeMap<String, Vec<(Ticks, String)>>;

fn table_rows(table: Table, blobs: &[PathBuf], seed: u64) -> Result<(Buckets, u64), GenError> {
    let mut buckets: Buckets = BTreeMap::new();
    let mut invalid = 0;
    for_each_line(blobs, |line| {
        let mut rng = Rng::derive(seed, &[table as u64, fnv1a(line.as_bytes()), 5]);
        match export_row(table, &line, &mut rng) {
            Some((time, row)) => buckets
                .entry(bucket_folder(table, time))
                .or_default()
                .push((time, row)),
            None => invalid += 1,
        }
    })?;
    for rows in buckets.values_mut() {
        rows.sort();
    }
    Ok((buckets, invalid))
}

/// Writes the workspace export of the diagnostic export under `export_root` into `dir` (see the
/// module doc).
pub fn write_workspace_export(
    export_root: &Path,
    dir: &Path,
    options: &ExportOptions,
) -> Result<ExportSummary, GenError> {
    for table in Table::ALL {
        let container = dir.join(container(table));
        if container.exists() {
            if !options.overwrite {
                return Err(GenError::OutputExists(dir.to_path_buf()));
            }
            fs::remove_dir_all(&container).map_err(io_error(&container))?;
        }
    }
    let tables = Table::ALL
        .par_iter()
        .map(|&table| {
            let mut days = BTreeMap::new();
            blobs_by_day(&export_root.join(table.container()), &mut days)?;
            let mut blobs: Vec<PathBuf> = days.into_values().flatten().collect();
            blobs.sort();
            table_rows(table, &blobs, options.seed).map(|r| (table, r))
        })
        .collect::<Result<Vec<_>, GenError>>()?;
    let mut summary = ExportSummary::default();
    let ext = if options.gzip { ".json.gz" } else { ".json" };
    for (table, (buckets, invalid)) in tables {
        summary.invalid_lines += invalid;
        let mut dup = Rng::derive(options.seed, &[table as u64, 6]);
        for (folder, rows) in buckets {
            let mut main: Vec<&str> = rows.iter().map(|(_, r)| r.as_str()).collect();
            let mut overflow: Vec<&str> = Vec::new();
            summary.rows += rows.len() as u64;
            for (_, row) in &rows {
                if options.dup > 0.0 && dup.chance(options.dup) {
                    summary.duplicates += 1;
                    if dup.chance(0.5) {
                        main.push(row);
                    } else {
                        overflow.push(row);
                    }
                }
            }
            let folder = dir.join(&folder);
            write_blob(&folder.join(format!("PT05M{ext}")), &main, options.gzip)?;
            summary.files += 1;
            if !overflow.is_empty() {
                write_blob(
                    &folder.join(format!("PT05M_1{ext}")),
                    &overflow,
                    options.gzip,
                )?;
                summary.files += 1;
            }
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_typed_log_analytics_rows() {
        let line = r#"{"time":"2026-11-19T21:43:17.93964Z","resourceId":"/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/WS","category":"AmlComputeClusterEvent","operationName":"ResizeOperationStarted","resultSignature":"","properties":{"ClusterName":"cpu-cluster","TargetNodeCount":"4","AllocationStateTransitionTime":"2026-11-19T21:43:15Z"}}"#;
        let mut rng = Rng::derive(1, &[]);
        let (time, row) = export_row(Table::ClusterEvent, line, &mut rng).unwrap();
        assert_eq!(iso7(time), "2026-11-19T21:43:17.9396400Z");
        let v: serde_json::Map<String, Value> = serde_json::from_str(&row).unwrap();
        assert_eq!(v["TimeGenerated"], "2026-11-19T21:43:17.9396400Z");
        assert_eq!(v["TargetNodeCount"], 4);
        assert_eq!(
            v["AllocationStateTransitionTime"],
            "2026-11-19T21:43:15.0000000Z"
        );
        assert_eq!(v["ResultSignature"], "");
        assert_eq!(
            v["_ResourceId"],
            "/subscriptions/s1/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws"
        );
        assert_eq!(v["Type"], "AmlComputeClusterEvent");
        assert_eq!(v["TenantId"], WORKSPACE_ID);
        // Null columns are omitted.
        assert!(!v.contains_key("VmSize"));
        assert!(export_row(Table::ClusterEvent, "{\"time\":", &mut rng).is_none());
        assert_eq!(
            bucket_folder(Table::ClusterEvent, time),
            format!(
                "am-amlcomputeclusterevent/WorkspaceResourceId={WORKSPACE_RESOURCE_ID}/y=2026/m=11/d=19/h=21/m=40"
            )
        );
    }
}
