//! Spreadsheet import: the roster, cases, bonus items and ballots as units export them
//! (CSV in UTF-8 or GB18030, XLSX, XLS), into [`kaoping_shared::model`] types.
//!
//! Three steps, each reporting every problem at once with its row, column and reason, and
//! returning nothing from a file with any problem:
//! 1. [`read_table`] turns bytes into rows of text as the user sees them;
//! 2. [`parse_cases`], [`parse_roster`], [`parse_bonus`], [`parse_ballots`] find the columns
//!    through a [`HeaderMap`] (any order, other names, extra columns ignored) and read the
//!    cells;
//! 3. [`check`] checks the tables against each other and gives [`Inputs`].
//!
//! [`load_inputs`] does all three for files on disk.
//!
//! ```
//! use kaoping_host::import::{HeaderMap, ImportError, ProblemKind, ReadOptions, parse_bonus, read_table};
//!
//! let csv = "工号,加分项目,次数\nP01,国家级论文,1\nP02,业务培训,-1\n";
//! let table = read_table(csv.as_bytes(), Some("bonus.csv"), &ReadOptions::new())?;
//! let Err(ImportError::Rejected { problems }) = parse_bonus(&table, &HeaderMap::new()) else {
//!     panic!("a negative count is rejected");
//! };
//! assert_eq!(problems[0].kind, ProblemKind::Negative { quantity: "次数" });
//! assert_eq!(problems[0].to_string(), "bonus.csv 第3行，列“次数”：“-1”次数不能为负数");
//! # Ok::<(), ImportError>(())
//! ```

mod ballots;
mod bonus;
mod cases;
mod check;
mod error;
mod header;
mod load;
mod mapfile;
mod roster;
mod rows;
mod table;
mod text;
mod workbook;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

pub use ballots::parse_ballots;
pub use bonus::parse_bonus;
pub use cases::parse_cases;
pub use check::{Inputs, check};
pub use error::{ImportError, Problem, ProblemKind};
pub use header::{ColumnSpec, HeaderMap, TableKind};
pub use load::{load_inputs, read_file};
pub use mapfile::HeaderMapError;
pub use roster::parse_roster;
pub use rows::{Parsed, Row};
pub use table::{Format, ReadOptions, Table, TableRow, read_table};
