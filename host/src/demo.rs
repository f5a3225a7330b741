//! The demo data of `kaoping serve --demo`: the reference example of DOMAIN.md (临澧县人民
//! 检察院, 第一检察部, P01–P04, rule set R-2019, year 2019), imported through the same
//! code as an upload, and one account per role. Every demo account's password is
//! [`PASSWORD`].

use crate::server::AppError;
use crate::server::auth::{Role, create_user, hash_password};
use crate::server::imports::{ImportKind, prepare, store};
use crate::server::units::create_unit;
use crate::store::Store;
use rusqlite::OptionalExtension;

/// The demo unit.
pub const UNIT: &str = "临澧县人民检察院";
/// The year of the reference example.
pub const YEAR: i32 = 2019;
/// The password of every demo account.
pub const PASSWORD: &str = "kaoping2019";

/// The reference files, as shipped in `examples/reference`.
pub const FILES: [(ImportKind, &str, &[u8]); 4] = [
    (
        ImportKind::Roster,
        "roster.csv",
        include_bytes!("../tests/fixtures/import/reference/roster.csv"),
    ),
    (
        ImportKind::Cases,
        "cases.csv",
        include_bytes!("../tests/fixtures/import/reference/cases.csv"),
    ),
    (
        ImportKind::Bonus,
        "bonus.csv",
        include_bytes!("../tests/fixtures/import/reference/bonus.csv"),
    ),
    (
        ImportKind::Ballots,
        "ballots.csv",
        include_bytes!("../tests/fixtures/import/reference/ballots.csv"),
    ),
];

/// The demo accounts: user name, name shown, role, 检察官编号.
pub const ACCOUNTS: [(&str, &str, Role, Option<&str>); 8] = [
    ("admin", "系统管理员", Role::Admin, None),
    ("kaohe", "考核委员会（政工）", Role::Committee, None),
    ("anguan", "案件管理部门", Role::CaseManagement, None),
    ("pingcha", "案件评查员", Role::Reviewer, None),
    ("p01", "张三", Role::Prosecutor, Some("P01")),
    ("p02", "李四", Role::Prosecutor, Some("P02")),
    ("p03", "王五", Role::Prosecutor, Some("P03")),
    ("p04", "赵六", Role::Prosecutor, Some("P04")),
];

/// Loads the demo unit, its data and accounts, unless the unit is already there; returns
/// the unit's id.
pub fn load(db: &Store) -> Result<i64, AppError> {
    let existing: Option<i64> = db.read(|c| {
        c.query_row("SELECT id FROM units WHERE name = ?1", [UNIT], |r| r.get(0))
            .optional()
    })?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let hash = hash_password(PASSWORD)?;
    db.write(|tx| {
        let unit = create_unit(tx, None, UNIT)?;
        for (kind, name, bytes) in FILES {
            let year = matches!(kind, ImportKind::Bonus | ImportKind::Ballots).then_some(YEAR);
            let prepared = prepare(tx, unit, kind, name, bytes)?;
            store(tx, None, unit, kind, year, name, bytes, &prepared)?;
        }
        for (username, display, role, prosecutor) in ACCOUNTS {
            let unit_id = (role != Role::Admin).then_some(unit);
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
                [username],
                |r| r.get(0),
            )?;
            if !taken {
                create_user(tx, username, display, &hash, role, unit_id, prosecutor)?;
            }
        }
        Ok(unit)
    })
}
