//! The files `kaoping serve` hands to browsers under `/widgets/` and `/demo/`: the widget
//! bundle (one ES module and its wasm, built by `host/build/widgets.rs` into `OUT_DIR`) and
//! the demo portal page. Everything is embedded in the binary, so an intranet server needs
//! nothing else: no CDN, no web fonts.
//!
//! The bundle is also embedded gzipped (zopfli, at build time: `host/build/compress.rs`);
//! the server sends that copy with `Content-Encoding: gzip` to every browser whose
//! `Accept-Encoding` allows it ([`accepts_gzip`]), so the bundle's gzip size is the size
//! actually downloaded.
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
    /// The same bytes gzipped, when the file is served compressed.
    pub gzip: Option<&'static [u8]>,
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
            gzip: Some(include_bytes!(concat!(
                env!("OUT_DIR"),
                "/widgets/kaoping-widgets.js.gz"
            ))),
        },
    ),
    (
        "widgets/kaoping-widgets_bg.wasm",
        Asset {
            bytes: include_bytes!(concat!(env!("OUT_DIR"), "/widgets/kaoping-widgets_bg.wasm")),
            content_type: WASM,
            gzip: Some(include_bytes!(concat!(
                env!("OUT_DIR"),
                "/widgets/kaoping-widgets_bg.wasm.gz"
            ))),
        },
    ),
    (
        "demo/portal.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/portal.html"),
            content_type: HTML,
            gzip: None,
        },
    ),
    (
        "demo/plain.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/plain.html"),
            content_type: HTML,
            gzip: None,
        },
    ),
    (
        "demo/views.html",
        Asset {
            bytes: include_bytes!("../../widgets/demo/views.html"),
            content_type: HTML,
            gzip: None,
        },
    ),
];

/// The file at `path` (`widgets/kaoping-widgets.js`, with or without a leading `/`).
pub fn get(path: &str) -> Option<Asset> {
    let path = path.strip_prefix('/').unwrap_or(path);
    FILES.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

/// Whether a request's `Accept-Encoding` header value allows `gzip` (RFC 9110 12.5.3):
/// `gzip` or `x-gzip`, or else `*`, with a quality above 0.
///
/// ```
/// use kaoping_host::assets::accepts_gzip;
/// assert!(accepts_gzip("gzip, deflate, br, zstd"));
/// assert!(!accepts_gzip("gzip;q=0, identity"));
/// assert!(!accepts_gzip(""));
/// ```
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    let mut star = false;
    for coding in accept_encoding.split(',') {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or("").trim();
        let quality = parts
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(Some(1.0), |(_, q)| q.trim().parse::<f32>().ok());
        let allowed = quality.is_some_and(|q| q > 0.0);
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            return allowed;
        }
        if name == "*" {
            star = allowed;
        }
    }
    star
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
    fn the_bundle_has_gzip_copies_of_the_same_bytes() {
        use std::io::Read;
        for path in [
            "widgets/kaoping-widgets.js",
            "widgets/kaoping-widgets_bg.wasm",
        ] {
            let asset = get(path).unwrap();
            let gz = asset.gzip.unwrap();
            assert!(gz.len() < asset.bytes.len() / 2, "{path}");
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(gz)
                .read_to_end(&mut bytes)
                .unwrap();
            assert!(bytes == asset.bytes, "{path}: gzip copy differs");
        }
        assert_eq!(get("demo/portal.html").unwrap().gzip, None);
    }

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        for yes in [
            "gzip",
            "GZIP",
            "gzip, deflate, br, zstd",
            "br;q=1.0, gzip;q=0.8, *;q=0.1",
            "x-gzip",
            "*",
            "identity, *;q=0.5",
            " deflate ,gzip ; q=0.001",
        ] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in [
            "",
            "identity",
            "br, deflate",
            "gzip;q=0",
            "gzip; q=0.0, *",
            "*;q=0",
            "gzip;q=nonsense",
            "gzipx",
        ] {
            assert!(!accepts_gzip(no), "{no}");
        }
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
