//! Request extractors whose rejections are [`AppError`]s in Chinese.

use super::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON body, read with a Chinese error for bad syntax, wrong types and unknown fields
/// (the request types refuse unknown fields).
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| body_error(e.status()))?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Reads JSON bytes into `T` with a Chinese error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let place = format!("第 {} 行第 {} 列", e.line(), e.column());
        let message = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("请求内容不是有效的 JSON（{place}）")
            }
            _ => format!("请求字段缺失、多余或类型不正确（{place}）"),
        };
        AppError::bad_request(message).with_problems(vec![e.to_string()])
    })
}

/// The error for a body that could not be read.
pub fn body_error(status: StatusCode) -> AppError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        let (code, message) = super::error::status_message(status);
        AppError::new(status, code, message)
    } else {
        AppError::bad_request("无法读取请求内容")
    }
}
