//! `fetch` to the kaoping server, and nothing else: JSON in and out, bytes for plugins,
//! `Authorization: Bearer` when the widget has a token.

use crate::api::error_detail;
use crate::json::Json;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No answer at all: network down, server unreachable, CORS refused.
    Network,
    /// The server answered with an error status.
    Status {
        /// HTTP status.
        status: u16,
        /// The error body's code (`token_used` …), or empty.
        code: String,
        /// The error body's message, or empty.
        message: String,
    },
    /// The answer could not be read.
    Decode(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network => f.write_str("无法连接考评服务器，请检查网络"),
            FetchError::Status {
                status, message, ..
            } if !message.is_empty() => write!(f, "{message}（HTTP {status}）"),
            FetchError::Status { status, .. } => write!(f, "服务器返回错误（HTTP {status}）"),
            FetchError::Decode(e) => write!(f, "服务器的回答无法读取：{e}"),
        }
    }
}

impl FetchError {
    /// The error code the server gave, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            FetchError::Status { code, .. } if !code.is_empty() => Some(code),
            _ => None,
        }
    }
}

async fn send(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<Response, FetchError> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| FetchError::Network)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| FetchError::Network)?;
    let response: Response = response.unchecked_into();
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let text = read_text(&response).await.unwrap_or_default();
    let (code, message) = Json::parse(&text)
        .ok()
        .and_then(|body| error_detail(&body))
        .unwrap_or_default();
    Err(FetchError::Status {
        status,
        code,
        message,
    })
}

async fn read_text(response: &Response) -> Result<String, FetchError> {
    let promise = response
        .text()
        .map_err(|_| FetchError::Decode("无正文".into()))?;
    JsFuture::from(promise)
        .await
        .map_err(|_| FetchError::Network)?
        .as_string()
        .ok_or_else(|| FetchError::Decode("正文不是文本".into()))
}

/// `GET url`, the answer's text (JSON a caller reads its own way).
pub async fn get_text(url: &str, token: Option<&str>) -> Result<String, FetchError> {
    let response = send("GET", url, token, None).await?;
    read_text(&response).await
}

/// `GET url`, JSON answer.
pub async fn get_json(url: &str, token: Option<&str>) -> Result<Json, FetchError> {
    Json::parse(&get_text(url, token).await?).map_err(FetchError::Decode)
}

/// `POST url` with a JSON body, JSON answer.
pub async fn post_json(url: &str, token: Option<&str>, body: &Json) -> Result<Json, FetchError> {
    let response = send("POST", url, token, Some(body.dump())).await?;
    Json::parse(&read_text(&response).await?).map_err(FetchError::Decode)
}

/// `GET url`, raw bytes (a plugin module).
pub async fn get_bytes(url: &str, token: Option<&str>) -> Result<Vec<u8>, FetchError> {
    let response = send("GET", url, token, None).await?;
    let promise = response
        .array_buffer()
        .map_err(|_| FetchError::Decode("无正文".into()))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| FetchError::Network)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Milliseconds from `performance.now()` (0 where there is none).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Sets a `performance.mark(name)` once per page (budget measurements read it).
pub fn mark_once(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance())
        && p.get_entries_by_name(name).length() == 0
    {
        let _ = p.mark(name);
    }
}
