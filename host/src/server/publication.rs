//! Publication (公示) for 5 working days under the official calendar, objections (异议)
//! during it, re-review (复核) that keeps or changes a result while keeping the old value,
//! who, when and why; the final decision; the prosecutor's confirmation (签字确认).

use super::auth::{COMMITTEE, Role, User};
use super::evaluations::meta;
use super::extract::JsonBody;
use super::{AppError, AppState, audit};
use crate::store::{now_text, today};
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::calendar::Calendar;
use kaoping_shared::date::Date;
use rusqlite::{Connection, OptionalExtension, params};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

/// Working days a publication lasts.
pub const PUBLICATION_DAYS: u32 = 5;

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/evaluations/{id}/publish", post(publish))
        .route(
            "/api/evaluations/{id}/objections",
            get(list_objections).post(object),
        )
        .route("/api/objections/{id}/review", post(review))
        .route("/api/evaluations/{id}/finalize", post(finalize))
        .route(
            "/api/evaluations/{id}/results/{prosecutor}/confirm",
            post(confirm),
        )
}

/// A result's change history, oldest first.
pub fn changes(c: &Connection, evaluation: i64, prosecutor: &str) -> Result<Vec<Value>, AppError> {
    let mut statement = c.prepare(
        "SELECT ch.field, ch.old_value, ch.new_value, ch.reason, ch.objection_id, u.username, ch.changed_at
         FROM result_changes ch JOIN users u ON u.id = ch.changed_by
         WHERE ch.evaluation_id = ?1 AND ch.prosecutor = ?2 ORDER BY ch.id",
    )?;
    let rows = statement.query_map(params![evaluation, prosecutor], |r| {
        Ok(json!({
            "field": r.get::<_, String>(0)?,
            "old_value": r.get::<_, String>(1)?,
            "new_value": r.get::<_, String>(2)?,
            "reason": r.get::<_, String>(3)?,
            "objection": r.get::<_, Option<i64>>(4)?,
            "changed_by": r.get::<_, String>(5)?,
            "changed_at": r.get::<_, String>(6)?,
        }))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Objections to an evaluation, of one prosecutor or all.
pub fn objections_of(
    c: &Connection,
    evaluation: i64,
    prosecutor: Option<&str>,
) -> Result<Vec<Value>, AppError> {
    let mut statement = c.prepare(
        "SELECT o.id, o.prosecutor, o.text, o.filed_at, o.status, o.decision_reason, o.decided_at, u.username
         FROM objections o LEFT JOIN users u ON u.id = o.decided_by
         WHERE o.evaluation_id = ?1 AND (?2 IS NULL OR o.prosecutor = ?2) ORDER BY o.id",
    )?;
    let rows = statement.query_map(params![evaluation, prosecutor], |r| {
        Ok(json!({
            "id": r.get::<_, i64>(0)?,
            "prosecutor": r.get::<_, String>(1)?,
            "text": r.get::<_, String>(2)?,
            "filed_at": r.get::<_, String>(3)?,
            "status": r.get::<_, String>(4)?,
            "decision_reason": r.get::<_, Option<String>>(5)?,
            "decided_at": r.get::<_, Option<String>>(6)?,
            "decided_by": r.get::<_, Option<String>>(7)?,
        }))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishRequest {
    /// First day; today (China time) when absent.
    #[serde(default)]
    start: Option<Date>,
}

async fn publish(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    JsonBody(request): JsonBody<PublishRequest>,
) -> Result<Json<Value>, AppError> {
    let start = request.start.unwrap_or_else(today);
    let end = Calendar::official()
        .add_working_days(start, PUBLICATION_DAYS)
        .map_err(|e| AppError::invalid("calendar", format!("无法计算公示期：{e}")))?;
    let value = state
        .write(move |tx| {
            let meta = meta(tx, id)?;
            user.require_in(meta.unit, COMMITTEE)?;
            if meta.status != "draft" {
                return Err(AppError::conflict(format!("考评 {id} 已公示，不能重复公示")));
            }
            tx.execute(
                "UPDATE evaluations SET status = 'published', publication_start = ?1, publication_end = ?2 WHERE id = ?3",
                params![start.to_string(), end.to_string(), id],
            )?;
            tx.execute(
                "UPDATE rule_sets SET locked = 1 WHERE id = (SELECT rule_set_id FROM evaluations WHERE id = ?1)",
                [id],
            )?;
            audit::record(tx, Some(&user), Some(meta.unit), "公示考评结果", &format!("考评 {id}"),
                json!({"start": start, "end": end}))?;
            Ok(json!({
                "id": id,
                "status": "published",
                "publication_start": start,
                "publication_end": end,
                "message": format!("公示期 {start} 至 {end}（{PUBLICATION_DAYS} 个工作日），期间可提出异议"),
            }))
        })
        .await?;
    Ok(Json(value))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectionRequest {
    text: String,
    /// Who objects; a prosecutor may only name themself (the default).
    #[serde(default)]
    prosecutor: Option<String>,
}

async fn object(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    JsonBody(request): JsonBody<ObjectionRequest>,
) -> Result<Json<Value>, AppError> {
    if request.text.trim().is_empty() {
        return Err(AppError::invalid("invalid", "异议内容不能为空"));
    }
    let today = today();
    let value = state
        .write(move |tx| {
            let meta = meta(tx, id)?;
            user.require_in(meta.unit, &[Role::Prosecutor, Role::Committee, Role::Admin])?;
            let prosecutor = match (&user.prosecutor, request.prosecutor) {
                (Some(own), None) => own.clone(),
                (Some(own), Some(named)) if *own == named => named,
                (Some(_), Some(_)) => return Err(AppError::forbidden("只能对本人的考评结果提出异议")),
                (None, Some(named)) => named,
                (None, None) => return Err(AppError::invalid("invalid", "请指明提出异议的检察官（prosecutor）")),
            };
            let (start, end) = match (meta.status.as_str(), tx.query_row(
                "SELECT publication_start FROM evaluations WHERE id = ?1", [id], |r| r.get::<_, Option<String>>(0))?, meta.publication_end.clone()) {
                ("published", Some(start), Some(end)) => (start, end),
                ("final", _, Some(end)) => return Err(AppError::conflict(format!("公示期已于 {end} 结束，考评结果已确定，不再受理异议"))),
                _ => return Err(AppError::conflict("考评结果尚未公示，不能提出异议")),
            };
            let today_text = today.to_string();
            if today_text < start {
                return Err(AppError::conflict(format!("公示期自 {start} 开始，尚不能提出异议")));
            }
            if today_text > end {
                return Err(AppError::conflict(format!("公示期已于 {end} 结束，不再受理异议")));
            }
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM results WHERE evaluation_id = ?1 AND prosecutor = ?2)",
                params![id, prosecutor], |r| r.get(0))?;
            if !exists {
                return Err(AppError::not_found(format!("检察官 {prosecutor} 的考评结果")));
            }
            tx.execute(
                "INSERT INTO objections (evaluation_id, prosecutor, text, filed_by, filed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, prosecutor, request.text, user.id, now_text()],
            )?;
            let objection = tx.last_insert_rowid();
            audit::record(tx, Some(&user), Some(meta.unit), "提出异议", &format!("考评 {id} 检察官 {prosecutor}"),
                json!({"objection": objection, "text": request.text}))?;
            Ok(json!({"id": objection, "status": "open", "publication_end": end}))
        })
        .await?;
    Ok(Json(value))
}

async fn list_objections(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let own = user.prosecutor.clone();
    let (meta, rows) = state
        .read(move |c| {
            let meta = meta(c, id)?;
            let rows = objections_of(c, id, own.as_deref())?;
            Ok((meta, rows))
        })
        .await?;
    user.require_in(meta.unit, &[Role::Prosecutor, Role::Committee, Role::Admin])?;
    Ok(Json(json!({"objections": rows})))
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Keep,
    Change,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewRequest {
    decision: Decision,
    reason: String,
    #[serde(default)]
    grade: Option<String>,
    #[serde(default)]
    total: Option<Decimal>,
}

async fn review(
    State(state): State<AppState>,
    user: User,
    Path(objection): Path<i64>,
    JsonBody(request): JsonBody<ReviewRequest>,
) -> Result<Json<Value>, AppError> {
    if request.reason.trim().is_empty() {
        return Err(AppError::invalid("invalid", "复核须写明理由"));
    }
    if request.decision == Decision::Change && request.grade.is_none() && request.total.is_none() {
        return Err(AppError::invalid(
            "invalid",
            "变更结果须给出新的等次（grade）或总分（total）",
        ));
    }
    let value = state
        .write(move |tx| {
            let (evaluation, prosecutor, status): (i64, String, String) = tx
                .query_row(
                    "SELECT evaluation_id, prosecutor, status FROM objections WHERE id = ?1",
                    [objection],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| AppError::not_found(format!("异议 {objection}")))?;
            let meta = meta(tx, evaluation)?;
            user.require_in(meta.unit, COMMITTEE)?;
            if status != "open" {
                return Err(AppError::conflict(format!("异议 {objection} 已复核完毕")));
            }
            let (old_grade, old_total): (String, String) = tx.query_row(
                "SELECT grade, total FROM results WHERE evaluation_id = ?1 AND prosecutor = ?2",
                params![evaluation, prosecutor], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let now = now_text();
            let mut changed = Vec::new();
            if request.decision == Decision::Change {
                let mut change = |field: &str, column: &str, old: &str, new: String| -> Result<(), AppError> {
                    if old == new {
                        return Ok(());
                    }
                    tx.execute(
                        &format!("UPDATE results SET {column} = ?1 WHERE evaluation_id = ?2 AND prosecutor = ?3"),
                        params![new, evaluation, prosecutor],
                    )?;
                    tx.execute(
                        "INSERT INTO result_changes (evaluation_id, prosecutor, field, old_value, new_value, reason, objection_id, changed_by, changed_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![evaluation, prosecutor, field, old, new, request.reason, objection, user.id, now],
                    )?;
                    changed.push(json!({"field": field, "old_value": old, "new_value": new}));
                    Ok(())
                };
                if let Some(grade) = &request.grade {
                    change("grade", "grade", &old_grade, grade.clone())?;
                }
                if let Some(total) = request.total {
                    change("total", "total", &old_total, total.to_string())?;
                }
            }
            let new_status = match request.decision {
                Decision::Keep => "kept",
                Decision::Change => "changed",
            };
            tx.execute(
                "UPDATE objections SET status = ?1, decided_by = ?2, decided_at = ?3, decision_reason = ?4 WHERE id = ?5",
                params![new_status, user.id, now, request.reason, objection],
            )?;
            audit::record(tx, Some(&user), Some(meta.unit), "复核异议", &format!("异议 {objection}（考评 {evaluation} 检察官 {prosecutor}）"),
                json!({"decision": new_status, "reason": request.reason, "changes": changed}))?;
            Ok(json!({"objection": objection, "status": new_status, "changes": changed}))
        })
        .await?;
    Ok(Json(value))
}

async fn finalize(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let today = today().to_string();
    let value = state
        .write(move |tx| {
            let meta = meta(tx, id)?;
            user.require_in(meta.unit, COMMITTEE)?;
            let end = match (meta.status.as_str(), meta.publication_end) {
                ("published", Some(end)) => end,
                ("final", _) => return Err(AppError::conflict(format!("考评 {id} 已确定"))),
                _ => return Err(AppError::conflict("考评结果须先公示")),
            };
            if today <= end {
                return Err(AppError::conflict(format!(
                    "公示期至 {end} 结束，届满后方可确定结果"
                )));
            }
            let open: i64 = tx.query_row(
                "SELECT count(*) FROM objections WHERE evaluation_id = ?1 AND status = 'open'",
                [id],
                |r| r.get(0),
            )?;
            if open > 0 {
                return Err(AppError::conflict(format!(
                    "还有 {open} 件异议尚未复核，不能确定结果"
                )));
            }
            tx.execute(
                "UPDATE evaluations SET status = 'final', finalized_at = ?1 WHERE id = ?2",
                params![now_text(), id],
            )?;
            audit::record(
                tx,
                Some(&user),
                Some(meta.unit),
                "确定考评结果",
                &format!("考评 {id}"),
                json!({}),
            )?;
            Ok(json!({"id": id, "status": "final"}))
        })
        .await?;
    Ok(Json(value))
}

async fn confirm(
    State(state): State<AppState>,
    user: User,
    Path((id, prosecutor)): Path<(i64, String)>,
) -> Result<Json<Value>, AppError> {
    let value = state
        .write(move |tx| {
            let meta = meta(tx, id)?;
            user.require_in(meta.unit, &[Role::Prosecutor])?;
            if user.prosecutor.as_deref() != Some(prosecutor.as_str()) {
                return Err(AppError::forbidden("只能确认本人的考评结果"));
            }
            if meta.status != "final" {
                return Err(AppError::conflict("考评结果尚未最终确定，暂不能签字确认"));
            }
            let now = now_text();
            let updated = tx.execute(
                "UPDATE results SET confirmed_at = ?1 WHERE evaluation_id = ?2 AND prosecutor = ?3 AND confirmed_at IS NULL",
                params![now, id, prosecutor],
            )?;
            if updated == 0 {
                return Err(AppError::conflict("已确认过，或没有该考评结果"));
            }
            audit::record(tx, Some(&user), Some(meta.unit), "检察官确认结果", &format!("考评 {id} 检察官 {prosecutor}"), json!({}))?;
            Ok(json!({"confirmed_at": now}))
        })
        .await?;
    Ok(Json(value))
}
