//! Units, departments, prosecutors and user accounts.

use super::auth::{self, COMMITTEE, Role, STAFF, User};
use super::extract::JsonBody;
use super::{AppError, AppState, audit};
use crate::store::now_text;
use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use kaoping_shared::rules::builtin;
use kaoping_shared::rules::load::to_toml;
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/units", get(list_units).post(create))
        .route("/api/units/{unit}", get(get_unit))
        .route(
            "/api/units/{unit}/departments",
            get(list_departments).post(create_department),
        )
        .route("/api/units/{unit}/prosecutors", get(list_prosecutors))
        .route("/api/units/{unit}/header-map", put(set_header_map))
        .route("/api/users", get(list_users).post(create_user))
}

/// Creates a unit running the built-in plugin, with the built-in rule set R-2019.
pub fn create_unit(
    tx: &rusqlite::Transaction,
    user: Option<&User>,
    name: &str,
) -> Result<i64, AppError> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM units WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if exists {
        return Err(AppError::conflict(format!("单位“{name}”已存在")));
    }
    tx.execute(
        "INSERT INTO units (name, active_plugin, created_at) VALUES (?1, ?2, ?3)",
        params![name, crate::plugin::builtin_id().as_str(), now_text()],
    )?;
    let unit = tx.last_insert_rowid();
    let rules = builtin::r2019();
    tx.execute(
        "INSERT INTO rule_sets (unit_id, rules_id, version, name, toml, json, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            unit,
            rules.id,
            rules.version,
            rules.name,
            to_toml(&rules),
            serde_json::to_string(&rules)?,
            user.map(|u| u.id),
            now_text()
        ],
    )?;
    audit::record(
        tx,
        user,
        Some(unit),
        "创建单位",
        &format!("单位 {name}"),
        json!({"id": unit}),
    )?;
    Ok(unit)
}

/// Fails with 404 unless the unit exists.
pub fn ensure_unit(c: &rusqlite::Connection, unit: i64) -> Result<(), AppError> {
    let exists: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM units WHERE id = ?1)",
        [unit],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(AppError::not_found(format!("单位 {unit}")))
    }
}

