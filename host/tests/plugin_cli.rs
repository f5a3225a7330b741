//! `kaoping plugin check|export`, run as the real binary. These live in `host/tests` (not in
//! the workspace `tests/` crate) because only a package's own tests get
//! `CARGO_BIN_EXE_kaoping`, which makes cargo build the binary first.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kaoping(args: &[&str]) -> Output {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kaoping-cache");
    Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .env("KAOPING_CACHE_DIR", cache)
        .output()
        .expect("run kaoping")
}

fn temp(name: &str) -> PathBuf {
    // Under cargo's per-package scratch space (target/tmp), not the system's /tmp.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Assembles `tests/fixtures/plugins/NAME.wat` into a temporary `.wasm` file.
fn fixture(name: &str) -> PathBuf {
    let wat = format!(
        "{}/../tests/fixtures/plugins/{name}.wat",
        env!("CARGO_MANIFEST_DIR")
    );
    let path = temp(&format!("{name}.wasm"));
    std::fs::write(&path, wat::parse_file(&wat).unwrap()).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn plugin_export_writes_the_builtin_plugin() {
    let path = temp("builtin.wasm");
    let out = kaoping(&["plugin", "export", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes, kaoping_host::plugin::builtin_wasm());
    assert!(text(&out.stdout).contains(kaoping_host::plugin::builtin_id().as_str()));
}

#[test]
fn plugin_check_runs_the_reference_example_and_prints_hash_size_fuel_memory_and_time() {
    let path = temp("checked-builtin.wasm");
    std::fs::write(&path, kaoping_host::plugin::builtin_wasm()).unwrap();
    let out = kaoping(&["plugin", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for label in [
        "SHA-256：",
        "大小：",
        "燃料：",
        "峰值内存：",
        "耗时：",
        "kaoping-builtin",
        "P03 97.51 优秀；P01 86.00 称职；P04 72.18 不称职；P02 56.55 基本称职",
        "与内置引擎逐字节比较：一致",
    ] {
        assert!(stdout.contains(label), "no {label} in\n{stdout}");
    }
    assert!(
        stdout.contains(kaoping_host::plugin::builtin_id().as_str()),
        "{stdout}"
    );
}

#[test]
fn plugin_check_says_exactly_what_is_wrong_with_exit_2() {
    let garbage = temp("garbage.wasm");
    std::fs::write(&garbage, b"not wasm at all").unwrap();
    let cases = [
        (garbage, "不是 WebAssembly 模块"),
        (
            fixture("load_wasi_import"),
            "wasi_snapshot_preview1::fd_write",
        ),
        (fixture("load_missing_call"), "缺少导出 kaoping_call"),
        (fixture("minimal"), "对 evaluate 的回答不是考评结果"),
        (fixture("hostile_loop"), "燃料"),
        (temp("does-not-exist.wasm"), "无法读取插件文件"),
    ];
    for (path, expected) in cases {
        let out = kaoping(&["plugin", "check", path.to_str().unwrap()]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    }
}
