//! The case-review form (案件评查表, `docs/widgets.md`): one context per prosecutor and
//! year for the widget, and saving its entries — case-review conclusions with their
//! deductions, and manual scores — followed by an annual evaluation with the unit's active
//! plugin, stored like any other evaluation.
//!
//! A review's deductions are kept for the record as JSON in `case_reviews.comment`
//! (`[{"points": "1", "reason": "…"}]`) and in the audit log.

use super::auth::{Role, User};
use super::evaluations::{
    Kind, Run, build_input, call_plugin, evaluation_of, period, sha256, store_run,
};
use super::extract::JsonBody;
use super::reviews::may_score;
use super::{AppError, AppState, audit, units::ensure_unit};
use crate::store::now_text;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use kaoping_shared::api::Request;
use kaoping_shared::date::Period;
use kaoping_shared::model::{Case, EvaluationInput, ManualScore, Prosecutor};
use kaoping_shared::rules::{Rule, RuleSet};
use kaoping_shared::sampling::ProofRecord;
use rusqlite::{Connection, OptionalExtension, params};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/units/{unit}/review-forms/{prosecutor}",
        get(context).post(save),
    )
}

/// Who may use the form: reviewers, the case-management office, the committee, admin.
const FORM_USERS: &[Role] = &[
    Role::Admin,
    Role::Committee,
    Role::CaseManagement,
    Role::Reviewer,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

/// One deduction of a case review.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deduction {
    #[serde(with = "rust_decimal::serde::str")]
    points: Decimal,
    reason: String,
}

/// One case review as the form sends and reads it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewEntry {
    case: String,
    conclusion: String,
    #[serde(default)]
    deductions: Vec<Deduction>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSetRef {
    id: String,
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    #[serde(default)]
    reviews: Vec<ReviewEntry>,
    #[serde(default)]
    manual_scores: Vec<ManualScore>,
    plugin: String,
    rule_set: RuleSetRef,
    #[serde(with = "rust_decimal::serde::str")]
    total: Decimal,
}

/// The manual-score role a form user scores in (as `reviews::may_score` allows).
fn form_role(user: &User) -> &'static str {
    match user.role {
        Role::CaseManagement => "case_management",
        Role::Prosecutor => "self",
        _ => "department",
    }
}

fn year_period(year: i32) -> Result<Period, AppError> {
    period(Kind::Annual, year, None)
}

/// The unit's newest rule set: (row id, rules).
fn newest_rules(c: &Connection, unit: i64) -> Result<(i64, RuleSet), AppError> {
    let (id, json): (i64, String) = c
        .query_row(
            "SELECT id, json FROM rule_sets WHERE unit_id = ?1 ORDER BY id DESC LIMIT 1",
            [unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("指标体系"))?;
    Ok((id, serde_json::from_str(&json)?))
}

fn active_plugin(c: &Connection, unit: i64) -> Result<String, AppError> {
    Ok(c.query_row(
        "SELECT active_plugin FROM units WHERE id = ?1",
        [unit],
        |r| r.get(0),
    )?)
}

fn prosecutor_of(c: &Connection, unit: i64, code: &str) -> Result<Prosecutor, AppError> {
    let data: String = c
        .query_row(
            "SELECT data FROM prosecutors WHERE unit_id = ?1 AND code = ?2",
            params![unit, code],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found(format!("检察官 {code}")))?;
    Ok(serde_json::from_str(&data)?)
}

/// The form's cases: the prosecutor's cases in the newest sampling draw whose window
/// touches the year (with that draw's id), or, without a draw, the prosecutor's cases
/// closed in the year.
fn form_cases(
    input: &EvaluationInput,
    c: &Connection,
    unit: i64,
    prosecutor: &str,
) -> Result<(Vec<String>, Option<i64>), AppError> {
    let year = input.period.start.year();
    let handled = |case: &Case| case.handler.as_str() == prosecutor;
    let mut statement =
        c.prepare("SELECT id, proof FROM samples WHERE unit_id = ?1 ORDER BY id DESC")?;
    let rows = statement.query_map([unit], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, proof) = row?;
        let proof: ProofRecord = serde_json::from_str(&proof)?;
        if proof.window.start.year() > year || proof.window.end.year() < year {
            continue;
        }
        let cases = proof
            .chosen_ids()
            .into_iter()
            .filter(|id| {
                input
                    .cases
                    .iter()
                    .any(|c| c.id.as_str() == id.as_str() && handled(c))
            })
            .map(|id| id.as_str().to_owned())
            .collect();
        return Ok((cases, Some(id)));
    }
    let cases = input
        .cases
        .iter()
        .filter(|c| handled(c) && c.closed.is_some_and(|d| input.period.contains(d)))
        .map(|c| c.id.as_str().to_owned())
        .collect();
    Ok((cases, None))
}

