//! Sign-in, sessions, roles and the portal hand-over.
//!
//! A session is a random bearer token; only its SHA-256 is stored. Passwords are argon2id
//! hashes. A portal that already signs its users in hands a user over server-to-server
//! with the shared secret from the data directory and gets a short-lived token.

use super::extract::JsonBody;
use super::{AppError, AppState};
use crate::store::{now_text, unix_now};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// How long a signed-in session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long a portal hand-over token lasts.
pub const HANDOVER_SECONDS: i64 = 15 * 60;

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员
    Admin,
    /// 考核委员会/政工
    Committee,
    /// 案件管理
    CaseManagement,
    /// 评查员
    Reviewer,
    /// 检察官: sees only their own results and explanations
    Prosecutor,
}

impl Role {
    /// The key stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Committee => "committee",
            Role::CaseManagement => "case_management",
            Role::Reviewer => "reviewer",
            Role::Prosecutor => "prosecutor",
        }
    }

    /// The role from its key.
    pub fn from_key(key: &str) -> Option<Role> {
        [
            Role::Admin,
            Role::Committee,
            Role::CaseManagement,
            Role::Reviewer,
            Role::Prosecutor,
        ]
        .into_iter()
        .find(|r| r.key() == key)
    }

    /// The name users see.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Committee => "考核委员会/政工",
            Role::CaseManagement => "案件管理",
            Role::Reviewer => "评查员",
            Role::Prosecutor => "检察官",
        }
    }
}

/// The signed-in user of a request.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The unit; `None` for an administrator of every unit.
    pub unit_id: Option<i64>,
    /// The 检察官编号 of a prosecutor.
    pub prosecutor: Option<String>,
}

/// Roles that run the evaluation (the committee and the administrator).
pub const COMMITTEE: &[Role] = &[Role::Admin, Role::Committee];
/// Roles that import data.
pub const IMPORTERS: &[Role] = &[Role::Admin, Role::Committee, Role::CaseManagement];
/// Every staff role (not voters).
pub const STAFF: &[Role] = &[
    Role::Admin,
    Role::Committee,
    Role::CaseManagement,
    Role::Reviewer,
    Role::Prosecutor,
];

impl User {
    /// Refuses unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.chinese()).collect();
            Err(AppError::forbidden(format!(
                "当前账号（{}）无权进行此操作，需要以下角色之一：{}",
                self.role.chinese(),
                names.join("、")
            )))
        }
    }

    /// Refuses unless the user has one of `roles` in `unit`.
    pub fn require_in(&self, unit: i64, roles: &[Role]) -> Result<(), AppError> {
        self.require(roles)?;
        match self.unit_id {
            None if self.role == Role::Admin => Ok(()),
            Some(own) if own == unit => Ok(()),
            _ => Err(AppError::forbidden("当前账号不属于该单位，无权访问")),
        }
    }

    /// Whether this user may see `prosecutor`'s own result and explanation.
    pub fn may_see(&self, prosecutor: &str) -> bool {
        self.role != Role::Prosecutor || self.prosecutor.as_deref() == Some(prosecutor)
    }
}

/// The SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token (32 bytes, hex).
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(hex(&bytes))
}

/// Hashes a password with argon2id.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(AppError::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(AppError::internal)?
        .to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// A users row: id, username, display name, role, unit, 检察官编号.
type UserRow = (i64, String, String, String, Option<i64>, Option<String>);

fn user_row(row: &rusqlite::Row) -> rusqlite::Result<UserRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn to_user(
    (id, username, display_name, role, unit_id, prosecutor): UserRow,
) -> Result<User, AppError> {
    let role =
        Role::from_key(&role).ok_or_else(|| AppError::internal(format!("bad role {role}")))?;
    Ok(User {
        id,
        username,
        display_name,
        role,
        unit_id,
        prosecutor,
    })
}

impl FromRequestParts<AppState> for User {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<User, AppError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(AppError::unauthorized)?;
        let hash = token_hash(token.trim());
        let row = state
            .read(move |c| {
                Ok(c.query_row(
                    "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.prosecutor
                     FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                    params![hash, unix_now()],
                    user_row,
                )
                .optional()?)
            })
            .await?;
        to_user(row.ok_or_else(AppError::unauthorized)?)
    }
}

/// Creates a session for a user; returns the token.
pub fn create_session(
    tx: &rusqlite::Transaction,
    user_id: i64,
    seconds: i64,
    source: &str,
) -> Result<String, AppError> {
    let token = new_token()?;
    tx.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        params![unix_now()],
    )?;
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_at, source) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash(&token), user_id, unix_now() + seconds, source],
    )?;
    Ok(token)
}

