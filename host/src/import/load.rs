//! Reading the four files from disk into checked [`Inputs`].

use super::check::{Inputs, check};
use super::error::{ImportError, Problem};
use super::header::HeaderMap;
use super::rows::Parsed;
use super::table::{ReadOptions, Table, read_table};
use super::{parse_ballots, parse_bonus, parse_cases, parse_roster};
use std::path::Path;

/// Reads a file into a table; problems will name it by its file name, e.g. `cases.csv`.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Table, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    read_table(&bytes, name.as_deref().or(path.to_str()), options)
}

/// Reads, parses and checks the roster, the cases and, if given, the bonus items and the
/// ballots (first sheet of a workbook, format detected).
///
/// A file that cannot be read at all stops the import with that error. Otherwise every
/// problem of every file is reported together; the checks across files (duplicates,
/// unknown prosecutors) run once all files are free of problems of their own, so that a
/// roster row rejected for a bad cell does not show up as hundreds of unknown prosecutors.
pub fn load_inputs(
    roster: &Path,
    cases: &Path,
    bonus: Option<&Path>,
    ballots: Option<&Path>,
    map: &HeaderMap,
) -> Result<Inputs, ImportError> {
    let options = ReadOptions::new();
    let roster = read_file(roster, &options)?;
    let cases = read_file(cases, &options)?;
    let bonus = bonus.map(|path| read_file(path, &options)).transpose()?;
    let ballots = ballots.map(|path| read_file(path, &options)).transpose()?;

    let mut problems = Vec::new();
    let roster = keep(parse_roster(&roster, map), &mut problems)?;
    let cases = keep(parse_cases(&cases, map), &mut problems)?;
    let bonus = match bonus {
        Some(table) => keep(parse_bonus(&table, map), &mut problems)?,
        None => Some(Parsed::default()),
    };
    let ballots = match ballots {
        Some(table) => keep(parse_ballots(&table, map), &mut problems)?,
        None => Some(Parsed::default()),
    };
    match (roster, cases, bonus, ballots) {
        (Some(roster), Some(cases), Some(bonus), Some(ballots)) if problems.is_empty() => {
            check(roster, cases, bonus, ballots)
        }
        _ => Err(ImportError::Rejected { problems }),
    }
}

/// The parsed table, or `None` with its problems added to `problems`; other errors pass.
fn keep<T>(
    result: Result<Parsed<T>, ImportError>,
    problems: &mut Vec<Problem>,
) -> Result<Option<Parsed<T>>, ImportError> {
    match result {
        Ok(parsed) => Ok(Some(parsed)),
        Err(ImportError::Rejected { problems: more }) => {
            problems.extend(more);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}
