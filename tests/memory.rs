//! Memory use stays flat over many plugin calls. A test binary of its own: it reads this
//! process's resident size, which tests running in parallel would disturb.

use kaoping_host::plugin::{Limits, Runtime, builtin_wasm};

#[cfg(target_os = "linux")]
#[test]
fn memory_stays_flat_over_many_calls() {
    fn resident_bytes() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4096
    }
    let cache = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kaoping-cache");
    let plugin = Runtime::with_cache(Limits::new(), &cache)
        .unwrap()
        .load(builtin_wasm())
        .unwrap();
    let request = br#""describe""#;
    for _ in 0..50 {
        plugin.call(request).unwrap();
    }
    let before = resident_bytes();
    for _ in 0..1_000 {
        plugin.call(request).unwrap();
    }
    let grown = resident_bytes().saturating_sub(before);
    // Each instance has 1.1 MiB of linear memory: keeping even a tenth of them would show.
    assert!(
        grown < 16 << 20,
        "resident memory grew by {grown} bytes over 1000 calls"
    );
}
