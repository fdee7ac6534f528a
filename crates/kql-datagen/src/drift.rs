//! `--drift`: schema drift in the written diagnostic blobs (azure-exports.md §8 gotchas 7–9,
//! §10.4), and its own oracle, `drift.json`, counted from what this pass writes.
//!
//! Run after the export is written (before reshaping), over every record in a fixed order (table,
//! blob path, line) with one seeded stream per table, so the output depends only on the seed:
//!
//! - **a property appears later and changes type**: from the middle of the window on, 5 % of the
//!   records of every table get `properties.NewField`, a JSON integer in the first third of that
//!   span, a real in the second and a numeric string in the last (long → real → string). The AML
//!   tables are catalogued, so the key stays in the `properties` bag with its JSON type;
//! - **properties disappear**: each optional property of [`OPTIONAL`] is dropped from 10 % of its
//!   table's records (a string reads as `""`, a number or datetime as null);
//! - **`VmPriority` = `lowpriority`** on 1 % of the cluster events older than a day, to prove
//!   `==` stays case-sensitive (the five target queries look at VmPriority only in the last day);
//! - **numbers as strings**: `CoreCount` written as a numeric string on 5 % of cluster events;
//! - **datetimes in .NET form**: `NodeAllocationTime` as `M/d/yyyy h:mm:ss tt` on 5 % of node
//!   events whose value is more than a minute away from target query 4's boundary (`now − 8d`),
//!   so dropping its fraction of a second cannot move a record across it;
//! - **JSON in a string**: `ErrorDetails` of 5 % of job events set to an escaped JSON object
//!   `{"code":"DriftCode<k>","retries":<n>}`.
//!
//! None of these touches a value the five target queries read (§5.4), so `expected/q1.csv` …
//! `q5.csv` still hold. `drift.json` lists checks, each a KQL query and its expected CSV (header
//! first, rows sorted), computed here from the written values by Kusto's documented rules:
//! `gettype` of a dynamic JSON integer is `int` (gettype.md), `isempty` is true for `""` and null.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::parquet::blobs_by_day;
use crate::reshape::sorted;
use crate::rng::Rng;
use crate::schema::Table;
use crate::time::{DAY, Ticks, parse_rfc3339, push_dotnet};
use crate::{GenError, io_error};

/// The properties dropped from 10 % of each table's records, none read by the target queries.
pub const OPTIONAL: [(Table, &[&str]); 3] = [
    (
        Table::ClusterEvent,
        &["CreatedBy", "NodeDeallocationOption", "IdleNodeCount"],
    ),
    (
        Table::JobEvent,
        &["ExperimentName", "CreationApiVersion", "RunInContainer"],
    ),
    (
        Table::ClusterNodeEvent,
        &["Offer", "Publisher", "NodeBootTime"],
    ),
];

/// Share of records (from the window's middle on) that get `NewField`.
const NEW_FIELD: f64 = 0.05;
/// Share of optional properties dropped.
const DROP: f64 = 0.10;
/// Share of old cluster events whose `VmPriority` is lower-cased.
const LOW_PRIORITY: f64 = 0.01;
/// Share of the records that get each value rewrite (strings, .NET datetimes, JSON).
const REWRITE: f64 = 0.05;

/// One check of the oracle: a query and its expected CSV lines (header first, rows sorted).
#[derive(Debug, Serialize)]
pub struct DriftCheck {
    /// What the check proves.
    pub name: String,
    /// The KQL query.
    pub query: String,
    /// Its expected CSV: the header, then the rows sorted as text.
    pub expected: Vec<String>,
}

/// What the drift pass counted, per table.
#[derive(Debug, Default)]
struct Counts {
    /// Valid records.
    rows: u64,
    /// Per property of [`OPTIONAL`]: records where it is absent, null or `""`.
    empty: BTreeMap<&'static str, u64>,
    /// Per `gettype` of `NewField`: records, first and last `time`.
    new_field: BTreeMap<&'static str, (u64, String, String)>,
}

