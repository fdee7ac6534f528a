//! Noise knobs that reshape the written diagnostic blobs without changing their records
//! (azure-exports.md §10.4), so the oracle's answers still hold:
//!
//! - `--key-case camel`: keys as some services write them (§2.3, §5.3): `properties` keys with a
//!   lower-case first letter (`clusterName`, `vmSize`) and the top-level `resourceid`;
//! - `--legacy-wrapper`: the blobs of even hours as the pre-2018-11-01 framing, one
//!   pretty-printed `{"records":[…]}` object (§2.2); blobs holding an invalid line (`--malformed`,
//!   `--open-hour`) keep JSON lines, as a wrapper around a broken record would lose the blob;
//! - `--gzip`: every non-empty blob gzipped into `PT1H.json.gz` (re-archives, §2.2).
//!
//! Invalid lines are kept as they are. Keys are rewritten through `serde_json`'s map, so a
//! rewritten record's keys come out sorted. `manifest.json` describes the blobs as first written
//! (anomaly files keep their `PT1H.json` names).

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value};

use crate::parquet::blobs_by_day;
use crate::schema::Table;
use crate::{GenError, io_error};

/// Which reshaping knobs are on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reshape {
    /// Rewrite keys in camel case (`--key-case camel`).
    pub camel_keys: bool,
    /// Wrap the blobs of even hours in `{"records":[…]}` (`--legacy-wrapper`).
    pub legacy_wrapper: bool,
    /// Gzip every non-empty blob (`--gzip`).
    pub gzip: bool,
}

impl Reshape {
    /// True when no knob is on.
    pub fn is_noop(self) -> bool {
        self == Reshape::default()
    }
}

/// `ClusterName` → `clusterName`.
fn lower_first(key: &str) -> String {
    let mut s = key.to_owned();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    s
}

/// A record with camel-case keys.
fn camel(record: Map<String, Value>) -> Map<String, Value> {
    record
        .into_iter()
        .map(|(k, v)| match v {
            _ if k == "resourceId" => ("resourceid".to_owned(), v),
            Value::Object(bag) if k == "properties" => {
                let bag = bag.into_iter().map(|(k, v)| (lower_first(&k), v)).collect();
                (k, Value::Object(bag))
            }
            v => (k, v),
        })
        .collect()
}

/// A record with the keys of every object in it sorted, whether or not serde_json's
/// `preserve_order` feature is on in this build (kql-cli turns it on, and cargo unifies features
/// in a workspace build): the committed fixtures are the same bytes either way.
pub(crate) fn sorted(mut record: Map<String, Value>) -> Map<String, Value> {
    record.sort_keys();
    record.values_mut().for_each(Value::sort_all_objects);
    record
}

/// True for a blob in an even `h=` folder.
fn even_hour(path: &Path) -> bool {
    path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .and_then(|s| s.strip_prefix("h="))
            .and_then(|h| h.parse::<u32>().ok())
            .is_some_and(|h| h % 2 == 0)
    })
}

/// Reshapes one blob in place (see the module doc).
fn reshape_blob(path: &Path, knobs: Reshape) -> Result<(), GenError> {
    let text = fs::read_to_string(path).map_err(io_error(path))?;
    if text.is_empty() {
        return Ok(());
    }
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    let parsed: Vec<Option<Map<String, Value>>> =
        lines.iter().map(|l| serde_json::from_str(l).ok()).collect();
    let all_valid = parsed.iter().all(Option::is_some);
    let records: Vec<Option<Map<String, Value>>> = parsed
        .into_iter()
        .map(|r| r.map(|r| sorted(if knobs.camel_keys { camel(r) } else { r })))
        .collect();
    let body = if knobs.legacy_wrapper && all_valid && even_hour(path) {
        let records: Vec<Value> = records.into_iter().flatten().map(Value::Object).collect();
        let mut wrapper = Map::new();
        wrapper.insert("records".to_owned(), Value::Array(records));
        let mut s =
            serde_json::to_string_pretty(&Value::Object(wrapper)).map_err(|e| GenError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other(e),
            })?;
        s.push('\n');
        s
    } else if knobs.camel_keys {
        let mut s = String::with_capacity(text.len());
        for (line, record) in lines.iter().zip(&records) {
            match record {
                Some(r) => s.push_str(&Value::Object(r.clone()).to_string()),
                None => s.push_str(line),
            }
            s.push('\n');
        }
        // An unterminated last line (`--open-hour`) stays unterminated.
        if !text.ends_with('\n') {
            s.pop();
        }
        s
    } else {
        text.clone()
    };
    if knobs.gzip {
        let mut gz_name = path.as_os_str().to_owned();
        gz_name.push(".gz");
        let gz_path = Path::new(&gz_name);
        let file = fs::File::create(gz_path).map_err(io_error(gz_path))?;
        let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        enc.write_all(body.as_bytes()).map_err(io_error(gz_path))?;
        enc.finish().map_err(io_error(gz_path))?;
        fs::remove_file(path).map_err(io_error(path))?;
    } else if body != text {
        fs::write(path, body).map_err(io_error(path))?;
    }
    Ok(())
}

/// Applies `knobs` to every diagnostic blob under the export root.
pub fn reshape_export(export_root: &Path, knobs: Reshape) -> Result<(), GenError> {
    if knobs.is_noop() {
        return Ok(());
    }
    for table in Table::ALL {
        let mut days = std::collections::BTreeMap::new();
        blobs_by_day(&export_root.join(table.container()), &mut days)?;
        for blob in days.into_values().flatten() {
            reshape_blob(&blob, knobs)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_keys() {
        let r: Map<String, Value> = serde_json::from_str(
            r#"{"time":"t","resourceId":"/S","properties":{"ClusterName":"c","VmSize":"V"}}"#,
        )
        .unwrap();
        let v = Value::Object(camel(r));
        assert_eq!(v["resourceid"], "/S");
        assert_eq!(v["properties"]["clusterName"], "c");
        assert_eq!(v["properties"]["vmSize"], "V");
        assert!(v.get("resourceId").is_none());
        assert!(even_hour(Path::new(
            "a/y=2026/m=11/d=19/h=04/m=00/PT1H.json"
        )));
        assert!(!even_hour(Path::new(
            "a/y=2026/m=11/d=19/h=05/m=00/PT1H.json"
        )));
    }
}
