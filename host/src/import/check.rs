//! Checks across the four tables: unique numbers, and every prosecutor named in cases,
//! bonus items and ballots present in the roster.
//!
//! Cases, bonus items and ballots may name a prosecutor by 检察官编号 or, as many exports
//! do, by 姓名 when that name is unique in the roster; either way the record gets the
//! 检察官编号.

use super::error::{ImportError, Problem, ProblemKind};
use super::rows::Parsed;
use kaoping_shared::date::Period;
use kaoping_shared::ids::ProsecutorId;
use kaoping_shared::model::{Ballot, BonusItem, Case, EvaluationInput, Prosecutor};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The four tables, checked against each other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The roster, in file order.
    pub prosecutors: Vec<Prosecutor>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
    /// The bonus items, in file order.
    pub bonus: Vec<BonusItem>,
    /// The ballots, in file order.
    pub ballots: Vec<Ballot>,
}

impl Inputs {
    /// The evaluation input for `period`, with no manual scores yet.
    pub fn into_evaluation_input(self, period: Period) -> EvaluationInput {
        EvaluationInput {
            period,
            prosecutors: self.prosecutors,
            cases: self.cases,
            bonus: self.bonus,
            ballots: self.ballots,
            manual_scores: Vec::new(),
        }
    }
}