/// What `user` stored before for these cases and this prosecutor; `None` when nothing.
fn saved(
    c: &Connection,
    unit: i64,
    year: i32,
    user: &User,
    prosecutor: &str,
    cases: &[String],
) -> Result<Option<Value>, AppError> {
    let mut statement = c.prepare(
        "SELECT case_id, conclusion, comment FROM case_reviews
         WHERE unit_id = ?1 AND reviewed_by = ?2 ORDER BY case_id",
    )?;
    let rows = statement.query_map(params![unit, user.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut reviews = Vec::new();
    for row in rows {
        let (case, conclusion, comment) = row?;
        if !cases.contains(&case) {
            continue;
        }
        let deductions: Vec<Deduction> = comment
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        reviews.push(ReviewEntry {
            case,
            conclusion,
            deductions,
        });
    }
    reviews.sort_by_key(|r| cases.iter().position(|c| *c == r.case));
    let scores = own_scores(c, unit, year, user, prosecutor)?;
    if reviews.is_empty() && scores.is_empty() {
        return Ok(None);
    }
    Ok(Some(json!({"reviews": reviews, "manual_scores": scores})))
}

fn own_scores(
    c: &Connection,
    unit: i64,
    year: i32,
    user: &User,
    prosecutor: &str,
) -> Result<Vec<ManualScore>, AppError> {
    let mut statement = c.prepare(
        "SELECT indicator, role, score, reason FROM manual_scores
         WHERE unit_id = ?1 AND year = ?2 AND prosecutor = ?3 AND scored_by = ?4 ORDER BY id",
    )?;
    let rows = statement.query_map(params![unit, year, prosecutor, user.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (indicator, role, score, reason) = row?;
        Ok(ManualScore {
            prosecutor: prosecutor.into(),
            indicator: indicator.as_str().into(),
            role,
            score: score.parse().map_err(AppError::internal)?,
            reason,
        })
    })
    .collect()
}

/// The unit's input for the year without `user`'s own manual scores for `prosecutor`.
fn input_without_own(
    c: &Connection,
    unit: i64,
    period: Period,
    user: &User,
    prosecutor: &str,
) -> Result<EvaluationInput, AppError> {
    let mut input = build_input(c, unit, period)?;
    // Same rows and order as `build_input`: flag this user's scores for the prosecutor.
    let mut statement = c.prepare(
        "SELECT prosecutor = ?3 AND scored_by = ?4 FROM manual_scores
         WHERE unit_id = ?1 AND year = ?2 ORDER BY id",
    )?;
    let own: Vec<bool> = statement
        .query_map(
            params![unit, period.start.year(), prosecutor, user.id],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let mut flags = own.into_iter();
    input
        .manual_scores
        .retain(|_| !flags.next().unwrap_or(false));
    Ok(input)
}

/// `GET /api/units/{unit}/review-forms/{prosecutor}?year=`: the form's context.
async fn context(
    State(state): State<AppState>,
    user: User,
    Path((unit, prosecutor)): Path<(i64, String)>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, FORM_USERS)?;
    let period = year_period(query.year)?;
    let value = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let who = prosecutor_of(c, unit, &prosecutor)?;
            let (_, rules) = newest_rules(c, unit)?;
            let plugin = active_plugin(c, unit)?;
            let input = input_without_own(c, unit, period, &user, &prosecutor)?;
            let (cases, _) = form_cases(&input, c, unit, &prosecutor)?;
            let saved = saved(c, unit, query.year, &user, &prosecutor, &cases)?;
            Ok(json!({
                "title": format!("{}年度案件评查 · {}", query.year, who.name),
                "prosecutor": prosecutor,
                "role": form_role(&user),
                "plugin": plugin,
                "rules": rules,
                "input": input,
                "cases": cases,
                "saved": saved,
            }))
        })
        .await?;
    Ok(Json(value))
}

