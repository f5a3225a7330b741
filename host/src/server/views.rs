//! What the result, sampling and committee widgets read (`docs/views.md`): one context per
//! view, so each widget makes one request and computes the rest in the browser with the
//! unit's own plugin; the plugin's bytes; saving a what-if draft as a new rule-set version.

use super::auth::{COMMITTEE, Role, User};
use super::evaluations::{build_input, ranking};
use super::extract::JsonBody;
use super::publication::{changes, objections_of};
use super::rulesets::{insert_version, invalid_rules};
use super::{AppError, AppState, audit, units::ensure_unit};
use crate::store::today;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::calendar::Calendar;
use kaoping_shared::eval::result::Evaluation;
use kaoping_shared::rules::RuleSet;
use kaoping_shared::rules::load::to_toml;
use kaoping_shared::rules::validate::validate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/plugins/{sha256}", get(plugin_bytes))
        .route(
            "/api/units/{unit}/result-view/{prosecutor}",
            get(result_view),
        )
        .route("/api/units/{unit}/committee-view", get(committee_view))
        .route("/api/units/{unit}/rule-sets/draft", post(save_draft))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

/// `GET /api/plugins/{sha256}`: the module bytes, for the browser to run. Only plugins
/// whose bytes this server holds (the built-in one) are served.
async fn plugin_bytes(_user: User, Path(sha256): Path<String>) -> Result<Response, AppError> {
    if crate::plugin::builtin_id().as_str() != sha256 {
        return Err(AppError::not_found(format!("评分插件 {sha256}")));
    }
    let mut response = crate::plugin::builtin_wasm().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/wasm"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}

/// The newest annual evaluation of `year` that `published_only` allows: (id, status,
/// publication start, end, stored response, rule-set row).
type EvalRow = (i64, String, Option<String>, Option<String>, Vec<u8>, i64);

fn newest_annual(
    c: &Connection,
    unit: i64,
    year: i32,
    published_only: bool,
) -> Result<EvalRow, AppError> {
    c.query_row(
        "SELECT id, status, publication_start, publication_end, response, rule_set_id FROM evaluations
         WHERE unit_id = ?1 AND year = ?2 AND kind = 'annual' AND (?3 = 0 OR status <> 'draft')
         ORDER BY id DESC LIMIT 1",
        params![unit, year, published_only],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )
    .optional()?
    .ok_or_else(|| {
        AppError::not_found(if published_only {
            format!("{year} 年已公示的年度考评结果")
        } else {
            format!("{year} 年的年度考评")
        })
    })
}

fn evaluation_of(bytes: &[u8]) -> Result<Evaluation, AppError> {
    super::evaluations::evaluation_of(bytes)
}

/// `GET /api/units/{unit}/result-view/{prosecutor}?year=`: one prosecutor's published
/// result with its explanation, publication dates, working days left, changes, objections.
async fn result_view(
    State(state): State<AppState>,
    user: User,
    Path((unit, prosecutor)): Path<(i64, String)>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, &[Role::Admin, Role::Committee, Role::Prosecutor])?;
    if !user.may_see(&prosecutor) {
        return Err(AppError::forbidden(
            "检察官只能查看本人的考评结果和得分说明",
        ));
    }
    let published_only = user.role == Role::Prosecutor;
    let value = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let (id, status, start, end, response, _) =
                newest_annual(c, unit, query.year, published_only)?;
            let evaluation = evaluation_of(&response)?;
            let explanation = evaluation
                .result(&prosecutor.as_str().into())
                .ok_or_else(|| AppError::not_found(format!("检察官 {prosecutor} 的考评结果")))?
                .clone();
            let (total, grade, confirmed_at): (String, String, Option<String>) = c.query_row(
                "SELECT total, grade, confirmed_at FROM results WHERE evaluation_id = ?1 AND prosecutor = ?2",
                params![id, prosecutor],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let left = match (&status[..], &end) {
                ("published", Some(end)) => Calendar::official()
                    .working_days_left(today(), end.parse().map_err(AppError::internal)?)
                    .ok(),
                _ => None,
            };
            Ok(json!({
                "evaluation": id,
                "status": status,
                "publication_start": start,
                "publication_end": end,
                "working_days_left": left,
                "today": today(),
                "evaluated": evaluation.evaluated,
                "period": evaluation.period,
                "rule_set": evaluation.rule_set,
                "total": total,
                "grade": grade,
                "confirmed_at": confirmed_at,
                "explanation": explanation,
                "changes": changes(c, id, &prosecutor)?,
                "objections": objections_of(c, id, Some(&prosecutor))?,
            }))
        })
        .await?;
    Ok(Json(value))
}

/// `GET /api/units/{unit}/committee-view?year=`: the newest annual evaluation (ranking as
/// stored, quotas), and what the what-if needs: the plugin, its rule set and the input.
async fn committee_view(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let value = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let (id, status, start, end, response, rule_set_row) =
                newest_annual(c, unit, query.year, false)?;
            let evaluation = evaluation_of(&response)?;
            let rules: String = c.query_row(
                "SELECT json FROM rule_sets WHERE id = ?1",
                [rule_set_row],
                |r| r.get(0),
            )?;
            let plugin: String = c.query_row(
                "SELECT active_plugin FROM units WHERE id = ?1",
                [unit],
                |r| r.get(0),
            )?;
            let input = build_input(c, unit, evaluation.period)?;
            Ok(json!({
                "evaluation": id,
                "status": status,
                "publication_start": start,
                "publication_end": end,
                "evaluated": evaluation.evaluated,
                "quotas": evaluation.quotas,
                "rule_set": evaluation.rule_set,
                "rule_set_row": rule_set_row,
                "results": ranking(c, id)?,
                "plugin": plugin,
                "rules": serde_json::from_str::<Value>(&rules)?,
                "input": input,
            }))
        })
        .await?;
    Ok(Json(value))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftRequest {
    rules: RuleSet,
}

/// `POST /api/units/{unit}/rule-sets/draft {"rules": RuleSet}`: a what-if draft saved as a
/// new version (its TOML written from it); an existing id and version is 409.
async fn save_draft(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<DraftRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let rules = request.rules;
    validate(&rules).map_err(|problems| invalid_rules(&problems))?;
    let toml = to_toml(&rules);
    let id = state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM rule_sets WHERE unit_id = ?1 AND rules_id = ?2 AND version = ?3)",
                params![unit, rules.id, rules.version],
                |r| r.get(0),
            )?;
            if taken {
                return Err(AppError::conflict(format!(
                    "指标体系 {} 已有版本 {}，请为试算方案另起一个版本号",
                    rules.id, rules.version
                )));
            }
            let id = insert_version(tx, unit, &rules, &toml, &user)?;
            audit::record(
                tx,
                Some(&user),
                Some(unit),
                "保存试算指标体系",
                &format!("指标体系 {} 版本 {}", rules.id, rules.version),
                json!({"rule_set": id}),
            )?;
            Ok(id)
        })
        .await?;
    Ok(Json(json!({"id": id, "created": true})))
}
