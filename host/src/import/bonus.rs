//! `bonus.csv`: counted bonus items (加分项目) such as papers, training and awards.

use super::error::ImportError;
use super::header::{ColumnSpec, HeaderMap, TableKind};
use super::rows::{Parsed, parse_rows};
use super::table::Table;
use kaoping_shared::model::BonusItem;

/// The columns of a bonus table.
pub(crate) const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec::required("检察官编号", &["编号", "工号", "姓名", "检察官"]),
    ColumnSpec::required("项目", &["加分项目", "项目名称", "加分项"]),
    ColumnSpec::required("次数", &["数量", "件数"]),
];

/// Reads bonus items; every cell must be filled, 次数 a non-negative whole number.
pub fn parse_bonus(table: &Table, map: &HeaderMap) -> Result<Parsed<BonusItem>, ImportError> {
    parse_rows(table, TableKind::Bonus, map, |r| {
        let prosecutor = r.required("检察官编号");
        let item = r.required("项目");
        let count = r.count("次数", "次数", false);
        Some(BonusItem {
            prosecutor: prosecutor?.as_str().into(),
            item: item?,
            count: count?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{REFERENCE_BONUS, csv};
    use super::super::{ProblemKind, ReadOptions, read_table};
    use super::*;

    #[test]
    fn reads_the_reference_bonus_items() {
        let table = read_table(REFERENCE_BONUS, Some("bonus.csv"), &ReadOptions::new()).unwrap();
        let bonus = parse_bonus(&table, &HeaderMap::new())
            .unwrap()
            .into_values();
        assert_eq!(bonus.len(), 5);
        assert_eq!(
            bonus[2],
            BonusItem {
                prosecutor: "P03".into(),
                item: "国家级论文".into(),
                count: 2
            }
        );
    }

    #[test]
    fn negative_and_missing_counts_are_rejected() {
        let text = "检察官编号,项目,次数\nP01,国家级论文,-1\nP02,业务培训,\nP03,省级论文,1次\n";
        let error = parse_bonus(&csv(text), &HeaderMap::new()).unwrap_err();
        let found: Vec<_> = error
            .problems()
            .iter()
            .map(|p| (p.row, p.value.as_str(), p.kind.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "-1", ProblemKind::Negative { quantity: "次数" }),
                (3, "", ProblemKind::Empty),
                (4, "1次", ProblemKind::InvalidCount),
            ]
        );
        assert_eq!(error.problems()[0].reason, "次数不能为负数");
    }
}
