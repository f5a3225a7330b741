//! The reference example of DOMAIN.md under R-2019: every dimension, total, rank and grade.

use kaoping_shared::eval::{self, result::Evaluation};
use kaoping_shared::model::*;
use kaoping_shared::rules::builtin;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/examples/reference/"
);

/// Rows of a simple CSV (no quoting in the examples); a row of the wrong width fails loudly.
fn rows(name: &str) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(format!("{DIR}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = text.lines();
    let width = lines.next().expect("header").split(',').count();
    lines
        .enumerate()
        .map(|(i, line)| {
            let cells: Vec<String> = line.split(',').map(|c| c.trim().to_owned()).collect();
            assert_eq!(cells.len(), width, "{name} row {}: {line}", i + 2);
            cells
        })
        .collect()
}

fn yes(cell: &str) -> bool {
    match cell {
        "是" => true,
        "否" | "" => false,
        other => panic!("not 是/否: {other}"),
    }
}

fn opt(cell: &str) -> Option<String> {
    (!cell.is_empty()).then(|| cell.to_owned())
}

pub fn reference_input() -> EvaluationInput {
    let prosecutors = rows("roster.csv")
        .into_iter()
        .map(|r| Prosecutor {
            id: r[0].as_str().into(),
            name: r[1].clone(),
            department: r[2].as_str().into(),
            category: r[3].clone(),
            position: r[4].clone(),
            violation: yes(&r[5]),
        })
        .collect();
    let cases = rows("cases.csv")
        .into_iter()
        .map(|r| Case {
            id: r[0].as_str().into(),
            kind: r[1].clone(),
            handler: r[2].as_str().into(),
            accepted: r[3].parse().unwrap(),
            closed: opt(&r[4]).map(|d| d.parse().unwrap()),
            time_limit_days: r[5].parse().unwrap(),
            suspects: r[6].parse().unwrap(),
            complex: yes(&r[7]),
            plea: yes(&r[8]),
            returned_for_investigation: r[9].parse().unwrap(),
            extensions: r[10].parse().unwrap(),
            disposition: opt(&r[11]),
            judgment: opt(&r[12]),
            public_concern: yes(&r[13]),
            congress_referral: yes(&r[14]),
            review: opt(&r[15]),
            previously_arrested: false,
        })
        .collect();
    let bonus = rows("bonus.csv")
        .into_iter()
        .map(|r| BonusItem {
            prosecutor: r[0].as_str().into(),
            item: r[1].clone(),
            count: r[2].parse().unwrap(),
        })
        .collect();
    let ballots = rows("ballots.csv")
        .into_iter()
        .map(|r| Ballot {
            subject: r[0].as_str().into(),
            voter_group: r[1].clone(),
            marks: [2, 3, 4, 5, 6].map(|i| Rating::from_cell(&r[i])),
            overall: Rating::from_cell(&r[7]),
        })
        .collect();
    EvaluationInput {
        period: "2019-01-01..2019-12-31".parse().unwrap(),
        prosecutors,
        cases,
        bonus,
        ballots,
        manual_scores: vec![],
    }
}

fn table(evaluation: &Evaluation) -> Vec<String> {
    evaluation
        .results
        .iter()
        .map(|r| {
            let dims: Vec<String> = r.dimensions.iter().map(|d| d.score.to_string()).collect();
            format!(
                "{} {} {} {} {} {}",
                r.prosecutor,
                r.name,
                dims.join(" "),
                r.total,
                r.rank,
                r.grade
            )
        })
        .collect()
}

#[test]
fn reference_example_matches_domain_table() {
    let evaluation = eval::evaluate(&builtin::r2019(), &reference_input()).unwrap();
    assert_eq!(
        table(&evaluation),
        [
            "P03 王五 33.68 30.00 6.33 10.00 10.00 7.50 97.51 1 优秀",
            "P01 张三 36.00 29.00 5.33 2.67 5.00 8.00 86.00 2 称职",
            "P04 赵六 21.05 22.00 10.00 10.00 1.00 8.13 72.18 3 不称职",
            "P02 李四 21.05 20.00 10.00 0.00 0.00 5.50 56.55 4 基本称职",
        ]
    );
    let p01 = evaluation.result(&"P01".into()).unwrap();
    assert!(
        p01.grade_reason.contains("名额（1 名）已满"),
        "{}",
        p01.grade_reason
    );
    let p04 = evaluation.result(&"P04".into()).unwrap();
    assert!(p04.vetoed);
    assert_eq!(p04.dimensions[5].exact.to_string(), "8.125");
    assert_eq!(evaluation.quotas[0].places, 1);
    assert_eq!(evaluation.quotas[0].awarded, vec!["P03".into()]);
}

#[test]
fn explanation_names_cases_and_points() {
    let evaluation = eval::evaluate(&builtin::r2019(), &reference_input()).unwrap();
    let p01 = evaluation.result(&"P01".into()).unwrap();
    let quality = &p01.dimensions[1].indicators[0];
    let flaw = quality.cases.iter().find(|c| c.note == "评查瑕疵").unwrap();
    assert_eq!(flaw.case.as_str(), "临检刑诉〔2019〕2号");
    assert_eq!(flaw.value.to_string(), "-1");
    let quantity = &p01.dimensions[0].indicators[0];
    let counted: Vec<&str> = quantity.cases.iter().map(|c| c.case.as_str()).collect();
    assert_eq!(
        counted,
        [
            "临检刑诉〔2019〕1号",
            "临检刑诉〔2019〕2号",
            "临检刑诉〔2019〕3号"
        ]
    );
    let text = eval::explain::render(&evaluation, p01);
    for needle in [
        "张三（P01）",
        "临检刑诉〔2019〕2号：评查瑕疵",
        "36.00",
        "1:≈1.6667",
        "四舍五入",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
#[ignore = "prints the explanation for reading; not a check"]
fn print_explanation() {
    let evaluation = eval::evaluate(&builtin::r2019(), &reference_input()).unwrap();
    println!(
        "{}",
        eval::explain::render(&evaluation, evaluation.result(&"P01".into()).unwrap())
    );
}
