//! `ballots.csv`: democratic-evaluation ballots (民主测评票), one row per ballot.
//!
//! A mark that is blank or not 优秀/称职/不称职 is not an import error: the ballot is
//! kept with that mark `None`, and a ballot without a valid 总体 counts as invalid.

use super::error::ImportError;
use super::header::{ColumnSpec, HeaderMap, TableKind};
use super::rows::{Parsed, parse_rows};
use super::table::Table;
use kaoping_shared::model::{Ballot, Rating};

/// The columns of a ballots table.
pub(crate) const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec::required("测评对象", &["被测评人", "被测评人编号", "检察官编号"]),
    ColumnSpec::required("投票人类别", &["投票人身份", "测评人类别", "投票人类型"]),
    ColumnSpec::required("德", &[]),
    ColumnSpec::required("能", &[]),
    ColumnSpec::required("勤", &[]),
    ColumnSpec::required("绩", &[]),
    ColumnSpec::required("廉", &[]),
    ColumnSpec::required("总体", &["总体评价", "综合评价"]),
];

/// Reads ballots; 测评对象 and 投票人类别 must be filled, marks may be anything.
pub fn parse_ballots(table: &Table, map: &HeaderMap) -> Result<Parsed<Ballot>, ImportError> {
    parse_rows(table, TableKind::Ballots, map, |r| {
        let subject = r.required("测评对象");
        let voter_group = r.required("投票人类别");
        let marks = ["德", "能", "勤", "绩", "廉"].map(|column| Rating::from_cell(r.text(column)));
        Some(Ballot {
            subject: subject?.as_str().into(),
            voter_group: voter_group?,
            marks,
            overall: Rating::from_cell(r.text("总体")),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{REFERENCE_BALLOTS, csv};
    use super::super::{ProblemKind, ReadOptions, read_table};
    use super::*;

    #[test]
    fn reads_the_reference_ballots() {
        let table =
            read_table(REFERENCE_BALLOTS, Some("ballots.csv"), &ReadOptions::new()).unwrap();
        let ballots = parse_ballots(&table, &HeaderMap::new()).unwrap();
        assert_eq!(ballots.rows.len(), 39);
        let last = ballots.rows.last().unwrap();
        assert_eq!(last.row, 40);
        assert_eq!(last.value.subject.as_str(), "P04");
        assert_eq!(last.value.voter_group, "人民监督员");
        assert!(!last.value.is_valid());
        assert_eq!(last.value.marks, [Some(Rating::Competent); 5]);
        assert_eq!(ballots.values().filter(|b| b.is_valid()).count(), 38);
    }

    #[test]
    fn bad_marks_make_invalid_ballots_but_an_empty_subject_is_an_error() {
        let text = "测评对象,投票人类别,德,能,勤,绩,廉,总体\nP01,干警,优,,称职,称职,称职,好\n,干警,优秀,优秀,优秀,优秀,优秀,优秀\n";
        let error = parse_ballots(&csv(text), &HeaderMap::new()).unwrap_err();
        let found: Vec<_> = error
            .problems()
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.kind.clone()))
            .collect();
        assert_eq!(found, [(3, "测评对象", ProblemKind::Empty)]);

        let first_only: String = text.lines().take(2).collect::<Vec<_>>().join("\n");
        let ballot = parse_ballots(&csv(&first_only), &HeaderMap::new())
            .unwrap()
            .into_values()
            .remove(0);
        assert_eq!(
            ballot.marks,
            [
                None,
                None,
                Some(Rating::Competent),
                Some(Rating::Competent),
                Some(Rating::Competent)
            ]
        );
        assert_eq!(ballot.overall, None);
    }
}