/// Checks the tables against each other; all problems are reported, nothing is returned
/// if there is any. Pass `Parsed::default()` for a table the unit does not have.
pub fn check(
    roster: Parsed<Prosecutor>,
    mut cases: Parsed<Case>,
    mut bonus: Parsed<BonusItem>,
    mut ballots: Parsed<Ballot>,
) -> Result<Inputs, ImportError> {
    let mut problems = Vec::new();
    let mut names: HashMap<&str, Vec<&ProsecutorId>> = HashMap::new();
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(roster.rows.len());
    for row in &roster.rows {
        match ids.entry(row.value.id.as_str()) {
            Entry::Occupied(first) => problems.push(Problem::new(
                roster.file.as_deref(),
                row.row,
                "检察官编号",
                row.value.id.as_str(),
                ProblemKind::DuplicateProsecutor {
                    first_row: *first.get(),
                },
            )),
            Entry::Vacant(slot) => {
                slot.insert(row.row);
                names
                    .entry(row.value.name.as_str())
                    .or_default()
                    .push(&row.value.id);
            }
        }
    }
    let resolve = |file: &Option<String>, row: usize, column: &str, id: &mut ProsecutorId| {
        if ids.contains_key(id.as_str()) {
            return None;
        }
        let kind = match names.get(id.as_str()).map(Vec::as_slice) {
            Some([only]) => {
                *id = (*only).clone();
                return None;
            }
            Some(several) => ProblemKind::AmbiguousName {
                ids: several.iter().map(|id| id.to_string()).collect(),
            },
            None => ProblemKind::UnknownProsecutor,
        };
        Some(Problem::new(
            file.as_deref(),
            row,
            column,
            id.as_str(),
            kind,
        ))
    };
    let mut case_problems: Vec<Problem> = (cases.rows.iter_mut())
        .filter_map(|row| resolve(&cases.file, row.row, "承办检察官", &mut row.value.handler))
        .collect();
    let mut case_rows: HashMap<&str, usize> = HashMap::with_capacity(cases.rows.len());
    for row in &cases.rows {
        match case_rows.entry(row.value.id.as_str()) {
            Entry::Occupied(first) => case_problems.push(Problem::new(
                cases.file.as_deref(),
                row.row,
                "案件编号",
                row.value.id.as_str(),
                ProblemKind::DuplicateCase {
                    first_row: *first.get(),
                },
            )),
            Entry::Vacant(slot) => {
                slot.insert(row.row);
            }
        }
    }
    case_problems.sort_by_key(|problem| problem.row);
    problems.extend(case_problems);
    for row in &mut bonus.rows {
        problems.extend(resolve(
            &bonus.file,
            row.row,
            "检察官编号",
            &mut row.value.prosecutor,
        ));
    }
    for row in &mut ballots.rows {
        problems.extend(resolve(
            &ballots.file,
            row.row,
            "测评对象",
            &mut row.value.subject,
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError::Rejected { problems });
    }
    Ok(Inputs {
        prosecutors: roster.into_values(),
        cases: cases.into_values(),
        bonus: bonus.into_values(),
        ballots: ballots.into_values(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::csv;
    use super::super::{HeaderMap, parse_ballots, parse_bonus, parse_cases, parse_roster};
    use super::*;

    const ROSTER: &str = "检察官编号,姓名,部门,业务类别,职务,违纪违法\nP01,张三,一部,刑事检察,,否\nP02,李四,一部,刑事检察,,否\nP03,李四,二部,刑事检察,,否\nP04,王五,二部,刑事检察,,否\n";
    const CASE_HEADER: &str = "案件编号,案件类别,承办检察官,受理日期,办结日期,办案期限,犯罪嫌疑人数,疑难复杂,认罪认罚,退回补充侦查次数,延长审查期限次数,处理结果,判决结果,群众反映强烈,人大转办,评查结论\n";

    fn case_rows(rows: &[(&str, &str)]) -> String {
        let body: String = rows
            .iter()
            .map(|(id, handler)| {
                format!("{id},审查起诉,{handler},2019-02-01,,30,1,否,否,0,0,,,否,否,\n")
            })
            .collect();
        format!("{CASE_HEADER}{body}")
    }

    fn run(roster: &str, cases: &str, bonus: &str, ballots: &str) -> Result<Inputs, ImportError> {
        let map = HeaderMap::new();
        check(
            parse_roster(&csv(roster), &map).unwrap(),
            parse_cases(&csv(cases), &map).unwrap(),
            parse_bonus(&csv(bonus), &map).unwrap(),
            parse_ballots(&csv(ballots), &map).unwrap(),
        )
    }

    fn found(error: ImportError) -> Vec<(usize, String, String, ProblemKind)> {
        let ImportError::Rejected { problems } = error else {
            panic!("{error:?}")
        };
        problems
            .into_iter()
            .map(|p| (p.row, p.column, p.value, p.kind))
            .collect()
    }

    fn expect(
        rows: &[(usize, &str, &str, ProblemKind)],
    ) -> Vec<(usize, String, String, ProblemKind)> {
        rows.iter()
            .map(|(r, c, v, k)| (*r, c.to_string(), v.to_string(), k.clone()))
            .collect()
    }

    const NO_BONUS: &str = "检察官编号,项目,次数\n";
    const NO_BALLOTS: &str = "测评对象,投票人类别,德,能,勤,绩,廉,总体\n";

    #[test]
    fn unknown_prosecutors_and_duplicates_are_all_reported() {
        let cases = case_rows(&[
            ("A1", "P01"),
            ("A2", "P09"),
            ("A1", "P02"),
            ("A3", "李四"),
            ("A1", "P04"),
        ]);
        let bonus = "检察官编号,项目,次数\nP01,业务培训,1\nP10,业务培训,1\n";
        let ballots = "测评对象,投票人类别,德,能,勤,绩,廉,总体\nP01,干警,,,,,,\nP11,干警,,,,,,\n";
        let roster = format!("{ROSTER}P01,张三二,一部,刑事检察,,否\n");
        let error = run(&roster, &cases, bonus, ballots).unwrap_err();
        let ambiguous = ProblemKind::AmbiguousName {
            ids: vec!["P02".into(), "P03".into()],
        };
        assert_eq!(
            found(error),
            expect(&[
                (
                    6,
                    "检察官编号",
                    "P01",
                    ProblemKind::DuplicateProsecutor { first_row: 2 }
                ),
                (3, "承办检察官", "P09", ProblemKind::UnknownProsecutor),
                (
                    4,
                    "案件编号",
                    "A1",
                    ProblemKind::DuplicateCase { first_row: 2 }
                ),
                (5, "承办检察官", "李四", ambiguous),
                (
                    6,
                    "案件编号",
                    "A1",
                    ProblemKind::DuplicateCase { first_row: 2 }
                ),
                (3, "检察官编号", "P10", ProblemKind::UnknownProsecutor),
                (3, "测评对象", "P11", ProblemKind::UnknownProsecutor),
            ])
        );
    }

    #[test]
    fn a_unique_name_stands_for_the_prosecutor() {
        let cases = case_rows(&[("A1", "王五"), ("A2", "P01")]);
        let inputs = run(
            ROSTER,
            &cases,
            "检察官编号,项目,次数\n张三,业务培训,1\n",
            NO_BALLOTS,
        )
        .unwrap();
        let handlers: Vec<&str> = inputs.cases.iter().map(|c| c.handler.as_str()).collect();
        assert_eq!(handlers, ["P04", "P01"]);
        assert_eq!(inputs.bonus[0].prosecutor.as_str(), "P01");
    }

    #[test]
    fn twenty_thousand_cases_all_kept() {
        // Speed is measured by `cargo bench -p kaoping-host --bench engine`, not here.
        let rows: Vec<(String, &str)> = (0..20_000)
            .map(|i| (format!("临检刑诉〔2019〕{i}号"), "P01"))
            .collect();
        let rows: Vec<(&str, &str)> = rows.iter().map(|(id, h)| (id.as_str(), *h)).collect();
        let text = case_rows(&rows);
        let inputs = run(ROSTER, &text, NO_BONUS, NO_BALLOTS).unwrap();
        assert_eq!(inputs.cases.len(), 20_000);
        assert_eq!(inputs.cases[19_999].id.as_str(), "临检刑诉〔2019〕19999号");
    }
}
