//! Which column of a unit's export holds which input: the header map.
//!
//! Each canonical column (`承办检察官`) is found by, in this order, the headers the unit's
//! map gives for it, its own name, and built-in aliases (`承办人`, …); the first one present
//! wins. Headers compare without spaces and with full-width brackets folded, so
//! `办案期限（天）` matches `办案期限(天)`. Title rows above the header are skipped.

use super::error::{Problem, ProblemKind};
use super::table::{Table, TableRow};
use std::collections::BTreeMap;

/// The four tables an evaluation reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// 检察官名册 (`roster.csv`)
    Roster,
    /// 案件 (`cases.csv`)
    Cases,
    /// 加分项目 (`bonus.csv`)
    Bonus,
    /// 民主测评票 (`ballots.csv`)
    Ballots,
}

impl TableKind {
    /// All four, in the order they are checked.
    pub const ALL: [TableKind; 4] = [
        TableKind::Roster,
        TableKind::Cases,
        TableKind::Bonus,
        TableKind::Ballots,
    ];

    /// The section name in a header-map file, e.g. `cases`.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Roster => "roster",
            TableKind::Cases => "cases",
            TableKind::Bonus => "bonus",
            TableKind::Ballots => "ballots",
        }
    }

    /// The Chinese name, e.g. `案件`.
    pub fn chinese(self) -> &'static str {
        match self {
            TableKind::Roster => "检察官名册",
            TableKind::Cases => "案件",
            TableKind::Bonus => "加分项目",
            TableKind::Ballots => "民主测评票",
        }
    }

    /// The table's columns, canonical names first in file order.
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            TableKind::Roster => super::roster::COLUMNS,
            TableKind::Cases => super::cases::COLUMNS,
            TableKind::Bonus => super::bonus::COLUMNS,
            TableKind::Ballots => super::ballots::COLUMNS,
        }
    }

    /// The column named `name` (canonical), if the table has it.
    pub fn column(self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|spec| spec.name == name)
    }
}

/// A canonical column: its name, whether the file must have it, its built-in aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The canonical name, as in the examples and in problems, e.g. `承办检察官`.
    pub name: &'static str,
    /// Whether a file without this column is rejected.
    pub required: bool,
    /// Other headers that mean the same, e.g. `承办人`.
    pub aliases: &'static [&'static str],
}

impl ColumnSpec {
    /// A column every file must have.
    pub(crate) const fn required(
        name: &'static str,
        aliases: &'static [&'static str],
    ) -> ColumnSpec {
        ColumnSpec {
            name,
            required: true,
            aliases,
        }
    }

    /// A column a file may leave out.
    pub(crate) const fn optional(
        name: &'static str,
        aliases: &'static [&'static str],
    ) -> ColumnSpec {
        ColumnSpec {
            name,
            required: false,
            aliases,
        }
    }
}

/// The headers to look for, per table and canonical column, besides the built-in ones.
///
/// # Example
/// ```
/// use kaoping_host::import::{HeaderMap, TableKind};
/// let map = HeaderMap::from_toml("[cases]\n\"承办检察官\" = [\"主办检察官\", \"主办人\"]\n")?;
/// let names = map.names(TableKind::Cases, "承办检察官");
/// assert_eq!(&names[..4], ["主办检察官", "主办人", "承办检察官", "承办人"]);
/// # Ok::<(), kaoping_host::import::HeaderMapError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderMap {
    pub(crate) custom: BTreeMap<(TableKind, &'static str), Vec<String>>,
}

impl HeaderMap {
    /// The built-in names only.
    pub fn new() -> HeaderMap {
        HeaderMap::default()
    }

    /// Also look for `header` as `column` (canonical) of `table`; it is tried before the
    /// built-in names, and before earlier-added names only if added first.
    pub fn with_alias(
        mut self,
        table: TableKind,
        column: &str,
        header: impl Into<String>,
    ) -> Result<HeaderMap, super::HeaderMapError> {
        let spec = table
            .column(column)
            .ok_or_else(|| super::HeaderMapError::UnknownColumns {
                unknown: vec![(table, column.to_owned())],
            })?;
        self.custom
            .entry((table, spec.name))
            .or_default()
            .push(header.into());
        Ok(self)
    }

    /// The headers that name `column` of `table`, in the order they are tried.
    pub fn names(&self, table: TableKind, column: &str) -> Vec<&str> {
        let Some(spec) = table.column(column) else {
            return Vec::new();
        };
        let custom = self.custom.get(&(table, spec.name)).into_iter().flatten();
        custom
            .map(String::as_str)
            .chain(std::iter::once(spec.name))
            .chain(spec.aliases.iter().copied())
            .collect()
    }

