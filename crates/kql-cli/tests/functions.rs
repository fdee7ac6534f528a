//! `kql functions`: the reference generated from the registry lists every function.

use crate::support::{kql, stdout};

#[test]
fn kql_functions_lists_every_function_with_its_syntax_and_example() {
    let out = kql(&["functions"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let registry = kql_engine::functions();
    let mut listed = 0;
    for f in registry.functions() {
        let doc = f.doc();
        assert!(
            text.lines().any(|l| l == doc.syntax),
            "{} is listed with its syntax",
            doc.name
        );
        assert!(
            text.contains(&format!("example: {}", doc.examples[0].query)),
            "{} shows its example",
            doc.name
        );
        listed += 1;
    }
    assert!(listed >= 20, "only {listed} functions");
    assert!(text.contains("aliases: iif"), "aliases are shown");
}
