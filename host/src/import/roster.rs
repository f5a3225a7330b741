//! `roster.csv`: the prosecutors evaluated together (检察官名册).

use super::error::ImportError;
use super::header::{ColumnSpec, HeaderMap, TableKind};
use super::rows::{Parsed, parse_rows};
use super::table::Table;
use kaoping_shared::model::Prosecutor;

/// The columns of a roster.
pub(crate) const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec::required("检察官编号", &["编号", "工号", "人员编号"]),
    ColumnSpec::required("姓名", &["检察官姓名", "检察官"]),
    ColumnSpec::required("部门", &["所在部门", "部门名称"]),
    ColumnSpec::required("业务类别", &["业务条线", "业务类型"]),
    ColumnSpec::required("职务", &["职务名称"]),
    ColumnSpec::required("违纪违法", &["是否违纪违法", "有无违纪违法"]),
];

/// Reads a roster; 检察官编号, 姓名, 部门 and 业务类别 must be filled, 职务 may be empty,
/// an empty 违纪违法 is 否.
pub fn parse_roster(table: &Table, map: &HeaderMap) -> Result<Parsed<Prosecutor>, ImportError> {
    parse_rows(table, TableKind::Roster, map, |r| {
        let id = r.required("检察官编号");
        let name = r.required("姓名");
        let department = r.required("部门");
        let category = r.required("业务类别");
        let violation = r.flag("违纪违法");
        Some(Prosecutor {
            id: id?.as_str().into(),
            name: name?,
            department: department?.as_str().into(),
            category: category?,
            position: r.text("职务").to_owned(),
            violation: violation?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{REFERENCE_ROSTER, csv};
    use super::super::{ProblemKind, ReadOptions, read_table};
    use super::*;

    #[test]
    fn reads_the_reference_roster() {
        let table = read_table(REFERENCE_ROSTER, Some("roster.csv"), &ReadOptions::new()).unwrap();
        let roster = parse_roster(&table, &HeaderMap::new()).unwrap();
        let summary: Vec<(usize, &str, &str, bool)> = roster
            .rows
            .iter()
            .map(|r| {
                (
                    r.row,
                    r.value.id.as_str(),
                    r.value.name.as_str(),
                    r.value.violation,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (2, "P01", "张三", false),
                (3, "P02", "李四", false),
                (4, "P03", "王五", false),
                (5, "P04", "赵六", true)
            ]
        );
        assert_eq!(roster.rows[2].value.position, "部门负责人");
        assert_eq!(roster.rows[2].value.department.as_str(), "第一检察部");
    }

    #[test]
    fn rejects_bad_rows() {
        let text = "工号,姓名,部门,业务类别,职务,违纪违法\nP01,张三,,刑事检察,,否\nP02,李四,一部,刑事检察,,有\n";
        let error = parse_roster(&csv(text), &HeaderMap::new()).unwrap_err();
        let found: Vec<_> = error
            .problems()
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.kind.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "部门", ProblemKind::Empty),
                (3, "违纪违法", ProblemKind::InvalidFlag)
            ]
        );
    }
}
