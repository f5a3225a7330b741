//! `cases.csv`: the cases exported from the national case system (全国检察业务应用系统).

use super::error::ImportError;
use super::header::{ColumnSpec, HeaderMap, TableKind};
use super::rows::{Parsed, parse_rows};
use super::table::Table;
use kaoping_shared::model::Case;

/// The columns of a cases table; only `已捕` may be absent.
pub(crate) const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec::required("案件编号", &["案号", "部门受案号", "案件号"]),
    ColumnSpec::required("案件类别", &["案件类型", "案件类别名称"]),
    ColumnSpec::required(
        "承办检察官",
        &["承办人", "承办检察官编号", "承办人编号", "主办检察官"],
    ),
    ColumnSpec::required("受理日期", &["受理时间", "受案日期", "收案日期"]),
    ColumnSpec::required("办结日期", &["办结时间", "结案日期", "审结日期"]),
    ColumnSpec::required("办案期限", &["办案期限(天)", "审查期限", "期限天数"]),
    ColumnSpec::required(
        "犯罪嫌疑人数",
        &["嫌疑人数", "犯罪嫌疑人人数", "嫌疑人人数"],
    ),
    ColumnSpec::required("疑难复杂", &["是否疑难复杂", "疑难复杂案件"]),
    ColumnSpec::required(
        "认罪认罚",
        &["是否认罪认罚", "认罪认罚从宽", "适用认罪认罚"],
    ),
    ColumnSpec::required("退回补充侦查次数", &["退补次数", "退回补充侦查"]),
    ColumnSpec::required(
        "延长审查期限次数",
        &["延长次数", "延长审查起诉期限次数", "延期次数"],
    ),
    ColumnSpec::required("处理结果", &["处理决定", "审查结论"]),
    ColumnSpec::required("判决结果", &["裁判结果", "判决情况"]),
    ColumnSpec::required("群众反映强烈", &["是否群众反映强烈"]),
    ColumnSpec::required("人大转办", &["是否人大转办", "人大代表转办"]),
    ColumnSpec::required("评查结论", &["评查结果", "案件评查结论"]),
    ColumnSpec::optional("已捕", &["是否已捕", "已逮捕", "是否已逮捕"]),
];

