"""kqlake vs DuckDB vs DataFusion (Python) on Q1–Q6 over the same export; see run.sh.

Each question is asked in KQL (the repository's query corpus, `now` pinned) and in SQL for each
peer. Peers get an explicit schema (their inference and Hive-partition defaults mis-read these
paths: `resourceId=` is empty and `m=` appears twice, so Hive partitioning is off), and their SQL
does what kqlake's reader does: `TimeGenerated` from `time`, `_ResourceId` lower-cased,
`properties` members as columns. Over the Parquet copy (`kql convert`) the columns already are the table's.

Answers are compared first (rows as sorted tuples, timestamps as integer nanoseconds, reals to
9 significant digits). Times are wall-clock seconds of a whole answer: for kqlake a `kql query`
process (startup, discovery, query, CSV output to a pipe); for the peers one `execute` and fetch of
all rows in a long-lived Python process (their startup is not counted, which favours them). Runs
of the engines are interleaved.
"""
import argparse
import csv
import io
import os
import platform
import statistics
import subprocess
import time
from datetime import datetime, timedelta, timezone

import datafusion
import duckdb
import pyarrow as pa

JOB_NAME = "automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup"
TABLES = {
    "AmlComputeJobEvent": ("insights-logs-amlcomputejobevent", {
        "ClusterId": "s", "EventType": "s", "ExecutionState": "s", "ToolType": "s", "JobName": "s",
    }),
    "AmlComputeClusterEvent": ("insights-logs-amlcomputeclusterevent", {
        "ClusterName": "s", "ClusterType": "s", "VmSize": "s", "VmPriority": "s",
        "InitialNodeCount": "i", "MaximumNodeCount": "i", "QuotaAllocated": "s", "QuotaUtilized": "s",
        "TargetNodeCount": "i",
    }),
    "AmlComputeClusterNodeEvent": ("insights-logs-amlcomputeclusternodeevent", {
        "NodeId": "s", "NodeAllocationTime": "t",
    }),
}

# name: (KQL, SQL with {T} for the table and {now} for the pinned instant, output column kinds)
QUERIES = {
    "Q1": (
        'AmlComputeJobEvent | where TimeGenerated > ago(5d) and EventType == "JobFailed" '
        "| project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType",
        "SELECT TimeGenerated, ClusterId, EventType, ExecutionState, ToolType FROM {T} "
        "WHERE TimeGenerated > {now} - INTERVAL '5 days' AND EventType = 'JobFailed'",
        "tssss",
    ),
    "Q2": (
        f'AmlComputeJobEvent | where JobName == "{JOB_NAME}" '
        "| project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType",
        "SELECT TimeGenerated, ClusterId, EventType, ExecutionState, ToolType FROM {T} "
        f"WHERE JobName = '{JOB_NAME}'",
        "tssss",
    ),
    "Q3": (
        'AmlComputeClusterEvent | where TimeGenerated > ago(4d) and VmSize == "STANDARD_D1_V2" '
        "| project ClusterName, InitialNodeCount, MaximumNodeCount, QuotaAllocated, QuotaUtilized",
        "SELECT ClusterName, InitialNodeCount, MaximumNodeCount, QuotaAllocated, QuotaUtilized FROM {T} "
        "WHERE TimeGenerated > {now} - INTERVAL '4 days' AND VmSize = 'STANDARD_D1_V2'",
        "siiss",
    ),
    "Q4": (
        "AmlComputeClusterNodeEvent | where TimeGenerated > ago(8d) and NodeAllocationTime > ago(8d) "
        "| distinct NodeId",
        "SELECT DISTINCT NodeId FROM {T} WHERE TimeGenerated > {now} - INTERVAL '8 days' "
        "AND NodeAllocationTime > {now} - INTERVAL '8 days'",
        "s",
    ),
    "Q5": (
        "AmlComputeClusterEvent | where TimeGenerated > ago(1d) | summarize avgRunningNodes=avg(TargetNodeCount), "
        'maxRunningNodes=max(TargetNodeCount) by Workspace=tostring(split(_ResourceId, "/")[8]), ClusterName, '
        "ClusterType, VmSize, VmPriority",
        "SELECT split_part(_ResourceId, '/', 9) AS Workspace, ClusterName, ClusterType, VmSize, VmPriority, "
        "avg(TargetNodeCount) AS a, max(TargetNodeCount) AS m FROM {T} "
        "WHERE TimeGenerated > {now} - INTERVAL '1 day' GROUP BY 1, 2, 3, 4, 5",
        "sssssri",
    ),
    "Q6": (
        "AmlComputeJobEvent | summarize count() by EventType, bin(TimeGenerated, 1h)",
        "SELECT EventType, date_trunc('hour', TimeGenerated) AS h, count(*) AS n FROM {T} GROUP BY 1, 2",
        "sti",
    ),
}
QUERY_TABLE = {"Q1": "AmlComputeJobEvent", "Q2": "AmlComputeJobEvent", "Q3": "AmlComputeClusterEvent",
               "Q4": "AmlComputeClusterNodeEvent", "Q5": "AmlComputeClusterEvent", "Q6": "AmlComputeJobEvent"}


