"""kqlake vs DuckDB vs DataFusion (Python) on Q1–Q6 over the same export; see run.sh.

Each question is asked in KQL (the repository's query corpus, `now` pinned) and in SQL for each
peer. Peers get an explicit schema (their inference and Hive-partition defaults mis-read these
paths: `resourceId=` is empty and `m=` appears twice, so Hive partitioning is off), and their SQL
does what kqlake's reader does: `TimeGenerated` from `time`, `_ResourceId` lower-cased,
`properties` members as columns. Over the Parquet copy (`kql convert`) the columns already are the table's.

Answers are compared first (rows as sorted tuples, timestamps as integer nanoseconds, reals to
9 significant digits), for every engine and every way of running it. Times are wall-clock
seconds of a whole answer, measured two ways, so that each engine is measured the same way:

- warm: one long-lived process per engine answers every query; its startup, and the discovery
  or registration of the tables, happen once before the timings and are not counted; each
  answer is timed until all its rows are Arrow record batches in memory. kqlake: `kql bench`
  (started once per format and setting: defaults; `--no-pruning`, no time folders, files, row
  groups or pages skipped; and the decoder alone, `--no-pruning --no-pushdown`, every JSON line
  parsed and Parquet filters applied after decoding), a query written to its stdin, timed until
  its one-line answer is read (it runs the query to its last batch and renders nothing). Peers:
  one `execute` in a Python process that registered the tables before, all rows fetched as an
  Arrow table.
- serve: kqlake's `kql serve`, each query POSTed to `/v2/rest/query` on one kept-alive HTTP
  connection, timed from sending the request to the last byte of the response (rows encoded as
  Kusto's v2 JSON): what a Kusto client sees, not comparable with the peers' warm times.
- process: a new process per query, everything counted. kqlake: `kql query` (startup,
  discovery, query, CSV to a pipe). Peers: `python3 compare.py --once …` (interpreter start,
  the peer's import, registering the tables, query, CSV to a pipe).

Runs of the engines are interleaved: each run asks every engine once, in turn.

Memory: after the timings, each query runs once more as a `kql query` process under GNU time
(`/usr/bin/time -f %M`; a child's own ru_maxrss would include the pages of this Python process it
was forked from): its peak resident set is the last column. Then, over the JSON export, Q6
restricted to the last 1, 2, 5 and 10 days shows how the peak grows with the days read.
"""
import argparse
import csv
import http.client
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.csv

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
    """Integer ns of an ISO 8601 text with up to 9 fraction digits (UTC: `…Z`, `+0000`,
    `+00:00` or no zone)."""
    text = text.strip().replace(" ", "T")
    for utc in ("Z", "+00:00", "+0000"):
        text = text.removesuffix(utc)
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
    """Rows of `kql query` in a new process (CSV on a pipe)."""
    cmd = [args.kql, "query", "--data", source, "--now", args.now, "--format", "csv", query]
    if not pruning:
        cmd.insert(2, "--no-pruning")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))[1:]


def peak_rss(args, source, query):
    """Rows and peak resident set (MiB) of one `kql query` process, measured by GNU time: a
    child's own ru_maxrss would include the pages of this large Python process it was forked
    from, which Linux counts before the exec. None without /usr/bin/time."""
    if not os.path.exists("/usr/bin/time"):
        return None
    with tempfile.NamedTemporaryFile("r") as report:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", report.name,
               args.kql, "query", "--data", source, "--now", args.now, "--format", "csv", query]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        kib = int(report.read().split()[-1])
    return len(list(csv.reader(io.StringIO(out)))) - 1, kib / 1024


