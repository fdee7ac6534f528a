//! What to generate: the user's [`Config`] and the byte-size parser for `--target-bytes`.
//!
//! A `Config` fully determines the output bytes. [`crate::generate`] resolves it into a
//! `topology::Plan` (span, workspaces, rates), growing it when a target size is given.

use std::path::PathBuf;

use crate::time::Ticks;

/// Everything that determines a generated export.
#[derive(Debug, Clone)]
pub struct Config {
    /// Export root: the `insights-logs-*` containers go directly under it.
    pub out: PathBuf,
    /// Oracle folder for `manifest.json` and `expected/`; `None` writes them into `out`.
    pub oracle: Option<PathBuf>,
    /// Replace generated entries already present under `out` and `oracle` (other files are left
    /// alone).
    pub overwrite: bool,
    /// Seed of every random stream.
    pub seed: u64,
    /// The pinned `now()`: no event happens at or after it, no record arrives after it.
    pub now: Ticks,
    /// Length of the simulated window before `now`, in days.
    pub days: u32,
    /// AML workspaces: the first four are the §10.1 ones, more are generated `mlw-bench-NNN`.
    pub workspaces: u32,
    /// Multiplier of job and resize rates (1 = the default, fixture-sized rates).
    pub rate: f64,
    /// Fraction of `int` property values written as numeric strings (`"TargetNodeCount":"4"`).
    pub stringly_numbers: f64,
    /// Cut the newest blob's last line mid-record, without a newline.
    pub open_hour: bool,
    /// Fraction of lines replaced by invalid JSON.
    pub malformed: f64,
    /// Zero-byte `PT1H.json` blobs to add in hour folders that have no data.
    pub empty_blobs: u32,
    /// Grow the export until it holds about this many bytes (overrides `workspaces` and `rate`, and
    /// `days` unless [`Config::keep_days`]).
    pub target_bytes: Option<u64>,
    /// With `target_bytes`: keep the span of `days` and grow only rates and workspaces (a
    /// benchmark set of a fixed number of days).
    pub keep_days: bool,
}

impl Config {
    /// The defaults of the CLI: seed 42, `now` 2026-11-20T00:00:00Z, 10 days, 4 workspaces, no
    /// noise, the oracle written into `out`.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        Self {
            out: out.into(),
            oracle: None,
            overwrite: false,
            seed: 42,
            now: crate::time::parse_rfc3339("2026-11-20T00:00:00Z").expect("a valid literal"),
            days: 10,
            workspaces: 4,
            rate: 1.0,
            stringly_numbers: 0.0,
            open_hour: false,
            malformed: 0.0,
            empty_blobs: 0,
            target_bytes: None,
            keep_days: false,
        }
    }
}

/// Parses a byte size: a number with an optional binary suffix `K`, `M`, `G`, `T` (optionally
/// followed by `B` or `iB`): `500M` = 500·2²⁰, `2G`, `1048576`, `1.5G`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let stripped = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (number, factor) = match stripped.chars().last() {
        Some('K') => (&stripped[..stripped.len() - 1], 1u64 << 10),
        Some('M') => (&stripped[..stripped.len() - 1], 1 << 20),
        Some('G') => (&stripped[..stripped.len() - 1], 1 << 30),
        Some('T') => (&stripped[..stripped.len() - 1], 1 << 40),
        _ => (stripped, 1),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("expected a size such as 500M, 2G or 1048576, found '{text}'"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!("expected a positive size, found '{text}'"));
    }
    Ok((value * factor as f64).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert_eq!(parse_size("500M"), Ok(500 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("2gb"), Ok(2 << 30));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1M").is_err());
    }
}
