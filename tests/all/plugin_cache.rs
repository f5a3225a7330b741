//! The on-disk cache of compiled plugins: a second runtime loads what the first compiled,
//! and a damaged cache file is a miss, never an error or a wrong module.

use crate::plugin_abi::fixture;
use kaoping_host::plugin::{Limits, Runtime};

fn cache_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("plugin-cache-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn cached_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn a_second_runtime_loads_the_cached_module() {
    let dir = cache_dir("reuse");
    let bytes = fixture("minimal");
    let first = Runtime::with_cache(Limits::new(), &dir)
        .unwrap()
        .load(&bytes)
        .unwrap();
    let files = cached_files(&dir);
    assert_eq!(files.len(), 1);
    assert!(
        files[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(first.id().as_str())
    );
    let second = Runtime::with_cache(Limits::new(), &dir)
        .unwrap()
        .load(&bytes)
        .unwrap();
    let request = br#""describe""#;
    assert_eq!(
        first.call(request).unwrap().response,
        second.call(request).unwrap().response
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}

#[test]
fn a_damaged_cache_file_is_recompiled() {
    let dir = cache_dir("damaged");
    let bytes = fixture("minimal");
    Runtime::with_cache(Limits::new(), &dir)
        .unwrap()
        .load(&bytes)
        .unwrap();
    let file = cached_files(&dir).remove(0);
    std::fs::write(&file, b"not a compiled module").unwrap();
    let plugin = Runtime::with_cache(Limits::new(), &dir)
        .unwrap()
        .load(&bytes)
        .unwrap();
    assert!(
        plugin
            .call(br#""describe""#)
            .unwrap()
            .response
            .starts_with(br#"{"status":"ok""#)
    );
    assert_ne!(std::fs::read(&file).unwrap(), b"not a compiled module");
}
