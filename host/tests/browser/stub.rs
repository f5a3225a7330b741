//! A small stand-in server for what `kaoping serve` does not offer yet or what budgets
//! need: the widget assets, the built-in plugin by SHA-256, and a case-review form context
//! of any size, whose POST answers with the total computed natively by the same engine.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

/// A form context with `manual` extra manual indicators (one point each) on top of R-2019.
pub fn context(manual: usize) -> Value {
    let mut rules = serde_json::to_value(kaoping_shared::rules::builtin::r2019()).expect("rules");
    let indicators: Vec<Value> = (0..manual)
        .map(|i| {
            json!({"key": format!("m{i:02}"), "name": format!("人工评分项{:02}", i + 1), "points": "1",
                   "rule": {"manual": {"min": "0", "max": "1", "require_reason": false,
                            "roles": [{"role": "department", "name": "部门评价", "weight": "1"}]}}})
        })
        .collect();
    if manual > 0 {
        let total = 100 + manual;
        rules["total_points"] = json!(total.to_string());
        rules["share_rules"] = json!([]);
        rules["dimensions"]
            .as_array_mut()
            .expect("dimensions")
            .push(json!({"key": "manual", "name": "综合评议", "points": manual.to_string(), "indicators": indicators}));
    }
    let input = kaoping_shared::synthetic::unit(10, 20, 7);
    let prosecutor = input.prosecutors[0].id.clone();
    let cases: Vec<Value> = input
        .cases
        .iter()
        .filter(|c| c.handler == prosecutor)
        .take(3)
        .map(|c| json!(c.id))
        .collect();
    json!({
        "title": format!("基准评查表 · {manual} 项人工评分"),
        "prosecutor": prosecutor,
        "role": "department",
        "plugin": kaoping_host::plugin::builtin_id().as_str(),
        "rules": rules,
        "input": input,
        "cases": cases,
        "saved": null,
    })
}

/// Listens on a free port in a thread; serves until the process ends.
pub fn start(context: Value) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let context = Arc::new(context);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let context = context.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &context);
            });
        }
    });
    base
}

fn answer(stream: TcpStream, context: &Value) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("").to_owned(),
    );
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        if header.trim().is_empty() {
            break;
        }
        if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let path = path.split('?').next().unwrap_or("");
    let (status, content_type, bytes): (u16, &str, Vec<u8>) = if let Some(asset) =
        kaoping_host::assets::get(path)
    {
        (200, asset.content_type, asset.bytes.to_vec())
    } else if path == "/bench.html" {
        let page = format!(
            r#"<!DOCTYPE html><meta charset="utf-8"><script type="module" src="/widgets/kaoping-widgets.js"></script>
<kaoping-score-form id="kp-form" unit="1" year="2019" prosecutor="{}" token="t"></kaoping-score-form>"#,
            context["prosecutor"].as_str().unwrap_or("")
        );
        (200, "text/html; charset=utf-8", page.into_bytes())
    } else if path.starts_with("/api/plugins/") {
        (
            200,
            "application/wasm",
            kaoping_host::plugin::builtin_wasm().to_vec(),
        )
    } else if path.starts_with("/api/units/1/review-forms/") && method == "GET" {
        (200, "application/json", context.to_string().into_bytes())
    } else if path.starts_with("/api/units/1/review-forms/") {
        (
            200,
            "application/json",
            save(context, &body).to_string().into_bytes(),
        )
    } else {
        (
            404,
            "application/json",
            br#"{"error":{"code":"not_found","message":"no"}}"#.to_vec(),
        )
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        bytes.len()
    )?;
    stream.write_all(&bytes)
}

/// What the server would store: the same evaluation, computed natively.
fn save(context: &Value, body: &[u8]) -> Value {
    let entries: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut input = context["input"].clone();
    for review in entries["reviews"].as_array().into_iter().flatten() {
        for case in input["cases"].as_array_mut().into_iter().flatten() {
            if case["id"] == review["case"] {
                case["review"] = review["conclusion"].clone();
            }
        }
    }
    for score in entries["manual_scores"].as_array().into_iter().flatten() {
        input["manual_scores"]
            .as_array_mut()
            .expect("manual_scores")
            .push(score.clone());
    }
    let request = json!({"evaluate": {"rules": context["rules"], "input": input}});
    let response: Value =
        serde_json::from_slice(&kaoping_shared::api::handle(request.to_string().as_bytes()))
            .expect("response");
    let evaluation = &response["result"]["evaluation"];
    let total = evaluation["results"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["prosecutor"] == context["prosecutor"])
        .map(|r| r["total"].clone())
        .unwrap_or(Value::Null);
    json!({"total": total, "plugin": context["plugin"], "rule_set": {"id": evaluation["rule_set"]["id"], "version": evaluation["rule_set"]["version"]}})
}
