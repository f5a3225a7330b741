//! Imports over HTTP: the file is the request body (CSV or XLSX, format sniffed),
//! `?file=NAME` names it for messages. All-or-nothing: the file is read, parsed and checked
//! against the unit's roster first, every bad row reported; only a clean file is stored, in
//! one transaction, together with the import record that keeps the uploaded bytes.
//!
//! Cases and the roster are merged by 案件编号 / 检察官编号 (a newer export updates a case);
//! bonus items and paper ballots of a year replace that year's earlier import.

use super::auth::{IMPORTERS, User};
use super::extract::body_error;
use super::{AppError, AppState, UPLOAD_LIMIT, audit, download, units::ensure_unit};
use crate::import::{
    HeaderMap, ImportError, Parsed, ReadOptions, Row, check, parse_ballots, parse_bonus,
    parse_cases, parse_roster, read_table,
};
use crate::store::now_text;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use kaoping_shared::model::{Ballot, BonusItem, Case, Prosecutor};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// cases.csv
    Cases,
    /// roster.csv
    Roster,
    /// bonus.csv
    Bonus,
    /// ballots.csv (paper ballots)
    Ballots,
}

impl ImportKind {
    /// The key in URLs and records.
    pub fn key(self) -> &'static str {
        match self {
            ImportKind::Cases => "cases",
            ImportKind::Roster => "roster",
            ImportKind::Bonus => "bonus",
            ImportKind::Ballots => "ballots",
        }
    }

    fn from_key(key: &str) -> Option<ImportKind> {
        [
            ImportKind::Cases,
            ImportKind::Roster,
            ImportKind::Bonus,
            ImportKind::Ballots,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }

    fn chinese(self) -> &'static str {
        match self {
            ImportKind::Cases => "案件数据",
            ImportKind::Roster => "检察官名单",
            ImportKind::Bonus => "加分项目",
            ImportKind::Ballots => "民主测评票",
        }
    }
}

/// A checked file, ready to store.
#[derive(Debug)]
pub enum Prepared {
    /// Roster rows.
    Roster(Vec<Prosecutor>),
    /// Cases.
    Cases(Vec<Case>),
    /// Bonus items.
    Bonus(Vec<BonusItem>),
    /// Ballots.
    Ballots(Vec<Ballot>),
}

impl Prepared {
    fn len(&self) -> usize {
        match self {
            Prepared::Roster(v) => v.len(),
            Prepared::Cases(v) => v.len(),
            Prepared::Bonus(v) => v.len(),
            Prepared::Ballots(v) => v.len(),
        }
    }
}

/// An import failure as a 422 listing every problem.
pub fn import_error(error: ImportError) -> AppError {
    match error.problems() {
        [] => AppError::invalid("import_rejected", error.to_string()),
        problems => AppError::invalid(
            "import_rejected",
            format!("导入失败，共 {} 处问题，未导入任何数据", problems.len()),
        )
        .with_problems(problems.iter().map(ToString::to_string).collect()),
    }
}

/// The unit's roster as stored, for checking other tables against it.
pub fn stored_roster(c: &Connection, unit: i64) -> Result<Vec<Prosecutor>, AppError> {
    let mut statement =
        c.prepare("SELECT data FROM prosecutors WHERE unit_id = ?1 ORDER BY code")?;
    let rows = statement.query_map([unit], |r| r.get::<_, String>(0))?;
    rows.map(|r| Ok(serde_json::from_str(&r?)?)).collect()
}

fn as_parsed<T>(values: Vec<T>) -> Parsed<T> {
    Parsed {
        file: Some("已导入的检察官名单".to_owned()),
        rows: values
            .into_iter()
            .enumerate()
            .map(|(i, value)| Row { row: i + 2, value })
            .collect(),
    }
}

