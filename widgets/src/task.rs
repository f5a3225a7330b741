//! Background work and effects with one type each for the whole bundle.
//!
//! `spawn_local` and `use_effect_with` are generic over the future and the closure they are
//! given: each call site with its own type brought its own copy of the task queue's spawn,
//! of the hook's state and of its teardown (~0.5–1 KB of wasm each). These wrappers box the
//! future or closure first, so the generic code exists once.

use std::future::Future;
use std::pin::Pin;
use yew::functional::{Hook, hook, use_effect_with};

/// A boxed future, the one type every spawned task has.
type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Runs `future` to completion in the background (`wasm_bindgen_futures::spawn_local`).
pub fn spawn(future: impl Future<Output = ()> + 'static) {
    spawn_task(Box::pin(future));
}

fn spawn_task(task: Task) {
    wasm_bindgen_futures::spawn_local(task);
}

/// Runs `effect` after the first render and after every render in which `key` changed, as
/// `use_effect_with(key, …)` does, with `key` as its argument.
pub fn use_effect_on(key: u64, effect: impl FnOnce(u64) + 'static) -> impl Hook<Output = ()> {
    use_keyed_effect(key, Box::new(effect))
}

#[hook]
fn use_keyed_effect(key: u64, effect: Box<dyn FnOnce(u64)>) {
    use_effect_with(key, move |&key| effect(key));
}
