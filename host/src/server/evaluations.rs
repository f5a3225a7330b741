//! Evaluations: monthly (平时考核, 1 January to the month's end, so points accumulate
//! with a live ranking) and annual (年度考核), run through the unit's active plugin.
//!
//! A stored evaluation keeps the exact request bytes and their SHA-256 (the input digest),
//! the engine's response bytes, the plugin's SHA-256 and the rule set's id and version.
//! Re-running sends the stored request to the same plugin and compares the bytes.

use super::auth::{COMMITTEE, Role, STAFF, User};
use super::extract::JsonBody;
use super::{AppError, AppState, audit, units::ensure_unit};
use crate::plugin::PluginId;
use crate::store::now_text;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::api::{Reply, Request, Response};
use kaoping_shared::date::{Date, Period};
use kaoping_shared::eval::result::{Evaluation, ProsecutorResult};
use kaoping_shared::model::{Ballot, BonusItem, Case, EvaluationInput, ManualScore, Prosecutor};
use kaoping_shared::rules::RuleSet;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/units/{unit}/evaluations", get(list).post(run))
        .route("/api/units/{unit}/ranking", get(live_ranking))
        .route("/api/evaluations/{id}", get(show))
        .route("/api/evaluations/{id}/rerun", post(rerun))
        .route("/api/evaluations/{id}/results", get(results))
        .route("/api/evaluations/{id}/results/{prosecutor}", get(result))
}

/// What an evaluation covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 平时考核
    Monthly,
    /// 年度考核
    Annual,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Monthly => "monthly",
            Kind::Annual => "annual",
        }
    }
}

/// The period of a monthly (cumulative) or annual evaluation.
pub fn period(kind: Kind, year: i32, month: Option<u8>) -> Result<Period, AppError> {
    let start = Date::from_ymd(year, 1, 1)
        .ok_or_else(|| AppError::invalid("invalid", format!("年度 {year} 无效")))?;
    let end = match (kind, month) {
        (Kind::Annual, None) => Date::from_ymd(year, 12, 31),
        (Kind::Monthly, Some(m)) if (1..=12).contains(&m) => {
            let next = if m == 12 {
                Date::from_ymd(year + 1, 1, 1)
            } else {
                Date::from_ymd(year, m + 1, 1)
            };
            next.map(|d| d.add_days(-1))
        }
        (Kind::Monthly, _) => {
            return Err(AppError::invalid(
                "invalid",
                "平时考核须指定月份（month，1–12）",
            ));
        }
        (Kind::Annual, Some(_)) => return Err(AppError::invalid("invalid", "年度考核不指定月份")),
    }
    .ok_or_else(|| AppError::invalid("invalid", "考评期间无效"))?;
    Ok(Period { start, end })
}

