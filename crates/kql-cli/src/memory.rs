//! `--memory-limit` and `--temp-dir` of `kql query`, `kql plan` and `kql convert`: read into
//! the engine's [`MemoryOptions`], and the spill line of `--stats`.

use kql_engine::memory::{MIN_MEMORY_LIMIT, default_memory_limit, parse_size};
use kql_engine::{MemoryOptions, SpillStats};
use std::path::Path;

/// The memory options of a query: the given limit (`none`: unlimited), else half the machine's
/// memory.
pub(crate) fn memory_options(
    memory_limit: Option<&str>,
    temp_dir: Option<&Path>,
) -> Result<MemoryOptions, String> {
    let limit = match memory_limit {
        None => default_memory_limit(),
        Some(text) if text.trim().eq_ignore_ascii_case("none") => None,
        Some(text) => {
            let bytes = parse_size(text).map_err(|m| format!("error: --memory-limit {m}"))?;
            if bytes < MIN_MEMORY_LIMIT {
                return Err(format!(
                    "error: --memory-limit {text} is too small: queries need at least {} MiB",
                    MIN_MEMORY_LIMIT >> 20
                ));
            }
            Some(bytes)
        }
    };
    Ok(MemoryOptions {
        limit,
        temp_dir: temp_dir.map(Path::to_path_buf),
    })
}

/// The `--stats` line about the memory limit and what the query spilled.
pub(crate) fn render_spills(memory: &MemoryOptions, spills: SpillStats) -> String {
    let limit = memory.limit.map_or_else(
        || "none".to_owned(),
        |l| format!("{:.1} MiB", l as f64 / (1 << 20) as f64),
    );
    format!(
        "stats: memory limit {limit}, spilled {} time(s), {:.1} MB ({} rows) to disk\n",
        spills.spills,
        spills.bytes as f64 / 1e6,
        spills.rows
    )
}
