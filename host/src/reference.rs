//! The reference example of DOMAIN.md (临澧县人民检察院 第一检察部, P01–P04, 2019), embedded,
//! for `kaoping plugin check` and the demo. The files are copies of
//! `../shared/examples/reference/`.

use crate::import::{HeaderMap, ImportError};
use crate::import::{
    ReadOptions, check, parse_ballots, parse_bonus, parse_cases, parse_roster, read_table,
};
use kaoping_shared::model::EvaluationInput;

/// `roster.csv`
pub const ROSTER: &[u8] = include_bytes!("../tests/fixtures/import/reference/roster.csv");
/// `cases.csv`
pub const CASES: &[u8] = include_bytes!("../tests/fixtures/import/reference/cases.csv");
/// `bonus.csv`
pub const BONUS: &[u8] = include_bytes!("../tests/fixtures/import/reference/bonus.csv");
/// `ballots.csv`
pub const BALLOTS: &[u8] = include_bytes!("../tests/fixtures/import/reference/ballots.csv");

/// The reference example as an evaluation input for 2019.
///
/// # Example
/// ```
/// let input = kaoping_host::reference::input().unwrap();
/// assert_eq!(input.prosecutors.len(), 4);
/// ```
pub fn input() -> Result<EvaluationInput, ImportError> {
    let map = HeaderMap::new();
    let options = ReadOptions::new();
    let table = |bytes: &[u8], name: &str| read_table(bytes, Some(name), &options);
    let inputs = check(
        parse_roster(&table(ROSTER, "roster.csv")?, &map)?,
        parse_cases(&table(CASES, "cases.csv")?, &map)?,
        parse_bonus(&table(BONUS, "bonus.csv")?, &map)?,
        parse_ballots(&table(BALLOTS, "ballots.csv")?, &map)?,
    )?;
    let period = kaoping_shared::date::Period {
        start: kaoping_shared::date::Date::from_ymd(2019, 1, 1).unwrap_or_else(|| unreachable!()),
        end: kaoping_shared::date::Date::from_ymd(2019, 12, 31).unwrap_or_else(|| unreachable!()),
    };
    Ok(inputs.into_evaluation_input(period))
}
