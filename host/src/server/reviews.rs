//! Reviewers' work: manual scores (self, peer, department, 案件管理 spot check; each
//! weighted by the rule set), case-review conclusions (评查结论) for sampled cases, case
//! sampling draws with their proof records, and random case assignment (随机分案).

use super::auth::{IMPORTERS, Role, User};
use super::evaluations::{call_plugin, decode_reply, sha256};
use super::extract::JsonBody;
use super::{AppError, AppState, audit, units::ensure_unit};
use crate::store::now_text;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::api::{Reply, Request, Response};
use kaoping_shared::model::Case;
use kaoping_shared::rules::{Rule, RuleSet};
use kaoping_shared::sampling::{ProofRecord, SampleRequest};
use rusqlite::{Connection, OptionalExtension, params};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/units/{unit}/manual-scores",
            get(list_scores).post(score),
        )
        .route(
            "/api/units/{unit}/case-reviews",
            get(list_reviews).post(review_case),
        )
        .route("/api/units/{unit}/samples", post(sample))
        .route("/api/samples/{id}", get(show_sample))
        .route(
            "/api/units/{unit}/assignments",
            get(list_assignments).post(assign),
        )
}

/// The unit's newest rule set.
fn newest_rules(c: &Connection, unit: i64) -> Result<RuleSet, AppError> {
    let json: String = c
        .query_row(
            "SELECT json FROM rule_sets WHERE unit_id = ?1 ORDER BY id DESC LIMIT 1",
            [unit],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("指标体系"))?;
    Ok(serde_json::from_str(&json)?)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreRequest {
    year: i32,
    prosecutor: String,
    indicator: String,
    role: String,
    score: Decimal,
    #[serde(default)]
    reason: Option<String>,
}

/// Who may score in a reviewer role: `self` the prosecutor themself, `peer` another
/// prosecutor, `case_management` the case-management office, any other role the committee
/// or a reviewer.
pub(super) fn may_score(user: &User, role: &str, prosecutor: &str) -> bool {
    match role {
        "self" => user.prosecutor.as_deref() == Some(prosecutor),
        "peer" => user.role == Role::Prosecutor && user.prosecutor.as_deref() != Some(prosecutor),
        "case_management" => user.role == Role::CaseManagement,
        _ => matches!(user.role, Role::Committee | Role::Reviewer | Role::Admin),
    }
}

async fn score(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<ScoreRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, super::auth::STAFF)?;
    if !may_score(&user, &request.role, &request.prosecutor) {
        return Err(AppError::forbidden(format!(
            "当前账号（{}）不能以“{}”身份为 {} 打分",
            user.role.chinese(),
            request.role,
            request.prosecutor
        )));
    }
    let id = state
        .write(move |tx| {
            let rules = newest_rules(tx, unit)?;
            let (indicator, manual) = rules
                .indicators()
                .find_map(|(_, i)| match &i.rule {
                    Rule::Manual(m) if i.key.as_str() == request.indicator => Some((i, m)),
                    _ => None,
                })
                .ok_or_else(|| AppError::invalid("invalid", format!("指标体系 {} 中没有人工评分指标“{}”", rules.id, request.indicator)))?;
            let role = manual.roles.iter().find(|r| r.role == request.role).ok_or_else(|| {
                let roles: Vec<String> = manual.roles.iter().map(|r| format!("{}（{}）", r.role, r.name)).collect();
                AppError::invalid("invalid", format!("指标“{}”的评分人角色只有：{}", indicator.name, roles.join("、")))
            })?;
            let max = manual.max.unwrap_or(indicator.points);
            if request.score < manual.min || request.score > max {
                return Err(AppError::invalid("invalid", format!("“{}”的分数应在 {} 至 {} 之间", indicator.name, manual.min, max)));
            }
            if manual.require_reason && request.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(AppError::invalid("invalid", format!("“{}”的评分须写明理由", indicator.name)));
            }
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM prosecutors WHERE unit_id = ?1 AND code = ?2)",
                params![unit, request.prosecutor], |r| r.get(0))?;
            if !known {
                return Err(AppError::not_found(format!("检察官 {}", request.prosecutor)));
            }
            tx.execute(
                "INSERT INTO manual_scores (unit_id, year, prosecutor, indicator, role, score, reason, scored_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (unit_id, year, prosecutor, indicator, role, scored_by)
                 DO UPDATE SET score = excluded.score, reason = excluded.reason, created_at = excluded.created_at",
                params![unit, request.year, request.prosecutor, request.indicator, request.role,
                        request.score.to_string(), request.reason, user.id, now_text()],
            )?;
            audit::record(tx, Some(&user), Some(unit), "人工评分",
                &format!("检察官 {} 指标 {}", request.prosecutor, request.indicator),
                json!({"role": request.role, "role_name": role.name, "weight": role.weight, "score": request.score, "year": request.year}))?;
            Ok(tx.last_insert_rowid())
        })
        .await?;
    Ok(Json(json!({"id": id, "saved": true})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

async fn list_scores(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, super::auth::COMMITTEE)?;
    let rows = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare(
                "SELECT m.prosecutor, m.indicator, m.role, m.score, m.reason, u.username, m.created_at
                 FROM manual_scores m JOIN users u ON u.id = m.scored_by WHERE m.unit_id = ?1 AND m.year = ?2 ORDER BY m.id",
            )?;
            let rows = statement.query_map(params![unit, query.year], |r| {
                Ok(json!({
                    "prosecutor": r.get::<_, String>(0)?,
                    "indicator": r.get::<_, String>(1)?,
                    "role": r.get::<_, String>(2)?,
                    "score": r.get::<_, String>(3)?,
                    "reason": r.get::<_, Option<String>>(4)?,
                    "scored_by": r.get::<_, String>(5)?,
                    "at": r.get::<_, String>(6)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"scores": rows})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseReviewRequest {
    case: String,
    conclusion: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    sample: Option<i64>,
}

const REVIEWERS: &[Role] = &[
    Role::Admin,
    Role::Committee,
    Role::CaseManagement,
    Role::Reviewer,
];

async fn review_case(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<CaseReviewRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, REVIEWERS)?;
    state
        .write(move |tx| {
            let rules = newest_rules(tx, unit)?;
            if !rules.review_scale.contains(&request.conclusion) {
                return Err(AppError::invalid("invalid", format!("评查结论应为：{}", rules.review_scale.join("、"))));
            }
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM cases WHERE unit_id = ?1 AND case_id = ?2)",
                params![unit, request.case], |r| r.get(0))?;
            if !known {
                return Err(AppError::not_found(format!("案件 {}", request.case)));
            }
            if let Some(sample) = request.sample {
                let proof: String = tx
                    .query_row("SELECT proof FROM samples WHERE id = ?1 AND unit_id = ?2", params![sample, unit], |r| r.get(0))
                    .optional()?
                    .ok_or_else(|| AppError::not_found(format!("抽样记录 {sample}")))?;
                let proof: ProofRecord = serde_json::from_str(&proof)?;
                if !proof.chosen_ids().iter().any(|c| c.as_str() == request.case) {
                    return Err(AppError::invalid("invalid", format!("案件 {} 不在抽样记录 {sample} 的入选案件中", request.case)));
                }
            }
            let old: Option<String> = tx
                .query_row("SELECT conclusion FROM case_reviews WHERE unit_id = ?1 AND case_id = ?2", params![unit, request.case], |r| r.get(0))
                .optional()?;
            tx.execute(
                "INSERT INTO case_reviews (unit_id, case_id, conclusion, comment, sample_id, reviewed_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (unit_id, case_id) DO UPDATE SET conclusion = excluded.conclusion, comment = excluded.comment,
                   sample_id = excluded.sample_id, reviewed_by = excluded.reviewed_by, created_at = excluded.created_at",
                params![unit, request.case, request.conclusion, request.comment, request.sample, user.id, now_text()],
            )?;
            audit::record(tx, Some(&user), Some(unit), "案件评查结论", &format!("案件 {}", request.case),
                json!({"old": old, "new": request.conclusion, "comment": request.comment, "sample": request.sample}))
        })
        .await?;
    Ok(Json(json!({"saved": true})))
}

async fn list_reviews(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, REVIEWERS)?;
    let rows = state
        .read(move |c| {
            let mut statement = c.prepare(
                "SELECT r.case_id, r.conclusion, r.comment, r.sample_id, u.username, r.created_at
                 FROM case_reviews r JOIN users u ON u.id = r.reviewed_by WHERE r.unit_id = ?1 ORDER BY r.case_id",
            )?;
            let rows = statement.query_map([unit], |r| {
                Ok(json!({
                    "case": r.get::<_, String>(0)?,
                    "conclusion": r.get::<_, String>(1)?,
                    "comment": r.get::<_, Option<String>>(2)?,
                    "sample": r.get::<_, Option<i64>>(3)?,
                    "reviewed_by": r.get::<_, String>(4)?,
                    "at": r.get::<_, String>(5)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"reviews": rows})))
}

fn unit_cases(c: &Connection, unit: i64) -> Result<Vec<Case>, AppError> {
    let mut statement = c.prepare("SELECT data FROM cases WHERE unit_id = ?1 ORDER BY case_id")?;
    let rows = statement.query_map([unit], |r| r.get::<_, String>(0))?;
    rows.map(|r| Ok(serde_json::from_str(&r?)?)).collect()
}

async fn sample(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<SampleRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, &[Role::Admin, Role::Committee, Role::CaseManagement])?;
    let (cases, plugin) = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let plugin: String = c.query_row(
                "SELECT active_plugin FROM units WHERE id = ?1",
                [unit],
                |r| r.get(0),
            )?;
            Ok((unit_cases(c, unit)?, plugin))
        })
        .await?;
    let bytes = serde_json::to_vec(&Request::Sample { cases, request })?;
    let response = call_plugin(&state, &plugin, bytes).await?;
    let proof = match decode_reply(&response)? {
        Response::Ok {
            result: Reply::Draw(proof),
        } => proof,
        Response::Error { error } => {
            return Err(
                AppError::invalid("sample_failed", error.message).with_problems(error.problems)
            );
        }
        Response::Ok { .. } => return Err(AppError::internal("unexpected reply to sample")),
    };
    let text = serde_json::to_string(&proof)?;
    let chosen = proof.chosen.len();
    let id = state
        .write(move |tx| {
            tx.execute(
                "INSERT INTO samples (unit_id, proof, created_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![unit, text, user.id, now_text()],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(tx, Some(&user), Some(unit), "案件评查抽样", &format!("抽样记录 {id}"),
                json!({"seed": proof.seed, "window": proof.window, "chosen": chosen, "population_digest": proof.population_digest, "plugin_sha256": plugin}))?;
            Ok(id)
        })
        .await?;
    let proof: Value = state
        .read(move |c| {
            Ok(serde_json::from_str(&c.query_row(
                "SELECT proof FROM samples WHERE id = ?1",
                [id],
                |r| r.get::<_, String>(0),
            )?)?)
        })
        .await?;
    Ok(Json(json!({"id": id, "proof": proof})))
}

async fn show_sample(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let (unit, proof, plugin) = state
        .read(move |c| {
            c.query_row(
                "SELECT s.unit_id, s.proof, u.active_plugin FROM samples s JOIN units u ON u.id = s.unit_id WHERE s.id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found(format!("抽样记录 {id}")))
        })
        .await?;
    user.require_in(unit, REVIEWERS)?;
    let record: ProofRecord = serde_json::from_str(&proof)?;
    let response = call_plugin(
        &state,
        &plugin,
        serde_json::to_vec(&Request::VerifySample { proof: record })?,
    )
    .await?;
    let verified = matches!(decode_reply(&response)?, Response::Ok { .. });
    Ok(Json(
        json!({"id": id, "verified": verified, "proof": serde_json::from_str::<Value>(&proof)?}),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignRequest {
    case: String,
    suspects: u32,
    /// Random assignment among these prosecutors with this seed …
    #[serde(default)]
    candidates: Vec<String>,
    #[serde(default)]
    seed: Option<String>,
    /// … or a manual assignment (指定分案) with its reason.
    #[serde(default)]
    prosecutor: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

async fn assign(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<AssignRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, IMPORTERS)?;
    if request.suspects == 0 {
        return Err(AppError::invalid("invalid", "犯罪嫌疑人数至少为 1"));
    }
    let value = state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            let load = |p: &str| -> Result<i64, AppError> {
                Ok(tx.query_row(
                    "SELECT coalesce(sum(suspects), 0) FROM assignments WHERE unit_id = ?1 AND prosecutor = ?2",
                    params![unit, p], |r| r.get(0))?)
            };
            let known = |p: &str| -> Result<bool, AppError> {
                Ok(tx.query_row("SELECT EXISTS (SELECT 1 FROM prosecutors WHERE unit_id = ?1 AND code = ?2)", params![unit, p], |r| r.get(0))?)
            };
            let (prosecutor, method, record) = match (&request.prosecutor, &request.seed) {
                (Some(p), None) => {
                    let reason = request.reason.clone().filter(|r| !r.trim().is_empty())
                        .ok_or_else(|| AppError::invalid("invalid", "指定分案须写明理由（reason）"))?;
                    if !known(p)? {
                        return Err(AppError::not_found(format!("检察官 {p}")));
                    }
                    (p.clone(), "manual", json!({"reason": reason}))
                }
                (None, Some(seed)) => {
                    if request.candidates.is_empty() {
                        return Err(AppError::invalid("invalid", "随机分案须列出候选检察官（candidates）"));
                    }
                    let mut pool = Vec::new();
                    for p in &request.candidates {
                        if !known(p)? {
                            return Err(AppError::not_found(format!("检察官 {p}")));
                        }
                        pool.push((p.clone(), load(p)?, sha256(format!("{seed}:{}:{p}", request.case).as_bytes())));
                    }
                    let least = pool.iter().map(|(_, l, _)| *l).min().unwrap_or(0);
                    let chosen = pool.iter().filter(|(_, l, _)| *l == least).min_by(|a, b| a.2.cmp(&b.2))
                        .map(|(p, _, _)| p.clone()).unwrap_or_default();
                    let candidates: Vec<Value> = pool.iter().map(|(p, l, h)| json!({"prosecutor": p, "load": l, "hash": h})).collect();
                    (chosen, "random", json!({
                        "algorithm": "kaoping-assign-v1：候选人中承办犯罪嫌疑人总数最少者入围，再取 SHA-256(种子:案件编号:检察官编号) 最小者",
                        "seed": seed, "candidates": candidates,
                    }))
                }
                _ => return Err(AppError::invalid("invalid", "请给出随机分案的种子（seed）与候选人，或指定分案的检察官（prosecutor）与理由")),
            };
            let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM assignments WHERE unit_id = ?1 AND case_id = ?2)", params![unit, request.case], |r| r.get(0))?;
            if exists {
                return Err(AppError::conflict(format!("案件 {} 已分案", request.case)));
            }
            tx.execute(
                "INSERT INTO assignments (unit_id, case_id, prosecutor, suspects, method, record, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![unit, request.case, prosecutor, request.suspects, method, record.to_string(), user.id, now_text()],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(tx, Some(&user), Some(unit), if method == "random" { "随机分案" } else { "指定分案" },
                &format!("案件 {}", request.case), json!({"prosecutor": prosecutor, "record": record}))?;
            Ok(json!({"id": id, "case": request.case, "prosecutor": prosecutor, "method": method, "record": record}))
        })
        .await?;
    Ok(Json(value))
}

async fn list_assignments(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, IMPORTERS)?;
    let rows = state
        .read(move |c| {
            let mut statement = c.prepare(
                "SELECT id, case_id, prosecutor, suspects, method, record, created_at FROM assignments WHERE unit_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([unit], |r| {
                let record: String = r.get(5)?;
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "case": r.get::<_, String>(1)?,
                    "prosecutor": r.get::<_, String>(2)?,
                    "suspects": r.get::<_, i64>(3)?,
                    "method": r.get::<_, String>(4)?,
                    "record": serde_json::from_str::<Value>(&record).unwrap_or(Value::Null),
                    "at": r.get::<_, String>(6)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"assignments": rows})))
}
