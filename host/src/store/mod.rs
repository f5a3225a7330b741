//! The server's storage: one SQLite file in the data directory, in WAL mode with foreign
//! keys on, migrated by number on open ([`migrate`]), backed up consistently while serving
//! ([`backup`]).
//!
//! One writer connection behind a mutex takes every change, each in one transaction; a
//! few reader connections serve reads in parallel (WAL lets readers run beside the
//! writer). `synchronous = NORMAL`: a commit survives a crash of the process; a power
//! loss may lose the last commits, never corrupt the file (docs/server.md).
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let store = kaoping_host::store::Store::open(&dir.path().join("kaoping.db"))?;
//! let n: i64 = store.read(|c| c.query_row("SELECT count(*) FROM units", [], |r| r.get(0)))?;
//! assert_eq!(n, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod backup;
pub mod migrate;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use thiserror::Error;

/// How many reader connections a store keeps.
const READERS: usize = 4;

/// Why the store cannot be opened or used.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused.
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer kaoping.
    #[error("数据库版本 {found} 比本程序支持的 {supported} 新，请使用新版本的 kaoping")]
    TooNew {
        /// `PRAGMA user_version` of the file.
        found: i64,
        /// The newest migration this build knows.
        supported: i64,
    },
    /// A file operation failed.
    #[error("文件操作失败（{path}）：{source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The backup is not a kaoping database.
    #[error("“{path}”不是有效的考评数据库备份：{reason}")]
    BadBackup {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// The database: one writer, several readers.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

/// Opens a connection with the pragmas every connection needs.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let connection = Connection::open_with_flags(path, flags)?;
    connection.busy_timeout(std::time::Duration::from_secs(10))?;
    connection.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    )?;
    Ok(connection)
}

impl Store {
    /// Opens (creating and migrating if needed) the database file at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut writer = connect(path, OpenFlags::default())?;
        migrate::migrate(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| {
                connect(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map(Mutex::new)
            })
            .collect::<Result<_, _>>()?;
        Ok(Store {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers,
            next: AtomicUsize::new(0),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one immediate transaction on the writer; commits if it returns `Ok`,
    /// rolls back otherwise.
    pub fn write<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut connection = lock(&self.writer);
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` on a reader connection (a consistent snapshot for the statements `f` runs
    /// inside one transaction).
    pub fn read<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(connection) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return f(&connection);
            }
        }
        let connection = lock(&self.readers[start % self.readers.len()]);
        f(&connection)
    }
}

fn lock(mutex: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves no open transaction behind (the
    // transaction guard rolls back on drop), so the connection is still sound.
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn now_text() -> String {
    let secs = unix_now();
    let date = kaoping_shared::date::Date::from_ordinal(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Seconds since 1970-01-01 UTC.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Today's date in China (UTC+8), for publication windows.
pub fn today() -> kaoping_shared::date::Date {
    kaoping_shared::date::Date::from_ordinal((unix_now() + 8 * 3600).div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_twice_keeps_the_schema_and_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .write(|tx| {
                    tx.execute(
                        "INSERT INTO units (name, active_plugin, created_at) VALUES ('x', 'p', 't')",
                        [],
                    )
                })
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let n: i64 = store
            .read(|c| c.query_row("SELECT count(*) FROM units", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn the_audit_log_refuses_updates_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO audit_log (at, action, target, detail) VALUES ('t', 'a', 'b', '{}')",
                    [],
                )
            })
            .unwrap();
        let update = store.write(|tx| tx.execute("UPDATE audit_log SET action = 'x'", []));
        assert!(update.is_err());
        let delete = store.write(|tx| tx.execute("DELETE FROM audit_log", []));
        assert!(delete.is_err());
    }

    #[test]
    fn now_text_is_utc_iso() {
        let text = now_text();
        assert_eq!(text.len(), 20);
        assert!(text.ends_with('Z'));
    }
}
