//! One error type for every route: `{"error": {"code", "message", "problems"}}` with the
//! right status, the message in Chinese, the cause logged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error a route returns.
#[derive(Debug)]
pub struct AppError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Stable code, e.g. `not_found`.
    pub code: &'static str,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
    /// Every problem found, one line each.
    pub problems: Vec<String>,
    /// The cause, for the log only.
    pub cause: Option<String>,
}

impl AppError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
            cause: None,
        }
    }

    /// Adds the problems.
    pub fn with_problems(mut self, problems: Vec<String>) -> AppError {
        self.problems = problems;
        self
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: not signed in.
    pub fn unauthorized() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "未登录或登录已过期，请重新登录",
        )
    }

    /// 403: signed in, not allowed.
    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: no such thing.
    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{}不存在", what.into()),
        )
    }

    /// 409: the state does not allow it.
    pub fn conflict(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 422: well-formed, but the content is wrong.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 500, with the cause kept for the log.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        let mut error = AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误，请联系系统管理员（详情见服务器日志）",
        );
        error.cause = Some(cause.to_string());
        error
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> AppError {
        AppError::internal(error)
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(error: crate::store::StoreError) -> AppError {
        AppError::internal(error)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(error: serde_json::Error) -> AppError {
        AppError::internal(error)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, cause = ?self.cause, "{}", self.message);
        } else {
            tracing::info!(
                status = self.status.as_u16(),
                code = self.code,
                "{}",
                self.message
            );
        }
        let body = json!({"error": {
            "code": self.code,
            "message": self.message,
            "problems": self.problems,
        }});
        (self.status, axum::Json(body)).into_response()
    }
}

/// The Chinese message for a status that a framework layer produced (no route ran).
pub fn status_message(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND => ("not_found", "请求的地址不存在"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "该地址不支持此请求方法"),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "上传内容过大（文件上限 20 MiB，JSON 请求上限 1 MiB）",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "请求内容类型不正确（JSON 请求请使用 Content-Type: application/json）",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid", "请求内容不符合要求"),
        StatusCode::BAD_REQUEST => ("bad_request", "请求格式不正确"),
        _ if status.is_server_error() => ("internal", "服务器内部错误，请联系系统管理员"),
        _ => ("error", "请求失败"),
    }
}