class KqlServe:
    """A `kql serve` process over one source, asked on one kept-alive HTTP connection."""
    name = "kqlake warm"

    def __init__(self, kql, source, now):
        self.now = now
        self.errors = open(os.devnull, "w")
        self.proc = subprocess.Popen([kql, "serve", "--data", source, "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=self.errors, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on http://"):
            self.close()
            raise SystemExit(f"kql serve did not start: {line!r}")
        host, port = line.removeprefix("listening on http://").rsplit(":", 1)
        self.con = http.client.HTTPConnection(host, int(port))

    def body(self, query):
        """The whole v2 response to `query`: what is timed."""
        payload = json.dumps({"db": "exports", "csl": query, "properties": {
            "Options": {"query_now": self.now, "notruncation": True}}})
        self.con.request("POST", "/v2/rest/query", body=payload,
                         headers={"Content-Type": "application/json"})
        response = self.con.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"kql serve answered {response.status}: {data[:500]!r}")
        return data

    def rows(self, query):
        frames = json.loads(self.body(query))
        for f in frames:
            if f.get("FrameType") == "DataSetCompletion" and f.get("HasErrors"):
                raise RuntimeError(f"kql serve reported an error: {f.get('OneApiErrors')}")
        [table] = [f for f in frames if f.get("TableKind") == "PrimaryResult"]
        return table["Rows"]

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        self.errors.close()


class KqlBench:
    """A `kql bench` process over one source: queries timed in kqlake's own warm process."""

    def __init__(self, kql, source, now, flags=()):
        cmd = [kql, "bench", "--data", source, "--now", now, *flags]
        self.errors = open(os.devnull, "w")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, text=True)

    def ask(self, query, csv_rows):
        self.proc.stdin.write(json.dumps({"csl": query, "csv": csv_rows}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"kql bench: {answer['error']}")
        return answer

    def rows(self, query):
        return list(csv.reader(io.StringIO(self.ask(query, True)["csv"])))[1:]

    def run(self, query):
        return self.ask(query, False)["rows"]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()
        self.errors.close()


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
        import duckdb
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

    def table(self, sql):
        # A relation's Arrow table (a DB-API cursor's copies the rows once more); DuckDB 2
        # renamed `arrow` to_arrow_table.
        result = self.con.sql(sql)
        fetch = getattr(result, "to_arrow_table", None) or result.arrow
        return fetch()


class DataFusionPy:
    name = "DataFusion"

    def __init__(self, data, fmt, now):
        import datafusion
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

    def table(self, sql):
        batches = self.ctx.sql(sql).collect()
        return pa.Table.from_batches(batches) if batches else pa.table({})


def quote_columns(sql):
    # DataFusion folds unquoted identifiers to lower case: quote the mixed-case column names.
    for name in ["TimeGenerated", "ClusterId", "EventType", "ExecutionState", "ToolType", "JobName",
                 "ClusterName", "InitialNodeCount", "MaximumNodeCount", "QuotaAllocated", "QuotaUtilized",
                 "NodeId", "NodeAllocationTime", "ClusterType", "VmSize", "VmPriority", "TargetNodeCount",
                 "_ResourceId"]:
        sql = sql.replace(name, f'"{name}"')
    return sql


PEERS = {"DataFusion": DataFusionPy, "DuckDB": DuckDb}


def peer_sql(peer_name, q, now_literal):
    """The SQL of query `q` for a peer, `now` written as that peer reads it."""
    _, sql, _ = QUERIES[q]
    text = sql.replace("{T}", QUERY_TABLE[q]).replace("{now}", now_literal)
    return quote_columns(text) if peer_name == "DataFusion" else text


def once(a):
    """`--once PEER`: one query in this new process, CSV to stdout (the peers' process column)."""
    peer = PEERS[a.once](a.data, a.formats, a.now)
    table = peer.table(peer_sql(a.once, a.queries, peer.now))
    # Arrow's CSV writer has no string views (DataFusion's strings): plain strings for it.
    views = [i for i, f in enumerate(table.schema) if pa.types.is_string_view(f.type)]
    for i in views:
        table = table.set_column(i, table.field(i).name, table.column(i).cast(pa.string()))
    pa.csv.write_csv(table, sys.stdout.buffer)


def run_once(a, peer_name, fmt, q):
    cmd = [sys.executable, os.path.abspath(__file__), "--once", peer_name, "--data", a.data,
           "--now", a.now, "--formats", fmt, "--queries", q, "--kql", a.kql]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))[1:]


