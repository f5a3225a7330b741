//! Test-only reading of the example `cases.csv` files (copies of DOMAIN.md's
//! `examples/sampling` and `examples/reference` in `shared/tests/data/`, so the crate's tests
//! need nothing outside the repository): a plain comma splitter (the examples have no
//! quotes) that panics, naming the row and column, on anything it cannot read. Shared by the
//! sampling and metrics tests.

use crate::model::Case;

/// The sampling example: prosecutor P05, 2016–2019.
pub(crate) const SAMPLING_CASES: &str = include_str!("../../tests/data/sampling_cases.csv");

/// The reference example (R-2019): P01–P04.
pub(crate) const REFERENCE_CASES: &str = include_str!("../../tests/data/reference_cases.csv");

const COLUMNS: [&str; 16] = [
    "案件编号",
    "案件类别",
    "承办检察官",
    "受理日期",
    "办结日期",
    "办案期限",
    "犯罪嫌疑人数",
    "疑难复杂",
    "认罪认罚",
    "退回补充侦查次数",
    "延长审查期限次数",
    "处理结果",
    "判决结果",
    "群众反映强烈",
    "人大转办",
    "评查结论",
];

/// Parses a `cases.csv` with exactly the example's header; panics on a bad row.
pub(crate) fn parse_cases(text: &str) -> Vec<Case> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("empty file").split(',').collect();
    assert_eq!(header, COLUMNS, "unexpected header");
    let mut cases = Vec::new();
    for (index, line) in lines.enumerate() {
        let row = index + 2;
        if line.trim().is_empty() {
            panic!("row {row}: empty line");
        }
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(
            cells.len(),
            COLUMNS.len(),
            "row {row}: {} cells",
            cells.len()
        );
        let cell = |column: usize| cells[column].trim();
        let fail = |column: usize| -> ! {
            panic!(
                "row {row}, column {}: cannot read “{}”",
                COLUMNS[column], cells[column]
            )
        };
        let date = |column: usize| cell(column).parse().unwrap_or_else(|_| fail(column));
        let number =
            |column: usize| -> u32 { cell(column).parse().unwrap_or_else(|_| fail(column)) };
        let flag = |column: usize| match cell(column) {
            "是" => true,
            "否" => false,
            _ => fail(column),
        };
        let optional = |column: usize| Some(cell(column).to_owned()).filter(|s| !s.is_empty());
        cases.push(Case {
            id: cell(0).into(),
            kind: cell(1).to_owned(),
            handler: cell(2).into(),
            accepted: date(3),
            closed: if cell(4).is_empty() {
                None
            } else {
                Some(date(4))
            },
            time_limit_days: number(5),
            suspects: number(6),
            complex: flag(7),
            plea: flag(8),
            returned_for_investigation: number(9),
            extensions: number(10),
            disposition: optional(11),
            judgment: optional(12),
            public_concern: flag(13),
            congress_referral: flag(14),
            review: optional(15),
            previously_arrested: false,
        });
    }
    cases
}

#[test]
fn examples_parse() {
    assert_eq!(parse_cases(SAMPLING_CASES).len(), 38);
    assert_eq!(parse_cases(REFERENCE_CASES).len(), 12);
}
