//! A nested `cargo build` of one workspace package for `wasm32-unknown-unknown`, shared by
//! the plugin and the widget builds: its own target dir under the outer one (so it never waits
//! on the outer cargo's lock), the outer cargo's environment removed, and source paths remapped
//! so the output bytes do not depend on where the workspace lives.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `<target>/<name>`, found from `OUT_DIR` = `<target>/<profile>/build/<pkg>-<hash>/out`, so
/// every profile of the outer build shares it.
pub fn target_dir(out_dir: &Path, name: &str) -> PathBuf {
    match out_dir.ancestors().nth(4) {
        Some(target) => target.join(name),
        None => out_dir.join(name),
    }
}

/// Builds `package` (`--lib`) with `profile` into `target_dir` and returns the `.wasm` path.
/// `extra` are more arguments (e.g. `--config`); `remaps` are `FROM=TO` path remappings;
/// `rustflags` are more flags for rustc (all of the nested build's `RUSTFLAGS`).
pub fn build(
    workspace: &Path,
    package: &str,
    profile: &str,
    target_dir: &Path,
    extra: &[String],
    remaps: &[String],
    rustflags: &[&str],
) -> PathBuf {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args([
            "build",
            "-p",
            package,
            "--lib",
            "--target",
            WASM_TARGET,
            "--profile",
            profile,
        ])
        .arg("--target-dir")
        .arg(target_dir)
        .args(extra);
    // Drop what the outer cargo told this build script (its target, flags, wrappers such as
    // clippy-driver, jobserver): the nested build must look like a plain command line.
    for (key, _) in env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let outer = (key.starts_with("CARGO_") && key != "CARGO_HOME")
            || matches!(
                key,
                "RUSTFLAGS"
                    | "RUSTDOCFLAGS"
                    | "RUSTC_WRAPPER"
                    | "RUSTC_WORKSPACE_WRAPPER"
                    | "TARGET"
                    | "HOST"
                    | "OUT_DIR"
                    | "PROFILE"
                    | "OPT_LEVEL"
                    | "DEBUG"
                    | "NUM_JOBS"
                    | "MAKEFLAGS"
                    | "MFLAGS"
            );
        if outer {
            command.env_remove(key);
        }
    }
    let flags: Vec<String> = remaps
        .iter()
        .map(|r| format!("--remap-path-prefix={r}"))
        .chain(rustflags.iter().map(|f| f.to_string()))
        .collect();
    command.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo for {package}: {e}"));
    if !output.status.success() {
        panic!(
            "building {package} for {WASM_TARGET} failed.\n\
             If the target is missing, run `rustup toolchain install` in the workspace.\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    target_dir
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{}.wasm", package.replace('-', "_")))
}
