//! Rendering: the CSV, JSON and NDJSON contract on values computed by hand.

use kql_engine::render::{self, Format};
use kql_engine::{Engine, EngineOptions};

fn engine() -> Engine {
    Engine::open(EngineOptions {
        now_nanos: Some(0),
        ..EngineOptions::default()
    })
    .expect("engine")
}

fn rendered(query: &str, format: Format) -> String {
    let engine = engine();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let planned = engine.plan(query).expect("plans");
        let stream = engine.execute(&planned).await.expect("runs");
        let mut out = Vec::new();
        render::write_stream(format, &planned.columns, stream, &mut out)
            .await
            .expect("renders");
        String::from_utf8(out).expect("utf-8")
    })
}

const VALUES: &str = r##"print s = "a,\"b\"", n = 42, r = 2.5, b = true, t = datetime(2021-10-21 05:12:34.1234567), d = 1d + 2h + 3m + 4s, z = long(null), e = """##;

#[test]
fn csv_follows_the_contract() {
    // Hand-derived: quotes doubled and the field quoted; 7 fraction digits; [d.]hh:mm:ss.
    assert_eq!(
        rendered(VALUES, Format::Csv),
        "s,n,r,b,t,d,z,e\n\"a,\"\"b\"\"\",42,2.5,true,2021-10-21T05:12:34.1234567Z,1.02:03:04,,\n"
    );
}

#[test]
fn json_and_ndjson_type_their_values() {
    let row = r#"{"s":"a,\"b\"","n":42,"r":2.5,"b":true,"t":"2021-10-21T05:12:34.1234567Z","d":"1.02:03:04","z":null,"e":""}"#;
    assert_eq!(rendered(VALUES, Format::Ndjson), format!("{row}\n"));
    assert_eq!(rendered(VALUES, Format::Json), format!("[\n{row}\n]\n"));
}

#[test]
fn an_empty_result_still_has_a_header() {
    assert_eq!(rendered("print x = 1 | take 0", Format::Csv), "x\n");
    assert_eq!(rendered("print x = 1 | take 0", Format::Json), "[]\n");
}
