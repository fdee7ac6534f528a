// The real npm azure-kusto-data client against `kql serve` (started by
// crates/kql-cli/tests/serve.rs: KQL_SERVE_URL is its URL, KQLAKE_SERVE_NODE the package's
// folder). Expected values are computed by hand from the queries' literals.
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { pathToFileURL } from "node:url";

const pkg = path.join(process.env.KQLAKE_SERVE_NODE, "azure-kusto-data", "dist-esm", "src", "index.js");
const { Client, KustoConnectionStringBuilder, ClientRequestProperties } = await import(pathToFileURL(pkg).href);

const url = process.env.KQL_SERVE_URL;
// kql serve needs no token; the client insists on sending one.
const client = new Client(KustoConnectionStringBuilder.withAccessToken(url, "kqlake-needs-no-token"));

test("a query's typed values", async () => {
    const response = await client.execute(
        "exports",
        'print l = 9007199254740991, r = 2.5, s = "x", d = datetime(2024-01-02T03:04:05Z), b = true, t = 90m',
    );
    const rows = [...response.primaryResults[0].rows()];
    assert.equal(rows.length, 1);
    const row = rows[0].toJSON();
    // 2^53 - 1, the largest long a JavaScript number holds exactly.
    assert.equal(row.l, Number.MAX_SAFE_INTEGER);
    assert.equal(row.r, 2.5);
    assert.equal(row.s, "x");
    assert.equal(row.b, true);
    assert.equal(new Date(row.d).toISOString(), "2024-01-02T03:04:05.000Z");
    // 90 minutes, in the client's milliseconds.
    assert.equal(row.t, 90 * 60 * 1000);
});

test("parameters through ClientRequestProperties", async () => {
    const properties = new ClientRequestProperties();
    properties.setParameter("n", 4);
    const response = await client.execute(
        "exports",
        "declare query_parameters(n:long); range x from 1 to n step 1 | summarize s = sum(x)",
        properties,
    );
    const rows = [...response.primaryResults[0].rows()];
    assert.equal(rows[0].toJSON().s, 10);
});

test("a management command", async () => {
    const response = await client.executeMgmt("exports", ".show databases | project DatabaseName");
    const rows = [...response.primaryResults[0].rows()];
    assert.deepEqual(rows.map((r) => r.toJSON().DatabaseName), ["exports"]);
});

test("a failing query rejects", async () => {
    // The client rethrows the HTTP error; Kusto's error envelope is its response body.
    await assert.rejects(client.execute("exports", "print x = 1 | where"), (error) => {
        assert.equal(error.response.status, 400);
        assert.match(error.response.data.error["@message"], /^Syntax error: /);
        assert.equal(error.response.data.error["@type"], "Kusto.Data.Exceptions.SyntaxException");
        return true;
    });
});
