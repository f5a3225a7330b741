//! Turning a table's rows into records, cell by cell, keeping every problem.

use super::error::{ImportError, Problem, ProblemKind};
use super::header::{Columns, HeaderMap, TableKind};
use super::table::Table;
use kaoping_shared::date::Date;

/// A record with the row it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<T> {
    /// The row number the user sees.
    pub row: usize,
    /// The record.
    pub value: T,
}

/// The records of one file, each with its row, all of them valid on their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed<T> {
    /// The file's name, e.g. `cases.csv`.
    pub file: Option<String>,
    /// The records in file order.
    pub rows: Vec<Row<T>>,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            file: None,
            rows: Vec::new(),
        }
    }
}

impl<T> Parsed<T> {
    /// The records without their rows.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.rows.iter().map(|row| &row.value)
    }

    /// The records without their rows, by value.
    pub fn into_values(self) -> Vec<T> {
        self.rows.into_iter().map(|row| row.value).collect()
    }
}

/// Reads the cells of one row; each accessor records a problem and returns `None` when the
/// cell is bad, so a row reports all its bad cells.
pub(crate) struct RowReader<'a> {
    file: Option<&'a str>,
    row: usize,
    cells: &'a [String],
    columns: &'a Columns,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    /// The cell's trimmed text; empty if absent.
    pub(crate) fn text(&self, column: &str) -> &str {
        self.columns.cell(self.cells, column)
    }

    fn problem<T>(&mut self, column: &str, kind: ProblemKind) -> Option<T> {
        let value = self.text(column).to_owned();
        self.problems
            .push(Problem::new(self.file, self.row, column, &value, kind));
        None
    }

    /// Text that must not be empty.
    pub(crate) fn required(&mut self, column: &str) -> Option<String> {
        match self.text(column) {
            "" => self.problem(column, ProblemKind::Empty),
            text => Some(text.to_owned()),
        }
    }

    /// Text where empty means `None`.
    pub(crate) fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column))
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    }

    /// 是 or 否; empty is 否.
    pub(crate) fn flag(&mut self, column: &str) -> Option<bool> {
        match self.text(column) {
            "是" => Some(true),
            "否" | "" => Some(false),
            _ => self.problem(column, ProblemKind::InvalidFlag),
        }
    }

    /// A date `YYYY-MM-DD`, possibly followed by a time of day (which is ignored, since
    /// days are counted by calendar date); empty is `Some(None)`.
    pub(crate) fn optional_date(&mut self, column: &str) -> Option<Option<Date>> {
        let text = self.text(column);
        if text.is_empty() {
            return Some(None);
        }
        let (day, time) = text.split_once([' ', 'T']).unwrap_or((text, ""));
        let time_ok = time
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.');
        match day.parse::<Date>() {
            Ok(date) if time_ok => Some(Some(date)),
            _ => self.problem(column, ProblemKind::InvalidDate),
        }
    }

    /// A date that must be given.
    pub(crate) fn date(&mut self, column: &str) -> Option<Date> {
        match self.optional_date(column)? {
            Some(date) => Some(date),
            None => self.problem(column, ProblemKind::Empty),
        }
    }

    /// A non-negative whole number; empty is `zero_if_empty` or a problem. `quantity` says
    /// what is counted (`次数`, `人数`, `天数`) in the message for a negative number.
    pub(crate) fn count(
        &mut self,
        column: &str,
        quantity: &'static str,
        zero_if_empty: bool,
    ) -> Option<u32> {
        let text = self.text(column);
        let digits = text.strip_prefix('+').unwrap_or(text);
        if text.is_empty() {
            return if zero_if_empty {
                Some(0)
            } else {
                self.problem(column, ProblemKind::Empty)
            };
        }
        if let Some(negative) = text.strip_prefix('-')
            && !negative.is_empty()
            && negative.bytes().all(|b| b.is_ascii_digit())
        {
            return self.problem(column, ProblemKind::Negative { quantity });
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return self.problem(column, ProblemKind::InvalidCount);
        }
        digits
            .parse()
            .ok()
            .or_else(|| self.problem(column, ProblemKind::InvalidCount))
    }
}

/// Locates the columns of `kind` in `table` and reads each data row with `parse`, which
/// returns `None` when the row had a problem. Any problem rejects the whole file.
pub(crate) fn parse_rows<T>(
    table: &Table,
    kind: TableKind,
    map: &HeaderMap,
    mut parse: impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Parsed<T>, ImportError> {
    let columns = map
        .locate(kind, table)
        .map_err(|problems| ImportError::Rejected { problems })?;
    let mut problems = Vec::new();
    let mut rows = Vec::with_capacity(table.rows.len().saturating_sub(columns.data_from));
    for row in &table.rows[columns.data_from..] {
        let before = problems.len();
        let mut reader = RowReader {
            file: table.file.as_deref(),
            row: row.row,
            cells: &row.cells,
            columns: &columns,
            problems: &mut problems,
        };
        match parse(&mut reader) {
            Some(value) => rows.push(Row {
                row: row.row,
                value,
            }),
            None => debug_assert!(problems.len() > before, "row {} dropped silently", row.row),
        }
    }
    if problems.is_empty() {
        Ok(Parsed {
            file: table.file.clone(),
            rows,
        })
    } else {
        Err(ImportError::Rejected { problems })
    }
}
