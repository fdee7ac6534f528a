#!/usr/bin/env bash
# Larger than memory: queries over a generated AML export much larger than a memory limit, run by
# `kql query --memory-limit`, each reporting its peak resident set (RSS) beside the limit.
#
#   bash benches/memory/run.sh [DATA_DIR] [SIZE] [LIMIT]   e.g. bash benches/memory/run.sh /work/data/aml-2g 2G 256M
#
# 1. Builds `kql` and `kql-datagen` with the profiling profile (release + line tables).
# 2. Generates, once, 10 days of AML exports of about SIZE bytes (default 2G) into DATA_DIR/export
#    (the same data as benches/compare/run.sh, which it reuses when present). Keep DATA_DIR outside
#    the repository.
# 3. Runs each query below with `--memory-limit LIMIT --temp-dir DATA_DIR/spill --stats`: a full
#    sort, a summarize with many groups, a distinct, a join that fits (submitted against
#    succeeded jobs) and a self-join of AmlComputeJobEvent on JobId whose hash table does not fit
#    the limit (a hash join runs out, and kqlake re-runs it as a sort-merge join, which spills).
#    Prints, per query, whether it completed (or its error, first line), the rows it returned,
#    its wall time, its peak RSS (VmHWM, from --stats), the limit, and what it spilled.
# 4. Checks the self-join's answer against the same numbers computed without a join (per JobId:
#    n rows and c characters give n*n pairs and n*c characters) and prints both.
set -euo pipefail
DATA=${1:-/work/data/aml-2g}
SIZE=${2:-2G}
LIMIT=${3:-256M}
NOW=2026-11-20T00:00:00Z
cd "$(dirname "$0")/../.."
cargo build --profile profiling --bin kql --bin kql-datagen
KQL=./target/profiling/kql
if [ ! -d "$DATA/export" ]; then
    mkdir -p "$DATA"
    ./target/profiling/kql-datagen --out "$DATA/export" --oracle "$DATA/oracle" \
        --now "$NOW" --days 10 --target-bytes "$SIZE"
fi
mkdir -p "$DATA/spill"
echo "data: $(du -sh "$DATA/export" | cut -f1) under $DATA/export; --memory-limit $LIMIT"
printf '%-10s %-9s %10s %9s %14s %s\n' query outcome rows seconds "peak RSS MiB" spilled
run() {
    local name=$1 query=$2 err out start end
    err=$(mktemp)
    start=$(date +%s.%N)
    if "$KQL" query --data "$DATA/export" --now "$NOW" --format csv --stats \
        --memory-limit "$LIMIT" --temp-dir "$DATA/spill" "$query" 2>"$err" | tail -n +2 >"$err.rows"; then
        out=ok
    else
        out=failed
    fi
    end=$(date +%s.%N)
    local rss spill rows
    rss=$(sed -n 's/^stats: peak memory \([0-9.]*\) MiB.*/\1/p' "$err")
    spill=$(sed -n 's/^stats: memory limit [^,]*, spilled \(.*\) to disk/\1/p' "$err")
    rows=$(wc -l <"$err.rows")
    printf '%-10s %-9s %10s %9.1f %14s %s\n' "$name" "$out" "$rows" "$(echo "$end - $start" | bc)" \
        "${rss:--}" "${spill:--}"
    if [ "$out" = failed ]; then grep -m1 '^error' "$err" | cut -c1-300 || true; fi
    LAST_ROWS=$(cat "$err.rows")
    rm -f "$err" "$err.rows"
}
run sort 'AmlComputeClusterEvent | sort by TimeGenerated asc, ClusterName asc | project TimeGenerated, ClusterName, _ResourceId, EventType, TargetNodeCount, VmSize'
run summarize 'AmlComputeJobEvent | summarize events = count(), first = min(TimeGenerated), last = max(TimeGenerated) by JobId, EventType | count'
run distinct 'AmlComputeJobEvent | distinct JobId, ClusterName, ExperimentName | count'
run join 'AmlComputeJobEvent | where EventType == "JobSubmitted" | project JobId, submitted = TimeGenerated | join kind=inner (AmlComputeJobEvent | where EventType == "JobSucceeded" | project JobId, completed = TimeGenerated) on JobId | summarize n = count(), avgRun = avg(completed - submitted)'
SIDE='AmlComputeJobEvent | project JobId, JobName, NodeId, ExperimentName, ClusterId, _ResourceId'
CHARS='strlen(JobName) + strlen(NodeId) + strlen(ExperimentName) + strlen(ClusterId) + strlen(_ResourceId)'
run self-join "let side = $SIDE; side | join kind=inner (side) on JobId | summarize n = count(), chars = sum($CHARS)"
joined=$LAST_ROWS
run no-join "$SIDE | summarize n = count(), c = sum($CHARS) by JobId | summarize n = sum(n * n), chars = sum(n * c)"
echo "self-join answer: $joined; the same computed without a join: $LAST_ROWS"
if [ "$joined" != "$LAST_ROWS" ]; then echo "MISMATCH" >&2; exit 1; fi
