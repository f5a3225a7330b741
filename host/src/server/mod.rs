//! The intranet server (`kaoping serve`): an axum app over the SQLite [`crate::store`],
//! evaluating through the unit's plugin from one [`PluginRegistry`] compiled at start-up.
//!
//! [`app`] builds the router, so tests can drive it with `oneshot` as well as over a
//! socket; [`serve`] binds and runs it until Ctrl-C or SIGTERM. Conventions, roles and
//! the portal hand-over are in `docs/server.md`; the routes are listed in
//! [`openapi::document`] (served at `/api/openapi.json`).

pub mod audit;
pub mod auth;
pub mod ballots;
pub mod error;
pub mod evaluations;
pub mod exports;
pub mod extract;
pub mod imports;
pub mod openapi;
pub mod publication;
pub mod review_forms;
pub mod reviews;
pub mod rulesets;
pub mod units;
pub mod views;

use crate::plugin::PluginRegistry;
use crate::store::Store;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
pub use error::AppError;
use rusqlite::{Connection, Transaction};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Upper limit of an uploaded file.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// Upper limit of any other request body.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// What every route shares.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

/// The parts of [`AppState`].
#[derive(Debug)]
pub struct Inner {
    /// The database.
    pub store: Store,
    /// Compiled plugins, the built-in one included.
    pub registry: PluginRegistry,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The portal hand-over secret; hand-over is off without one.
    pub portal_secret: Option<String>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// The state for a store and registry.
    pub fn new(
        store: Store,
        registry: PluginRegistry,
        data_dir: PathBuf,
        portal_secret: Option<String>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            store,
            registry,
            data_dir,
            portal_secret,
        }))
    }

    /// Runs a read on a blocking thread.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.store.read(f))
            .await
            .map_err(AppError::internal)?
    }

    /// Runs one write transaction on a blocking thread.
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.store.write(f))
            .await
            .map_err(AppError::internal)?
    }
}

/// The whole HTTP app.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi::serve))
        .merge(auth::routes())
        .merge(units::routes())
        .merge(imports::routes())
        .merge(rulesets::routes())
        .merge(evaluations::routes())
        .merge(reviews::routes())
        .merge(review_forms::routes())
        .merge(ballots::routes())
        .merge(publication::routes())
        .merge(audit::routes())
        .merge(exports::routes())
        .merge(views::routes())
        .route("/widgets/{*path}", get(assets))
        .route("/demo/{*path}", get(assets))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .layer(middleware::from_fn(log_and_normalize))
        .with_state(state)
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let ok = state
        .read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .await;
    match ok {
        Ok(_) => {
            axum::Json(serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// The widget bundle and the demo portal page from [`crate::assets`] (embedded files); the
/// bundle gzipped to browsers that accept it.
async fn assets(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    let Some(asset) = crate::assets::get(uri.path()) else {
        return AppError::not_found(format!("文件“{}”", uri.path())).into_response();
    };
    // Several `Accept-Encoding` lines are one comma-separated list.
    let accept_encoding: Vec<&str> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let accepts_gzip = crate::assets::accepts_gzip(&accept_encoding.join(","));
    let gzip = asset.gzip.filter(|_| accepts_gzip);
    let mut response = gzip.unwrap_or(asset.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    if asset.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gzip.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

async fn not_found() -> AppError {
    let (code, message) = error::status_message(StatusCode::NOT_FOUND);
    AppError::new(StatusCode::NOT_FOUND, code, message)
}

/// Logs each request, and turns any error response that is not already our JSON (a
/// framework rejection: bad path, too large, wrong method) into the Chinese JSON error.
async fn log_and_normalize(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let response = if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (code, message) = error::status_message(status);
        let detail = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let mut error = AppError::new(status, code, message);
        if !detail.is_empty() {
            error = error.with_problems(vec![detail]);
        }
        error.into_response()
    } else {
        response
    };
    tracing::info!(
        method = %method,
        path = %path,
        status = status.as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// A response with a content type and a download name.
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"export\"; filename*=UTF-8''{}",
        percent_encode(file_name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Binds `listen` and serves until Ctrl-C or SIGTERM; `ready` gets the bound address.
pub async fn serve(
    state: AppState,
    listen: &str,
    ready: impl FnOnce(std::net::SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("无法监听 {listen}：{e}"))?;
    ready(listener.local_addr()?);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("收到停止信号，正在关闭");
}
