//! The append-only audit log: every change writes one entry in its own transaction; the
//! committee and the administrator read it. (Ballots are not logged one by one: a log
//! line per ballot would let its time stand beside a voter's.)

use super::auth::{COMMITTEE, User};
use super::{AppError, AppState};
use crate::store::now_text;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::params;
use serde::Deserialize;
use serde_json::{Value, json};

/// Appends one entry.
pub fn record(
    tx: &rusqlite::Transaction,
    user: Option<&User>,
    unit: Option<i64>,
    action: &str,
    target: &str,
    detail: Value,
) -> Result<(), AppError> {
    tx.execute(
        "INSERT INTO audit_log (at, user_id, username, unit_id, action, target, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            now_text(),
            user.map(|u| u.id),
            user.map(|u| u.username.clone()),
            unit,
            action,
            target,
            detail.to_string()
        ],
    )?;
    Ok(())
}

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/units/{unit}/audit", get(list))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    #[serde(default)]
    after: i64,
    #[serde(default = "default_limit")]
    limit: i64,
}

fn default_limit() -> i64 {
    500
}

async fn list(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(page): Query<Page>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let entries = state
        .read(move |c| {
            let mut statement = c.prepare(
                "SELECT id, at, username, action, target, detail FROM audit_log
                 WHERE (unit_id = ?1 OR unit_id IS NULL) AND id > ?2 ORDER BY id LIMIT ?3",
            )?;
            let rows =
                statement.query_map(params![unit, page.after, page.limit.clamp(1, 5000)], |r| {
                    let detail: String = r.get(5)?;
                    Ok(json!({
                        "id": r.get::<_, i64>(0)?,
                        "at": r.get::<_, String>(1)?,
                        "user": r.get::<_, Option<String>>(2)?,
                        "action": r.get::<_, String>(3)?,
                        "target": r.get::<_, String>(4)?,
                        "detail": serde_json::from_str::<Value>(&detail).unwrap_or(Value::Null),
                    }))
                })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"entries": entries})))
}