def ns_of_text(text):
    """Integer ns of an ISO 8601 text with up to 9 fraction digits (`…Z` or no zone)."""
    text = text.strip().rstrip("Z").replace(" ", "T")
    if "." in text:
        base, frac = text.split(".")
    else:
        base, frac = text, ""
    dt = datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    return int(dt.timestamp()) * 10**9 + int((frac + "000000000")[:9])


def normalize(rows, kinds):
    out = []
    for row in rows:
        norm = []
        for v, k in zip(row, kinds):
            if v is None or v == "":
                norm.append(None if k != "s" else "")
            elif k == "t":
                if isinstance(v, str):
                    norm.append(ns_of_text(v))
                elif isinstance(v, int):
                    norm.append(v)
                else:
                    norm.append(int(pa.scalar(v, pa.timestamp("ns")).value))
            elif k == "i":
                norm.append(int(v))
            elif k == "r":
                norm.append(float(f"{float(v):.9g}"))
            else:
                norm.append(str(v))
        out.append(tuple(norm))
    return sorted(out, key=repr)


def run_kql(args, source, query, pruning):
    cmd = [args.kql, "query", "--data", source, "--now", args.now, "--format", "csv", query]
    if not pruning:
        cmd.insert(2, "--no-pruning")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))[1:]


def arrow_rows(table):
    cols = []
    for c in table.columns:
        if pa.types.is_timestamp(c.type):
            c = c.cast(pa.timestamp("ns", tz="UTC")).cast(pa.int64())
        cols.append(c.to_pylist())
    return list(zip(*cols))


class DuckDb:
    name = "DuckDB"

    def __init__(self, data, fmt, now):
        self.con = duckdb.connect()
        self.con.execute(f"SET threads TO {os.cpu_count()}")
        # JSON text is read as TIMESTAMP_NS: TIMESTAMPTZ keeps microseconds only and the exports'
        # times have seven fractional digits (100 ns ticks), so it would round answers.
        self.now = f"TIMESTAMPTZ '{now}'" if fmt == "parquet" else f"CAST('{now}' AS TIMESTAMP_NS)"
        for table, (container, props) in TABLES.items():
            if fmt == "parquet":
                src = f"read_parquet('{data}/parquet/{table}/*.parquet', hive_partitioning=false)"
                self.con.execute(f"CREATE VIEW {table} AS SELECT * FROM {src}")
                continue
            types = {"s": "VARCHAR", "i": "BIGINT", "t": "VARCHAR"}
            struct = ", ".join(f"{k} {types[t]}" for k, t in props.items())
            src = (f"read_json('{data}/export/{container}/**/*.json', format='newline_delimited', "
                   f"hive_partitioning=false, columns={{time: 'VARCHAR', resourceId: 'VARCHAR', "
                   f"properties: 'STRUCT({struct})'}})")
            fields = ", ".join(
                f"CAST(properties.{k} AS TIMESTAMP_NS) AS {k}" if t == "t" else f"properties.{k} AS {k}"
                for k, t in props.items())
            self.con.execute(
                f"CREATE VIEW {table} AS SELECT CAST(time AS TIMESTAMP_NS) AS TimeGenerated, "
                f"lower(resourceId) AS _ResourceId, {fields} FROM {src}")

    def rows(self, sql):
        result = self.con.execute(sql)
        # DuckDB 2 renamed fetch_arrow_table to to_arrow_table.
        fetch = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table
        return arrow_rows(fetch())