/// Reads the cases of a table; any bad cell rejects the file.
///
/// Empty 办结日期 is an open case; empty 处理结果, 判决结果, 评查结论 are `None`; empty
/// flags are 否 and empty 退回补充侦查次数 / 延长审查期限次数 are 0. 办案期限 and
/// 犯罪嫌疑人数 must be given.
pub fn parse_cases(table: &Table, map: &HeaderMap) -> Result<Parsed<Case>, ImportError> {
    parse_rows(table, TableKind::Cases, map, |r| {
        let id = r.required("案件编号");
        let kind = r.required("案件类别");
        let handler = r.required("承办检察官");
        let accepted = r.date("受理日期");
        let closed = r.optional_date("办结日期");
        let time_limit_days = r.count("办案期限", "天数", false);
        let suspects = r.count("犯罪嫌疑人数", "人数", false);
        let complex = r.flag("疑难复杂");
        let plea = r.flag("认罪认罚");
        let returned_for_investigation = r.count("退回补充侦查次数", "次数", true);
        let extensions = r.count("延长审查期限次数", "次数", true);
        let public_concern = r.flag("群众反映强烈");
        let congress_referral = r.flag("人大转办");
        let previously_arrested = r.flag("已捕");
        Some(Case {
            id: id?.as_str().into(),
            kind: kind?,
            handler: handler?.as_str().into(),
            accepted: accepted?,
            closed: closed?,
            time_limit_days: time_limit_days?,
            suspects: suspects?,
            complex: complex?,
            plea: plea?,
            returned_for_investigation: returned_for_investigation?,
            extensions: extensions?,
            disposition: r.optional("处理结果"),
            judgment: r.optional("判决结果"),
            public_concern: public_concern?,
            congress_referral: congress_referral?,
            review: r.optional("评查结论"),
            previously_arrested: previously_arrested?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{REFERENCE_CASES, csv};
    use super::super::{ProblemKind, ReadOptions, read_table};
    use super::*;
    use kaoping_shared::model::tests_support;

    fn cases(text: &str) -> Result<Parsed<Case>, ImportError> {
        parse_cases(&csv(text), &HeaderMap::new())
    }

    /// (row, column, value, kind) of each problem.
    fn problems(error: ImportError) -> Vec<(usize, String, String, ProblemKind)> {
        let ImportError::Rejected { problems } = error else {
            panic!("{error:?}")
        };
        problems
            .into_iter()
            .map(|p| (p.row, p.column, p.value, p.kind))
            .collect()
    }

    const HEADER: &str = "案件编号,案件类别,承办检察官,受理日期,办结日期,办案期限,犯罪嫌疑人数,疑难复杂,认罪认罚,退回补充侦查次数,延长审查期限次数,处理结果,判决结果,群众反映强烈,人大转办,评查结论";

    #[test]
    fn reads_the_reference_cases() {
        let table = read_table(REFERENCE_CASES, Some("cases.csv"), &ReadOptions::new()).unwrap();
        let parsed = parse_cases(&table, &HeaderMap::new()).unwrap();
        assert_eq!(parsed.rows.len(), 12);
        let third = parsed
            .rows
            .iter()
            .find(|r| r.value.id.as_str() == "临检刑诉〔2019〕3号")
            .unwrap();
        assert_eq!(third.row, 5);
        let mut expected = tests_support::case("临检刑诉〔2019〕3号", "P01");
        expected.accepted = "2019-05-06".parse().unwrap();
        expected.closed = Some("2019-06-25".parse().unwrap());
        (
            expected.time_limit_days,
            expected.suspects,
            expected.complex,
        ) = (45, 2, true);
        (expected.plea, expected.extensions) = (false, 1);
        expected.review = Some("合格".into());
        assert_eq!(third.value, expected);
        let open = parsed
            .values()
            .find(|c| c.id.as_str() == "临检刑诉〔2019〕10号")
            .unwrap();
        assert_eq!(
            (open.closed, &open.disposition, &open.judgment),
            (None, &None, &None)
        );
        assert_eq!(parsed.values().filter(|c| c.review.is_none()).count(), 4);
    }

    #[test]
    fn bad_cells_are_all_reported_with_their_rows() {
        let text = format!(
            "{HEADER}\n\
             A1,审查起诉,P01,2019-13-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\n\
             A2,审查起诉,P01,2019-02-01,,30,1,否,是,0,0,,,否,否,\n\
             A3,审查起诉,,2019-02-01,2019/03/01,-5,二,也许,是,-1,0.5,起诉,有罪,否,否,\n"
        );
        let expected = [
            (2, "受理日期", "2019-13-01", ProblemKind::InvalidDate),
            (4, "承办检察官", "", ProblemKind::Empty),
            (4, "办结日期", "2019/03/01", ProblemKind::InvalidDate),
            (
                4,
                "办案期限",
                "-5",
                ProblemKind::Negative { quantity: "天数" },
            ),
            (4, "犯罪嫌疑人数", "二", ProblemKind::InvalidCount),
            (4, "疑难复杂", "也许", ProblemKind::InvalidFlag),
            (
                4,
                "退回补充侦查次数",
                "-1",
                ProblemKind::Negative { quantity: "次数" },
            ),
            (4, "延长审查期限次数", "0.5", ProblemKind::InvalidCount),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(row, column, value, kind)| (row, column.to_owned(), value.to_owned(), kind))
            .collect();
        assert_eq!(problems(cases(&text).unwrap_err()), expected);
    }

    #[test]
    fn cell_rules() {
        // (cell text for 受理日期 / 办案期限 / 疑难复杂 / 延长审查期限次数, expected values)
        let rows = [
            (
                "2019-02-01 09:30:00",
                "30",
                "是",
                "",
                Some(("2019-02-01", 30, true, 0)),
            ),
            (
                "2019-02-01",
                "+7",
                "",
                "2",
                Some(("2019-02-01", 7, false, 2)),
            ),
            ("2019-02-29", "30", "否", "0", None),
            ("2019-02-01 上午", "30", "否", "0", None),
            ("2019-02-01", "", "否", "0", None),
            ("2019-02-01", "99999999999", "否", "0", None),
            ("2019-02-01", "30", "TRUE", "0", None),
        ];
        for (accepted, limit, complex, extensions, expected) in rows {
            let text = format!(
                "{HEADER}\nA,审查起诉,P01,{accepted},,{limit},1,{complex},否,0,{extensions},,,否,否,\n"
            );
            let got = cases(&text)
                .ok()
                .map(|parsed| parsed.into_values().remove(0));
            let got = got.map(|c| {
                (
                    c.accepted.to_string(),
                    c.time_limit_days,
                    c.complex,
                    c.extensions,
                )
            });
            let expected = expected.map(|(d, l, c, e)| (d.to_owned(), l, c, e));
            assert_eq!(got, expected, "{accepted} {limit} {complex} {extensions}");
        }
    }

    #[test]
    fn optional_arrest_column_is_read_when_present() {
        let text =
            format!("{HEADER},已捕\nA,审查起诉,P01,2019-02-01,,30,1,否,否,0,0,,,否,否,,是\n");
        assert!(cases(&text).unwrap().rows[0].value.previously_arrested);
        let text = format!("{HEADER}\nA,审查起诉,P01,2019-02-01,,30,1,否,否,0,0,,,否,否,\n");
        assert!(!cases(&text).unwrap().rows[0].value.previously_arrested);
    }

    #[test]
    fn a_missing_column_names_the_column_and_the_headers_found() {
        let header = HEADER.replace(",受理日期", "");
        let found: Vec<String> = header.split(',').map(str::to_owned).collect();
        let text = format!("{header}\nA,审查起诉,P01,,30,1,否,否,0,0,,,否,否,\n");
        assert_eq!(
            problems(cases(&text).unwrap_err()),
            [(
                1,
                "受理日期".to_owned(),
                String::new(),
                ProblemKind::MissingColumn { found }
            )]
        );
    }

    #[test]
    fn renamed_and_reordered_headers_through_a_header_map() {
        let map = HeaderMap::from_toml(
            "[cases]\n\"承办检察官\" = \"主办人\"\n\"受理日期\" = [\"收案时间\"]\n",
        )
        .unwrap();
        let text = "2019年案件统计表\n\
            评查结论,人大转办,群众反映强烈,判决结果,处理结果,延长次数,退补次数,是否认罪认罚,疑难复杂,嫌疑人数,办案期限（天）,办结日期,收案时间,主办人,案件类型,案号,备注\n\
            合格,否,否,有罪,起诉,1,0,否,是,2,45,2019-06-25,2019-05-06,P01,审查起诉,临检刑诉〔2019〕3号,无\n";
        let parsed = parse_cases(&csv(text), &map).unwrap();
        assert_eq!(parsed.rows[0].row, 3);
        let reference = read_table(REFERENCE_CASES, None, &ReadOptions::new()).unwrap();
        let reference = parse_cases(&reference, &HeaderMap::new()).unwrap();
        let expected = reference
            .values()
            .find(|c| c.id.as_str() == "临检刑诉〔2019〕3号")
            .unwrap();
        assert_eq!(&parsed.rows[0].value, expected);
    }
}
