//! Export layouts: what a file's path says about its table, row shape, format and time.
//!
//! Each layout (one file each, implementing [`ExportLayout`]) recognises paths by the §2.1
//! grammar of `azure-exports.md`, matched on path components at any depth, never by Hive
//! `key=value` inference (`m=` appears twice and `resourceId=` is empty):
//!
//! ```text
//! blob      := container "/" segment* time-path ("/" segment)* "/" leaf
//! container := "insights-logs-" category | "insights-activity-logs" | "insights-metrics-pt1m"
//!            | "am-" table
//! time-path := "y=" YYYY "/m=" MM "/d=" DD "/h=" HH "/m=" mm
//! leaf      := ("PT1H" | "PT05M") ("_" N)? ".json" (".gz")?
//! ```
//!
//! - [`diagnostic::DiagnosticSettings`]: `insights-*` containers (resource logs, activity log,
//!   metrics);
//! - [`workspace_export::WorkspaceExport`]: `am-<table>` containers (flat rows);
//! - [`plain::PlainFiles`]: `<Table>.json|.jsonl|.ndjson[.gz]|.parquet` and table-named folders.
//!
//! Discovery asks every layout and keeps the match with the deepest container.

pub(crate) mod diagnostic;
pub(crate) mod plain;
pub(crate) mod workspace_export;

use crate::catalog::KnownTable;
use crate::json::prune::{FileTime, MINUTE_NS};

/// A file as discovery found it.
#[derive(Debug)]
pub(crate) struct FilePath {
    /// Components of the canonical path, lossily decoded, without the root `/`.
    pub(crate) components: Vec<String>,
    /// Index in `components` of the first component below the root (for a root that is the file
    /// itself: the file's index).
    pub(crate) root_depth: usize,
    /// The `--data` root is this very file.
    pub(crate) root_is_file: bool,
}

impl FilePath {
    /// The file name.
    pub(crate) fn file_name(&self) -> &str {
        self.components.last().map_or("", String::as_str)
    }

    /// The folders holding the file, outermost first.
    pub(crate) fn folders(&self) -> &[String] {
        &self.components[..self.components.len().saturating_sub(1)]
    }
}

/// The storage format of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// JSON lines or `{"records":[…]}`, maybe gzipped.
    Json,
    /// Apache Parquet.
    Parquet,
}

/// Which record field names a table whose container is not catalogued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NameField {
    /// Diagnostic records' `category` (§8.18: unknown categories take its casing).
    Category,
    /// Export rows' `Type`.
    Type,
}

/// How the table of a file is named.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum TableSource {
    /// A catalogued table.
    Known(&'static str),
    /// Named by a field of the records, else `fallback`; `key` groups files of one container.
    FromRecords {
        /// The field.
        field: NameField,
        /// Container-derived fallback name, also the grouping key.
        fallback: String,
    },
    /// Named by the path.
    Named(String),
}

impl TableSource {
    /// By name: a catalogued table (any case) or the name as written.
    pub(crate) fn by_name(name: &str) -> TableSource {
        match crate::catalog::table_by_name(name) {
            Some(KnownTable { name, .. }) => TableSource::Known(name),
            None => TableSource::Named(name.to_owned()),
        }
    }
}

/// The row shape a layout implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeHint {
    /// Resource-log records.
    Diagnostic,
    /// Log Analytics rows.
    Flat,
    /// Unknown: decided from the first record.
    Sniff,
}

/// What a layout recognised in a path.
#[derive(Debug, Clone)]
pub(crate) struct Classified {
    /// 1 + index of the container component (0 for plain files): the deepest container wins.
    pub(crate) depth: usize,
    /// The table.
    pub(crate) table: TableSource,
    /// Row shape.
    pub(crate) shape: ShapeHint,
    /// Time information from the path.
    pub(crate) time: FileTime,
    /// Storage format.
    pub(crate) format: Format,
    /// The Log Analytics workspace the rows were exported from, when the path says so (workspace
    /// data exports' `WorkspaceResourceId=/subscriptions/…/workspaces/<ws>` folders).
    pub(crate) workspace: Option<String>,
}

/// A storage layout of exports: recognises paths and says what they hold.
pub(crate) trait ExportLayout: Sync {
    /// What it recognises, for messages.
    fn name(&self) -> &'static str;
    /// The classification of `file`, or `None` when the layout does not apply.
    fn classify(&self, file: &FilePath) -> Option<Classified>;
}