/// Creates a user; the password is hashed here.
pub fn create_user(
    tx: &rusqlite::Transaction,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
    unit_id: Option<i64>,
    prosecutor: Option<&str>,
) -> Result<i64, AppError> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
        [username],
        |r| r.get(0),
    )?;
    if exists {
        return Err(AppError::conflict(format!("用户名“{username}”已被使用")));
    }
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, role, unit_id, prosecutor, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![username, display_name, password_hash, role.key(), unit_id, prosecutor, now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/me/password", post(change_password))
        .route("/api/portal/handover", post(handover))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginRequest {
    username: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Json<Value>, AppError> {
    let username = request.username.clone();
    let found = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT id, username, display_name, role, unit_id, prosecutor, password_hash
                 FROM users WHERE username = ?1",
                [&username],
                |r| Ok((user_row(r)?, r.get::<_, Option<String>>(6)?)),
            )
            .optional()?)
        })
        .await?;
    let refused = || {
        AppError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "用户名或密码不正确",
        )
    };
    let (row, hash) = found.ok_or_else(refused)?;
    let hash = hash.ok_or_else(refused)?;
    let password = request.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;
    if !ok {
        return Err(refused());
    }
    let user = to_user(row)?;
    let user_id = user.id;
    let token = state
        .write(move |tx| create_session(tx, user_id, SESSION_SECONDS, "password"))
        .await?;
    tracing::info!(user = %user.username, "signed in");
    Ok(Json(json!({
        "token": token,
        "expires_in": SESSION_SECONDS,
        "user": user_json(&user),
    })))
}

/// A user as the API shows it.
pub fn user_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_name": user.role.chinese(),
        "unit_id": user.unit_id,
        "prosecutor": user.prosecutor,
    })
}

async fn logout(
    State(state): State<AppState>,
    user: User,
    headers: axum::http::HeaderMap,
) -> Result<Json<Value>, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let _ = user;
    state
        .write(move |tx| {
            tx.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [token_hash(&token)],
            )?;
            Ok(())
        })
        .await?;
    Ok(Json(json!({"signed_out": true})))
}

async fn me(user: User) -> Json<Value> {
    Json(user_json(&user))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    old_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    user: User,
    JsonBody(request): JsonBody<PasswordChange>,
) -> Result<Json<Value>, AppError> {
    if request.new_password.chars().count() < 8 {
        return Err(AppError::invalid("weak_password", "新密码至少 8 个字符"));
    }
    let user_id = user.id;
    let hash: Option<String> = state
        .read(move |c| {
            Ok(c.query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [user_id],
                |r| r.get(0),
            )?)
        })
        .await?;
    let (old, new) = (request.old_password, request.new_password);
    let new_hash = tokio::task::spawn_blocking(move || {
        if hash.is_some_and(|h| verify_password(&old, &h)) {
            hash_password(&new).map(Some)
        } else {
            Ok(None)
        }
    })
    .await
    .map_err(AppError::internal)??
    .ok_or_else(|| AppError::forbidden("原密码不正确"))?;
    let audit_user = user.clone();
    state
        .write(move |tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                params![new_hash, user_id],
            )?;
            super::audit::record(
                tx,
                Some(&audit_user),
                audit_user.unit_id,
                "修改密码",
                &format!("用户 {}", audit_user.username),
                json!({}),
            )
        })
        .await?;
    Ok(Json(json!({"changed": true})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandoverRequest {
    secret: String,
    username: String,
}

async fn handover(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<HandoverRequest>,
) -> Result<Json<Value>, AppError> {
    let Some(secret) = state.portal_secret.clone() else {
        return Err(AppError::forbidden(
            "未配置门户共享密钥（数据目录中的 portal-secret.txt），门户接入未启用",
        ));
    };
    if !same_secret(&secret, &request.secret) {
        return Err(AppError::forbidden("门户共享密钥不正确"));
    }
    let username = request.username;
    let (user, token) = state
        .write(move |tx| {
            let row = tx
                .query_row(
                    "SELECT id, username, display_name, role, unit_id, prosecutor FROM users WHERE username = ?1",
                    [&username],
                    user_row,
                )
                .optional()?
                .ok_or_else(|| AppError::not_found(format!("用户“{username}”")))?;
            let user = to_user(row)?;
            let token = create_session(tx, user.id, HANDOVER_SECONDS, "portal")?;
            super::audit::record(tx, Some(&user), user.unit_id, "门户接入", &format!("用户 {}", user.username), json!({"expires_in": HANDOVER_SECONDS}))?;
            Ok((user, token))
        })
        .await?;
    Ok(Json(json!({
        "token": token,
        "expires_in": HANDOVER_SECONDS,
        "user": user_json(&user),
    })))
}