    /// Finds the header row among the first rows and the position of each column.
    pub(crate) fn locate(&self, kind: TableKind, table: &Table) -> Result<Columns, Vec<Problem>> {
        let candidates = &table.rows[..table.rows.len().min(HEADER_SEARCH_ROWS)];
        let positions = |row: &TableRow| -> Vec<Option<Vec<usize>>> {
            let headers: Vec<String> = row.cells.iter().map(|cell| normalize(cell)).collect();
            kind.columns()
                .iter()
                .map(|spec| {
                    self.names(kind, spec.name)
                        .into_iter()
                        .map(normalize)
                        .find_map(|name| {
                            let at: Vec<usize> =
                                (0..headers.len()).filter(|&i| headers[i] == name).collect();
                            (!at.is_empty()).then_some(at)
                        })
                })
                .collect()
        };
        let header = candidates
            .iter()
            .enumerate()
            .map(|(at, row)| (at, row, positions(row)))
            .find(|(_, _, found)| found.iter().flatten().count() >= 2)
            .or_else(|| candidates.first().map(|row| (0, row, positions(row))));
        let Some((header_at, header, found)) = header else {
            return Err(missing_all(kind, table));
        };
        let mut problems = Vec::new();
        let mut index = Vec::new();
        for (spec, at) in kind.columns().iter().zip(found) {
            let problem = |value: &str, kind| {
                Problem::new(table.file.as_deref(), header.row, spec.name, value, kind)
            };
            match at.as_deref() {
                Some([single]) => index.push(Some(*single)),
                Some(several) => {
                    let columns = several.iter().map(|i| i + 1).collect();
                    problems.push(problem(
                        &header.cells[several[0]],
                        ProblemKind::DuplicateHeader { columns },
                    ));
                    index.push(None);
                }
                None if spec.required => {
                    let found = header
                        .cells
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect();
                    problems.push(problem("", ProblemKind::MissingColumn { found }));
                    index.push(None);
                }
                None => index.push(None),
            }
        }
        if problems.is_empty() {
            Ok(Columns {
                kind,
                index,
                data_from: header_at + 1,
            })
        } else {
            Err(problems)
        }
    }
}

/// How many leading rows may hold a title above the header.
const HEADER_SEARCH_ROWS: usize = 10;

fn missing_all(kind: TableKind, table: &Table) -> Vec<Problem> {
    let missing = ProblemKind::MissingColumn { found: Vec::new() };
    kind.columns()
        .iter()
        .filter(|spec| spec.required)
        .map(|spec| Problem::new(table.file.as_deref(), 1, spec.name, "", missing.clone()))
        .collect()
}

/// Header text compared without whitespace (ASCII, full-width, BOM) and with full-width
/// brackets as ASCII.
pub(crate) fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// Where each column of a table is, for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Columns {
    kind: TableKind,
    /// Per [`TableKind::columns`] entry, the 0-based cell index; `None` if absent (optional).
    index: Vec<Option<usize>>,
    /// The index in [`Table::rows`] of the first data row.
    pub(crate) data_from: usize,
}

impl Columns {
    /// The cell of canonical column `name` in `cells`; empty if the column or cell is absent.
    pub(crate) fn cell<'a>(&self, cells: &'a [String], name: &str) -> &'a str {
        let position = self
            .kind
            .columns()
            .iter()
            .position(|spec| spec.name == name);
        let position = position.unwrap_or_else(|| panic!("{} 没有列 {name}", self.kind.key()));
        self.index[position]
            .and_then(|i| cells.get(i))
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::csv;
    use super::super::{HeaderMapError, parse_bonus};
    use super::*;

    fn locate(
        text: &str,
        map: &HeaderMap,
    ) -> Result<Columns, Vec<(usize, &'static str, ProblemKind)>> {
        map.locate(TableKind::Bonus, &csv(text))
            .map_err(|problems| {
                let name = |column: &str| TableKind::Bonus.column(column).unwrap().name;
                problems
                    .into_iter()
                    .map(|p| (p.row, name(&p.column), p.kind))
                    .collect()
            })
    }

    #[test]
    fn finds_the_header_row_and_its_columns() {
        let map = HeaderMap::new();
        let missing = |found: &[&str]| ProblemKind::MissingColumn {
            found: found.iter().map(|s| s.to_string()).collect(),
        };
        let cases = [
            ("检察官编号,项目,次数\n", Ok((1, vec![0, 1, 2]))),
            (
                "加分统计\n\n次数,备注,项目,工号\nP01\n",
                Ok((2, vec![3, 2, 0])),
            ),
            (
                "检察官 编号,项目\u{3000}名称,次  数\n",
                Ok((1, vec![0, 1, 2])),
            ),
            // The canonical name wins over an alias when both are present.
            ("姓名,检察官编号,项目,次数\n", Ok((1, vec![1, 2, 3]))),
            (
                "检察官编号,项目\n",
                Err(vec![(1, "次数", missing(&["检察官编号", "项目"]))]),
            ),
            (
                "检察官编号,项目,次数,次数\n",
                Err(vec![(
                    1,
                    "次数",
                    ProblemKind::DuplicateHeader {
                        columns: vec![3, 4],
                    },
                )]),
            ),
            (
                "",
                Err(["检察官编号", "项目", "次数"]
                    .map(|c| (1, c, missing(&[])))
                    .to_vec()),
            ),
        ];
        for (text, expected) in cases {
            let got = locate(text, &map).map(|columns| {
                let index = columns.index.iter().map(|i| i.unwrap()).collect::<Vec<_>>();
                (columns.data_from, index) // data_from: index of the first data row in `rows`
            });
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn a_header_only_file_has_no_rows() {
        let parsed = parse_bonus(&csv("检察官编号,项目,次数\n"), &HeaderMap::new()).unwrap();
        assert!(parsed.rows.is_empty());
    }

    #[test]
    fn custom_names_come_first_and_must_name_a_real_column() {
        let map = HeaderMap::new()
            .with_alias(TableKind::Bonus, "次数", "备注")
            .unwrap();
        assert_eq!(
            locate("备注,检察官编号,项目,次数\n", &map).unwrap().index,
            [Some(1), Some(2), Some(0)]
        );
        let error = HeaderMap::new()
            .with_alias(TableKind::Bonus, "分数", "x")
            .unwrap_err();
        assert!(
            matches!(error, HeaderMapError::UnknownColumns { unknown } if unknown == [(TableKind::Bonus, "分数".to_owned())])
        );
    }
}
