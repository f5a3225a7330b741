//! Democratic evaluation (民主测评) and satisfaction votes (满意度测评) with single-use
//! tokens. The committee issues tokens per subject and voter group; only their SHA-256 is
//! kept, with a used flag. A ballot is written in the same transaction that marks its token
//! used, into a table with no token or voter column, so nothing links the two. A token used
//! twice is refused. Tallies are computed live from the stored ballots.

use super::auth::{COMMITTEE, User, new_token, token_hash};
use super::extract::JsonBody;
use super::{AppError, AppState, audit, units::ensure_unit};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::ballot::{SatisfactionTally, SatisfactionVote, tally};
use kaoping_shared::model::{Ballot, Rating};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Most tokens issued in one request.
pub const MAX_TOKENS: u32 = 2000;

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/units/{unit}/ballot-tokens", post(issue))
        .route("/api/ballots/token", post(token_info))
        .route("/api/ballots", post(submit))
        .route("/api/satisfaction", post(submit_satisfaction))
        .route("/api/units/{unit}/ballots/tally", get(democratic_tally))
        .route(
            "/api/units/{unit}/satisfaction/tally",
            get(satisfaction_tally),
        )
}

/// What a token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// 民主测评
    Democratic,
    /// 满意度测评
    Satisfaction,
}

impl TokenKind {
    fn key(self) -> &'static str {
        match self {
            TokenKind::Democratic => "democratic",
            TokenKind::Satisfaction => "satisfaction",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueRequest {
    kind: TokenKind,
    year: i32,
    subject: String,
    voter_group: String,
    count: u32,
}

async fn issue(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<IssueRequest>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    if request.count == 0 || request.count > MAX_TOKENS {
        return Err(AppError::invalid(
            "invalid",
            format!("每次发放 1 至 {MAX_TOKENS} 张选票令牌"),
        ));
    }
    if request.voter_group.trim().is_empty() {
        return Err(AppError::invalid("invalid", "投票人类别不能为空"));
    }
    let tokens = (0..request.count)
        .map(|_| new_token())
        .collect::<Result<Vec<_>, _>>()?;
    let issued = tokens.clone();
    state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM prosecutors WHERE unit_id = ?1 AND code = ?2)",
                params![unit, request.subject],
                |r| r.get(0),
            )?;
            if !known {
                return Err(AppError::not_found(format!("测评对象 {}", request.subject)));
            }
            let mut insert = tx.prepare(
                "INSERT INTO ballot_tokens (token_hash, unit_id, year, kind, subject, voter_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for token in &issued {
                insert.execute(params![token_hash(token), unit, request.year, request.kind.key(), request.subject, request.voter_group])?;
            }
            audit::record(tx, Some(&user), Some(unit), "发放选票令牌",
                &format!("测评对象 {} / {}", request.subject, request.voter_group),
                json!({"kind": request.kind.key(), "year": request.year, "count": request.count}))
        })
        .await?;
    Ok(Json(
        json!({"tokens": tokens, "message": "选票令牌只显示这一次，请妥善分发"}),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenOnly {
    token: String,
}

async fn token_info(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<TokenOnly>,
) -> Result<Json<Value>, AppError> {
    let hash = token_hash(request.token.trim());
    let found = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT t.kind, t.subject, t.voter_group, t.used, t.year, p.name FROM ballot_tokens t
                 LEFT JOIN prosecutors p ON p.unit_id = t.unit_id AND p.code = t.subject WHERE t.token_hash = ?1",
                [hash],
                |r| Ok(json!({
                    "kind": r.get::<_, String>(0)?,
                    "subject": r.get::<_, String>(1)?,
                    "voter_group": r.get::<_, String>(2)?,
                    "used": r.get::<_, bool>(3)?,
                    "year": r.get::<_, i64>(4)?,
                    "subject_name": r.get::<_, Option<String>>(5)?,
                })),
            )
            .optional()?)
        })
        .await?;
    found.map(Json).ok_or_else(invalid_token)
}

fn invalid_token() -> AppError {
    AppError::forbidden("选票令牌无效，请核对令牌")
}

