//! The `kaoping` binary end to end: real files in, stdout, stderr and exit codes out.

mod bad_input;
mod evaluate;
mod rules;
mod sample;
mod workdays;

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared/examples/<name>` beside the repository.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/examples")
        .join(name)
}

/// Runs `kaoping` with `args`, sharing one compiled-plugin cache across the test run (the
/// first use compiles the built-in plugin once, before any test runs in parallel).
pub fn kaoping(args: &[&str]) -> Output {
    static WARM: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kaoping-cache");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .args(args)
            .env("KAOPING_CACHE_DIR", &cache)
            .output()
            .expect("run kaoping")
    };
    WARM.get_or_init(|| {
        let wasm = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("builtin.wasm");
        let wasm = wasm.to_str().unwrap();
        assert!(run(&["plugin", "export", wasm]).status.success());
        assert!(run(&["plugin", "check", wasm]).status.success());
    });
    run(args)
}

/// stdout of a run that must succeed.
pub fn ok(args: &[&str]) -> String {
    let out = kaoping(args);
    assert!(
        out.status.success(),
        "kaoping {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// stderr of a run that must fail with exit 2 and print nothing on stdout.
pub fn refused(args: &[&str]) -> String {
    let out = kaoping(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "kaoping {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "stdout must be empty on bad input: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// A scratch directory for one test, removed when the returned guard is dropped.
pub fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("kaoping-cli-{name}-"))
        .tempdir()
        .unwrap()
}

/// The reference-example arguments for `evaluate`/`explain`.
pub fn reference_args() -> Vec<String> {
    let r = example("reference");
    let file = |n: &str| r.join(n).to_string_lossy().into_owned();
    [
        "--rules",
        "r-2019",
        "--roster",
        &file("roster.csv"),
        "--cases",
        &file("cases.csv"),
        "--bonus",
        &file("bonus.csv"),
        "--ballots",
        &file("ballots.csv"),
        "--period",
        "2019-01-01..2019-12-31",
    ]
    .map(String::from)
    .to_vec()
}
