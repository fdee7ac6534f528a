//! Every documented function example runs here, with `now` pinned to 2024-01-01T00:00:00Z:
//! the reference cannot drift from the code (STYLE.md §4).

use kql_engine::{Engine, EngineOptions, render};

/// 2024-01-01T00:00:00Z in nanoseconds since the Unix epoch (`date -d 2024-01-01Z +%s`).
const NOW_2024: i64 = 1_704_067_200_000_000_000;

#[test]
fn every_function_example_gives_its_documented_output() {
    let engine = Engine::open(EngineOptions {
        now_nanos: Some(NOW_2024),
        ..EngineOptions::default()
    })
    .expect("an engine without data opens");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut failures = Vec::new();
    let mut checked = 0;
    let registry = engine.functions();
    let docs = registry
        .functions()
        .map(|f| f.doc())
        .chain(registry.operator_docs());
    for doc in docs {
        for example in doc.examples {
            checked += 1;
            match runtime.block_on(engine.query(example.query)) {
                Ok(result) => {
                    let csv = render::to_csv(&result.columns, &result.batches, true);
                    if csv.trim_end() != example.output {
                        failures.push(format!(
                            "{}: {}\nexpected:\n{}\nfound:\n{}",
                            doc.name,
                            example.query,
                            example.output,
                            csv.trim_end()
                        ));
                    }
                }
                Err(e) => failures.push(format!("{}: {}\nfailed: {e}", doc.name, example.query)),
            }
        }
    }
    assert!(checked >= 10, "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
