//! Whole-export noise knobs, applied after every workspace is written (§8 gotchas 2 and 20).
//!
//! `--open-hour` cuts the newest blob's last line mid-record and drops its newline, as an append
//! blob read while its hour is still open; `--empty-blobs N` adds zero-byte `PT1H.json` blobs in
//! hour folders that hold no data (an append blob listed before its first append). Both record an
//! [`Anomaly`]; a cut line's record is removed from the oracle and the row counts. (`--malformed`
//! is per line, so the writer applies it.)

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use crate::oracle::Loc;
use crate::rng::Rng;
use crate::schema::Table;
use crate::time::{HOUR, floor_hour};
use crate::topology::Plan;
use crate::writer::{Anomaly, BlobInfo, WorkspaceOutput, blob_path};
use crate::{GenError, io_error};

/// Cuts the last line of the newest blob (latest hour; the first path among equals) in half.
pub(crate) fn cut_newest_blob(
    root: &Path,
    outputs: &mut [WorkspaceOutput],
    anomalies: &mut Vec<Anomaly>,
    removed: &mut HashSet<Loc>,
) -> Result<(), GenError> {
    let newest = outputs
        .iter()
        .enumerate()
        .flat_map(|(w, o)| o.blobs.iter().enumerate().map(move |(f, b)| (w, f, b)))
        .filter(|(_, _, b)| b.lines > 0)
        .max_by(|(_, _, a), (_, _, b)| a.hour.cmp(&b.hour).then_with(|| b.path.cmp(&a.path)))
        .map(|(w, f, _)| (w, f));
    let Some((w, f)) = newest else {
        return Ok(());
    };
    let output = &mut outputs[w];
    let blob = &mut output.blobs[f];
    let full = root.join(&blob.path);
    let mut content = fs::read(&full).map_err(io_error(&full))?;
    let body_end = content.len() - 1; // the final newline
    let line_start = content[..body_end]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line_len = body_end - line_start;
    let cut = line_start + (line_len / 2).max(1);
    content.truncate(cut);
    fs::write(&full, &content).map_err(io_error(&full))?;
    blob.bytes = cut as u64;
    anomalies.push(Anomaly {
        file: blob.path.clone(),
        line: Some(blob.lines),
        kind: "open_hour_tail",
        table: Some(blob.table.name()),
        detail: format!(
            "last line cut after {} of its {line_len} bytes, no final newline",
            cut - line_start
        ),
    });
    if let Some(day) = blob.last_valid_day.take() {
        removed.insert((w as u32, f as u32, blob.lines));
        let count = output
            .rows
            .get_mut(&(blob.table, day))
            .expect("the cut record was counted");
        *count -= 1;
    }
    Ok(())
}

/// Adds `count` zero-byte blobs in (workspace, table, hour) folders of the window that hold none.
pub(crate) fn add_empty_blobs(
    root: &Path,
    plan: &Plan,
    count: u32,
    outputs: &mut [WorkspaceOutput],
    anomalies: &mut Vec<Anomaly>,
) -> Result<(), GenError> {
    if count == 0 {
        return Ok(());
    }
    let mut taken: HashSet<String> = outputs
        .iter()
        .flat_map(|o| o.blobs.iter().map(|b| b.path.clone()))
        .collect();
    let mut rng = Rng::derive(plan.seed, &[u64::MAX, 2]);
    let first = floor_hour(plan.start);
    let hours = (floor_hour(plan.now - 1) - first) / HOUR + 1;
    for _ in 0..count {
        let slot = (0..10_000).find_map(|_| {
            let w = rng.below(outputs.len() as u64) as usize;
            let table = *rng.pick(&Table::ALL);
            let hour = first + rng.below(hours as u64) as i64 * HOUR;
            let path = blob_path(table, &plan.workspaces[w].resource_id_upper(), hour);
            taken.insert(path.clone()).then_some((w, table, hour, path))
        });
        let Some((w, table, hour, path)) = slot else {
            return Err(GenError::Config(format!(
                "no hour folder left for {count} empty blobs"
            )));
        };
        let full = root.join(&path);
        let dir = full.parent().expect("blob paths have folders");
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        fs::write(&full, b"").map_err(io_error(&full))?;
        anomalies.push(Anomaly {
            file: path.clone(),
            line: None,
            kind: "empty_blob",
            table: Some(table.name()),
            detail: "zero-byte PT1H.json in an hour folder without data".to_owned(),
        });
        outputs[w].blobs.push(BlobInfo {
            path,
            table,
            hour,
            lines: 0,
            bytes: 0,
            last_valid_day: None,
        });
    }
    Ok(())
}
