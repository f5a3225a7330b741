//! A second, different rule set, to show R-2019 is data, not code: grades 优/良/中/差,
//! a unit baseline, manual scores by role, group-weighted ballots, empty-data policies.

use kaoping_shared::eval::{self, EvalError};
use kaoping_shared::model::tests_support::case;
use kaoping_shared::model::*;
use kaoping_shared::rules::load::from_toml;
use kaoping_shared::rules::{RuleSet, builtin};

fn civil() -> RuleSet {
    from_toml(include_str!("data/civil-2021.toml")).unwrap()
}

fn prosecutor(id: &str, department: &str) -> Prosecutor {
    Prosecutor {
        id: id.into(),
        name: format!("检察官{id}"),
        department: department.into(),
        category: "民事检察".into(),
        position: "员额检察官".into(),
        violation: false,
    }
}

fn civil_case(id: &str, handler: &str, review: Option<&str>, days: i64, complex: bool) -> Case {
    let mut c = case(id, handler);
    c.kind = "民事监督".into();
    c.accepted = "2021-03-01".parse().unwrap();
    c.closed = Some(c.accepted.add_days(days));
    c.complex = complex;
    c.review = review.map(String::from);
    c
}

fn ballot(subject: &str, group: &str, overall: Rating) -> Ballot {
    Ballot {
        subject: subject.into(),
        voter_group: group.into(),
        marks: [None; 5],
        overall: Some(overall),
    }
}

fn manual(prosecutor: &str, role: &str, score: &str) -> ManualScore {
    ManualScore {
        prosecutor: prosecutor.into(),
        indicator: "reviewers".into(),
        role: role.into(),
        score: score.parse().unwrap(),
        reason: Some("依据年度工作总结".into()),
    }
}

fn input() -> EvaluationInput {
    use Rating::*;
    EvaluationInput {
        period: "2021-01-01..2021-12-31".parse().unwrap(),
        prosecutors: vec![
            prosecutor("M1", "民事检察部"),
            prosecutor("M2", "民事检察部"),
            prosecutor("M3", "民事检察部"),
            prosecutor("M4", "第二检察部"),
            prosecutor("M5", "第二检察部"),
        ],
        cases: vec![
            civil_case("民1", "M1", Some("合格"), 30, true),
            civil_case("民2", "M1", Some("基本合格"), 40, false),
            civil_case("民3", "M2", Some("不合格"), 10, false),
            civil_case("民4", "M3", None, 10, false),
            civil_case("民5", "M3", None, 10, false),
            civil_case("民6", "M3", None, 10, false),
            civil_case("民7", "M4", None, 10, false),
        ],
        bonus: vec![],
        ballots: vec![
            ballot("M1", "干警", Excellent),
            ballot("M1", "干警", Excellent),
            ballot("M1", "人大代表", Competent),
            ballot("M2", "干警", Competent),
            ballot("M3", "干警", Excellent),
            ballot("M3", "干警", Incompetent),
            ballot("M3", "人大代表", Excellent),
            ballot("M5", "人民监督员", Excellent),
        ],
        manual_scores: vec![
            manual("M1", "self", "10"),
            manual("M1", "department", "8"),
            manual("M1", "department", "9"),
            manual("M1", "case_management", "9"),
            manual("M2", "department", "6"),
            manual("M3", "self", "9"),
            manual("M3", "department", "9"),
            manual("M3", "case_management", "9"),
        ],
    }
}

fn rows(evaluation: &eval::result::Evaluation) -> Vec<String> {
    evaluation
        .results
        .iter()
        .map(|r| {
            let dims: Vec<String> = r.dimensions.iter().map(|d| d.score.to_string()).collect();
            format!(
                "{} {} {} {} {}",
                r.prosecutor,
                dims.join(" "),
                r.total,
                r.rank,
                r.grade
            )
        })
        .collect()
}

#[test]
fn civil_rule_set_scores_by_its_own_rules() {
    let evaluation = eval::evaluate(&civil(), &input()).unwrap();
    // Unit W: 1.2 + 1 + 1 + 3 + 1 = 7.2 over 5 → M2: 40 × 1 × 5 ÷ 7.2 = 27.78.
    // M1 综合: 10 × 0.2 + 8.5 × 0.5 + 9 × 0.3 = 8.95; ballots 10 × (0.6 × 1 + 0.4 × 0.5) = 8.
    // M2 综合: only 部门评价 6 → 6; ballots only 干警 0.5 → 5.
    // M4 and M2 tie at 72.78; quality (30 vs 24) puts M4 first.
    // M5: no case → on-time rate takes 第二检察部's average (M4: 10); no manual → 5.
    assert_eq!(
        rows(&evaluation),
        [
            "M3 48.00 30.00 10.00 16.00 104.00 1 优",
            "M1 48.00 28.00 0.00 16.95 92.95 2 良",
            "M4 27.78 30.00 10.00 5.00 72.78 3 中",
            "M2 27.78 24.00 10.00 11.00 72.78 4 中",
            "M5 0.00 30.00 10.00 5.00 45.00 5 差",
        ]
    );
    let m5 = evaluation.result(&"M5".into()).unwrap();
    let ballots = &m5.dimensions[3].indicators[1];
    assert!(
        ballots.notes.iter().any(|n| n.contains("投票人类别不在")),
        "{:?}",
        ballots.notes
    );
    assert!(
        m5.dimensions[2].indicators[0]
            .notes
            .iter()
            .any(|n| n.contains("本部门"))
    );
}

#[test]
fn manual_scores_out_of_range_or_without_reason_are_refused() {
    let mut bad = input();
    bad.manual_scores.push(manual("M4", "peer", "11"));
    bad.manual_scores.push(ManualScore {
        reason: None,
        ..manual("M5", "self", "7")
    });
    let Err(EvalError::InvalidInput { problems }) = eval::evaluate(&civil(), &bad) else {
        panic!()
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn unresolved_tie_at_the_quota_line_goes_to_the_committee() {
    let mut rules = builtin::r2019();
    rules.grading.quotas[0].share = "0.2".parse().unwrap();
    let ids = ["T1", "T2", "T3", "T4", "T5"];
    let input = EvaluationInput {
        period: "2019-01-01..2019-12-31".parse().unwrap(),
        prosecutors: ids.iter().map(|id| prosecutor(id, "第一检察部")).collect(),
        cases: ids.iter().map(|id| case(&format!("案{id}"), id)).collect(),
        bonus: ids
            .iter()
            .map(|id| BonusItem {
                prosecutor: (*id).into(),
                item: "国家级论文".into(),
                count: 3,
            })
            .collect(),
        ballots: vec![],
        manual_scores: vec![],
    };
    let evaluation = eval::evaluate(&rules, &input).unwrap();
    assert_eq!(evaluation.quotas[0].places, 1);
    assert!(evaluation.quotas[0].awarded.is_empty());
    assert_eq!(evaluation.quotas[0].pending.len(), 5);
    for r in &evaluation.results {
        assert_eq!(
            (r.total.to_string().as_str(), r.rank, r.grade.as_str()),
            ("90.00", 1, "称职")
        );
        assert!(r.committee.as_deref().unwrap().contains("需党组研究决定"));
    }
}
