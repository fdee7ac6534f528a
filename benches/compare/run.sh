#!/usr/bin/env bash
# Side-by-side: kqlake vs DuckDB vs DataFusion's Python package on the same generated AML export
# (JSON lines) and its Parquet twin, Q1–Q6, in one run.
#
#   bash benches/compare/run.sh [DATA_DIR] [RUNS]     e.g. bash benches/compare/run.sh /work/data/aml-2g 5
#
# 1. Builds `kql` and `kql-datagen` with the profiling profile (release + line tables).
# 2. Generates, once, 10 days of exports of about 2 GB (`--target-bytes 2G`) into DATA_DIR/export
#    and its oracle into DATA_DIR/oracle, and compacts the export into Parquet with
#    `kql convert` into DATA_DIR/parquet (`<Table>/<Table>-YYYY-MM-DD.parquet`, sorted by
#    TimeGenerated, statistics and page index): the Parquet every engine reads is the copy a user
#    would make. Keep DATA_DIR outside the repository; it is reused by later runs.
# 3. Installs DuckDB and DataFusion's Python package from PyPI if they are missing.
# 4. Runs compare.py: every engine answers every query first, and the answers are compared row by
#    row (a timing of different answers means nothing); then each query is timed RUNS times per
#    engine, interleaved, files in the page cache for all. Prints median and minimum seconds
#    for JSON and Parquet, two ways for every engine (see compare.py's header): warm (one
#    long-lived process per engine, startup and discovery not counted, each answer timed until
#    its rows are Arrow batches in memory: `kql bench`, with pruning on and off and the decoder
#    alone (`--no-pruning --no-pushdown`); the peers in this Python process) and process (a new
#    process per query, everything counted: `kql query`, with pruning on and off, and
#    `python3 compare.py --once` per peer), plus kqlake's `kql serve` over HTTP; the fastest
#    peer's median ÷ kqlake's for each way; and the peak RSS of each `kql query` (GNU time), also
#    as the days read grow.
set -euo pipefail
DATA=${1:-/work/data/aml-2g}
RUNS=${2:-5}
NOW=2026-11-20T00:00:00Z
cd "$(dirname "$0")/../.."
cargo build --profile profiling --bin kql --bin kql-datagen
if [ ! -d "$DATA/export" ] || [ ! -d "$DATA/parquet" ]; then
    rm -rf "$DATA/export" "$DATA/oracle" "$DATA/parquet"
    mkdir -p "$DATA"
    ./target/profiling/kql-datagen --out "$DATA/export" --oracle "$DATA/oracle" \
        --now "$NOW" --days 10 --target-bytes 2G
    ./target/profiling/kql convert --data "$DATA/export" --out "$DATA/parquet"
fi
python3 -c 'import duckdb, datafusion, pyarrow' 2>/dev/null ||
    python3 -m pip install --quiet duckdb datafusion pyarrow
python3 benches/compare/compare.py --kql ./target/profiling/kql --data "$DATA" --now "$NOW" --runs "$RUNS"
