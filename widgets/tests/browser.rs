//! The widgets in a real browser (`wasm-bindgen-test`, headless Chromium):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver \
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test -p kaoping-widgets --target wasm32-unknown-unknown --test browser
//! ```
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use kaoping_widgets::mount::{WidgetHandle, app_count, mount};
use kaoping_widgets::plugin::{BrowserPlugin, sha256_hex};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function spy() {
  const original = EventTarget.prototype.addEventListener;
  window.__kpGlobal = [];
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (this === document || this === window) window.__kpGlobal.push(type);
    return original.call(this, type, listener, options);
  };
  return () => { EventTarget.prototype.addEventListener = original; return window.__kpGlobal.join(','); };
}
")]
extern "C" {
    fn spy() -> js_sys::Function;
}

fn host() -> HtmlElement {
    let document = gloo::utils::document();
    let host: HtmlElement = document
        .create_element("kaoping-test")
        .unwrap()
        .unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

async fn tick() {
    TimeoutFuture::new(5).await;
}

fn inner(host: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    host.shadow_root()?.query_selector(selector).ok()?
}

fn mount_ballot(host: &HtmlElement) -> WidgetHandle {
    // Port 9 (discard): nothing is fetched while no token is given.
    mount(host.clone(), "ballot", "http://127.0.0.1:9/").unwrap()
}

#[wasm_bindgen_test]
async fn a_widget_renders_in_an_open_shadow_root() {
    let host = host();
    let mut handle = mount_ballot(&host);
    tick().await;
    assert!(inner(&host, "section.kp").is_some());
    assert!(inner(&host, "[data-kp=token]").is_some());
    assert!(host.children().length() == 0, "nothing in the light DOM");
    handle.unmount();
    tick().await;
    assert!(inner(&host, "section.kp").is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn typing_updates_the_widget_and_no_listener_goes_to_document_or_window() {
    let stop = spy();
    let host = host();
    let mut handle = mount_ballot(&host);
    tick().await;
    let input: HtmlInputElement = inner(&host, "[data-kp=token]").unwrap().unchecked_into();
    input.set_value("ABC");
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &{
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
    tick().await;
    let open = inner(&host, "[data-kp=open]").unwrap();
    assert_eq!(open.text_content().as_deref(), Some("开始测评"));
    handle.unmount();
    host.remove();
    let global = stop.call0(&JsValue::NULL).unwrap().as_string().unwrap();
    assert_eq!(global, "", "listeners added to document or window");
}

#[wasm_bindgen_test]
async fn events_inside_a_widget_do_not_reach_the_page() {
    let host = host();
    let mut handle = mount_ballot(&host);
    tick().await;
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = seen.clone();
    let listener =
        gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |_| {
            counter.set(counter.get() + 1)
        });
    let input = inner(&host, "[data-kp=token]").unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_key("Backspace");
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    assert_eq!(
        seen.get(),
        0,
        "a keydown inside the widget reached document"
    );
    drop(listener);
    handle.unmount();
    host.remove();
}

#[wasm_bindgen_test]
async fn page_css_does_not_reach_inside() {
    let document = gloo::utils::document();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(
        "* { font-size: 40px !important; color: red !important; letter-spacing: 3px !important }
         input { background: yellow !important; width: 10px !important }
         kaoping-test { font: 30px serif; color: blue; display: inline; padding: 50px }",
    ));
    document.head().unwrap().append_child(&style).unwrap();
    let host = host();
    let mut handle = mount_ballot(&host);
    tick().await;
    let window = gloo::utils::window();
    let section = window
        .get_computed_style(&inner(&host, "section.kp").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(section.get_property_value("font-size").unwrap(), "14px");
    assert_eq!(
        section.get_property_value("color").unwrap(),
        "rgb(31, 41, 51)"
    );
    assert_eq!(
        section.get_property_value("letter-spacing").unwrap(),
        "normal"
    );
    let input = window
        .get_computed_style(&inner(&host, "[data-kp=token]").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        input.get_property_value("background-color").unwrap(),
        "rgb(255, 255, 255)"
    );
    let host_style = window.get_computed_style(&host).unwrap().unwrap();
    assert_eq!(host_style.get_property_value("display").unwrap(), "block");
    assert_eq!(host_style.get_property_value("padding-top").unwrap(), "0px");
    handle.unmount();
    host.remove();
    style.remove();
}

fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

#[wasm_bindgen_test]
async fn mounting_and_removing_a_thousand_times_leaks_nothing() {
    let cycle = || async {
        let host = host();
        let mut handle = mount_ballot(&host);
        tick().await;
        assert!(inner(&host, "[data-kp=token]").is_some());
        handle.unmount();
        drop(handle);
        host.remove();
    };
    for _ in 0..20 {
        cycle().await;
    }
    let apps = app_count();
    let memory = memory_bytes();
    for _ in 0..1000 {
        cycle().await;
    }
    tick().await;
    assert_eq!(app_count(), apps, "yew apps grew");
    assert_eq!(memory_bytes(), memory, "wasm memory grew");
    let left = gloo::utils::document()
        .query_selector_all("kaoping-test")
        .unwrap()
        .length();
    assert_eq!(left, 0);
}

#[wasm_bindgen_test]
async fn several_widgets_live_on_one_page() {
    let hosts: Vec<HtmlElement> = (0..3).map(|_| host()).collect();
    let mut handles: Vec<WidgetHandle> = hosts.iter().map(mount_ballot).collect();
    tick().await;
    for host in &hosts {
        assert!(inner(host, "[data-kp=token]").is_some());
    }
    // Removing the middle one leaves the others working.
    handles[1].unmount();
    tick().await;
    assert!(inner(&hosts[0], "[data-kp=token]").is_some());
    assert!(inner(&hosts[1], "[data-kp=token]").is_none());
    assert!(inner(&hosts[2], "[data-kp=token]").is_some());
    for (h, host) in handles.iter_mut().zip(&hosts) {
        h.unmount();
        host.remove();
    }
}

const MINIMAL: &str = include_str!("../../tests/fixtures/plugins/minimal.wat");

#[wasm_bindgen_test]
async fn a_plugin_runs_in_the_browser_engine_under_the_abi() {
    let bytes = wat::parse_str(MINIMAL).unwrap();
    let plugin = BrowserPlugin::load(&bytes, &sha256_hex(&bytes))
        .await
        .unwrap();
    assert_eq!(plugin.engine, "wat-minimal");
    let answer = plugin.call(br#""describe""#).await.unwrap();
    assert!(answer.starts_with(br#"{"status":"ok""#));
    // The bytes must be what the server named.
    let wrong = BrowserPlugin::load(&bytes, &"0".repeat(64))
        .await
        .unwrap_err();
    assert!(wrong.contains("校验失败"), "{wrong}");
    // A plugin that imports anything cannot be instantiated with the empty import object.
    let importing = wat::parse_str(
        r#"(module (import "env" "now" (func)) (memory (export "memory") 1)
           (global (export "kaoping_abi") i32 (i32.const 1)))"#,
    )
    .unwrap();
    let refused = BrowserPlugin::load(&importing, &sha256_hex(&importing))
        .await
        .unwrap_err();
    assert!(refused.contains("无法实例化"), "{refused}");
}
