use super::*;
use crate::api::FormContext;
use kaoping_shared::model::tests_support::case;
use kaoping_shared::model::{EvaluationInput, Prosecutor};
use kaoping_shared::rules::load::from_toml;

const CIVIL: &str = include_str!("../../../shared/tests/data/civil-2021.toml");

fn prosecutor(id: &str, name: &str) -> Prosecutor {
    Prosecutor {
        id: id.into(),
        name: name.into(),
        department: "民事检察部".into(),
        category: "民事检察".into(),
        position: "员额检察官".into(),
        violation: false,
    }
}

/// Two prosecutors; P01 has cases C1..C3 (C1, C2 sampled), P02 has C4.
fn context() -> Rc<FormContext> {
    let mut cases = vec![
        case("C1", "P01"),
        case("C2", "P01"),
        case("C3", "P01"),
        case("C4", "P02"),
    ];
    for c in &mut cases {
        c.accepted = "2021-02-01".parse().unwrap();
        c.closed = Some("2021-03-01".parse().unwrap());
    }
    let input = EvaluationInput {
        period: "2021-01-01..2021-12-31".parse().unwrap(),
        prosecutors: vec![prosecutor("P01", "张三"), prosecutor("P02", "李四")],
        cases,
        bonus: vec![],
        ballots: vec![],
        manual_scores: vec![],
    };
    let answer = serde_json::json!({
        "title": "2021年度案件评查 · 张三",
        "prosecutor": "P01",
        "role": "department",
        "plugin": "ab".repeat(32),
        "rules": from_toml(CIVIL).unwrap(),
        "input": input,
        "cases": ["C1", "C2"],
        "saved": null,
    });
    Rc::new(FormContext::from_json(&answer.to_string()).unwrap())
}

fn run(state: FormState, actions: Vec<FormAction>) -> FormState {
    actions
        .into_iter()
        .fold(Rc::new(state), |s, a| s.reduce(a))
        .as_ref()
        .clone()
}

fn ready() -> FormState {
    run(
        FormState::default(),
        vec![
            FormAction::Loaded(context()),
            FormAction::PluginReady {
                sha256: "ab".repeat(32),
                engine: "kaoping-builtin".into(),
                version: "0.1.0".into(),
            },
        ],
    )
}

/// What the plugin would answer: the same `handle` the built-in plugin exports.
fn compute(state: &FormState) -> Computed {
    let request = state.evaluate_request().unwrap();
    let response = kaoping_shared::api::handle(&request);
    Computed::from_response(state.seq, &response, &"P01".into(), 0.0).unwrap()
}

#[test]
fn drafts_follow_the_rule_set_and_the_reviewer_role() {
    let s = ready();
    assert_eq!(s.reviews.len(), 2);
    assert_eq!(
        s.reviews[0].summary,
        "审查起诉 · 受理 2021-02-01 · 办结 2021-03-01"
    );
    assert_eq!(s.manual.len(), 1);
    let item = &s.manual[0];
    assert_eq!(
        (item.name.as_str(), item.dimension.as_str()),
        ("综合评议", "综合评价")
    );
    assert_eq!((item.min, item.max), (Decimal::ZERO, Decimal::TEN));
    assert!(item.require_reason);
}

#[test]
fn a_role_without_manual_items_gets_none() {
    let mut c = (*context()).clone();
    c.role = "peer".into();
    let s = run(FormState::default(), vec![FormAction::Loaded(Rc::new(c))]);
    assert!(s.manual.is_empty());
}

#[test]
fn conclusions_and_manual_scores_move_the_total_live() {
    let s = ready();
    let before = compute(&s);
    // 不合格 costs 6 points of quality under civil-2021.
    let s = run(
        s,
        vec![FormAction::SetConclusion {
            case: 0,
            conclusion: "不合格".into(),
        }],
    );
    let after = compute(&s);
    assert_eq!(before.total - after.total, Decimal::from(6));
    // A department score of 9 (weight 0.5, alone, so 9) replaces the empty-data 5.
    let s = run(
        s,
        vec![
            FormAction::SetManualScore {
                item: 0,
                text: "9".into(),
            },
            FormAction::SetManualReason {
                item: 0,
                text: "办案认真".into(),
            },
        ],
    );
    let scored = compute(&s);
    assert_eq!(scored.total - after.total, Decimal::from(4));
}

#[test]
fn invalid_or_unreasoned_scores_are_left_out_of_the_computation_and_block_saving() {
    let s = run(
        ready(),
        vec![
            FormAction::SetConclusion {
                case: 0,
                conclusion: "合格".into(),
            },
            FormAction::SetConclusion {
                case: 1,
                conclusion: "合格".into(),
            },
            FormAction::SetManualScore {
                item: 0,
                text: "11".into(),
            },
        ],
    );
    assert_eq!(
        s.manual[0].problem().as_deref(),
        Some("11 超出范围（应在 0 至 10 之间）")
    );
    // The out-of-range score is not sent to the plugin, so it computes (with 5 for nobody).
    let request: serde_json::Value =
        serde_json::from_slice(&s.evaluate_request().unwrap()).unwrap();
    assert_eq!(
        request["evaluate"]["input"]["manual_scores"],
        serde_json::json!([])
    );
    let computed = compute(&s);
    let s = run(s, vec![FormAction::Computed(computed)]);
    assert!(s.submission().is_none());

    let s = run(
        s,
        vec![FormAction::SetManualScore {
            item: 0,
            text: "8".into(),
        }],
    );
    assert_eq!(s.problems(), ["综合评议：须写明评分理由"]);
}

