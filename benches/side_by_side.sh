#!/usr/bin/env bash
# Side-by-side: kqlake vs DuckDB on the same generated diagnostic-settings export.
#
#   bash benches/side_by_side.sh [SIZE] [DIR]      e.g. bash benches/side_by_side.sh 1G
#
# Builds `kql` and `kql-datagen` with the profiling profile, generates SIZE of AML exports in
# DIR (kept between runs), installs DuckDB's Python package if needed, then times Q1, Q4 and Q5
# in both engines (best of N runs, files in the page cache for both) and prints the ratios.
# The answers of both engines are compared first: a ratio of different answers means nothing.
set -euo pipefail
SIZE=${1:-1G}
DIR=${2:-/tmp/kqlake-side-by-side-$SIZE}
cd "$(dirname "$0")/.."
cargo build --profile profiling --bin kql --bin kql-datagen
if [ ! -d "$DIR/export" ]; then
    ./target/profiling/kql-datagen --out "$DIR/export" --oracle "$DIR/oracle" \
        --now 2026-11-20T00:00:00Z --target-bytes "$SIZE"
fi
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
python3 benches/side_by_side.py --kql ./target/profiling/kql --data "$DIR/export" --now 2026-11-20T00:00:00Z
