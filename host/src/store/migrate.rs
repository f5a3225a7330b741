//! Schema migrations, numbered in code: migration `n` takes `PRAGMA user_version` from
//! `n - 1` to `n`, in one transaction with the version bump.

use super::StoreError;
use rusqlite::Connection;

/// The migrations, in order; index + 1 is the version each one produces.
pub const MIGRATIONS: &[&str] = &[include_str!("schema.sql")];

/// Brings the database up to the newest version.
pub fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    if found > supported {
        return Err(StoreError::TooNew { found, supported });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = connection.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