#[test]
fn deductions_need_points_and_reasons() {
    let s = run(
        ready(),
        vec![
            FormAction::AddDeduction { case: 1 },
            FormAction::SetDeductionPoints {
                case: 1,
                index: 0,
                text: "1.5".into(),
            },
            FormAction::AddDeduction { case: 1 },
            FormAction::SetDeductionPoints {
                case: 1,
                index: 1,
                text: "0".into(),
            },
        ],
    );
    let problems = s.problems();
    assert!(problems.contains(&"C2 第 1 项扣分：须写明扣分理由".to_owned()));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("C2 第 2 项扣分：0 超出范围"))
    );
    assert_eq!(s.deducted(1), "1.5".parse().unwrap());
    let s = run(s, vec![FormAction::RemoveDeduction { case: 1, index: 1 }]);
    assert_eq!(s.reviews[1].deductions.len(), 1);
}

#[test]
fn stale_results_are_dropped_and_saving_needs_the_current_one() {
    let s = run(
        ready(),
        vec![
            FormAction::SetConclusion {
                case: 0,
                conclusion: "优质".into(),
            },
            FormAction::SetConclusion {
                case: 1,
                conclusion: "优质".into(),
            },
            FormAction::SetManualScore {
                item: 0,
                text: "9".into(),
            },
            FormAction::SetManualReason {
                item: 0,
                text: "好".into(),
            },
        ],
    );
    let mut stale = compute(&s);
    stale.seq -= 1;
    let s = run(s, vec![FormAction::Computed(stale)]);
    assert!(s.current().is_none());
    assert!(s.submission().is_none());
    let fresh = compute(&s);
    let total = fresh.total;
    let s = run(s, vec![FormAction::Computed(fresh), FormAction::Submitting]);
    assert_eq!(s.submit, SubmitState::Sending);
    let sent = s.submission().unwrap();
    assert_eq!(sent.total, total);
    assert_eq!(sent.rule_set.id, "civil-2021");
    assert_eq!(sent.entries.manual_scores[0].role, "department");
    assert_eq!(sent.entries.reviews.len(), 2);
}

#[test]
fn saved_answer_is_compared_with_what_was_shown() {
    let mut s = run(
        ready(),
        vec![
            FormAction::SetConclusion {
                case: 0,
                conclusion: "合格".into(),
            },
            FormAction::SetConclusion {
                case: 1,
                conclusion: "合格".into(),
            },
            FormAction::SetManualScore {
                item: 0,
                text: "9".into(),
            },
            FormAction::SetManualReason {
                item: 0,
                text: "好".into(),
            },
        ],
    );
    let computed = compute(&s);
    s = run(
        s,
        vec![
            FormAction::Computed(computed.clone()),
            FormAction::Submitting,
        ],
    );
    let saved = FormSaved {
        total: computed.total,
        plugin: "cd".repeat(32),
        rule_set: computed.rule_set.clone(),
    };
    let s = run(s, vec![FormAction::Saved(saved.clone())]);
    let SubmitState::Saved {
        saved: got,
        shown,
        used_plugin,
    } = &s.submit
    else {
        panic!("{:?}", s.submit)
    };
    assert_eq!(got, &saved);
    assert_eq!(*shown, computed.total);
    assert_ne!(
        used_plugin, &got.plugin,
        "the form can tell the plugin changed"
    );
    // Any edit after saving makes the form unsaved again.
    let s = run(
        s,
        vec![FormAction::SetManualReason {
            item: 0,
            text: "很好".into(),
        }],
    );
    assert_eq!(s.submit, SubmitState::Idle);
}

#[test]
fn a_plugin_error_is_shown_with_its_problems() {
    let response = r#"{"status":"error","error":{"code":"invalid_input","message":"考评数据有 1 处问题","problems":["案件编号“C1”重复"]}}"#;
    let err = Computed::from_response(1, response.as_bytes(), &"P01".into(), 0.0).unwrap_err();
    assert_eq!(err, "考评数据有 1 处问题：案件编号“C1”重复");
}

#[test]
fn saved_entries_prefill_the_form() {
    let mut c = (*context()).clone();
    c.saved = Some(crate::api::FormEntries {
        reviews: vec![CaseReview {
            case: "C2".into(),
            conclusion: "基本合格".into(),
            deductions: vec![ReviewDeduction {
                points: "2".parse().unwrap(),
                reason: "证据审查不细".into(),
            }],
        }],
        manual_scores: vec![ManualScore {
            prosecutor: "P01".into(),
            indicator: "reviewers".into(),
            role: "department".into(),
            score: "8.5".parse().unwrap(),
            reason: Some("较好".into()),
        }],
    });
    let s = FormState::from_context(Rc::new(c));
    assert_eq!(s.reviews[1].conclusion, "基本合格");
    assert_eq!(s.reviews[1].deductions[0].reason, "证据审查不细");
    assert_eq!(s.manual[0].score, "8.5");
    assert_eq!(s.manual[0].reason, "较好");
}

#[test]
fn what_if_gives_the_same_total_as_evaluate() {
    let s = run(
        ready(),
        vec![
            FormAction::SetConclusion {
                case: 0,
                conclusion: "不合格".into(),
            },
            FormAction::SetManualScore {
                item: 0,
                text: "7.5".into(),
            },
            FormAction::SetManualReason {
                item: 0,
                text: "一般".into(),
            },
        ],
    );
    let full = compute(&s);
    let request = s.request_for("what_if").unwrap();
    let response = kaoping_shared::api::handle(&request);
    let quick = Computed::from_response(s.seq, &response, &"P01".into(), 0.0).unwrap();
    assert_eq!(quick.total, full.total);
    assert_eq!(quick.dimensions, full.dimensions);
}
