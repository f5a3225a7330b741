//! Rule sets (考评指标体系): upload as TOML, validate with every problem listed, version.
//! Uploading the same id and version again replaces it, unless an evaluation that used it
//! has been published: then that version is locked and a new version is needed.

use super::auth::{COMMITTEE, STAFF, User};
use super::{AppError, AppState, audit, units::ensure_unit};
use crate::store::now_text;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::rules::RuleSet;
use kaoping_shared::rules::load::{RulesError, from_toml};
use kaoping_shared::rules::validate::Problem;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/units/{unit}/rule-sets", get(list).post(upload))
        .route("/api/rule-sets/validate", post(validate))
        .route("/api/rule-sets/{id}", get(show))
}

/// A rule-set text as a rule set, or a 422 listing every problem.
pub fn parse(text: &str) -> Result<RuleSet, AppError> {
    from_toml(text).map_err(|e| match e {
        RulesError::Invalid { problems } => invalid_rules(&problems),
        other => AppError::invalid("invalid_rules", other.to_string()),
    })
}

/// The 422 for a rule set that breaks its own rules, listing every problem.
pub(super) fn invalid_rules(problems: &[Problem]) -> AppError {
    AppError::invalid(
        "invalid_rules",
        format!("指标体系有 {} 处问题", problems.len()),
    )
    .with_problems(problems.iter().map(ToString::to_string).collect())
}

/// Stores a new version of a rule set (its TOML text and its JSON); returns the row id.
pub(super) fn insert_version(
    tx: &rusqlite::Transaction,
    unit: i64,
    rules: &RuleSet,
    toml: &str,
    user: &User,
) -> Result<i64, AppError> {
    tx.execute(
        "INSERT INTO rule_sets (unit_id, rules_id, version, name, toml, json, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![unit, rules.id, rules.version, rules.name, toml, serde_json::to_string(rules)?, user.id, now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

async fn validate(user: User, body: String) -> Result<Json<Value>, AppError> {
    let _ = user;
    let rules = parse(&body)?;
    Ok(Json(
        json!({"valid": true, "id": rules.id, "version": rules.version, "name": rules.name}),
    ))
}

async fn upload(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    body: String,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let rules = parse(&body)?;
    let json_text = serde_json::to_string(&rules)?;
    let (id, created) = state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            let existing: Option<(i64, bool)> = tx
                .query_row(
                    "SELECT id, locked FROM rule_sets WHERE unit_id = ?1 AND rules_id = ?2 AND version = ?3",
                    params![unit, rules.id, rules.version],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (id, created) = match existing {
                Some((_, true)) => {
                    return Err(AppError::conflict(format!(
                        "指标体系 {} 版本 {} 已被已公示的考评使用，不能再修改；请使用新的版本号上传",
                        rules.id, rules.version
                    )));
                }
                Some((id, false)) => {
                    tx.execute(
                        "UPDATE rule_sets SET name = ?1, toml = ?2, json = ?3, updated_at = ?4 WHERE id = ?5",
                        params![rules.name, body, json_text, now_text(), id],
                    )?;
                    (id, false)
                }
                None => (insert_version(tx, unit, &rules, &body, &user)?, true),
            };
            audit::record(
                tx,
                Some(&user),
                Some(unit),
                if created { "上传指标体系" } else { "修改指标体系" },
                &format!("指标体系 {} 版本 {}", rules.id, rules.version),
                json!({"rule_set": id}),
            )?;
            Ok((id, created))
        })
        .await?;
    Ok(Json(json!({"id": id, "created": created})))
}

async fn list(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, STAFF)?;
    let sets = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare(
                "SELECT id, rules_id, version, name, locked, updated_at FROM rule_sets WHERE unit_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([unit], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "rules_id": r.get::<_, String>(1)?,
                    "version": r.get::<_, String>(2)?,
                    "name": r.get::<_, String>(3)?,
                    "locked": r.get::<_, bool>(4)?,
                    "updated_at": r.get::<_, String>(5)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"rule_sets": sets})))
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let found = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT unit_id, rules_id, version, name, locked, toml FROM rule_sets WHERE id = ?1",
                [id],
                |r| {
                    Ok((r.get::<_, i64>(0)?, json!({
                        "id": id,
                        "rules_id": r.get::<_, String>(1)?,
                        "version": r.get::<_, String>(2)?,
                        "name": r.get::<_, String>(3)?,
                        "locked": r.get::<_, bool>(4)?,
                        "toml": r.get::<_, String>(5)?,
                    })))
                },
            )
            .optional()?)
        })
        .await?;
    let (unit, value) = found.ok_or_else(|| AppError::not_found(format!("指标体系 {id}")))?;
    user.require_in(unit, STAFF)?;
    Ok(Json(value))
}