/// The settings of the pass.
struct Window {
    now: Ticks,
    /// `NewField` appears from here on.
    appear: Ticks,
    /// Target query 4's boundary, `now − 8d`.
    q4_boundary: Ticks,
}

/// Applies the drift to every diagnostic blob under `export_root` and writes `drift.json` into
/// `oracle_dir`.
pub fn drift_export(
    export_root: &Path,
    oracle_dir: &Path,
    seed: u64,
    now: Ticks,
    days: u32,
) -> Result<Vec<DriftCheck>, GenError> {
    let window = Window {
        now,
        appear: now - i64::from(days) * DAY / 2,
        q4_boundary: now - 8 * DAY,
    };
    let mut checks = Vec::new();
    let mut priorities = (0u64, 0u64, 0u64);
    let mut cores = 0i64;
    let mut error_codes: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut dotnet = 0u64;
    for (index, table) in Table::ALL.into_iter().enumerate() {
        let mut days = BTreeMap::new();
        blobs_by_day(&export_root.join(table.container()), &mut days)?;
        let mut blobs: Vec<PathBuf> = days.into_values().flatten().collect();
        blobs.sort();
        let mut rng = Rng::derive(seed, &[u64::MAX, 3, index as u64]);
        let mut counts = Counts::default();
        for blob in &blobs {
            let text = fs::read_to_string(blob).map_err(io_error(blob))?;
            if text.is_empty() {
                continue;
            }
            let mut out = String::with_capacity(text.len() + 256);
            for line in text.split_terminator('\n') {
                match serde_json::from_str::<Map<String, Value>>(line) {
                    Ok(mut record) => {
                        let mut drift = RecordDrift {
                            rng: &mut rng,
                            window: &window,
                            counts: &mut counts,
                        };
                        match table {
                            Table::ClusterEvent => {
                                drift.cluster_event(&mut record, &mut priorities, &mut cores)
                            }
                            Table::JobEvent => drift.job_event(&mut record, &mut error_codes),
                            Table::ClusterNodeEvent => drift.node_event(&mut record, &mut dotnet),
                        }
                        drift.common(table, &mut record);
                        out.push_str(&Value::Object(sorted(record)).to_string());
                    }
                    Err(_) => out.push_str(line),
                }
                out.push('\n');
            }
            if !text.ends_with('\n') {
                out.pop();
            }
            fs::write(blob, out).map_err(io_error(blob))?;
        }
        checks.extend(table_checks(&table, &counts));
    }
    checks.push(DriftCheck {
        name: "VmPriority 'lowpriority': == is case-sensitive, =~ is not".to_owned(),
        query: "AmlComputeClusterEvent | summarize exact = countif(VmPriority == 'LowPriority'), \
                lower = countif(VmPriority == 'lowpriority'), \
                either = countif(VmPriority =~ 'lowpriority')"
            .to_owned(),
        expected: vec![
            "exact,lower,either".to_owned(),
            format!(
                "{},{},{}",
                priorities.0,
                priorities.1,
                priorities.0 + priorities.1
            ),
        ],
    });
    checks.push(DriftCheck {
        name: "CoreCount as numbers and numeric strings reads as long".to_owned(),
        query: "AmlComputeClusterEvent | summarize cores = sum(CoreCount)".to_owned(),
        expected: vec!["cores".to_owned(), cores.to_string()],
    });
    let mut rows: Vec<String> = error_codes
        .iter()
        .map(|(code, (n, retries))| format!("{code},{n},{retries}"))
        .collect();
    rows.sort();
    checks.push(DriftCheck {
        name: "JSON in the string ErrorDetails opens with parse_json".to_owned(),
        query: "AmlComputeJobEvent | extend d = parse_json(ErrorDetails) \
                | where tostring(d.code) startswith 'DriftCode' \
                | summarize n = count(), retries = sum(tolong(d.retries)) by code = tostring(d.code)"
            .to_owned(),
        expected: std::iter::once("code,n,retries".to_owned())
            .chain(rows)
            .collect(),
    });
    checks.push(DriftCheck {
        name: ".NET datetimes in NodeAllocationTime read as datetimes".to_owned(),
        query:
            "AmlComputeClusterNodeEvent | summarize dotnet = countif(isnotnull(NodeAllocationTime) \
                and tostring(properties.NodeAllocationTime) contains '/')"
                .to_owned(),
        expected: vec!["dotnet".to_owned(), dotnet.to_string()],
    });
    let path = oracle_dir.join("drift.json");
    // A struct, not `json!`: a `Value` map's key order depends on serde_json's `preserve_order`
    // feature, which cargo turns on or off per build (kql-cli enables it).
    #[derive(Serialize)]
    struct DriftFile<'a> {
        checks: &'a [DriftCheck],
    }
    let mut text =
        serde_json::to_string_pretty(&DriftFile { checks: &checks }).map_err(|e| GenError::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
    text.push('\n');
    fs::create_dir_all(oracle_dir).map_err(io_error(oracle_dir))?;
    fs::write(&path, text).map_err(io_error(&path))?;
    Ok(checks)
}

