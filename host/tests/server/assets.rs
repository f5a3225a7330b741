//! The widget bundle under `/widgets/`: gzipped (zopfli, at build time) to a browser that
//! accepts gzip, as it is otherwise, with `Vary: Accept-Encoding` either way.

use crate::support::Server;
use std::io::{Read, Write};
use std::net::TcpStream;

/// Status, lower-cased header lines and body of `GET path` with `extra` header lines.
fn get(server: &Server, path: &str, extra: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{extra}\r\n",
        server.addr
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(response[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_ascii_lowercase())
        })
        .collect();
    (status, headers, response[split + 4..].to_vec())
}

/// The bundle: the ES module and its wasm.
const BUNDLE: [&str; 2] = [
    "/widgets/kaoping-widgets.js",
    "/widgets/kaoping-widgets_bg.wasm",
];

/// Issue 5's budget for the bundle gzipped as served: 150 KB.
const BUDGET: usize = 150 * 1024;

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_bundle_is_served_gzipped_when_the_browser_accepts_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("data"), false);
    for path in BUNDLE {
        let raw = kaoping_host::assets::get(path).unwrap().bytes;

        // As Chromium asks.
        let (status, headers, body) = get(
            &server,
            path,
            "Accept-Encoding: gzip, deflate, br, zstd\r\n",
        );
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-encoding"), Some("gzip"), "{path}");
        assert_eq!(header(&headers, "vary"), Some("accept-encoding"), "{path}");
        let length: usize = header(&headers, "content-length").unwrap().parse().unwrap();
        assert_eq!(length, body.len(), "{path}");
        assert!(body.len() < raw.len() / 2, "{path}: {} bytes", body.len());
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert!(unzipped == raw, "{path}: the gzipped body is not the file");

        // Without Accept-Encoding, and with gzip refused: the file as it is.
        for extra in [
            "",
            "Accept-Encoding: identity\r\n",
            "Accept-Encoding: br, gzip;q=0\r\n",
        ] {
            let (status, headers, body) = get(&server, path, extra);
            assert_eq!(status, 200, "{path} {extra}");
            assert_eq!(header(&headers, "content-encoding"), None, "{path} {extra}");
            assert_eq!(
                header(&headers, "vary"),
                Some("accept-encoding"),
                "{path} {extra}"
            );
            assert!(body == raw, "{path} {extra}: not the file");
        }
    }
    let (_, headers, _) = get(&server, "/widgets/kaoping-widgets.js", "");
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    // The demo pages are small and served as they are.
    let (status, headers, body) = get(&server, "/demo/portal.html", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-encoding"), None);
    assert!(
        body == kaoping_host::assets::get("/demo/portal.html")
            .unwrap()
            .bytes
    );
}

/// Issue 5's budget: the whole bundle (wasm + JS), gzipped as it is served, at most 150 KB.
/// The bytes are deterministic (paths remapped, zopfli with fixed settings), so a widget change
/// that breaks the budget fails here, not only in `scripts/widget-budgets.sh`.
#[test]
fn the_served_bundle_fits_the_150_kb_budget() {
    let served: usize = BUNDLE
        .iter()
        .map(|path| {
            let asset = kaoping_host::assets::get(path).unwrap();
            asset.gzip.expect("the bundle has a gzipped copy").len()
        })
        .sum();
    assert!(
        served <= BUDGET,
        "widget bundle {served} bytes gzipped, budget {BUDGET} (BENCHMARKS.md, docs/widgets.md)"
    );
}
