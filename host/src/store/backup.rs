//! `kaoping backup FILE` and `kaoping restore FILE`.
//!
//! A backup is `VACUUM INTO`: one read transaction, so it is a consistent snapshot even
//! while the server writes, and the copy is a compact, complete database file. A restore
//! checks the file (`PRAGMA integrity_check`, a known schema version) and replaces the
//! data directory's database; it must run while the server is stopped.

use super::{StoreError, connect, migrate::MIGRATIONS};
use rusqlite::OpenFlags;
use std::path::Path;

/// Writes a consistent copy of the database at `db` to `out` (which must not exist).
pub fn backup(db: &Path, out: &Path) -> Result<(), StoreError> {
    if out.exists() {
        return Err(StoreError::Io {
            path: out.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "目标文件已存在"),
        });
    }
    let connection = connect(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let target = out.to_str().ok_or_else(|| StoreError::Io {
        path: out.to_owned(),
        source: std::io::Error::other("路径不是有效的 UTF-8"),
    })?;
    connection.execute("VACUUM INTO ?1", [target])?;
    Ok(())
}

/// Checks that `file` is a sound kaoping database; returns its schema version.
pub fn check(file: &Path) -> Result<i64, StoreError> {
    let bad = |reason: String| StoreError::BadBackup {
        path: file.to_owned(),
        reason,
    };
    let connection = rusqlite::Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(e.to_string()))?;
    let result: String = connection
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if result != "ok" {
        return Err(bad(format!("完整性检查未通过：{result}")));
    }
    let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 || version > MIGRATIONS.len() as i64 {
        return Err(bad(format!("未知的数据库版本 {version}")));
    }
    Ok(version)
}

/// Replaces the database at `db` with the backup `file`, after checking it. The server
/// must be stopped: the old file is kept beside it as `*.before-restore`.
pub fn restore(file: &Path, db: &Path) -> Result<(), StoreError> {
    check(file)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Io { path, source }
    };
    let staged = db.with_extension("db.restoring");
    std::fs::copy(file, &staged).map_err(io(&staged))?;
    if db.exists() {
        // Fold the WAL into the old file so the kept copy is whole.
        if let Ok(old) = connect(db, OpenFlags::SQLITE_OPEN_READ_WRITE) {
            let _ = old.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        let keep = db.with_extension("db.before-restore");
        std::fs::rename(db, &keep).map_err(io(db))?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = Path::new(&format!("{}{suffix}", db.display())).to_owned();
        if side.exists() {
            std::fs::remove_file(&side).map_err(io(&side))?;
        }
    }
    std::fs::rename(&staged, db).map_err(io(db))?;
    Ok(())
}