/// Reads and checks a file against the unit's stored roster; stores nothing.
pub fn prepare(
    c: &Connection,
    unit: i64,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<Prepared, AppError> {
    let map = match c
        .query_row("SELECT header_map FROM units WHERE id = ?1", [unit], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
    {
        None => return Err(AppError::not_found(format!("单位 {unit}"))),
        Some(None) => HeaderMap::new(),
        Some(Some(text)) => HeaderMap::from_toml(&text)
            .map_err(|e| AppError::invalid("invalid_header_map", e.to_string()))?,
    };
    let table = read_table(bytes, Some(file_name), &ReadOptions::new()).map_err(import_error)?;
    let roster =
        || -> Result<Parsed<Prosecutor>, AppError> { Ok(as_parsed(stored_roster(c, unit)?)) };
    Ok(match kind {
        ImportKind::Roster => {
            let parsed = parse_roster(&table, &map).map_err(import_error)?;
            Prepared::Roster(
                check(
                    parsed,
                    Parsed::default(),
                    Parsed::default(),
                    Parsed::default(),
                )
                .map_err(import_error)?
                .prosecutors,
            )
        }
        ImportKind::Cases => {
            let parsed = parse_cases(&table, &map).map_err(import_error)?;
            Prepared::Cases(
                check(roster()?, parsed, Parsed::default(), Parsed::default())
                    .map_err(import_error)?
                    .cases,
            )
        }
        ImportKind::Bonus => {
            let parsed = parse_bonus(&table, &map).map_err(import_error)?;
            Prepared::Bonus(
                check(roster()?, Parsed::default(), parsed, Parsed::default())
                    .map_err(import_error)?
                    .bonus,
            )
        }
        ImportKind::Ballots => {
            let parsed = parse_ballots(&table, &map).map_err(import_error)?;
            Prepared::Ballots(
                check(roster()?, Parsed::default(), Parsed::default(), parsed)
                    .map_err(import_error)?
                    .ballots,
            )
        }
    })
}

/// Stores a checked file and its import record in the caller's transaction; returns the
/// import id.
#[allow(clippy::too_many_arguments)]
pub fn store(
    tx: &rusqlite::Transaction,
    user: Option<&User>,
    unit: i64,
    kind: ImportKind,
    year: Option<i32>,
    file_name: &str,
    bytes: &[u8],
    prepared: &Prepared,
) -> Result<i64, AppError> {
    let digest = super::auth::hex(&Sha256::digest(bytes));
    tx.execute(
        "INSERT INTO imports (unit_id, kind, year, file_name, file_sha256, file, rows, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![unit, kind.key(), year, file_name, digest, bytes, prepared.len() as i64, user.map(|u| u.id), now_text()],
    )?;
    let import = tx.last_insert_rowid();
    match prepared {
        Prepared::Roster(rows) => {
            let mut department = tx.prepare(
                "INSERT INTO departments (unit_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO prosecutors (unit_id, code, name, department, data, import_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (unit_id, code) DO UPDATE SET name = excluded.name,
                   department = excluded.department, data = excluded.data, import_id = excluded.import_id",
            )?;
            for p in rows {
                department.execute(params![unit, p.department.as_str()])?;
                insert.execute(params![
                    unit,
                    p.id.as_str(),
                    p.name,
                    p.department.as_str(),
                    serde_json::to_string(p)?,
                    import
                ])?;
            }
        }
        Prepared::Cases(rows) => {
            let mut insert = tx.prepare(
                "INSERT INTO cases (unit_id, case_id, handler, data, import_id) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (unit_id, case_id) DO UPDATE SET handler = excluded.handler,
                   data = excluded.data, import_id = excluded.import_id",
            )?;
            for case in rows {
                insert.execute(params![
                    unit,
                    case.id.as_str(),
                    case.handler.as_str(),
                    serde_json::to_string(case)?,
                    import
                ])?;
            }
        }
        Prepared::Bonus(rows) => {
            let year =
                year.ok_or_else(|| AppError::bad_request("导入加分项目须指定年度（?year=2019）"))?;
            tx.execute(
                "DELETE FROM bonus_items WHERE unit_id = ?1 AND year = ?2",
                params![unit, year],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO bonus_items (unit_id, year, data, import_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for item in rows {
                insert.execute(params![unit, year, serde_json::to_string(item)?, import])?;
            }
        }
        Prepared::Ballots(rows) => {
            let year =
                year.ok_or_else(|| AppError::bad_request("导入测评票须指定年度（?year=2019）"))?;
            tx.execute(
                "DELETE FROM ballots WHERE unit_id = ?1 AND year = ?2 AND import_id IS NOT NULL",
                params![unit, year],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO ballots (unit_id, year, subject, voter_group, data, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for ballot in rows {
                insert.execute(params![
                    unit,
                    year,
                    ballot.subject.as_str(),
                    ballot.voter_group,
                    serde_json::to_string(ballot)?,
                    import
                ])?;
            }
        }
    }
    audit::record(
        tx,
        user,
        Some(unit),
        &format!("导入{}", kind.chinese()),
        &format!("导入记录 {import}"),
        json!({"file": file_name, "sha256": digest, "rows": prepared.len(), "year": year}),
    )?;
    Ok(import)
}

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/units/{unit}/imports/{kind}",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/units/{unit}/imports", get(list))
        .route("/api/imports/{id}/file", get(file))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadQuery {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    year: Option<i32>,
}

async fn upload(
    State(state): State<AppState>,
    user: User,
    Path((unit, kind)): Path<(i64, String)>,
    Query(query): Query<UploadQuery>,
    request: Request,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, IMPORTERS)?;
    let kind = ImportKind::from_key(&kind).ok_or_else(|| {
        AppError::not_found(format!(
            "导入类型“{kind}”（可用：cases、roster、bonus、ballots）"
        ))
    })?;
    if matches!(kind, ImportKind::Bonus | ImportKind::Ballots) && query.year.is_none() {
        return Err(AppError::bad_request(format!(
            "导入{}须指定年度，例如 ?year=2019",
            kind.chinese()
        )));
    }
    let bytes = Bytes::from_request(request, &())
        .await
        .map_err(|e| body_error(e.status()))?;
    if bytes.is_empty() {
        return Err(AppError::bad_request("上传的文件为空"));
    }
    let file_name = query.file.unwrap_or_else(|| format!("{}.csv", kind.key()));
    let year = query.year;
    let (import, rows) = {
        let state2 = state.clone();
        let file_name2 = file_name.clone();
        let bytes2 = bytes.clone();
        let prepared = state2
            .read(move |c| prepare(c, unit, kind, &file_name2, &bytes2))
            .await?;
        state
            .write(move |tx| {
                let id = store(
                    tx,
                    Some(&user),
                    unit,
                    kind,
                    year,
                    &file_name,
                    &bytes,
                    &prepared,
                )?;
                Ok((id, prepared.len()))
            })
            .await?
    };
    Ok(Json(
        json!({"import": import, "kind": kind.key(), "rows": rows}),
    ))
}

async fn list(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, IMPORTERS)?;
    let imports = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement = c.prepare(
                "SELECT i.id, i.kind, i.year, i.file_name, i.file_sha256, i.rows, i.created_at, u.username
                 FROM imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.unit_id = ?1 ORDER BY i.id",
            )?;
            let rows = statement.query_map([unit], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "kind": r.get::<_, String>(1)?,
                    "year": r.get::<_, Option<i64>>(2)?,
                    "file_name": r.get::<_, String>(3)?,
                    "sha256": r.get::<_, String>(4)?,
                    "rows": r.get::<_, i64>(5)?,
                    "created_at": r.get::<_, String>(6)?,
                    "created_by": r.get::<_, Option<String>>(7)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"imports": imports})))
}

async fn file(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let found = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT unit_id, file_name, file FROM imports WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()?)
        })
        .await?;
    let (unit, name, bytes) = found.ok_or_else(|| AppError::not_found(format!("导入记录 {id}")))?;
    user.require_in(unit, IMPORTERS)?;
    Ok(download(bytes, "application/octet-stream", &name))
}