/// The row count, emptiness and `NewField` checks of one table.
fn table_checks(table: &Table, counts: &Counts) -> Vec<DriftCheck> {
    let name = table.name();
    let optional = OPTIONAL
        .iter()
        .find(|(t, _)| t == table)
        .map_or(&[][..], |(_, p)| p);
    let header: Vec<String> = std::iter::once("rows".to_owned())
        .chain(optional.iter().map(|p| format!("empty{p}")))
        .collect();
    let values: Vec<String> = std::iter::once(counts.rows.to_string())
        .chain(optional.iter().map(|p| counts.empty[p].to_string()))
        .collect();
    let aggregates: Vec<String> = std::iter::once("rows = count()".to_owned())
        .chain(
            optional
                .iter()
                .map(|p| format!("empty{p} = countif(isempty({p}))")),
        )
        .collect();
    let mut new_field: Vec<String> = counts
        .new_field
        .iter()
        .map(|(kind, (n, first, last))| format!("{kind},{n},{first},{last}"))
        .collect();
    new_field.sort();
    vec![
        DriftCheck {
            name: format!("{name}: no row lost; dropped properties read as empty"),
            query: format!("{name} | summarize {}", aggregates.join(", ")),
            expected: vec![header.join(","), values.join(",")],
        },
        DriftCheck {
            name: format!("{name}: NewField appears later, long then real then string"),
            query: format!(
                "{name} | where isnotnull(properties.NewField) \
                 | summarize n = count(), first = min(TimeGenerated), last = max(TimeGenerated) \
                 by kind = gettype(properties.NewField)"
            ),
            expected: std::iter::once("kind,n,first,last".to_owned())
                .chain(new_field)
                .collect(),
        },
    ]
}

/// The drift of one record.
struct RecordDrift<'a> {
    rng: &'a mut Rng,
    window: &'a Window,
    counts: &'a mut Counts,
}

