//! Builds the built-in scoring plugin (`shared/plugin`) for `wasm32-unknown-unknown` with a
//! nested cargo, adds the `kaoping_abi` global the ABI requires, and leaves the result in
//! `$OUT_DIR/kaoping_builtin.wasm` for `include_bytes!` (see `src/plugin/mod.rs`).
//!
//! The nested cargo uses its own target dir (`<target>/plugin-build`), so it never waits on
//! the lock the outer cargo holds, and it is shared by every profile of the outer build.
//! Path prefixes are remapped so the plugin's bytes, and so its SHA-256, do not depend on
//! where the workspace or `CARGO_HOME` live.

use std::env;
use std::path::{Path, PathBuf};

#[path = "build/nested.rs"]
mod nested;
#[path = "build/widgets.rs"]
mod widgets;

const PROFILE: &str = "plugin-release";

/// Inline more than LLVM's default (225) in the plugin: wasmtime meters fuel per basic block
/// and checks the epoch at every function entry and loop header, so a call costs more in the
/// sandbox than natively. At 2000 the unit's evaluation needs ~14 % less fuel and runs ~15 %
/// faster under the runtime's limits, for a module ~75 % larger (BENCHMARKS.md).
const INLINE_THRESHOLD: &str = "-Cllvm-args=-inline-threshold=2000";

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir
        .parent()
        .expect("host/ lies inside the workspace")
        .to_path_buf();
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));

    for path in [
        "shared/src",
        "shared/Cargo.toml",
        "shared/plugin/src",
        "shared/plugin/Cargo.toml",
        "Cargo.lock",
        "Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }

    let wasm = build_plugin(&workspace, &out_dir);
    let bytes =
        std::fs::read(&wasm).unwrap_or_else(|e| panic!("cannot read {}: {e}", wasm.display()));
    let bytes = add_abi_global(&bytes, 1).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
    let out = out_dir.join("kaoping_builtin.wasm");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));

    widgets::build(&workspace, &out_dir);
}

fn build_plugin(workspace: &Path, out_dir: &Path) -> PathBuf {
    // Drop DWARF (std's, ~1.5 MB) but keep the name section (function names in trap
    // backtraces) and target_features: `strip = true` would remove them.
    let extra = [
        "--config".to_owned(),
        format!("profile.{PROFILE}.strip=\"debuginfo\""),
    ];
    let mut remaps = vec![format!("{}=/kaoping", workspace.display())];
    if let Some(home) = cargo_home() {
        remaps.push(format!("{}=/cargo", home.display()));
    }
    let target_dir = nested::target_dir(out_dir, "plugin-build");
    nested::build(
        workspace,
        "kaoping-plugin",
        PROFILE,
        &target_dir,
        &extra,
        &remaps,
        &[INLINE_THRESHOLD],
    )
}

fn cargo_home() -> Option<PathBuf> {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Adds an immutable i32 global with `value` and exports it as `kaoping_abi`.
///
/// A wasm module is a header and a list of sections (`id`, LEB128 size, payload); the
/// global (6) and export (7) sections are a LEB128 count followed by entries, so adding an
/// entry means bumping the count and appending. Rust's output has no imports (checked), so
/// the new global's index is the number of globals already defined.
fn add_abi_global(wasm: &[u8], value: u8) -> Result<Vec<u8>, String> {
    const HEADER: &[u8] = b"\0asm\x01\0\0\0";
    if !wasm.starts_with(HEADER) {
        return Err("not a wasm module".into());
    }
    let mut sections = Vec::new();
    let mut pos = HEADER.len();
    while pos < wasm.len() {
        let id = wasm[pos];
        let (size, body) = read_leb(wasm, pos + 1)?;
        let end = body
            .checked_add(size as usize)
            .filter(|&e| e <= wasm.len())
            .ok_or("section past end")?;
        sections.push((id, &wasm[body..end]));
        pos = end;
    }
    if sections.iter().any(|&(id, _)| id == 2) {
        return Err("the built-in plugin must not import anything".into());
    }
    // const i32, init `i32.const value; end`.
    let global_entry = [0x7f, 0x00, 0x41, value, 0x0b];
    let globals = sections
        .iter()
        .find(|&&(id, _)| id == 6)
        .map(|&(_, body)| body);
    let global_count = match globals {
        Some(body) => read_leb(body, 0)?.0,
        None => 0,
    };
    let mut export_entry = Vec::new();
    write_name(&mut export_entry, "kaoping_abi");
    export_entry.push(0x03);
    write_leb(&mut export_entry, global_count);

    let mut out = HEADER.to_vec();
    let mut global_written = false;
    for &(id, body) in &sections {
        if id == 7 && !global_written {
            write_section(&mut out, 6, &append_entry(&[0], &global_entry)?);
            global_written = true;
        }
        match id {
            6 => {
                write_section(&mut out, 6, &append_entry(body, &global_entry)?);
                global_written = true;
            }
            7 => write_section(&mut out, 7, &append_entry(body, &export_entry)?),
            _ => write_section(&mut out, id, body),
        }
    }
    if !global_written {
        return Err("no export section (the plugin must export memory)".into());
    }
    Ok(out)
}

fn append_entry(body: &[u8], entry: &[u8]) -> Result<Vec<u8>, String> {
    let (count, rest) = read_leb(body, 0)?;
    let mut out = Vec::with_capacity(body.len() + entry.len() + 1);
    write_leb(&mut out, count + 1);
    out.extend_from_slice(&body[rest..]);
    out.extend_from_slice(entry);
    Ok(out)
}

fn write_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

fn read_leb(bytes: &[u8], mut pos: usize) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(pos).ok_or("truncated LEB128")?;
        pos += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, pos));
        }
    }
    Err("LEB128 too long".into())
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