def interleaved(tasks, runs):
    """Median and minimum seconds of each task, asking every task once per run, in turn."""
    times = {name: [] for name in tasks}
    for _ in range(runs):
        for name, f in tasks.items():
            start = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), min(t)) for name, t in times.items()}


COLUMNS = ["kqlake warm", "kqlake --no-pruning warm", "kqlake decoder alone warm", "DataFusion warm",
           "DuckDB warm", "kqlake serve", "kqlake process", "kqlake --no-pruning process",
           "DataFusion process", "DuckDB process"]
RATIOS = [("warm", "kqlake warm", "warm"), ("warm, no pruning", "kqlake --no-pruning warm", "warm"),
          ("warm, decoder alone", "kqlake decoder alone warm", "warm"),
          ("process", "kqlake process", "process"),
          ("process, no pruning", "kqlake --no-pruning process", "process")]
# Peak RSS of `kql query` by days read: Q6 restricted to the last N days of the export.
DAYS_SWEEP = [1, 2, 5, 10]
DAYS_QUERY = ("AmlComputeJobEvent | where TimeGenerated > ago({n}d) "
              "| summarize count() by EventType, bin(TimeGenerated, 1h)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kql", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--now", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--queries", default="Q1,Q2,Q3,Q4,Q5,Q6")
    p.add_argument("--formats", default="json,parquet")
    p.add_argument("--no-peer-processes", action="store_true",
                   help="leave out the peers' process columns (a Python start per query)")
    p.add_argument("--once", choices=sorted(PEERS), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.once:
        return once(a)
    import datafusion
    import duckdb
    wanted = a.queries.split(",")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(f"{a.data}/export") for f in fs)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; load {os.getloadavg()[0]:.2f}")
    print(f"data: {a.data} ({size / 1e9:.2f} GB of JSON lines); DuckDB {duckdb.__version__}, "
          f"DataFusion (Python) {datafusion.__version__}; {a.runs} runs; seconds as median (min)")
    print("warm: one long-lived process per engine, startup and table discovery/registration not "
          "counted, each answer timed until all its rows are Arrow batches in memory (kqlake: "
          "`kql bench`, a query on its stdin, until its answer line; peers: one execute, all rows "
          "fetched as an Arrow table)")
    print("serve: `kql serve`, one HTTP request per query on a kept-alive connection, to the last "
          "byte of the response (rows encoded as Kusto's v2 JSON)")
    print("process: a new process per query, startup, discovery/registration and CSV output to a "
          "pipe counted (kqlake: `kql query`; peers: `python3 compare.py --once`, import included)")
    print("ratios: the fastest peer's median ÷ kqlake's, warm and process, kqlake with pruning on "
          "and off (--no-pruning: no time folders, files, row groups or pages skipped; filters "
          "still evaluated inside the decoders) and warm with the decoder alone (--no-pruning "
          "--no-pushdown: every JSON line parsed, Parquet filters after decoding); the peers prune "
          "as they do by default; above 1 kqlake is faster")
    print("peak RSS: the largest resident set of the `kql query` processes of the query (MiB)")
    print()
    columns = [c for c in COLUMNS if not (a.no_peer_processes and c in ("DataFusion process", "DuckDB process"))]
    ratios = [r for r in RATIOS if not (a.no_peer_processes and r[2] == "process")]
    print(f"| format | query | {' | '.join(columns)} | "
          + " | ".join(f"peer ÷ kqlake, {r[0]}" for r in ratios) + " | kqlake peak RSS |")
    print("|---|---|" + "---|" * (len(columns) + len(ratios) + 1))
    for fmt in a.formats.split(","):
        source = f"{a.data}/export" if fmt == "json" else f"{a.data}/parquet"
        peers = [DataFusionPy(a.data, fmt, a.now), DuckDb(a.data, fmt, a.now)]
        server = KqlServe(a.kql, source, a.now)
        bench = KqlBench(a.kql, source, a.now)
        bench_unpruned = KqlBench(a.kql, source, a.now, ["--no-pruning"])
        bench_alone = KqlBench(a.kql, source, a.now, ["--no-pruning", "--no-pushdown"])
        try:
            for q in wanted:
                kql, _, kinds = QUERIES[q]
                # The first answer of each engine is checked; it also warms its caches.
                expected = normalize(run_kql(a, source, kql, True), kinds)
                answers = {
                    "kqlake warm": lambda: bench.rows(kql),
                    "kqlake --no-pruning warm": lambda: bench_unpruned.rows(kql),
                    "kqlake decoder alone warm": lambda: bench_alone.rows(kql),
                    "kqlake serve": lambda: server.rows(kql),
                    "kqlake --no-pruning process": lambda: run_kql(a, source, kql, False),
                }
                sql = {peer.name: peer_sql(peer.name, q, peer.now) for peer in peers}
                tasks = {
                    "kqlake warm": lambda: bench.run(kql),
                    "kqlake --no-pruning warm": lambda: bench_unpruned.run(kql),
                    "kqlake decoder alone warm": lambda: bench_alone.run(kql),
                    "kqlake serve": lambda: server.body(kql),
                    "kqlake process": lambda: run_kql(a, source, kql, True),
                    "kqlake --no-pruning process": lambda: run_kql(a, source, kql, False),
                }
                for peer in peers:
                    answers[f"{peer.name} warm"] = lambda peer=peer: arrow_rows(peer.table(sql[peer.name]))
                    tasks[f"{peer.name} warm"] = lambda peer=peer: peer.table(sql[peer.name])
                    if not a.no_peer_processes:
                        once_run = lambda peer=peer: run_once(a, peer.name, fmt, q)
                        answers[f"{peer.name} process"] = once_run
                        tasks[f"{peer.name} process"] = once_run
                problems = []
                for name, f in answers.items():
                    got = normalize(f(), kinds)
                    if got != expected:
                        problems.append(f"{name} ({len(got)} rows vs {len(expected)})")
                if problems:
                    print(f"| {fmt} | {q} | answers differ from kqlake process: {', '.join(problems)} |"
                          + " |" * (len(columns) + len(ratios)))
                    continue
                t = interleaved(tasks, a.runs)
                cell = lambda x: f"{x[0]:.3f} ({x[1]:.3f})"
                ratio = lambda r: (min(t[f"{p.name} {r[2]}"][0] for p in peers) / t[r[1]][0])
                print(f"| {fmt} | {q} ({len(expected)} rows) | {' | '.join(cell(t[c]) for c in columns)} | "
                      + " | ".join(f"{ratio(r):.2f}×" for r in ratios)
                      + f" | {rss_cell(a, source, kql)} |", flush=True)
        finally:
            server.close()
            bench.close()
            bench_unpruned.close()
            bench_alone.close()
    if "json" in a.formats.split(","):
        days_sweep(a)


def rss_cell(a, source, query):
    measured = peak_rss(a, source, query)
    return "n/a (no /usr/bin/time)" if measured is None else f"{measured[1]:.0f} MiB"


def days_sweep(a):
    """Peak RSS of `kql query` over the JSON export as the days read grow (memory is flat)."""
    print()
    print(f"`{DAYS_QUERY}` over the JSON export, one `kql query` process each")
    print()
    print("| days read (n) | rows | kqlake peak RSS |")
    print("|---|---|---|")
    for n in DAYS_SWEEP:
        measured = peak_rss(a, f"{a.data}/export", DAYS_QUERY.format(n=n))
        if measured is None:
            print("| peak RSS needs /usr/bin/time (GNU time) | | |")
            return
        print(f"| {n} | {measured[0]} | {measured[1]:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
