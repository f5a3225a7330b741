//! Bad requests get a clear 4xx in Chinese, and the server keeps serving.

use crate::support::Server;
use serde_json::{Value, json};

fn chinese(body: &[u8]) -> Value {
    let value: Value = serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)));
    let message = value["error"]["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{message}"
    );
    value
}

#[test]
fn bad_requests_get_a_chinese_4xx_and_the_server_keeps_serving() {
    let server = Server::demo();
    let token = server.login("kaohe");
    let t = Some(token.as_str());
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "POST",
            "/api/units/1/evaluations",
            b"{not json".to_vec(),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/api/units/1/evaluations",
            r#"{"kind": "annual", "year": "二〇一九"}"#.as_bytes().to_vec(),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/api/units/1/evaluations",
            br#"{"kind": "weekly", "year": 2019}"#.to_vec(),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/api/units/1/evaluations",
            br#"{"kind": "annual", "year": 2019, "extra": 1}"#.to_vec(),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/api/units/1/evaluations",
            br#"{"kind": "monthly", "year": 2019, "month": 13}"#.to_vec(),
            422,
            "invalid",
        ),
        (
            "GET",
            "/api/evaluations/999999",
            Vec::new(),
            404,
            "not_found",
        ),
        (
            "GET",
            "/api/evaluations/abc",
            Vec::new(),
            400,
            "bad_request",
        ),
        (
            "GET",
            "/api/units/999/prosecutors",
            Vec::new(),
            403,
            "forbidden",
        ),
        ("GET", "/api/no/such/route", Vec::new(), 404, "not_found"),
        (
            "DELETE",
            "/api/units",
            Vec::new(),
            405,
            "method_not_allowed",
        ),
        (
            "POST",
            "/api/units/1/imports/weather",
            b"x".to_vec(),
            404,
            "not_found",
        ),
        (
            "POST",
            "/api/units/1/imports/cases?file=x.xlsx",
            b"PK\x03\x04garbage".to_vec(),
            422,
            "import_rejected",
        ),
        (
            "POST",
            "/api/units/1/rule-sets",
            b"id = 3".to_vec(),
            422,
            "invalid_rules",
        ),
        (
            "POST",
            "/api/ballots",
            br#"{"token": 5}"#.to_vec(),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/api/units/1/imports/cases",
            vec![b'a'; 21 * 1024 * 1024],
            413,
            "too_large",
        ),
        (
            "POST",
            "/api/login",
            vec![b' '; 2 * 1024 * 1024],
            413,
            "too_large",
        ),
    ];
    for (method, path, body, status, code) in cases {
        let (got, out) = server.raw(method, path, t, &body, "application/json");
        assert_eq!(
            got,
            status,
            "{method} {path}: {}",
            String::from_utf8_lossy(&out)
        );
        let value = chinese(&out);
        assert_eq!(value["error"]["code"], code, "{method} {path}: {value}");
    }
    // Unknown ids of the admin's units are 404.
    let admin = server.login("admin");
    let (status, body) = server.get("/api/units/999/prosecutors", Some(&admin));
    assert_eq!(status, 404, "{body}");
    // Still serving.
    let (status, health) = server.get("/healthz", None);
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    let (status, _) = server.post(
        "/api/units/1/evaluations",
        t,
        &json!({"kind": "annual", "year": 2019}),
    );
    assert_eq!(status, 200);
    // The embedded widget assets and the demo portal.
    let (status, _) = server.raw("GET", "/demo/portal.html", None, b"", "");
    assert_eq!(status, 200);
    let (status, out) = server.raw("GET", "/widgets/nope.js", None, b"", "");
    assert_eq!(status, 404);
    chinese(&out);
    // The OpenAPI document lists the routes.
    let (status, doc) = server.get("/api/openapi.json", None);
    assert_eq!(status, 200);
    assert!(doc["paths"]["/api/ballots"]["post"].is_object());
}