fn json_rows<T: serde::de::DeserializeOwned>(
    c: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<T>, AppError> {
    let mut statement = c.prepare(sql)?;
    let rows = statement.query_map(params, |r| r.get::<_, String>(0))?;
    rows.map(|r| Ok(serde_json::from_str(&r?)?)).collect()
}

/// Everything the unit has for `period`, in a stable order, with case-review conclusions
/// applied to the cases.
pub fn build_input(c: &Connection, unit: i64, period: Period) -> Result<EvaluationInput, AppError> {
    let year = period.start.year();
    let prosecutors: Vec<Prosecutor> = json_rows(
        c,
        "SELECT data FROM prosecutors WHERE unit_id = ?1 ORDER BY code",
        [unit],
    )?;
    let mut cases: Vec<Case> = json_rows(
        c,
        "SELECT data FROM cases WHERE unit_id = ?1 ORDER BY case_id",
        [unit],
    )?;
    let mut reviews = HashMap::new();
    {
        let mut statement =
            c.prepare("SELECT case_id, conclusion FROM case_reviews WHERE unit_id = ?1")?;
        let rows = statement.query_map([unit], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (case, conclusion) = row?;
            reviews.insert(case, conclusion);
        }
    }
    for case in &mut cases {
        if let Some(conclusion) = reviews.get(case.id.as_str()) {
            case.review = Some(conclusion.clone());
        }
    }
    let bonus: Vec<BonusItem> = json_rows(
        c,
        "SELECT data FROM bonus_items WHERE unit_id = ?1 AND year = ?2 ORDER BY id",
        params![unit, year],
    )?;
    let ballots: Vec<Ballot> = json_rows(
        c,
        "SELECT data FROM ballots WHERE unit_id = ?1 AND year = ?2 ORDER BY id",
        params![unit, year],
    )?;
    let mut statement = c.prepare(
        "SELECT prosecutor, indicator, role, score, reason FROM manual_scores
         WHERE unit_id = ?1 AND year = ?2 ORDER BY id",
    )?;
    let manual_scores = statement
        .query_map(params![unit, year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .map(|row| {
            let (prosecutor, indicator, role, score, reason) = row?;
            Ok(ManualScore {
                prosecutor: prosecutor.as_str().into(),
                indicator: indicator.as_str().into(),
                role,
                score: score.parse().map_err(AppError::internal)?,
                reason,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(EvaluationInput {
        period,
        prosecutors,
        cases,
        bonus,
        ballots,
        manual_scores,
    })
}

/// The lowercase hex SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    super::auth::hex(&Sha256::digest(bytes))
}

/// Sends a request to a plugin on a blocking thread; returns the raw response.
pub async fn call_plugin(
    state: &AppState,
    plugin: &str,
    request: Vec<u8>,
) -> Result<Vec<u8>, AppError> {
    let id: PluginId = plugin.parse().map_err(AppError::internal)?;
    let plugin = state.registry.get(&id).ok_or_else(|| {
        AppError::conflict(format!(
            "单位的评分插件 {id} 未安装在本服务器上，请联系系统管理员"
        ))
    })?;
    tokio::task::spawn_blocking(move || plugin.call(&request))
        .await
        .map_err(AppError::internal)?
        .map(|outcome| outcome.response)
        .map_err(|e| AppError::invalid("plugin_failed", format!("评分插件运行失败：{e}")))
}

/// Decodes the engine's response; one that does not decode is the plugin's fault (422).
pub fn decode_reply(response: &[u8]) -> Result<Response, AppError> {
    crate::plugin::decode(response)
        .map_err(|e| AppError::invalid("plugin_failed", format!("评分插件运行失败：{e}")))
}

/// The engine's reply, or its error as a 422 listing every problem.
pub fn evaluation_of(response: &[u8]) -> Result<Evaluation, AppError> {
    match decode_reply(response)? {
        Response::Ok {
            result: Reply::Evaluation(evaluation),
        } => Ok(evaluation),
        Response::Ok { .. } => Err(AppError::internal("engine answered with another reply")),
        Response::Error { error } => {
            Err(AppError::invalid("evaluation_failed", error.message).with_problems(error.problems))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    kind: Kind,
    year: i32,
    #[serde(default)]
    month: Option<u8>,
    /// Rule-set row id; the unit's newest rule set when absent.
    #[serde(default)]
    rule_set: Option<i64>,
}

async fn run(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<RunRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let period = period(request.kind, request.year, request.month)?;
    let wanted = request.rule_set;
    let (rule_set_id, rules, plugin, input) = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let (id, json): (i64, String) = c
                .query_row(
                    "SELECT id, json FROM rule_sets WHERE unit_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id DESC LIMIT 1",
                    params![unit, wanted],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| AppError::not_found("指标体系"))?;
            let rules: RuleSet = serde_json::from_str(&json)?;
            let plugin: String = c.query_row("SELECT active_plugin FROM units WHERE id = ?1", [unit], |r| r.get(0))?;
            Ok((id, rules, plugin, build_input(c, unit, period)?))
        })
        .await?;
    if input.prosecutors.is_empty() {
        return Err(AppError::invalid(
            "no_roster",
            "该单位尚未导入检察官名单，无法考评",
        ));
    }
    let (rules_id, rules_version) = (rules.id.clone(), rules.version.clone());
    let request_bytes = serde_json::to_vec(&Request::Evaluate { rules, input })?;
    let input_sha256 = sha256(&request_bytes);
    let response = call_plugin(&state, &plugin, request_bytes.clone()).await?;
    let evaluation = evaluation_of(&response)?;
    let kind = request.kind;
    let run = Run {
        unit,
        kind,
        year: request.year,
        month: request.month,
        period,
        rule_set_row: rule_set_id,
        rules_id: rules_id.clone(),
        rules_version: rules_version.clone(),
        plugin: plugin.clone(),
        input_sha256: input_sha256.clone(),
        request: request_bytes,
        response,
        evaluation: evaluation.clone(),
        from: None,
    };
    let id = state.write(move |tx| store_run(tx, &user, &run)).await?;
    Ok(Json(json!({
        "id": id,
        "kind": kind.key(),
        "period": period,
        "status": "draft",
        "plugin_sha256": plugin,
        "input_sha256": input_sha256,
        "rule_set": {"id": rules_id, "version": rules_version, "row": rule_set_id},
        "evaluation": evaluation,
    })))
}

/// One evaluation run as it is stored: the exact request and response bytes, the plugin, the
/// rule set and the input digest, so it can be re-run and proved years later.
#[derive(Debug)]
pub(super) struct Run {
    pub unit: i64,
    pub kind: Kind,
    pub year: i32,
    pub month: Option<u8>,
    pub period: Period,
    /// The rule set's row id.
    pub rule_set_row: i64,
    pub rules_id: String,
    pub rules_version: String,
    pub plugin: String,
    pub input_sha256: String,
    pub request: Vec<u8>,
    pub response: Vec<u8>,
    pub evaluation: Evaluation,
    /// What started the run, for the audit log (e.g. 案件评查表); `None` for a direct run.
    pub from: Option<&'static str>,
}

/// Stores `run`, one result row per prosecutor and its audit entry; returns its id.
pub(super) fn store_run(
    tx: &rusqlite::Transaction,
    user: &User,
    run: &Run,
) -> Result<i64, AppError> {
    tx.execute(
        "INSERT INTO evaluations (unit_id, kind, year, month, period_start, period_end, rule_set_id,
           rules_id, rules_version, plugin_sha256, input_sha256, request, response, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![run.unit, run.kind.key(), run.year, run.month, run.period.start.to_string(),
                run.period.end.to_string(), run.rule_set_row, run.rules_id, run.rules_version, run.plugin,
                run.input_sha256, run.request, run.response, user.id, now_text()],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare(
        "INSERT INTO results (evaluation_id, prosecutor, name, department, total, rank, grade, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in &run.evaluation.results {
        insert.execute(params![
            id,
            r.prosecutor.as_str(),
            r.name,
            r.department.as_str(),
            r.total.to_string(),
            r.rank,
            r.grade,
            serde_json::to_string(r)?
        ])?;
    }
    let mut details = json!({"kind": run.kind.key(), "period": run.period.to_string(), "rules": run.rules_id,
        "version": run.rules_version, "plugin_sha256": run.plugin, "input_sha256": run.input_sha256});
    if let Some(from) = run.from {
        details["from"] = json!(from);
    }
    audit::record(
        tx,
        Some(user),
        Some(run.unit),
        "运行考评",
        &format!("考评 {id}"),
        details,
    )?;
    Ok(id)
}

/// The facts about a stored evaluation that access checks need.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Row id.
    pub id: i64,
    /// The unit.
    pub unit: i64,
    /// draft, published, final.
    pub status: String,
    /// Last day of the publication, once published.
    pub publication_end: Option<String>,
}

/// Loads an evaluation's [`Meta`], 404 if absent.
pub fn meta(c: &Connection, id: i64) -> Result<Meta, AppError> {
    c.query_row(
        "SELECT unit_id, status, publication_end FROM evaluations WHERE id = ?1",
        [id],
        |r| {
            Ok(Meta {
                id,
                unit: r.get(0)?,
                status: r.get(1)?,
                publication_end: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| AppError::not_found(format!("考评 {id}")))
}

fn summary(r: &rusqlite::Row) -> rusqlite::Result<Value> {
    Ok(json!({
        "id": r.get::<_, i64>(0)?,
        "kind": r.get::<_, String>(1)?,
        "year": r.get::<_, i64>(2)?,
        "month": r.get::<_, Option<i64>>(3)?,
        "period": format!("{}..{}", r.get::<_, String>(4)?, r.get::<_, String>(5)?),
        "rule_set": {"id": r.get::<_, String>(6)?, "version": r.get::<_, String>(7)?},
        "plugin_sha256": r.get::<_, String>(8)?,
        "input_sha256": r.get::<_, String>(9)?,
        "status": r.get::<_, String>(10)?,
        "publication_start": r.get::<_, Option<String>>(11)?,
        "publication_end": r.get::<_, Option<String>>(12)?,
        "created_at": r.get::<_, String>(13)?,
    }))
}

const SUMMARY: &str = "SELECT id, kind, year, month, period_start, period_end, rules_id, rules_version,
    plugin_sha256, input_sha256, status, publication_start, publication_end, created_at FROM evaluations";

async fn list(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, STAFF)?;
    let rows = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare(&format!("{SUMMARY} WHERE unit_id = ?1 ORDER BY id"))?;
            let rows = statement.query_map([unit], summary)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"evaluations": rows})))
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let (meta, value) = state
        .read(move |c| {
            let meta = meta(c, id)?;
            let value = c.query_row(&format!("{SUMMARY} WHERE id = ?1"), [id], summary)?;
            Ok((meta, value))
        })
        .await?;
    user.require_in(meta.unit, STAFF)?;
    Ok(Json(value))
}

async fn rerun(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let (meta, plugin, digest, request, response, period) = state
        .read(move |c| {
            let meta = meta(c, id)?;
            let row = c.query_row(
                "SELECT plugin_sha256, input_sha256, request, response, period_start, period_end FROM evaluations WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, Vec<u8>>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?)),
            )?;
            Ok((meta, row.0, row.1, row.2, row.3, format!("{}..{}", row.4, row.5)))
        })
        .await?;
    user.require_in(meta.unit, COMMITTEE)?;
    let request_intact = sha256(&request) == digest;
    let again = call_plugin(&state, &plugin, request.clone()).await?;
    let reproduced = request_intact && again == response;
    // Whether today's data would give the same request (it changes when cases arrive).
    let period: Period = period.parse().map_err(AppError::internal)?;
    let unit = meta.unit;
    let current = state.read(move |c| build_input(c, unit, period)).await?;
    let rules: Request = serde_json::from_slice(&request)?;
    let current_digest = match rules {
        Request::Evaluate { rules, .. } => sha256(&serde_json::to_vec(&Request::Evaluate {
            rules,
            input: current,
        })?),
        _ => String::new(),
    };
    let audit_user = user.clone();
    state
        .write(move |tx| {
            audit::record(
                tx,
                Some(&audit_user),
                Some(unit),
                "复算考评",
                &format!("考评 {id}"),
                json!({"reproduced": reproduced}),
            )
        })
        .await?;
    Ok(Json(json!({
        "id": id,
        "reproduced": reproduced,
        "message": if reproduced { "复算结果与存档逐字节一致" } else { "复算结果与存档不一致" },
        "plugin_sha256": plugin,
        "input_sha256": digest,
        "current_input_sha256": current_digest,
        "inputs_unchanged": current_digest == digest,
    })))
}

/// One result row as the API shows it: the engine's result with the current total and
/// grade (after any re-review).
fn result_row(r: &rusqlite::Row) -> rusqlite::Result<(String, Value)> {
    let data: String = r.get(5)?;
    let engine: ProsecutorResult = serde_json::from_str(&data).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let prosecutor: String = r.get(0)?;
    let dimensions: Vec<Value> = engine
        .dimensions
        .iter()
        .map(|d| json!({"key": d.key, "name": d.name, "score": d.score}))
        .collect();
    Ok((
        prosecutor.clone(),
        json!({
            "prosecutor": prosecutor,
            "name": r.get::<_, String>(1)?,
            "department": r.get::<_, String>(2)?,
            "total": r.get::<_, String>(3)?,
            "rank": r.get::<_, i64>(4)?,
            "grade": r.get::<_, String>(6)?,
            "engine_total": engine.total,
            "engine_grade": engine.grade,
            "grade_reason": engine.grade_reason,
            "vetoed": engine.vetoed,
            "committee": engine.committee,
            "dimensions": dimensions,
            "confirmed_at": r.get::<_, Option<String>>(7)?,
        }),
    ))
}

/// Every result of an evaluation in rank order.
pub fn ranking(c: &Connection, id: i64) -> Result<Vec<Value>, AppError> {
    let mut statement = c.prepare(
        "SELECT prosecutor, name, department, total, rank, data, grade, confirmed_at FROM results
         WHERE evaluation_id = ?1 ORDER BY rank, prosecutor",
    )?;
    let rows = statement.query_map([id], result_row)?;
    Ok(rows
        .map(|r| r.map(|(_, v)| v))
        .collect::<Result<Vec<_>, _>>()?)
}

/// Roles that see rankings: the committee and the administrator (院党组 through them).
const RANKING: &[Role] = COMMITTEE;

async fn results(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let meta = state.read(move |c| meta(c, id)).await?;
    if user.role == Role::Prosecutor {
        return Err(AppError::forbidden(
            "检察官只能查看本人的考评结果和得分说明，不能查看排名",
        ));
    }
    user.require_in(meta.unit, RANKING)?;
    let rows = state.read(move |c| ranking(c, id)).await?;
    Ok(Json(
        json!({"id": id, "status": meta.status, "results": rows}),
    ))
}

async fn result(
    State(state): State<AppState>,
    user: User,
    Path((id, prosecutor)): Path<(i64, String)>,
) -> Result<Json<Value>, AppError> {
    let meta = state.read(move |c| meta(c, id)).await?;
    user.require_in(meta.unit, &[Role::Admin, Role::Committee, Role::Prosecutor])?;
    if !user.may_see(&prosecutor) {
        return Err(AppError::forbidden(
            "检察官只能查看本人的考评结果和得分说明",
        ));
    }
    if user.role == Role::Prosecutor && meta.status == "draft" {
        return Err(AppError::forbidden("考评结果尚未公示，暂不能查看"));
    }
    let who = prosecutor.clone();
    let value = state
        .read(move |c| {
            let found = c
                .query_row(
                    "SELECT prosecutor, name, department, total, rank, data, grade, confirmed_at FROM results
                     WHERE evaluation_id = ?1 AND prosecutor = ?2",
                    params![id, who],
                    |r| Ok((result_row(r)?.1, r.get::<_, String>(5)?)),
                )
                .optional()?;
            let (summary, data) = found.ok_or_else(|| AppError::not_found(format!("检察官 {who} 的考评结果")))?;
            let explanation: Value = serde_json::from_str(&data)?;
            let changes = super::publication::changes(c, id, &who)?;
            let objections = super::publication::objections_of(c, id, Some(&who))?;
            Ok(json!({
                "evaluation": id,
                "status": meta.status,
                "publication_end": meta.publication_end,
                "result": summary,
                "explanation": explanation,
                "changes": changes,
                "objections": objections,
            }))
        })
        .await?;
    Ok(Json(value))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankingQuery {
    year: i32,
}

async fn live_ranking(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(query): Query<RankingQuery>,
) -> Result<Json<Value>, AppError> {
    if user.role == Role::Prosecutor {
        return Err(AppError::forbidden(
            "检察官只能查看本人的考评结果和得分说明，不能查看排名",
        ));
    }
    user.require_in(unit, RANKING)?;
    let value = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let latest = c
                .query_row(
                    &format!("{SUMMARY} WHERE unit_id = ?1 AND year = ?2 AND kind = 'monthly' ORDER BY month DESC, id DESC LIMIT 1"),
                    params![unit, query.year],
                    |r| Ok((r.get::<_, i64>(0)?, summary(r)?)),
                )
                .optional()?;
            let (id, evaluation) = latest.ok_or_else(|| AppError::not_found(format!("{} 年的平时考核", query.year)))?;
            Ok(json!({"evaluation": evaluation, "results": ranking(c, id)?}))
        })
        .await?;
    Ok(Json(value))
}
