//! Writer A: a workspace's records into diagnostic-settings hour blobs (§10.4).
//!
//! `<root>/insights-logs-<category lower>/resourceId=/SUBSCRIPTIONS/<SUB>/RESOURCEGROUPS/<RG>/
//! PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/<WS>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`,
//! the folder being the record's **arrival** hour, records in arrival order. [`write_workspace`]
//! simulates one workspace, writes its blobs (or only measures them, for `--target-bytes`), injects
//! `--malformed` lines, counts rows and hands every valid line's record to the oracle.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::json::{Corruption, write_line};
use crate::oracle::{self, Facts};
use crate::rng::Rng;
use crate::schema::Table;
use crate::sim::simulate_workspace;
use crate::time::{Ticks, civil, floor_day, floor_hour};
use crate::topology::Plan;
use crate::{GenError, io_error};

/// The blob path of `table`'s records of a workspace (`resource_id` UPPER) arriving in `hour`.
pub(crate) fn blob_path(table: Table, resource_id: &str, hour: Ticks) -> String {
    let c = civil(hour);
    format!(
        "{}/resourceId={}/y={:04}/m={:02}/d={:02}/h={:02}/m=00/PT1H.json",
        table.container(),
        resource_id,
        c.year,
        c.month,
        c.day,
        c.hour
    )
}

/// One written blob.
#[derive(Debug)]
pub(crate) struct BlobInfo {
    /// Path relative to the output root, `/`-separated.
    pub(crate) path: String,
    /// Its table.
    pub(crate) table: Table,
    /// Its hour folder.
    pub(crate) hour: Ticks,
    /// Lines written (the last one with a newline).
    pub(crate) lines: u32,
    /// Size in bytes.
    pub(crate) bytes: u64,
    /// Day (by event time) of the last line's record, when that line is valid.
    pub(crate) last_valid_day: Option<Ticks>,
}

/// An injected anomaly, as listed in `manifest.json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Anomaly {
    /// Blob path relative to the export root (`--out`), wherever the manifest is written.
    pub(crate) file: String,
    /// 1-based line, absent for whole-file anomalies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) line: Option<u32>,
    /// `malformed_line`, `open_hour_tail` or `empty_blob`.
    pub(crate) kind: &'static str,
    /// Table of the broken record, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) table: Option<&'static str>,
    /// What was done.
    pub(crate) detail: String,
}

/// What writing one workspace produced.
#[derive(Debug)]
pub(crate) struct WorkspaceOutput {
    /// Workspace name.
    pub(crate) name: String,
    /// Blobs in writing order (their index is the file part of an oracle `Loc`).
    pub(crate) blobs: Vec<BlobInfo>,
    /// Oracle rows of its valid lines.
    pub(crate) facts: Facts,
    /// Valid records per table and day (by event time).
    pub(crate) rows: BTreeMap<(Table, Ticks), u64>,
    /// Records that had not arrived by `now`, per table.
    pub(crate) not_arrived: [u64; 3],
    /// Malformed lines injected.
    pub(crate) anomalies: Vec<Anomaly>,
}

/// Simulates workspace `ws` and writes its blobs under `root` (`None`: only measure sizes).
pub(crate) fn write_workspace(
    plan: &Plan,
    ws: u32,
    root: Option<&Path>,
) -> Result<WorkspaceOutput, GenError> {
    let sim = simulate_workspace(plan, ws);
    let resource_id = sim.spec.resource_id_upper();
    let key = |i: &u32| {
        let e = &sim.events[*i as usize];
        (e.table(), floor_hour(e.arrival))
    };
    let mut order: Vec<u32> = (0..sim.events.len() as u32).collect();
    order.sort_by_key(|&i| {
        let e = &sim.events[i as usize];
        (
            e.table(),
            floor_hour(e.arrival),
            e.arrival,
            e.time,
            e.cluster,
            e.seq,
        )
    });

    let mut noise = Rng::derive(plan.seed, &[u64::from(ws), 0, 1]);
    let mut out = WorkspaceOutput {
        name: sim.spec.name.clone(),
        blobs: Vec::new(),
        facts: Facts::default(),
        rows: BTreeMap::new(),
        not_arrived: sim.not_arrived,
        anomalies: Vec::new(),
    };
    let mut line = Vec::with_capacity(4096);
    let mut day_folders = HashSet::new();
    for group in order.chunk_by(|a, b| key(a) == key(b)) {
        let (table, hour) = key(&group[0]);
        let path = blob_path(table, &resource_id, hour);
        let mut file = match root {
            Some(root) => {
                let full = root.join(&path);
                create_folders(&full, &mut day_folders)?;
                Some((
                    BufWriter::with_capacity(
                        1 << 16,
                        File::create(&full).map_err(io_error(&full))?,
                    ),
                    full,
                ))
            }
            None => None,
        };
        let file_index = out.blobs.len() as u32;
        let mut bytes = 0u64;
        let mut last_valid_day = None;
        for (n, &i) in group.iter().enumerate() {
            let event = &sim.events[i as usize];
            let line_no = n as u32 + 1;
            let corruption = (plan.malformed > 0.0 && noise.chance(plan.malformed))
                .then(|| Corruption::for_table(table));
            line.clear();
            write_line(&mut line, &sim, &resource_id, event, corruption);
            line.push(b'\n');
            bytes += line.len() as u64;
            if let Some((writer, full)) = file.as_mut() {
                writer.write_all(&line).map_err(io_error(full))?;
            }
            if let Some(c) = corruption {
                out.anomalies.push(Anomaly {
                    file: path.clone(),
                    line: Some(line_no),
                    kind: "malformed_line",
                    table: Some(table.name()),
                    detail: c.describe(table).to_owned(),
                });
                last_valid_day = None;
            } else {
                oracle::collect(&mut out.facts, plan, &sim, event, (ws, file_index, line_no));
                let day = floor_day(event.time);
                *out.rows.entry((table, day)).or_default() += 1;
                last_valid_day = Some(day);
            }
        }
        if let Some((mut writer, full)) = file {
            writer.flush().map_err(io_error(&full))?;
        }
        out.blobs.push(BlobInfo {
            path,
            table,
            hour,
            lines: group.len() as u32,
            bytes,
            last_valid_day,
        });
    }
    Ok(out)
}

/// Creates the `h=HH/m=00` folders of the blob `full`, and its day folder when not yet in `known`.
///
/// Each blob has its own hour folder, and only this workspace's task writes under its resource
/// ID, so once a day folder exists the two below it are new: two `mkdir`s instead of
/// `create_dir_all`'s failing walk, which matters on slow file systems at benchmark sizes.
fn create_folders(full: &Path, known: &mut HashSet<PathBuf>) -> Result<(), GenError> {
    let minute = full.parent().expect("blob paths have folders");
    let hour = minute.parent().expect("blob paths have folders");
    let day = hour.parent().expect("blob paths have folders");
    if known.contains(day) {
        fs::create_dir(hour).map_err(io_error(hour))?;
        fs::create_dir(minute).map_err(io_error(minute))?;
    } else {
        fs::create_dir_all(minute).map_err(io_error(minute))?;
        known.insert(day.to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    #[test]
    fn blob_paths_follow_the_diagnostic_layout() {
        let hour = parse_rfc3339("2024-05-01T13:00:00Z").unwrap();
        assert_eq!(
            blob_path(
                Table::JobEvent,
                "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/P/WORKSPACES/W",
                hour
            ),
            "insights-logs-amlcomputejobevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/P/WORKSPACES/W/y=2024/m=05/d=01/h=13/m=00/PT1H.json"
        );
    }
}