/// Checks every entry against the rule set and the form's cases; every problem listed.
fn check(
    submission: &Submission,
    rules: &RuleSet,
    user: &User,
    prosecutor: &str,
    cases: &[String],
) -> Result<(), AppError> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for review in &submission.reviews {
        if !cases.contains(&review.case) {
            problems.push(format!(
                "案件 {} 不在检察官 {prosecutor} 本年度的评查案件中",
                review.case
            ));
        }
        if seen.contains(&&review.case) {
            problems.push(format!("案件 {} 重复填写", review.case));
        }
        seen.push(&review.case);
        if !rules.review_scale.contains(&review.conclusion) {
            problems.push(format!(
                "案件 {} 的评查结论应为：{}",
                review.case,
                rules.review_scale.join("、")
            ));
        }
        for d in &review.deductions {
            if d.points <= Decimal::ZERO {
                problems.push(format!("案件 {} 的扣分应为正数", review.case));
            }
            if d.reason.trim().is_empty() {
                problems.push(format!("案件 {} 的扣分须写明理由", review.case));
            }
        }
    }
    for score in &submission.manual_scores {
        if score.prosecutor.as_str() != prosecutor {
            problems.push(format!(
                "本表只能为检察官 {prosecutor} 打分，不能为 {} 打分",
                score.prosecutor
            ));
            continue;
        }
        if !may_score(user, &score.role, prosecutor) {
            problems.push(format!(
                "当前账号（{}）不能以“{}”身份为 {prosecutor} 打分",
                user.role.chinese(),
                score.role
            ));
            continue;
        }
        let found = rules.indicators().find_map(|(_, i)| match &i.rule {
            Rule::Manual(m) if i.key.as_str() == score.indicator.as_str() => Some((i, m)),
            _ => None,
        });
        let Some((indicator, manual)) = found else {
            problems.push(format!(
                "指标体系 {} 中没有人工评分指标“{}”",
                rules.id, score.indicator
            ));
            continue;
        };
        if !manual.roles.iter().any(|r| r.role == score.role) {
            let roles: Vec<String> = manual
                .roles
                .iter()
                .map(|r| format!("{}（{}）", r.role, r.name))
                .collect();
            problems.push(format!(
                "指标“{}”的评分人角色只有：{}",
                indicator.name,
                roles.join("、")
            ));
        }
        let max = manual.max.unwrap_or(indicator.points);
        if score.score < manual.min || score.score > max {
            problems.push(format!(
                "“{}”的分数应在 {} 至 {} 之间",
                indicator.name, manual.min, max
            ));
        }
        if manual.require_reason && score.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            problems.push(format!("“{}”的评分须写明理由", indicator.name));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(
            "invalid",
            format!("评查表有 {} 处问题，请修改后再保存", problems.len()),
        )
        .with_problems(problems))
    }
}

