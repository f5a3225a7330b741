//! The hostile suite: each broken or malicious plugin is refused with its own error, within
//! its budget, and the same runtime then serves the built-in plugin correctly.
//! Fixtures: `tests/fixtures/plugins/{hostile,load}_*.wat`, each saying what it does.

use super::plugin_abi::{assert_same_as_native, fixture, runtime};
use kaoping_host::plugin::{CallError, Limits, LoadError, Runtime, Trap};
use std::time::{Duration, Instant};

const REQUEST: &[u8] = br#""describe""#;

/// Well inside the default deadline backstop (2 s for a small request) plus slack.
const BUDGET: Duration = Duration::from_secs(4);

/// Loads `name`, calls it twice, and returns the error (both calls must fail alike, each
/// within budget); then checks the runtime still answers correctly.
fn refused(name: &str) -> CallError {
    let plugin = runtime()
        .load(&fixture(name))
        .unwrap_or_else(|e| panic!("{name} should load: {e}"));
    let mut errors = Vec::new();
    for _ in 0..2 {
        let started = Instant::now();
        let error = plugin.call(REQUEST).expect_err(name);
        let elapsed = started.elapsed();
        assert!(elapsed < BUDGET, "{name}: took {elapsed:?}: {error}");
        assert!(!error.to_string().is_empty());
        errors.push(error);
    }
    assert_eq!(
        errors[0].to_string(),
        errors[1].to_string(),
        "{name}: not deterministic"
    );
    assert_same_as_native(REQUEST);
    errors.remove(0)
}

fn refused_at_load(bytes: &[u8]) -> LoadError {
    let started = Instant::now();
    let error = runtime()
        .load(bytes)
        .expect_err("should be refused at load");
    assert!(
        started.elapsed() < BUDGET,
        "load took {:?}",
        started.elapsed()
    );
    assert_same_as_native(REQUEST);
    error
}

#[test]
fn infinite_loop_runs_out_of_fuel() {
    let error = refused("hostile_loop");
    assert!(
        matches!(error, CallError::FuelExhausted { limit } if limit == Limits::new().fuel_for(REQUEST.len())),
        "{error}"
    );
}

