//! Helpers for the command-line tests: run the real `marsad` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A `marsad` command with its data folder set.
pub fn marsad(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_marsad"));
    cmd.arg("--data").arg(data).arg("--quiet");
    cmd
}

/// Runs and returns (status code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = cmd.output().expect("marsad runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// `../shared` next to the repository (or `$MARSAD_SHARED`), if present. Tests that need
/// it print why they skip when it is not.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("MARSAD_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Store counts through `marsad stats --format json`.
pub fn stats(data: &Path) -> serde_json::Value {
    let (code, out, err) = run(marsad(data).args(["stats", "--format", "json"]));
    assert_eq!(code, 0, "stats failed: {err}");
    serde_json::from_str(&out).expect("stats JSON")
}