impl RecordDrift<'_> {
    /// `NewField` and dropped properties, then the counts every table has.
    fn common(&mut self, table: Table, record: &mut Map<String, Value>) {
        let time_text = record
            .get("time")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let time = parse_rfc3339(&time_text).unwrap_or(self.window.now);
        let Some(Value::Object(bag)) = record.get_mut("properties") else {
            return;
        };
        self.counts.rows += 1;
        if time >= self.window.appear && self.rng.chance(NEW_FIELD) {
            let span = (self.window.now - self.window.appear).max(1);
            let k = self.rng.between(1, 1000);
            let (kind, value) = match (time - self.window.appear) * 3 / span {
                0 => ("int", Value::from(k)),
                1 => ("real", Value::from(k as f64 + 0.5)),
                _ => ("string", Value::from(format!("{k}.5"))),
            };
            bag.insert("NewField".to_owned(), value);
            let entry = self
                .counts
                .new_field
                .entry(kind)
                .or_insert_with(|| (0, time_text.clone(), time_text.clone()));
            entry.0 += 1;
            if time_text < entry.1 {
                entry.1 = time_text.clone();
            }
            if time_text > entry.2 {
                entry.2 = time_text.clone();
            }
        }
        let optional = OPTIONAL
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(&[][..], |(_, p)| p);
        for &property in optional {
            if self.rng.chance(DROP) {
                bag.remove(property);
            }
            let empty = match bag.get(property) {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.is_empty(),
                Some(_) => false,
            };
            *self.counts.empty.entry(property).or_default() += u64::from(empty);
        }
    }

    /// `VmPriority` lower-cased on old events; `CoreCount` as a string; the sum of `CoreCount`.
    fn cluster_event(
        &mut self,
        record: &mut Map<String, Value>,
        priorities: &mut (u64, u64, u64),
        cores: &mut i64,
    ) {
        let time = record
            .get("time")
            .and_then(Value::as_str)
            .and_then(|t| parse_rfc3339(t).ok())
            .unwrap_or(self.window.now);
        let Some(Value::Object(bag)) = record.get_mut("properties") else {
            return;
        };
        let low = self.rng.chance(LOW_PRIORITY);
        if low && time <= self.window.now - DAY && bag.contains_key("VmPriority") {
            bag.insert("VmPriority".to_owned(), Value::from("lowpriority"));
        }
        match bag.get("VmPriority").and_then(Value::as_str) {
            Some("LowPriority") => priorities.0 += 1,
            Some("lowpriority") => priorities.1 += 1,
            _ => priorities.2 += 1,
        }
        let as_string = self.rng.chance(REWRITE);
        let core_count = match bag.get("CoreCount") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.parse::<i64>().ok(),
            _ => None,
        };
        if let Some(n) = core_count {
            *cores += n;
            if as_string {
                bag.insert("CoreCount".to_owned(), Value::from(n.to_string()));
            }
        }
    }

    /// `ErrorDetails` as an escaped JSON object.
    fn job_event(
        &mut self,
        record: &mut Map<String, Value>,
        codes: &mut BTreeMap<String, (u64, u64)>,
    ) {
        let Some(Value::Object(bag)) = record.get_mut("properties") else {
            return;
        };
        if self.rng.chance(REWRITE) {
            let code = format!("DriftCode{}", self.rng.below(3));
            let retries = self.rng.between(0, 9);
            let details = serde_json::json!({ "code": code, "retries": retries }).to_string();
            bag.insert("ErrorDetails".to_owned(), Value::from(details));
            let entry = codes.entry(code).or_default();
            entry.0 += 1;
            entry.1 += retries;
        }
    }

    /// `NodeAllocationTime` in .NET form away from target query 4's boundary.
    fn node_event(&mut self, record: &mut Map<String, Value>, dotnet: &mut u64) {
        let Some(Value::Object(bag)) = record.get_mut("properties") else {
            return;
        };
        if !self.rng.chance(REWRITE) {
            return;
        }
        let Some(t) = bag
            .get("NodeAllocationTime")
            .and_then(Value::as_str)
            .and_then(|t| parse_rfc3339(t).ok())
        else {
            return;
        };
        if (t - self.window.q4_boundary).abs() <= 60 * crate::time::SECOND {
            return;
        }
        let mut text = Vec::new();
        push_dotnet(&mut text, t);
        let text = String::from_utf8(text).expect("push_dotnet writes ASCII");
        bag.insert("NodeAllocationTime".to_owned(), Value::from(text));
        *dotnet += 1;
    }
}