#[test]
fn infinite_loop_with_unlimited_fuel_hits_the_deadline() {
    let limits = Limits::new()
        .with_fuel(u64::MAX / 2, 0)
        .with_deadline(Duration::from_millis(100), Duration::ZERO);
    let plugin = Runtime::new(limits)
        .unwrap()
        .load(&fixture("hostile_loop"))
        .unwrap();
    let started = Instant::now();
    let error = plugin.call(REQUEST).unwrap_err();
    assert!(matches!(error, CallError::Timeout { .. }), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn memory_grow_bomb_hits_the_memory_cap() {
    let error = refused("hostile_grow_bomb");
    assert!(
        matches!(error, CallError::MemoryLimit { requested, limit } if requested > limit),
        "{error}"
    );
}

#[test]
fn deep_recursion_overflows_the_stack() {
    let error = refused("hostile_recursion");
    assert!(matches!(error, CallError::StackOverflow), "{error}");
}

#[test]
fn trap_is_reported_as_a_trap() {
    let error = refused("hostile_trap");
    assert!(
        matches!(
            error,
            CallError::Trap {
                trap: Trap::UnreachableCodeReached,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn response_pointer_outside_memory_is_refused() {
    let error = refused("hostile_response_pointer");
    assert!(
        matches!(
            error,
            CallError::OutOfBounds {
                what: "响应",
                ptr: 0xfff0_0000,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn response_length_past_the_end_of_memory_is_refused() {
    let error = refused("hostile_response_length");
    assert!(
        matches!(
            error,
            CallError::OutOfBounds {
                what: "响应",
                len: 1_000_000,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn request_buffer_outside_memory_is_refused() {
    let error = refused("hostile_alloc_pointer");
    assert!(
        matches!(
            error,
            CallError::OutOfBounds {
                what: "请求缓冲区",
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn oversized_response_is_refused() {
    let error = refused("hostile_oversized_response");
    assert!(
        matches!(error, CallError::ResponseTooLarge { len, limit } if len > limit),
        "{error}"
    );
}

#[test]
fn response_that_is_not_the_json_envelope_is_refused() {
    let error = refused("hostile_not_json");
    assert!(
        matches!(error, CallError::InvalidResponse { .. }),
        "{error}"
    );
}

#[test]
fn oversized_request_is_refused_before_the_plugin_runs() {
    let runtime = Runtime::new(Limits::new().with_max_request(8)).unwrap();
    let plugin = runtime.load(&fixture("minimal")).unwrap();
    let error = plugin.call(REQUEST).unwrap_err();
    assert!(
        matches!(error, CallError::RequestTooLarge { len: 10, limit: 8 }),
        "{error}"
    );
    assert!(plugin.call(b"{}").is_ok());
}

#[test]
fn start_function_loop_is_refused_at_load() {
    let error = refused_at_load(&fixture("hostile_start_loop"));
    assert!(
        matches!(
            error,
            LoadError::Instantiate {
                source: CallError::FuelExhausted { .. }
            }
        ),
        "{error}"
    );
}

#[test]
fn wasi_import_is_refused_and_named() {
    let error = refused_at_load(&fixture("load_wasi_import"));
    let LoadError::ForbiddenImports { imports } = &error else {
        panic!("{error}")
    };
    assert_eq!(imports, &["函数 wasi_snapshot_preview1::fd_write"]);
}

#[test]
fn unknown_import_is_refused_and_named() {
    let error = refused_at_load(&fixture("load_unknown_import"));
    let LoadError::ForbiddenImports { imports } = &error else {
        panic!("{error}")
    };
    assert_eq!(imports, &["函数 env::now"]);
}

#[test]
fn missing_export_is_refused_and_named() {
    let error = refused_at_load(&fixture("load_missing_call"));
    assert!(
        matches!(
            error,
            LoadError::MissingExport {
                name: "kaoping_call",
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn export_with_the_wrong_signature_is_refused() {
    let error = refused_at_load(&fixture("load_wrong_call_type"));
    assert!(
        matches!(&error, LoadError::WrongExportType { name: "kaoping_call", found, .. } if found == "函数 (i32) -> i32"),
        "{error}"
    );
}

#[test]
fn wrong_abi_version_is_refused() {
    let error = refused_at_load(&fixture("load_wrong_abi"));
    assert!(
        matches!(
            error,
            LoadError::AbiVersion {
                found: 2,
                supported: 1
            }
        ),
        "{error}"
    );
}

#[test]
fn initial_memory_over_the_cap_is_refused_at_load() {
    let error = refused_at_load(&fixture("load_huge_memory"));
    assert!(
        matches!(error, LoadError::MemoryTooLarge { minimum, .. } if minimum == 5000 * 65_536),
        "{error}"
    );
}

#[test]
fn garbage_that_is_not_wasm_is_refused() {
    for bytes in [
        &b"this is not a wasm module"[..],
        b"",
        b"\x7fELF\x02\x01\x01\0",
    ] {
        let error = refused_at_load(bytes);
        assert!(matches!(error, LoadError::NotWasm { .. }), "{error}");
    }
}

#[test]
fn truncated_or_corrupt_wasm_is_refused() {
    let mut corrupt = fixture("minimal");
    corrupt.truncate(corrupt.len() / 2);
    let error = refused_at_load(&corrupt);
    assert!(matches!(error, LoadError::Invalid { .. }), "{error}");
}

#[test]
fn component_instead_of_core_module_is_refused() {
    let error = refused_at_load(b"\0asm\x0d\0\x01\0");
    assert!(
        matches!(
            error,
            LoadError::NotCoreModule {
                version: 0x0001_000d
            }
        ),
        "{error}"
    );
}

#[test]
fn oversized_module_is_refused() {
    let runtime = Runtime::new(Limits::new().with_max_module(64)).unwrap();
    let error = runtime.load(&fixture("minimal")).unwrap_err();
    assert!(
        matches!(error, LoadError::TooLarge { limit: 64, .. }),
        "{error}"
    );
}
