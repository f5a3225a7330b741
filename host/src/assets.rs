//! The files `kaoping serve` hands to browsers under `/widgets/` and `/demo/`: the widget
//! bundle (one ES module and its wasm, built by `host/build/widgets.rs` into `OUT_DIR`) and
//! the demo portal page. Everything is embedded in the binary, so an intranet server needs
//! nothing else: no CDN, no web fonts.
//!
//! ```
//! let js = kaoping_host::assets::get("widgets/kaoping-widgets.js").unwrap();
//! assert_eq!(js.content_type, "text/javascript; charset=utf-8");
//! assert!(kaoping_host::assets::get("/demo/portal.html").is_some());
//! assert!(kaoping_host::assets::get("widgets/../etc/passwd").is_none());
//! ```

/// One embedded file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asset {
    /// The bytes.
    pub bytes: &'static [u8],
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

const JS: &str = "text/javascript; charset=utf-8";
const WASM: &str = "application/wasm";
const HTML: &str = "text/html; charset=utf-8";

static FILES: [(&str, Asset); 5] = [
    (
        "widgets/kaoping-widgets.js",
        Asset {
            bytes: include_bytes!(concat!(env!("OUT_DIR"), "/widgets/kaoping-widgets.js")),
            content_type: JS,
        },
    ),
    (
        "widgets/kaoping-widgets_bg.wasm",
        Asset {
            bytes: include_bytes!(concat!(env!("OUT_DIR"), "/widgets/kaoping-widgets_bg.wasm")),
            content_type: WASM,
        },
    ),
    (
        "demo/portal.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/portal.html"),
            content_type: HTML,
        },
    ),
    (
        "demo/plain.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/plain.html"),
            content_type: HTML,
        },
    ),
    (
        "demo/views.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/views.html"),
            content_type: HTML,
        },
    ),
];

/// The file at `path` (`widgets/kaoping-widgets.js`, with or without a leading `/`).
pub fn get(path: &str) -> Option<Asset> {
    let path = path.strip_prefix('/').unwrap_or(path);
    FILES.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

/// Every embedded path.
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(p, _)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_is_one_module_with_its_wasm_and_custom_elements() {
        let js = std::str::from_utf8(get("widgets/kaoping-widgets.js").unwrap().bytes).unwrap();
        assert!(js.contains("customElements.define"));
        assert!(
            js.contains("kaoping-widgets_bg.wasm"),
            "init() must know its wasm's URL"
        );
        assert!(
            !js.contains("import ") || !js.contains("from 'http"),
            "no outside imports"
        );
        let wasm = get("widgets/kaoping-widgets_bg.wasm").unwrap();
        assert!(wasm.bytes.starts_with(b"\0asm"));
        assert_eq!(wasm.content_type, "application/wasm");
    }

    #[test]
    fn the_demo_portal_loads_nothing_from_outside() {
        let html = std::str::from_utf8(get("demo/portal.html").unwrap().bytes).unwrap();
        assert!(html.contains("\"kaoping-score-form\""));
        assert!(html.contains("<kaoping-ballot"));
        for outside in ["http://", "https://", "//cdn", "fonts.googleapis"] {
            assert!(!html.contains(outside), "{outside} in the demo page");
        }
    }
}
