"""The real azure-kusto-data Python client against `kql serve` (started by
crates/kql-cli/tests/serve.rs, which passes its URL in KQL_SERVE_URL).

Expected values are computed by hand from the queries' literals."""

import os

import pandas as pd
import pytest
from azure.kusto.data import ClientRequestProperties, KustoClient, KustoConnectionStringBuilder
from azure.kusto.data.exceptions import KustoApiError, KustoServiceError
from azure.kusto.data.helpers import dataframe_from_result_table

URL = os.environ["KQL_SERVE_URL"]
DB = "exports"


@pytest.fixture(scope="module")
def client():
    kcsb = KustoConnectionStringBuilder.with_no_authentication(URL)
    with KustoClient(kcsb) as c:
        yield c


def test_dataframe_dtypes(client):
    query = """datatable(d:datetime, t:timespan, l:long, r:real, s:string, y:dynamic, b:bool)
    [datetime(2024-01-02T03:04:05.5Z), time(1.02:03:04.5), 9007199254740993, 2.5, "x", dynamic({"a":[1,"x"]}), true,
     datetime(null), time(null), long(null), real(null), "", dynamic(null), false]"""
    response = client.execute(DB, query)
    df = dataframe_from_result_table(response.primary_results[0])
    assert str(df["d"].dtype) == "datetime64[ns, UTC]"
    assert str(df["t"].dtype) == "timedelta64[ns]"
    assert str(df["l"].dtype) == "Int64"
    # The client makes reals pandas' nullable Float64 (or float64, by pandas version).
    assert str(df["r"].dtype).lower() == "float64"
    assert pd.api.types.is_string_dtype(df["s"])
    assert df["y"].dtype == object
    assert str(df["b"].dtype) == "bool"
    assert df["d"][0] == pd.Timestamp("2024-01-02T03:04:05.5Z")
    assert pd.isna(df["d"][1])
    assert df["t"][0] == pd.Timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    # The long arrives exact (2^53 + 1); pandas itself goes through float64 when a column holds
    # nulls, so the exact value is checked on the client's row.
    assert response.primary_results[0][0]["l"] == 9007199254740993
    assert pd.isna(df["l"][1])
    assert df["r"][0] == 2.5
    assert df["y"][0] == {"a": [1, "x"]}
    assert list(df["b"]) == [True, False]


def test_management_command(client):
    response = client.execute_mgmt(
        DB,
        ".show tables | where TableName startswith 'AmlCompute' and DocString startswith 'exports'"
        " | project TableName | order by TableName asc",
    )
    names = [row["TableName"] for row in response.primary_results[0]]
    assert names == ["AmlComputeClusterEvent", "AmlComputeClusterNodeEvent", "AmlComputeJobEvent"]


def test_parameters_and_options_through_client_request_properties(client):
    properties = ClientRequestProperties()
    properties.set_parameter("n", "3")
    properties.set_parameter("who", "bob")
    properties.set_option("query_now", "2024-01-01T00:00:00Z")
    query = "declare query_parameters(n:long, who:string); range x from 1 to n step 1 | extend who, t = now()"
    response = client.execute(DB, query, properties)
    rows = [(r["x"], r["who"], r["t"]) for r in response.primary_results[0]]
    assert [(x, who) for x, who, _ in rows] == [(1, "bob"), (2, "bob"), (3, "bob")]
    assert all(t.isoformat().startswith("2024-01-01T00:00:00") for _, _, t in rows)


def test_failing_query_raises_the_clients_exception(client):
    with pytest.raises(KustoApiError) as raised:
        client.execute(DB, "print x = 1 | where")
    assert isinstance(raised.value, KustoServiceError)
    assert "Syntax error" in str(raised.value.get_api_error().description)


def test_streaming_results(client):
    response = client.execute_streaming_query(DB, "range x from 1 to 20000 step 1")
    total = 0
    count = 0
    for row in next(response.iter_primary_results()):
        total += row["x"]
        count += 1
    assert count == 20000
    assert total == 20000 * 20001 // 2