/// The names of all layouts, for messages.
pub(crate) fn layout_names() -> String {
    LAYOUTS
        .iter()
        .map(|l| l.name())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every layout, in order of preference for equal depths.
pub(crate) const LAYOUTS: &[&dyn ExportLayout] = &[
    &diagnostic::DiagnosticSettings,
    &workspace_export::WorkspaceExport,
    &plain::PlainFiles,
];

/// The best classification of a file, if any layout recognises it.
pub(crate) fn classify(file: &FilePath) -> Option<Classified> {
    let mut best: Option<Classified> = None;
    for layout in LAYOUTS {
        if let Some(c) = layout.classify(file)
            && best.as_ref().is_none_or(|b| c.depth > b.depth)
        {
            best = Some(c);
        }
    }
    best
}

/// What a folder is to a scoped walk ([`crate::scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// An `insights-*` or `am-*` container whose name alone names its table.
    Named(&'static str),
    /// An `insights-*` or `am-*` container whose table its paths or records name.
    Unnamed,
}

/// The container a folder name makes, if any (the diagnostic-settings and workspace-export
/// grammars; plain table folders are not containers).
pub(crate) fn container(folder: &str) -> Option<Container> {
    if let Some(t) =
        diagnostic::container_table(folder).or_else(|| workspace_export::container_table(folder))
    {
        Some(Container::Named(t))
    } else if diagnostic::is_container(folder) || workspace_export::is_container(folder) {
        Some(Container::Unnamed)
    } else {
        None
    }
}

/// The format of a file name: `.json`, `.jsonl`, `.ndjson` (optionally `.gz`) or `.parquet`.
pub(crate) fn file_format(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    if [".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|e| base.ends_with(e))
    {
        Some(Format::Json)
    } else if lower.ends_with(".parquet") {
        Some(Format::Parquet)
    } else {
        None
    }
}

/// The file name without its data extensions (`AmlComputeJobEvent.jsonl.gz` → `AmlComputeJobEvent`).
pub(crate) fn table_stem(name: &str) -> &str {
    let mut stem = name;
    for ext in [".gz", ".json", ".jsonl", ".ndjson", ".parquet"] {
        if stem.len() > ext.len() && stem.to_ascii_lowercase().ends_with(ext) {
            stem = &stem[..stem.len() - ext.len()];
        }
    }
    stem
}

/// The index of the last folder matching `pred`.
pub(crate) fn last_folder(file: &FilePath, pred: impl Fn(&str) -> bool) -> Option<usize> {
    file.folders().iter().rposition(|c| pred(c))
}

/// `key=` + exactly `digits` ASCII digits.
fn key_value(seg: &str, key: &str, digits: usize) -> Option<u32> {
    let (k, v) = seg.split_once('=')?;
    if !k.eq_ignore_ascii_case(key) || v.len() != digits || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// The leaf kind: `PT1H` or `PT05M`, with optional `_N` overflow suffix and `.json[.gz]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Hour,
    FiveMinutes,
}

fn leaf_kind(name: &str) -> Option<Leaf> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    let base = base.strip_suffix(".json")?;
    let (kind, rest) = if let Some(r) = base.strip_prefix("pt1h") {
        (Leaf::Hour, r)
    } else if let Some(r) = base.strip_prefix("pt05m") {
        (Leaf::FiveMinutes, r)
    } else {
        return None;
    };
    match rest.strip_prefix('_') {
        None if rest.is_empty() => Some(kind),
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => Some(kind),
        _ => None,
    }
}

/// The time the path gives its rows: a `y=/m=/d=/h=/m=` run of folders (the last one in the
/// path) and a `PT1H`/`PT05M` leaf. `PT1H` leaves are arrival hours (§6: diagnostic slack, also
/// for preview-era hourly exports); `PT05M` leaves are exact 5-minute `TimeGenerated` buckets.
pub(crate) fn path_time(file: &FilePath) -> FileTime {
    let Some(leaf) = leaf_kind(file.file_name()) else {
        return FileTime::Unknown;
    };
    let folders = file.folders();
    let parsed = folders.windows(5).rev().find_map(|w| {
        Some((
            key_value(&w[0], "y", 4)?,
            key_value(&w[1], "m", 2)?,
            key_value(&w[2], "d", 2)?,
            key_value(&w[3], "h", 2)?,
            key_value(&w[4], "m", 2)?,
        ))
    });
    let Some((y, mo, d, h, mi)) = parsed else {
        return FileTime::Unknown;
    };
    let Some(start) = crate::json::convert::civil_to_nanos(i64::from(y), mo, d, h, mi, 0, 0) else {
        return FileTime::Unknown;
    };
    match leaf {
        Leaf::Hour => FileTime::ArrivalHour(start - i64::from(mi) * MINUTE_NS),
        Leaf::FiveMinutes => FileTime::Bucket {
            start,
            len: 5 * MINUTE_NS,
        },
    }
}

/// The time of a folder tree's partition folders (Hive style `key=value`), as a `TimeGenerated`
/// bucket: the last run in the path of `y=YYYY` or `year=YYYY`, then optionally `m=`/`month=MM`,
/// `d=`/`day=DD`, `h=`/`hour=HH`, `m=`/`minute=mm` in that order (the finest level found gives
/// the bucket's length); or `date=YYYY-MM-DD` optionally followed by `h=`/`hour=HH`; or
/// `timestamp=YYYY-MM-DDTHH` (a Log Analytics export job's default hourly folders,
/// azure-exports.md §4.1). Other folders may sit between runs, not inside one. Partition folders
/// are taken as the `TimeGenerated` of their rows (how export jobs bucket is undocumented;
/// `--no-pruning` reads every file).
pub(crate) fn partition_time(file: &FilePath) -> FileTime {
    let folders = file.folders();
    for (i, seg) in folders.iter().enumerate().rev() {
        let Some((key, value)) = seg.split_once('=') else {
            continue;
        };
        let key = key.to_ascii_lowercase();
        let rest = &folders[i + 1..];
        let found = match key.as_str() {
            "y" | "year" => digits(value, 4).and_then(|y| ymdhm_run(y, rest)),
            "date" => date_value(value).and_then(|(y, mo, d)| {
                let hour = rest
                    .first()
                    .and_then(|s| key_value(s, "h", 2).or_else(|| key_value(s, "hour", 2)));
                civil_bucket(
                    [y, mo, d, hour.unwrap_or(0), 0],
                    3 + usize::from(hour.is_some()),
                )
            }),
            "timestamp" => value.split_once(['T', 't']).and_then(|(date, hour)| {
                let (y, mo, d) = date_value(date)?;
                civil_bucket([y, mo, d, digits(hour, 2)?, 0], 4)
            }),
            _ => None,
        };
        if let Some((start, len)) = found {
            return FileTime::Bucket { start, len };
        }
    }
    FileTime::Unknown
}

/// Exactly `n` ASCII digits.
fn digits(v: &str, n: usize) -> Option<u32> {
    (v.len() == n && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`.
fn date_value(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.splitn(3, '-');
    Some((
        digits(parts.next()?, 4)?,
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
    ))
}

/// The bucket of year `y` and the month, day, hour and minute folders that follow it.
fn ymdhm_run(y: u32, rest: &[String]) -> Option<(i64, i64)> {
    const KEYS: [(&str, &str); 4] = [("m", "month"), ("d", "day"), ("h", "hour"), ("m", "minute")];
    let mut parts = [y, 1, 1, 0, 0];
    let mut levels = 1;
    for ((short, long), seg) in KEYS.iter().zip(rest) {
        match key_value(seg, short, 2).or_else(|| key_value(seg, long, 2)) {
            Some(v) => {
                parts[levels] = v;
                levels += 1;
            }
            None => break,
        }
    }
    civil_bucket(parts, levels)
}

/// `[start, start of the next unit)` of a civil time whose first `levels` parts (year, month,
/// day, hour, minute) are given, as (start, length) in ns; `None` when it is not a valid time.
fn civil_bucket(p: [u32; 5], levels: usize) -> Option<(i64, i64)> {
    let at = |p: [u32; 5]| {
        crate::json::convert::civil_to_nanos(i64::from(p[0]), p[1], p[2], p[3], p[4], 0, 0)
    };
    let start = at(p)?;
    let end = match levels {
        1 => at([p[0] + 1, 1, 1, 0, 0])?,
        2 if p[1] == 12 => at([p[0] + 1, 1, 1, 0, 0])?,
        2 => at([p[0], p[1] + 1, 1, 0, 0])?,
        3 => start + 24 * 60 * MINUTE_NS,
        4 => start + 60 * MINUTE_NS,
        _ => start + MINUTE_NS,
    };
    Some((start, end - start))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `FilePath` for a path given as text, with the root `root_depth` components deep.
    pub(crate) fn fp(path: &str, root_depth: usize, root_is_file: bool) -> FilePath {
        FilePath {
            components: path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            root_depth,
            root_is_file,
        }
    }

    #[test]
    fn leaves() {
        assert_eq!(leaf_kind("PT1H.json"), Some(Leaf::Hour));
        assert_eq!(leaf_kind("PT1H_12.json.gz"), Some(Leaf::Hour));
        assert_eq!(leaf_kind("PT05M_1.json"), Some(Leaf::FiveMinutes));
        assert_eq!(leaf_kind("PT1H_.json"), None);
        assert_eq!(leaf_kind("PT1H.jsonl"), None);
        assert_eq!(leaf_kind("data.json"), None);
    }

    #[test]
    fn time_segments_anywhere() {
        // 2024-05-01T13:00Z = 1714568400 s.
        let h13 = 1_714_568_400 * 1_000_000_000;
        let f = fp(
            "x/insights-logs-a/resourceId=/SUBSCRIPTIONS/S/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            1,
            false,
        );
        assert_eq!(path_time(&f), FileTime::ArrivalHour(h13));
        let f = fp(
            "am-t/WorkspaceResourceId=/subscriptions/s/y=2024/m=05/d=01/h=13/m=35/PT05M_2.json",
            1,
            false,
        );
        assert_eq!(
            path_time(&f),
            FileTime::Bucket {
                start: h13 + 35 * MINUTE_NS,
                len: 5 * MINUTE_NS
            }
        );
        // Extra segments after the time path (NSG `macAddress=`) are fine.
        let f = fp(
            "insights-logs-n/resourceId=/y=2024/m=05/d=01/h=13/m=00/macAddress=00-11/PT1H.json",
            1,
            false,
        );
        assert_eq!(path_time(&f), FileTime::ArrivalHour(h13));
        let f = fp("insights-logs-n/y=2024/m=05/d=01/PT1H.json", 1, false);
        assert_eq!(path_time(&f), FileTime::Unknown);
        let f = fp("t/y=2024/m=13/d=01/h=00/m=00/PT1H.json", 1, false);
        assert_eq!(path_time(&f), FileTime::Unknown);
    }

    #[test]
    fn partition_folders() {
        // 2024-05-01T00:00Z = 1714521600 s; hours and days in ns.
        let may1 = 1_714_521_600 * 1_000_000_000;
        let (hour, day) = (60 * MINUTE_NS, 24 * 60 * MINUTE_NS);
        let t = |p: &str| partition_time(&fp(p, 1, false));
        let bucket = |start, len| FileTime::Bucket { start, len };
        assert_eq!(
            t("r/T/y=2024/m=05/d=01/h=13/part-0.parquet"),
            bucket(may1 + 13 * hour, hour)
        );
        assert_eq!(
            t("r/T/year=2024/month=05/day=01/hour=13/x.parquet"),
            bucket(may1 + 13 * hour, hour)
        );
        assert_eq!(
            t("r/c/workspaceId/g/jobId/j/timestamp=2024-05-01T13/a.parquet"),
            bucket(may1 + 13 * hour, hour)
        );
        assert_eq!(t("r/T/date=2024-05-01/a.parquet"), bucket(may1, day));
        assert_eq!(
            t("r/T/date=2024-05-01/hour=02/a.parquet"),
            bucket(may1 + 2 * hour, hour)
        );
        // May has 31 days; December ends the year.
        assert_eq!(
            t("r/T/year=2024/month=05/a.parquet"),
            bucket(may1, 31 * day)
        );
        assert_eq!(
            t("r/T/y=2024/m=12/a.parquet"),
            bucket(may1 + 214 * day, 31 * day)
        );
        assert_eq!(
            t("r/T/y=2024/m=05/d=01/h=13/m=35/a.parquet"),
            bucket(may1 + 13 * hour + 35 * MINUTE_NS, MINUTE_NS)
        );
        assert_eq!(t("r/T/y=2024/m=13/a.parquet"), FileTime::Unknown);
        assert_eq!(t("r/T/region=eu/a.parquet"), FileTime::Unknown);
        assert_eq!(t("r/T/date=2024-5-1/a.parquet"), FileTime::Unknown);
    }

    #[test]
    fn formats_and_stems() {
        assert_eq!(file_format("T.json"), Some(Format::Json));
        assert_eq!(file_format("T.NDJSON.GZ"), Some(Format::Json));
        assert_eq!(file_format("part-0.snappy.parquet"), Some(Format::Parquet));
        assert_eq!(file_format("T.csv"), None);
        assert_eq!(file_format("T.gz"), None);
        assert_eq!(
            table_stem("AmlComputeJobEvent.jsonl.gz"),
            "AmlComputeJobEvent"
        );
        assert_eq!(table_stem("T.parquet"), "T");
        assert_eq!(table_stem(".json"), ".json");
    }

    #[test]
    fn deepest_container_wins() {
        let f = fp(
            "am-x/insights-logs-amlcomputejobevent/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            1,
            false,
        );
        let c = classify(&f).unwrap();
        assert_eq!(c.table, TableSource::Known("AmlComputeJobEvent"));
        assert_eq!(c.shape, ShapeHint::Diagnostic);
    }
}
