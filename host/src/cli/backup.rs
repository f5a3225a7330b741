//! `kaoping backup FILE` and `kaoping restore FILE`.

use super::UserError;
use super::serve::{DB_FILE, LOCK_FILE};
use crate::store::backup;
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `kaoping backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// 备份文件（不能已存在）
    pub file: PathBuf,
    /// 数据目录
    #[arg(long, value_name = "DIR", default_value = "kaoping-data")]
    pub data: PathBuf,
}

/// Arguments of `kaoping restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// 备份文件
    pub file: PathBuf,
    /// 数据目录
    #[arg(long, value_name = "DIR", default_value = "kaoping-data")]
    pub data: PathBuf,
}

/// Writes a consistent backup, also while the server runs.
pub fn run_backup(args: BackupArgs) -> anyhow::Result<()> {
    let db = args.data.join(DB_FILE);
    if !db.exists() {
        return Err(
            UserError::one(format!("数据目录 {} 中没有数据库", args.data.display())).into(),
        );
    }
    backup::backup(&db, &args.file).map_err(|e| UserError::one(e.to_string()))?;
    println!("已备份到 {}", args.file.display());
    Ok(())
}

/// Whether a server process still runs on the data directory.
fn server_running(dir: &Path) -> bool {
    let Ok(pid) = std::fs::read_to_string(dir.join(LOCK_FILE)) else {
        return false;
    };
    let pid = pid.trim();
    !pid.is_empty() && Path::new("/proc").join(pid).exists()
}

/// Replaces the data directory's database with a checked backup (server stopped).
pub fn run_restore(args: RestoreArgs) -> anyhow::Result<()> {
    if server_running(&args.data) {
        return Err(UserError::one("服务器正在运行，请先停止 kaoping serve 再恢复").into());
    }
    std::fs::create_dir_all(&args.data)?;
    backup::restore(&args.file, &args.data.join(DB_FILE))
        .map_err(|e| UserError::one(e.to_string()))?;
    println!(
        "已从 {} 恢复；原数据库保留为 {}.before-restore",
        args.file.display(),
        DB_FILE.trim_end_matches(".db")
    );
    Ok(())
}
