//! Mounting a widget into its host element: an open shadow root holding the stylesheet and
//! a root element for yew, and listeners on the shadow root that stop the widget's events
//! from reaching the portal's own handlers. Nothing is registered on `document` or `window`.
//!
//! yew 0.23 registers its delegated event listeners on an app's root element and never
//! frees them. So apps are not destroyed on unmount but parked, empty, in a pool, and the
//! next mount reuses one: mounting and removing a widget any number of times keeps as many
//! yew apps as were ever on the page at once.

use crate::WidgetConfig;
use crate::root::{Content, Root, RootProps, WidgetKind};
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

/// The widgets' stylesheet (`style.css`, minified by `build.rs`), scoped by the shadow root.
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

/// Events stopped at the shadow root on their way out, so that a portal's global key
/// handlers (for example one that swallows Backspace outside its own inputs) never see
/// typing inside a widget.
const CONTAINED_EVENTS: [&str; 12] = [
    "keydown",
    "keyup",
    "keypress",
    "beforeinput",
    "input",
    "change",
    "click",
    "dblclick",
    "mousedown",
    "mouseup",
    "submit",
    "wheel",
];

struct Pooled {
    root: Element,
    app: AppHandle<Root>,
}

thread_local! {
    static POOL: RefCell<Vec<Pooled>> = const { RefCell::new(Vec::new()) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// How many yew apps exist (pooled + mounted); for leak tests.
#[wasm_bindgen(js_name = appCount)]
pub fn app_count() -> usize {
    POOL.with(|p| p.borrow().len()) + LIVE.with(Cell::get)
}

/// A mounted widget; `unmount` (or dropping it) empties the shadow root and pools the app.
#[wasm_bindgen]
pub struct WidgetHandle {
    shadow: ShadowRoot,
    mounted: Option<Pooled>,
    guards: Vec<EventListener>,
}

impl std::fmt::Debug for WidgetHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WidgetHandle")
            .field("mounted", &self.mounted.is_some())
            .finish()
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget from its host; safe to call twice.
    pub fn unmount(&mut self) {
        self.guards.clear();
        if let Some(mut pooled) = self.mounted.take() {
            pooled.app.update(RootProps { content: None });
            pooled.root.remove();
            LIVE.with(|l| l.set(l.get().saturating_sub(1)));
            POOL.with(|p| p.borrow_mut().push(pooled));
        }
        self.shadow.set_inner_html("");
    }
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}

fn attribute(host: &HtmlElement, name: &str) -> Option<String> {
    host.get_attribute(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn shadow_of(host: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    match host.shadow_root() {
        Some(shadow) => Ok(shadow),
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)),
    }
}

/// Mounts widget `kind` (`score-form`, `ballot`) into `host`'s shadow root.
///
/// `server` is the kaoping server's base address; `attribute` reads the element's other
/// attributes (`token`, `unit`, `year`, `prosecutor`).
#[wasm_bindgen]
pub fn mount(host: HtmlElement, kind: &str, server: &str) -> Result<WidgetHandle, JsValue> {
    let kind = WidgetKind::from_name(kind)
        .ok_or_else(|| JsValue::from_str(&format!("未知的考评组件：{kind}")))?;
    let document = host.owner_document().ok_or("宿主元素不在文档中")?;
    let shadow = shadow_of(&host)?;
    shadow.set_inner_html("");
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    shadow.append_child(&style)?;

    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    let content = Content {
        generation,
        kind,
        config: WidgetConfig {
            server: server.to_owned(),
            token: attribute(&host, "token"),
            unit: attribute(&host, "unit"),
            year: attribute(&host, "year"),
            prosecutor: attribute(&host, "prosecutor"),
        },
    };
    let pooled = match POOL.with(|p| p.borrow_mut().pop()) {
        Some(mut pooled) => {
            shadow.append_child(&pooled.root)?;
            pooled.app.update(RootProps {
                content: Some(content),
            });
            pooled
        }
        None => {
            let root = document.create_element("div")?;
            root.set_class_name("kp-root");
            shadow.append_child(&root)?;
            let app = yew::Renderer::<Root>::with_root_and_props(
                root.clone(),
                RootProps {
                    content: Some(content),
                },
            )
            .render();
            Pooled { root, app }
        }
    };
    LIVE.with(|l| l.set(l.get() + 1));

    let guards = CONTAINED_EVENTS
        .iter()
        .map(|&event| {
            EventListener::new_with_options(
                &shadow,
                event,
                EventListenerOptions::enable_prevent_default(),
                |e| e.stop_propagation(),
            )
        })
        .collect();
    Ok(WidgetHandle {
        shadow,
        mounted: Some(pooled),
        guards,
    })
}