class DataFusionPy:
    name = "DataFusion"

    def __init__(self, data, fmt, now):
        config = (datafusion.SessionConfig()
                  .with_target_partitions(os.cpu_count())
                  .set("datafusion.execution.listing_table_ignore_subdirectory", "false"))
        self.ctx = datafusion.SessionContext(config)
        self.now = f"TIMESTAMP '{now.rstrip('Z')}'"
        for table, (container, props) in TABLES.items():
            if fmt == "parquet":
                self.ctx.register_parquet(table, f"{data}/parquet/{table}/", file_extension=".parquet")
                continue
            types = {"s": pa.string(), "i": pa.int64(), "t": pa.string()}
            schema = pa.schema([
                ("time", pa.string()), ("resourceId", pa.string()),
                ("properties", pa.struct([(k, types[t]) for k, t in props.items()])),
            ])
            raw = f"{table}_raw"
            self.ctx.register_json(raw, f"{data}/export/{container}/", schema=schema, file_extension=".json")
            fields = ", ".join(
                f"CAST(properties['{k}'] AS TIMESTAMP) AS \"{k}\"" if t == "t" else f"properties['{k}'] AS \"{k}\""
                for k, t in props.items())
            view = self.ctx.sql(
                f'SELECT CAST(time AS TIMESTAMP) AS "TimeGenerated", lower("resourceId") AS "_ResourceId", '
                f"{fields} FROM {raw}")
            self.ctx.register_view(table, view)

    def rows(self, sql):
        batches = self.ctx.sql(sql).collect()
        return arrow_rows(pa.Table.from_batches(batches)) if batches else []


def quote_columns(sql):
    # DataFusion folds unquoted identifiers to lower case: quote the mixed-case column names.
    for name in ["TimeGenerated", "ClusterId", "EventType", "ExecutionState", "ToolType", "JobName",
                 "ClusterName", "InitialNodeCount", "MaximumNodeCount", "QuotaAllocated", "QuotaUtilized",
                 "NodeId", "NodeAllocationTime", "ClusterType", "VmSize", "VmPriority", "TargetNodeCount",
                 "_ResourceId"]:
        sql = sql.replace(name, f'"{name}"')
    return sql


def timed(f, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kql", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--now", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--queries", default="Q1,Q2,Q3,Q4,Q5,Q6")
    p.add_argument("--formats", default="json,parquet")
    a = p.parse_args()
    wanted = a.queries.split(",")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(f"{a.data}/export") for f in fs)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; load {os.getloadavg()[0]:.2f}")
    print(f"data: {a.data} ({size / 1e9:.2f} GB of JSON lines); DuckDB {duckdb.__version__}, "
          f"DataFusion (Python) {datafusion.__version__}; {a.runs} runs; seconds as median (min)")
    print()
    print("| format | query | kqlake | kqlake --no-pruning | DataFusion | DuckDB | DataFusion ÷ kqlake | DuckDB ÷ kqlake |")
    print("|---|---|---|---|---|---|---|---|")
    for fmt in a.formats.split(","):
        source = f"{a.data}/export" if fmt == "json" else f"{a.data}/parquet"
        peers = [DataFusionPy(a.data, fmt, a.now), DuckDb(a.data, fmt, a.now)]
        for q in wanted:
            kql, sql, kinds = QUERIES[q]
            table = QUERY_TABLE[q]
            expected = normalize(run_kql(a, source, kql, True), kinds)
            problems = []
            if normalize(run_kql(a, source, kql, False), kinds) != expected:
                problems.append("kqlake --no-pruning")
            peer_sql = {}
            for peer in peers:
                text = sql.replace("{T}", table).replace("{now}", peer.now)
                if isinstance(peer, DataFusionPy):
                    text = quote_columns(text)
                peer_sql[peer.name] = text
                got = normalize(peer.rows(text), kinds)
                if got != expected:
                    problems.append(f"{peer.name} ({len(got)} rows vs {len(expected)})")
            if problems:
                print(f"| {fmt} | {q} | answers differ: {', '.join(problems)} | | | | | |")
                continue
            k = timed(lambda: run_kql(a, source, kql, True), a.runs)
            kn = timed(lambda: run_kql(a, source, kql, False), a.runs)
            res = [timed(lambda peer=peer: peer.rows(peer_sql[peer.name]), a.runs) for peer in peers]
            cell = lambda t: f"{t[0]:.3f} ({t[1]:.3f})"
            print(f"| {fmt} | {q} ({len(expected)} rows) | {cell(k)} | {cell(kn)} | {cell(res[0])} | {cell(res[1])} "
                  f"| {res[0][0] / k[0]:.2f}× | {res[1][0] / k[0]:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
