//! An instance reused after `hold`, as the browser's committee view does for its what-if
//! (docs/plugin-abi.md, "Reusing an instance"): every `what_if_held` answers exactly as a
//! `what_if` with the whole input, and the instance's memory stays flat over many edits,
//! because each `kaoping_alloc` gives the previous exchange's memory back.

use kaoping_host::plugin::builtin_wasm;
use kaoping_shared::api::{self, Request};
use kaoping_shared::rules::builtin;
use kaoping_shared::synthetic;
use wasmtime::{Engine, Instance, Memory, Module, Store, TypedFunc};

/// One instance kept across calls, driven the way a browser drives it.
struct Reused {
    store: Store<()>,
    memory: Memory,
    alloc: TypedFunc<i32, i32>,
    call: TypedFunc<(i32, i32), i64>,
}

impl Reused {
    fn new() -> Reused {
        let engine = Engine::default();
        let module = Module::new(&engine, builtin_wasm()).expect("built-in plugin");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("no imports");
        Reused {
            memory: instance.get_memory(&mut store, "memory").expect("memory"),
            alloc: instance
                .get_typed_func(&mut store, "kaoping_alloc")
                .expect("alloc"),
            call: instance
                .get_typed_func(&mut store, "kaoping_call")
                .expect("call"),
            store,
        }
    }

    fn exchange(&mut self, request: &Request) -> Vec<u8> {
        let bytes = serde_json::to_vec(request).expect("request");
        let len = i32::try_from(bytes.len()).expect("size");
        let ptr = self
            .alloc
            .call(&mut self.store, len)
            .expect("kaoping_alloc");
        assert_ne!(ptr, 0, "kaoping_alloc refused");
        self.memory
            .write(&mut self.store, ptr as usize, &bytes)
            .expect("request fits");
        let packed = self
            .call
            .call(&mut self.store, (ptr, len))
            .expect("kaoping_call") as u64;
        let (at, len) = ((packed >> 32) as usize, packed as u32 as usize);
        self.memory.data(&self.store)[at..at + len].to_vec()
    }

    fn memory_size(&self) -> usize {
        self.memory.data_size(&self.store)
    }
}

#[test]
fn held_what_ifs_answer_like_what_ifs_and_memory_stays_flat_over_many_edits() {
    let input = synthetic::unit(20, 50, 3);
    let mut plugin = Reused::new();
    let held = plugin.exchange(&Request::Hold {
        input: input.clone(),
    });
    assert_eq!(
        String::from_utf8(held).unwrap(),
        r#"{"status":"ok","result":{"held":{"prosecutors":20,"cases":1000}}}"#
    );
    let mut sizes = Vec::new();
    for edit in 0..40u32 {
        let mut rules = builtin::r2019();
        // Move weight between quantity and quality, as a committee member would.
        let shift = rust_decimal::Decimal::from(edit % 7);
        rules.dimensions[0].points += shift;
        rules.dimensions[0].indicators[0].points += shift;
        rules.dimensions[1].points -= shift;
        rules.dimensions[1].indicators[0].points -= shift;
        let from_held = plugin.exchange(&Request::WhatIfHeld {
            rules: rules.clone(),
        });
        let direct = api::handle(
            &serde_json::to_vec(&Request::WhatIf {
                rules,
                input: input.clone(),
            })
            .unwrap(),
        );
        let from_held = String::from_utf8(from_held).unwrap();
        assert!(from_held.starts_with(r#"{"status":"ok""#), "{from_held}");
        assert_eq!(from_held, String::from_utf8(direct).unwrap(), "edit {edit}");
        sizes.push(plugin.memory_size());
    }
    assert!(
        sizes.iter().all(|&s| s == sizes[0]),
        "memory grew over the edits: {sizes:?}"
    );
    // A second input needs a new instance; the held one keeps answering.
    let again = plugin.exchange(&Request::Hold { input });
    assert!(String::from_utf8(again).unwrap().contains("already_held"));
}