/// Marks a token used and returns (unit, year, subject, group); refuses a used or unknown
/// token. Runs in the ballot's transaction.
fn spend(
    tx: &rusqlite::Transaction,
    token: &str,
    kind: TokenKind,
) -> Result<(i64, i64, String, String), AppError> {
    let hash = token_hash(token.trim());
    let spent = tx
        .query_row(
            "UPDATE ballot_tokens SET used = 1 WHERE token_hash = ?1 AND kind = ?2 AND used = 0
             RETURNING unit_id, year, subject, voter_group",
            params![hash, kind.key()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match spent {
        Some(found) => Ok(found),
        None => {
            let used: Option<(bool, String)> = tx
                .query_row(
                    "SELECT used, kind FROM ballot_tokens WHERE token_hash = ?1",
                    [hash],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match used {
                Some((true, k)) if k == kind.key() => Err(AppError::conflict(
                    "该选票令牌已经投过票，每个令牌只能使用一次",
                )),
                Some(_) => Err(AppError::forbidden("该令牌不能用于此类测评")),
                None => Err(invalid_token()),
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BallotRequest {
    token: String,
    /// 德 能 勤 绩 廉, each 优秀 / 称职 / 不称职 (anything else or null: no mark).
    marks: [Option<String>; 5],
    /// 总体; empty or anything else makes the ballot invalid (counted, not scored).
    overall: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<BallotRequest>,
) -> Result<Json<Value>, AppError> {
    let marks = request
        .marks
        .each_ref()
        .map(|m| m.as_deref().and_then(Rating::from_cell));
    let overall = request.overall.as_deref().and_then(Rating::from_cell);
    let valid = overall.is_some();
    state
        .write(move |tx| {
            let (unit, year, subject, group) = spend(tx, &request.token, TokenKind::Democratic)?;
            let ballot = Ballot { subject: subject.as_str().into(), voter_group: group.clone(), marks, overall };
            tx.execute(
                "INSERT INTO ballots (unit_id, year, subject, voter_group, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![unit, year, subject, group, serde_json::to_string(&ballot)?],
            )?;
            Ok(())
        })
        .await?;
    Ok(Json(json!({
        "accepted": true,
        "valid": valid,
        "message": if valid { "投票成功，感谢参与" } else { "已收到，但“总体”评价无效，此票计为无效票" },
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SatisfactionRequest {
    token: String,
    /// 满意 / 基本满意 / 不满意; anything else: an invalid vote.
    vote: Option<String>,
}

async fn submit_satisfaction(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<SatisfactionRequest>,
) -> Result<Json<Value>, AppError> {
    let vote = request
        .vote
        .as_deref()
        .and_then(SatisfactionVote::from_cell);
    state
        .write(move |tx| {
            let (unit, year, subject, group) = spend(tx, &request.token, TokenKind::Satisfaction)?;
            tx.execute(
                "INSERT INTO satisfaction_votes (unit_id, year, subject, voter_group, vote) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![unit, year, subject, group, vote.map(|v| v.chinese())],
            )?;
            Ok(())
        })
        .await?;
    Ok(Json(json!({"accepted": true, "valid": vote.is_some()})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

async fn democratic_tally(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let (ballots, tokens) = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare("SELECT data FROM ballots WHERE unit_id = ?1 AND year = ?2")?;
            let rows = statement.query_map(params![unit, query.year], |r| r.get::<_, String>(0))?;
            let ballots = rows
                .map(|r| Ok(serde_json::from_str::<Ballot>(&r?)?))
                .collect::<Result<Vec<_>, AppError>>()?;
            let tokens: (i64, i64) = c.query_row(
                "SELECT count(*), coalesce(sum(used), 0) FROM ballot_tokens WHERE unit_id = ?1 AND year = ?2 AND kind = 'democratic'",
                params![unit, query.year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok((ballots, tokens))
        })
        .await?;
    let stored = ballots.len();
    Ok(Json(json!({
        "year": query.year,
        "ballots": stored,
        "tokens_issued": tokens.0,
        "tokens_used": tokens.1,
        "subjects": tally(&ballots),
    })))
}

async fn satisfaction_tally(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let votes = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare(
                "SELECT subject, vote FROM satisfaction_votes WHERE unit_id = ?1 AND year = ?2",
            )?;
            let rows = statement.query_map(params![unit, query.year], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    let mut by_subject: BTreeMap<String, Vec<Option<SatisfactionVote>>> = BTreeMap::new();
    for (subject, vote) in votes {
        by_subject
            .entry(subject)
            .or_default()
            .push(vote.as_deref().and_then(SatisfactionVote::from_cell));
    }
    let subjects: Vec<Value> = by_subject
        .into_iter()
        .map(|(subject, votes)| {
            let tally = SatisfactionTally::from_votes(votes);
            json!({
                "subject": subject,
                "tally": tally,
                "further_supervision": tally.further_supervision(),
            })
        })
        .collect();
    Ok(Json(json!({"year": query.year, "subjects": subjects})))
}
