//! The messages that cross host ↔ plugin ↔ widget: one JSON request in, one JSON response
//! out. [`handle`] is the whole plugin: the built-in plugin exports it through the ABI
//! (docs/plugin-abi.md), and the native engine calls it directly, so both give the same bytes.

use serde::{Deserialize, Serialize};

/// The plugin interface version this crate speaks.
pub const ABI_VERSION: u32 = 1;

/// The name and version the built-in engine reports.
pub const ENGINE_NAME: &str = "kaoping-builtin";

/// One request to the engine, tagged by `op`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Request {
    /// What the engine is and which operations it supports.
    Describe,
}

/// What the engine says about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// Engine name.
    pub engine: String,
    /// Engine version (the crate version).
    pub version: String,
    /// ABI version, = [`ABI_VERSION`].
    pub abi: u32,
    /// The operations it answers.
    pub operations: Vec<String>,
}

/// The successful result of a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Reply {
    /// Answer to [`Request::Describe`].
    Description(Description),
}

/// A structured error: a stable code, a Chinese message, and every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `bad_request`, `invalid_rules`, `invalid_input`.
    pub code: String,
    /// What went wrong, in Chinese.
    pub message: String,
    /// Every problem found, one line each, in Chinese.
    #[serde(default)]
    pub problems: Vec<String>,
}

/// The response envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Response {
    /// The request succeeded.
    Ok {
        /// What it produced.
        result: Reply,
    },
    /// The request failed.
    Error {
        /// Why.
        error: ApiError,
    },
}

/// Answers one request.
pub fn respond(request: Request) -> Response {
    match request {
        Request::Describe => Response::Ok {
            result: Reply::Description(Description {
                engine: ENGINE_NAME.to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
                abi: ABI_VERSION,
                operations: vec!["describe".to_owned()],
            }),
        },
    }
}

/// Answers one JSON request with one JSON response; never panics on bad bytes.
///
/// # Example
/// ```
/// let out = kaoping_shared::api::handle(br#"{"op":"describe"}"#);
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with(r#"{"status":"ok""#));
/// let bad = String::from_utf8(kaoping_shared::api::handle(b"not json")).unwrap();
/// assert!(bad.contains("bad_request"));
/// ```
pub fn handle(request: &[u8]) -> Vec<u8> {
    let response = match serde_json::from_slice::<Request>(request) {
        Ok(request) => respond(request),
        Err(error) => Response::Error {
            error: ApiError {
                code: "bad_request".to_owned(),
                message: format!("请求格式不正确：{error}"),
                problems: Vec::new(),
            },
        },
    };
    serde_json::to_vec(&response).unwrap_or_else(|_| {
        r#"{"status":"error","error":{"code":"internal","message":"无法编码响应","problems":[]}}"#
            .as_bytes()
            .to_vec()
    })
}
