//! Snapshot of `marsad analyze` on the shipped examples: the whole contract output, so
//! that any change in what the analyser says is reviewed (`cargo insta review`).

mod common;

use common::{marsad, repo, run};

#[test]
fn analyze_examples_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(marsad(dir.path()).current_dir(repo()).args(["analyze", "examples"]));
    assert_eq!(code, 0, "{err}");
    let docs: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    insta::assert_json_snapshot!(docs);
}
