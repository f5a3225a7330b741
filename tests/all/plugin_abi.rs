//! The plugin ABI v1 (docs/plugin-abi.md): the built-in plugin and a hand-written WAT plugin
//! both work through it, the built-in plugin answers exactly like the native engine, and
//! no state survives from one call to the next.
//!
//! Compiling the built-in plugin takes seconds in an unoptimised build, so every test shares
//! one [`runtime`] and one compiled [`builtin`].

use kaoping_host::engine::Engine;
use kaoping_host::plugin::{Limits, Plugin, PluginId, PluginRegistry, Runtime, builtin_wasm};
use kaoping_shared::api;
use std::sync::OnceLock;

/// The registry every plugin test shares (default limits, built-in plugin compiled once).
pub(crate) fn registry() -> &'static PluginRegistry {
    static REGISTRY: OnceLock<PluginRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let runtime = Runtime::new(Limits::new()).expect("runtime");
        PluginRegistry::new(runtime).expect("the built-in plugin loads")
    })
}

/// The shared runtime.
pub(crate) fn runtime() -> &'static Runtime {
    registry().runtime()
}

/// The shared, compiled built-in plugin.
pub(crate) fn builtin() -> &'static Plugin {
    registry().builtin()
}

/// The bytes of `tests/fixtures/plugins/NAME.wat`, assembled.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/plugins/{name}.wat", env!("CARGO_MANIFEST_DIR"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Asserts the built-in plugin answers `request` with exactly the native engine's bytes.
/// Differential proptests (once `evaluate` exists) call this with generated requests.
pub(crate) fn assert_same_as_native(request: &[u8]) {
    let native = Engine::Native.call_raw(request).unwrap();
    let plugin = Engine::Plugin(builtin().clone()).call_raw(request).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&plugin),
        String::from_utf8_lossy(&native),
        "request {}",
        String::from_utf8_lossy(request)
    );
}

/// Requests both engines must answer identically, errors included.
const DIFFERENTIAL_REQUESTS: &[&[u8]] = &[
    br#""describe""#,
    br#"{"op":"no_such_op"}"#,
    br#"{"describe":{"extra":1}}"#,
    br#"{"op":"describe"}"#,
    b"not json",
    b"",
    "{\"op\":\"测\"}".as_bytes(),
    b"{\"op\":\"\xff\"}",
];

#[test]
fn builtin_plugin_answers_exactly_like_native() {
    for request in DIFFERENTIAL_REQUESTS {
        assert_same_as_native(request);
    }
}

#[test]
fn builtin_plugin_describes_itself_and_reports_its_cost() {
    let outcome = builtin().call(br#""describe""#).unwrap();
    let response: api::Response = serde_json::from_slice(&outcome.response).unwrap();
    let api::Response::Ok {
        result: api::Reply::Description(description),
    } = response
    else {
        panic!(
            "not a description: {}",
            String::from_utf8_lossy(&outcome.response)
        );
    };
    assert_eq!(description.engine, api::ENGINE_NAME);
    assert_eq!(description.abi, api::ABI_VERSION);
    let report = outcome.report;
    assert!(
        report.fuel_used > 0 && report.fuel_used < report.fuel_limit,
        "{report:?}"
    );
    assert!(report.peak_memory >= 65_536, "{report:?}");
    assert!(report.elapsed.as_secs() < 5, "{report:?}");
}

#[test]
fn builtin_plugin_is_named_by_its_sha256() {
    assert_eq!(builtin().id(), &PluginId::of(builtin_wasm()));
    assert_eq!(builtin().size(), builtin_wasm().len());
    assert_eq!(registry().get(builtin().id()).unwrap().id(), builtin().id());
    let engine = Engine::Plugin(builtin().clone());
    assert_eq!(engine.plugin_id(), Some(builtin().id()));
    assert_eq!(Engine::Native.plugin_id(), None);
}

#[test]
fn hand_written_wat_plugin_works_through_the_abi() {
    let plugin = runtime().load(&fixture("minimal")).unwrap();
    let engine = Engine::Plugin(plugin);
    let response = engine.call(&api::Request::Describe).unwrap();
    let api::Response::Ok {
        result: api::Reply::Description(description),
    } = response
    else {
        panic!("not a description: {response:?}");
    };
    assert_eq!(description.engine, "wat-minimal");
    assert_eq!(description.abi, 1);
}

#[test]
fn registry_compiles_a_plugin_once_and_finds_it_by_id() {
    let bytes = fixture("minimal");
    let first = registry().install(&bytes).unwrap();
    let again = registry().install(&bytes).unwrap();
    assert_eq!(first.id(), again.id());
    assert_eq!(first.id(), &PluginId::of(&bytes));
    assert!(registry().ids().contains(first.id()));
    assert!(registry().ids().contains(builtin().id()));
}

#[test]
fn no_state_survives_between_calls() {
    let plugin = runtime().load(&fixture("stateful_counter")).unwrap();
    for _ in 0..50 {
        let outcome = plugin.call(b"{}").unwrap();
        let text = String::from_utf8(outcome.response).unwrap();
        assert!(text.contains(r#""message":"1""#), "state leaked: {text}");
    }
}

#[test]
fn calls_run_concurrently_on_one_compiled_plugin() {
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..25 {
                    assert_same_as_native(br#""describe""#);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}