async fn list_units(State(state): State<AppState>, user: User) -> Result<Json<Value>, AppError> {
    user.require(STAFF)?;
    let own = user.unit_id;
    let units = state
        .read(move |c| {
            let mut statement = c.prepare(
                "SELECT id, name, active_plugin FROM units WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([own], |r| {
                Ok(json!({"id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?, "active_plugin": r.get::<_, String>(2)?}))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"units": units})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUnit {
    name: String,
}

async fn create(
    State(state): State<AppState>,
    user: User,
    JsonBody(request): JsonBody<NewUnit>,
) -> Result<Json<Value>, AppError> {
    user.require(&[Role::Admin])?;
    let name = request.name.trim().to_owned();
    if name.is_empty() {
        return Err(AppError::invalid("invalid", "单位名称不能为空"));
    }
    let id = state
        .write(move |tx| create_unit(tx, Some(&user), &name))
        .await?;
    Ok(Json(json!({"id": id})))
}

async fn get_unit(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, STAFF)?;
    let found = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT id, name, active_plugin, header_map FROM units WHERE id = ?1",
                [unit],
                |r| {
                    Ok(json!({
                        "id": r.get::<_, i64>(0)?,
                        "name": r.get::<_, String>(1)?,
                        "active_plugin": r.get::<_, String>(2)?,
                        "header_map": r.get::<_, Option<String>>(3)?,
                    }))
                },
            )
            .optional()?)
        })
        .await?;
    found
        .map(Json)
        .ok_or_else(|| AppError::not_found(format!("单位 {unit}")))
}

async fn list_departments(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, STAFF)?;
    let departments = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement =
                c.prepare("SELECT id, name FROM departments WHERE unit_id = ?1 ORDER BY id")?;
            let rows = statement.query_map([unit], |r| {
                Ok(json!({"id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?}))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"departments": departments})))
}

async fn create_department(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    JsonBody(request): JsonBody<NewUnit>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, COMMITTEE)?;
    let id = state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            tx.execute(
                "INSERT INTO departments (unit_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![unit, request.name],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM departments WHERE unit_id = ?1 AND name = ?2",
                params![unit, request.name],
                |r| r.get(0),
            )?;
            audit::record(
                tx,
                Some(&user),
                Some(unit),
                "创建部门",
                &format!("部门 {}", request.name),
                json!({"id": id}),
            )?;
            Ok(id)
        })
        .await?;
    Ok(Json(json!({"id": id})))
}

async fn list_prosecutors(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, STAFF)?;
    let prosecutors = state
        .read(move |c| {
            ensure_unit(c, unit)?;
            let mut statement =
                c.prepare("SELECT data FROM prosecutors WHERE unit_id = ?1 ORDER BY code")?;
            let rows = statement.query_map([unit], |r| r.get::<_, String>(0))?;
            rows.map(|r| Ok(serde_json::from_str::<Value>(&r?)?))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(Json(json!({"prosecutors": prosecutors})))
}

async fn set_header_map(
    State(state): State<AppState>,
    user: User,
    Path(unit): Path<i64>,
    body: String,
) -> Result<Json<Value>, AppError> {
    user.require_in(unit, super::auth::IMPORTERS)?;
    crate::import::HeaderMap::from_toml(&body)
        .map_err(|e| AppError::invalid("invalid_header_map", e.to_string()))?;
    state
        .write(move |tx| {
            ensure_unit(tx, unit)?;
            tx.execute(
                "UPDATE units SET header_map = ?1 WHERE id = ?2",
                params![body, unit],
            )?;
            audit::record(
                tx,
                Some(&user),
                Some(unit),
                "设置表头映射",
                "表头映射",
                json!({"toml": body}),
            )
        })
        .await?;
    Ok(Json(json!({"saved": true})))
}

async fn list_users(State(state): State<AppState>, user: User) -> Result<Json<Value>, AppError> {
    user.require(&[Role::Admin])?;
    let users = state
        .read(|c| {
            let mut statement = c.prepare(
                "SELECT id, username, display_name, role, unit_id, prosecutor FROM users ORDER BY id",
            )?;
            let rows = statement.query_map([], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "username": r.get::<_, String>(1)?,
                    "display_name": r.get::<_, String>(2)?,
                    "role": r.get::<_, String>(3)?,
                    "unit_id": r.get::<_, Option<i64>>(4)?,
                    "prosecutor": r.get::<_, Option<String>>(5)?,
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(json!({"users": users})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
    display_name: String,
    password: String,
    role: Role,
    unit_id: Option<i64>,
    #[serde(default)]
    prosecutor: Option<String>,
}

async fn create_user(
    State(state): State<AppState>,
    user: User,
    JsonBody(request): JsonBody<NewUser>,
) -> Result<Json<Value>, AppError> {
    user.require(&[Role::Admin])?;
    if request.password.chars().count() < 8 {
        return Err(AppError::invalid("weak_password", "密码至少 8 个字符"));
    }
    if request.role != Role::Admin && request.unit_id.is_none() {
        return Err(AppError::invalid(
            "invalid",
            "除系统管理员外，账号必须属于一个单位（unit_id）",
        ));
    }
    if (request.role == Role::Prosecutor) != request.prosecutor.is_some() {
        return Err(AppError::invalid(
            "invalid",
            "检察官账号必须填写检察官编号（prosecutor），其他角色不填",
        ));
    }
    let password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(AppError::internal)??;
    let id = state
        .write(move |tx| {
            if let Some(unit) = request.unit_id {
                ensure_unit(tx, unit)?;
            }
            let id = auth::create_user(
                tx,
                &request.username,
                &request.display_name,
                &hash,
                request.role,
                request.unit_id,
                request.prosecutor.as_deref(),
            )?;
            audit::record(
                tx,
                Some(&user),
                request.unit_id,
                "创建账号",
                &format!("用户 {}", request.username),
                json!({"id": id, "role": request.role}),
            )?;
            Ok(id)
        })
        .await?;
    Ok(Json(json!({"id": id})))
}