/// `POST /api/units/{unit}/review-forms/{prosecutor}?year=`: stores the entries, evaluates
/// the unit for the year with its active plugin, stores that evaluation.
async fn save(
    State(state): State<AppState>,
    user: User,
    Path((unit, prosecutor)): Path<(i64, String)>,
    Query(query): Query<YearQuery>,
    JsonBody(submission): JsonBody<Submission>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, FORM_USERS)?;
    let year = query.year;
    let period = year_period(year)?;

    let form_plugin = submission.plugin.clone();
    let form_total = format!("{:.2}", submission.total);
    // 1. The entries and their audit entry, in one transaction.
    let (entry_user, who) = (user.clone(), prosecutor.clone());
    state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            prosecutor_of(tx, unit, &who)?;
            let (_, rules) = newest_rules(tx, unit)?;
            let input = build_input(tx, unit, period)?;
            let (cases, sample) = form_cases(&input, tx, unit, &who)?;
            check(&submission, &rules, &entry_user, &who, &cases)?;
            let now = now_text();
            let mut old = Vec::new();
            for review in &submission.reviews {
                let before: Option<String> = tx
                    .query_row(
                        "SELECT conclusion FROM case_reviews WHERE unit_id = ?1 AND case_id = ?2",
                        params![unit, review.case],
                        |r| r.get(0),
                    )
                    .optional()?;
                old.push(before);
                let comment = if review.deductions.is_empty() {
                    None
                } else {
                    Some(serde_json::to_string(&review.deductions)?)
                };
                tx.execute(
                    "INSERT INTO case_reviews (unit_id, case_id, conclusion, comment, sample_id, reviewed_by, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (unit_id, case_id) DO UPDATE SET conclusion = excluded.conclusion, comment = excluded.comment,
                       sample_id = excluded.sample_id, reviewed_by = excluded.reviewed_by, created_at = excluded.created_at",
                    params![unit, review.case, review.conclusion, comment, sample, entry_user.id, now],
                )?;
            }
            for score in &submission.manual_scores {
                tx.execute(
                    "INSERT INTO manual_scores (unit_id, year, prosecutor, indicator, role, score, reason, scored_by, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (unit_id, year, prosecutor, indicator, role, scored_by)
                     DO UPDATE SET score = excluded.score, reason = excluded.reason, created_at = excluded.created_at",
                    params![unit, year, who, score.indicator.as_str(), score.role,
                            score.score.to_string(), score.reason, entry_user.id, now],
                )?;
            }
            let reviews: Vec<Value> = submission
                .reviews
                .iter()
                .zip(&old)
                .map(|(r, old)| json!({"case": r.case, "old": old, "new": r.conclusion, "deductions": r.deductions}))
                .collect();
            audit::record(
                tx,
                Some(&entry_user),
                Some(unit),
                "案件评查表",
                &format!("检察官 {who} {year} 年度"),
                json!({
                    "reviews": reviews,
                    "manual_scores": submission.manual_scores,
                    "sample": sample,
                    "form_plugin": submission.plugin,
                    "form_rule_set": submission.rule_set,
                    "form_total": submission.total.to_string(),
                }),
            )?;
            Ok(())
        })
        .await?;

    // 2. The evaluation with the unit's active plugin, on the input as it now stands.
    let (rule_set_id, rules, plugin, input) = state
        .read(move |c| {
            let (id, rules) = newest_rules(c, unit)?;
            Ok((
                id,
                rules,
                active_plugin(c, unit)?,
                build_input(c, unit, period)?,
            ))
        })
        .await?;
    let (rules_id, rules_version) = (rules.id.clone(), rules.version.clone());
    let request_bytes = serde_json::to_vec(&Request::Evaluate { rules, input })?;
    let input_sha256 = sha256(&request_bytes);
    let response = call_plugin(&state, &plugin, request_bytes.clone()).await?;
    let evaluation = evaluation_of(&response)?;
    let total = evaluation
        .result(&prosecutor.as_str().into())
        .ok_or_else(|| AppError::not_found(format!("检察官 {prosecutor} 的考评结果")))?
        .total
        .to_string();

    // 3. Stored as `POST /evaluations` stores an annual evaluation.
    let run = Run {
        unit,
        kind: Kind::Annual,
        year,
        month: None,
        period,
        rule_set_row: rule_set_id,
        rules_id: rules_id.clone(),
        rules_version: rules_version.clone(),
        plugin: plugin.clone(),
        input_sha256,
        request: request_bytes,
        response,
        evaluation,
        from: Some("案件评查表"),
    };
    let id = state.write(move |tx| store_run(tx, &user, &run)).await?;
    if form_plugin != plugin || form_total != total {
        tracing::warn!(
            unit,
            prosecutor = %prosecutor,
            form_plugin = %form_plugin,
            form_total = %form_total,
            plugin = %plugin,
            total = %total,
            "案件评查表：表单计算结果与服务器不一致"
        );
    }
    Ok(Json(json!({
        "total": total,
        "plugin": plugin,
        "rule_set": {"id": rules_id, "version": rules_version},
        "evaluation": id,
    })))
}
