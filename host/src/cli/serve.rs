//! `kaoping serve`: the intranet server on one data directory.

use crate::plugin::{Limits, PluginRegistry, Runtime};
use crate::server::{AppState, auth};
use crate::store::Store;
use clap::Args;
use std::path::{Path, PathBuf};

/// The database file in a data directory.
pub const DB_FILE: &str = "kaoping.db";
/// The portal hand-over secret in a data directory.
pub const SECRET_FILE: &str = "portal-secret.txt";
/// Present while a server runs on the data directory (holds its process id).
pub const LOCK_FILE: &str = "serve.pid";

/// Arguments of `kaoping serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 数据目录（数据库、门户密钥）；不存在则创建
    #[arg(long, value_name = "DIR", default_value = "kaoping-data")]
    pub data: PathBuf,
    /// 监听地址
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// 载入演示数据（临澧县人民检察院参考示例）和演示账号
    #[arg(long)]
    pub demo: bool,
}

fn init_logs() {
    let level = match std::env::var("KAOPING_LOG").as_deref() {
        Ok("debug") => tracing::Level::DEBUG,
        Ok("warn") => tracing::Level::WARN,
        Ok("error") => tracing::Level::ERROR,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_target(false)
        .with_current_span(false)
        .with_writer(std::io::stdout)
        .try_init();
}

/// The portal secret: read from the data directory, created (random) on first start.
fn portal_secret(dir: &Path) -> anyhow::Result<Option<String>> {
    let path = dir.join(SECRET_FILE);
    if !path.exists() {
        std::fs::write(
            &path,
            format!(
                "{}\n",
                auth::new_token().map_err(|e| anyhow::anyhow!("{}", e.message))?
            ),
        )?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    let secret = std::fs::read_to_string(&path)?.trim().to_owned();
    Ok((!secret.is_empty()).then_some(secret))
}

/// Creates the first administrator when there is no account; returns its password.
fn first_admin(store: &Store) -> anyhow::Result<Option<String>> {
    let users: i64 = store.read(|c| c.query_row("SELECT count(*) FROM users", [], |r| r.get(0)))?;
    if users > 0 {
        return Ok(None);
    }
    let password =
        auth::new_token().map_err(|e| anyhow::anyhow!("{}", e.message))?[..16].to_owned();
    let hash = auth::hash_password(&password).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    store
        .write(|tx| {
            auth::create_user(
                tx,
                "admin",
                "系统管理员",
                &hash,
                auth::Role::Admin,
                None,
                None,
            )
        })
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    Ok(Some(password))
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    init_logs();
    std::fs::create_dir_all(&args.data)
        .map_err(|e| anyhow::anyhow!("无法创建数据目录 {}：{e}", args.data.display()))?;
    let lock = args.data.join(LOCK_FILE);
    std::fs::write(&lock, std::process::id().to_string())?;
    let store = Store::open(&args.data.join(DB_FILE))?;
    if args.demo {
        let unit = crate::demo::load(&store).map_err(|e| anyhow::anyhow!("{}", e.message))?;
        println!(
            "已载入演示数据：{}（单位编号 {unit}）；演示账号 {}，密码均为 {}",
            crate::demo::UNIT,
            crate::demo::ACCOUNTS.map(|a| a.0).join("、"),
            crate::demo::PASSWORD
        );
    } else if let Some(password) = first_admin(&store)? {
        println!(
            "首次启动：已创建系统管理员账号 admin，初始密码 {password}（只显示这一次）。\
             请登录（POST /api/login）后立即修改密码（POST /api/me/password）。"
        );
    }
    let secret = portal_secret(&args.data)?;
    // Compiled plugins are kept in the data directory: a restart loads them in milliseconds.
    let runtime = Runtime::with_cache(Limits::default(), &args.data.join("plugin-cache"))?;
    let registry = PluginRegistry::new(runtime)?;
    let state = AppState::new(store, registry, args.data.clone(), secret);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(crate::server::serve(state, &args.listen, |addr| {
        println!("kaoping 正在监听 http://{addr}");
        tracing::info!(%addr, data = %args.data.display(), "server started");
    }));
    let _ = std::fs::remove_file(&lock);
    result
}
