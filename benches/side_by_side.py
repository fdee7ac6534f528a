"""Times kqlake and DuckDB on the same export and the same questions; see side_by_side.sh.

Each question is asked in KQL (unmodified Azure ML docs queries) and in DuckDB SQL over the raw
diagnostic-settings JSON lines (DuckDB flattens nothing by itself, so the SQL does what
kqlake's reader does: lower-cases resourceId, reads properties, casts numbers that may arrive as
strings). Results are compared before timing.
"""
import argparse
import csv
import io
import os
import statistics
import subprocess
import time

import duckdb

QUERIES = {
    "Q1 failed jobs, 5 days": (
        'AmlComputeJobEvent | where TimeGenerated > ago(5d) and EventType == "JobFailed" | count',
        """SELECT count(*) FROM read_json('{data}/insights-logs-amlcomputejobevent/**/*.json',
               format='newline_delimited', hive_partitioning=false, union_by_name=true, ignore_errors=true)
           WHERE CAST("time" AS TIMESTAMP) > TIMESTAMP '{now}' - INTERVAL 5 DAY
             AND properties.EventType = 'JobFailed'""",
    ),
    "Q4 distinct nodes, 8 days": (
        "AmlComputeClusterNodeEvent | where TimeGenerated > ago(8d) and NodeAllocationTime > ago(8d) | distinct NodeId | count",
        """SELECT count(DISTINCT properties.NodeId) FROM read_json('{data}/insights-logs-amlcomputeclusternodeevent/**/*.json',
               format='newline_delimited', hive_partitioning=false, union_by_name=true, ignore_errors=true)
           WHERE CAST("time" AS TIMESTAMP) > TIMESTAMP '{now}' - INTERVAL 8 DAY
             AND CAST(properties.NodeAllocationTime AS TIMESTAMP) > TIMESTAMP '{now}' - INTERVAL 8 DAY""",
    ),
    "Q5 nodes by workspace, 1 day": (
        'AmlComputeClusterEvent | where TimeGenerated > ago(1d) | summarize avgRunningNodes=avg(TargetNodeCount), '
        'maxRunningNodes=max(TargetNodeCount) by Workspace=tostring(split(_ResourceId, "/")[8]), ClusterName, '
        "ClusterType, VmSize, VmPriority | count",
        """SELECT count(*) FROM (SELECT split_part(lower(resourceId), '/', 9) AS w, properties.ClusterName, properties.ClusterType,
               properties.VmSize, properties.VmPriority, avg(TRY_CAST(properties.TargetNodeCount AS DOUBLE)),
               max(TRY_CAST(properties.TargetNodeCount AS BIGINT))
           FROM read_json('{data}/insights-logs-amlcomputeclusterevent/**/*.json',
               format='newline_delimited', hive_partitioning=false, union_by_name=true, ignore_errors=true)
           WHERE CAST("time" AS TIMESTAMP) > TIMESTAMP '{now}' - INTERVAL 1 DAY
           GROUP BY ALL)""",
    ),
}


def run_kql(kql, data, now, query):
    out = subprocess.run([kql, "query", "--data", data, "--now", now, "--format", "csv", query],
                         check=True, capture_output=True, text=True)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    return int(rows[1][0])


def run_duckdb(sql, threads):
    con = duckdb.connect()
    con.execute(f"SET threads TO {threads}")
    return int(con.execute(sql).fetchone()[0])


def best(f, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = f()
        times.append(time.perf_counter() - start)
    return answer, min(times), statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kql", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--now", required=True)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    now_sql = a.now.replace("T", " ").rstrip("Z")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.data) for f in fs)
    threads = os.cpu_count()
    print(f"data: {a.data} ({size / 1e9:.2f} GB), {threads} threads, best of {a.runs} runs (median in brackets)")
    print(f"{'question':32} {'kqlake':>16} {'DuckDB':>16} {'kqlake/DuckDB':>14}")
    for name, (kql_query, sql) in QUERIES.items():
        sql = sql.format(data=a.data, now=now_sql)
        k_answer = run_kql(a.kql, a.data, a.now, kql_query)
        d_answer = run_duckdb(sql, threads)
        if k_answer != d_answer:
            print(f"{name:32} answers differ: kqlake {k_answer}, DuckDB {d_answer}")
            continue
        _, k_best, k_median = best(lambda: run_kql(a.kql, a.data, a.now, kql_query), a.runs)
        _, d_best, d_median = best(lambda: run_duckdb(sql, threads), a.runs)
        print(f"{name:32} {k_best:7.3f}s ({k_median:5.2f}) {d_best:7.3f}s ({d_median:5.2f}) {k_best / d_best:13.2f}x")


if __name__ == "__main__":
    main()
