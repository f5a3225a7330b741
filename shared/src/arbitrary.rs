//! Generated evaluation inputs for property tests (feature `arbitrary`): small units with
//! every field varied, including the edge cases (no cases, open cases, invalid ballots).

use crate::date::Date;
use crate::model::{Ballot, BonusItem, Case, EvaluationInput, Prosecutor, Rating};
use proptest::prelude::*;

fn rating() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        3 => Just(Some(Rating::Excellent)),
        3 => Just(Some(Rating::Competent)),
        1 => Just(Some(Rating::Incompetent)),
        1 => Just(None),
    ]
}

fn case(handlers: usize) -> impl Strategy<Value = (usize, Case)> {
    (
        0..handlers,
        (
            0u32..700,
            prop::option::weighted(0.9, 0i64..120),
            prop_oneof![Just(7u32), Just(30), Just(45)],
        ),
        (1u32..6, any::<bool>(), any::<bool>(), 0u32..3, 0u32..2),
        (
            prop::sample::select(vec!["审查起诉", "审查逮捕"]),
            prop::sample::select(vec!["有罪", "无罪", "发回重审", "重大改判", ""]),
            prop::sample::select(vec!["", "优质", "合格", "瑕疵", "不合格"]),
            prop::sample::select(vec!["起诉", "不起诉", "批准逮捕", "不批准逮捕", ""]),
        ),
    )
        .prop_map(
            |(
                h,
                (offset, took, limit),
                (suspects, complex, plea, returned, extensions),
                (kind, judgment, review, disposition),
            )| {
                let accepted = Date::from_ymd(2018, 7, 1)
                    .unwrap()
                    .add_days(i64::from(offset));
                let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
                let case = Case {
                    id: "".into(),
                    kind: kind.to_owned(),
                    handler: format!("P{h:02}").as_str().into(),
                    accepted,
                    closed: took.map(|d| accepted.add_days(d)),
                    time_limit_days: limit,
                    suspects,
                    complex,
                    plea,
                    returned_for_investigation: returned,
                    extensions,
                    disposition: text(disposition),
                    judgment: text(judgment),
                    public_concern: false,
                    congress_referral: false,
                    review: text(review),
                    previously_arrested: false,
                };
                (h, case)
            },
        )
}

/// A unit of 1–8 prosecutors in 1–2 departments with up to 40 cases, bonus items and
/// ballots, evaluated over 2019.
pub fn unit() -> impl Strategy<Value = EvaluationInput> {
    (1usize..=8).prop_flat_map(|n| {
        (
            prop::collection::vec((any::<bool>(), prop::bool::weighted(0.1)), n),
            prop::collection::vec(case(n), 0..40),
            prop::collection::vec(
                (
                    0..n,
                    prop::sample::select(vec!["国家级论文", "省级论文", "业务培训"]),
                    1u32..4,
                ),
                0..10,
            ),
            prop::collection::vec(
                (
                    0..n,
                    prop::sample::select(vec!["干警", "人大代表"]),
                    rating(),
                ),
                0..30,
            ),
        )
            .prop_map(|(people, cases, bonus, ballots)| EvaluationInput {
                period: "2019-01-01..2019-12-31".parse().unwrap(),
                prosecutors: people
                    .iter()
                    .enumerate()
                    .map(|(i, (second, violation))| Prosecutor {
                        id: format!("P{i:02}").as_str().into(),
                        name: format!("检察官{i}"),
                        department: if *second {
                            "第二检察部"
                        } else {
                            "第一检察部"
                        }
                        .into(),
                        category: "刑事检察".into(),
                        position: "员额检察官".into(),
                        violation: *violation,
                    })
                    .collect(),
                cases: cases
                    .into_iter()
                    .enumerate()
                    .map(|(i, (_, mut c))| {
                        c.id = format!("案{i}").as_str().into();
                        c
                    })
                    .collect(),
                bonus: bonus
                    .into_iter()
                    .map(|(h, item, count)| BonusItem {
                        prosecutor: format!("P{h:02}").as_str().into(),
                        item: item.into(),
                        count,
                    })
                    .collect(),
                ballots: ballots
                    .into_iter()
                    .map(|(h, group, overall)| Ballot {
                        subject: format!("P{h:02}").as_str().into(),
                        voter_group: group.into(),
                        marks: [overall; 5],
                        overall,
                    })
                    .collect(),
                manual_scores: vec![],
            })
    })
}

/// The same input with every list in another order, driven by `seed`.
pub fn shuffled(input: &EvaluationInput, seed: u64) -> EvaluationInput {
    fn shuffle<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
        let mut keyed: Vec<(u64, T)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                (
                    (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed,
                    item.clone(),
                )
            })
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().map(|(_, item)| item).collect()
    }
    EvaluationInput {
        period: input.period,
        prosecutors: shuffle(&input.prosecutors, seed),
        cases: shuffle(&input.cases, seed.rotate_left(7)),
        bonus: shuffle(&input.bonus, seed.rotate_left(13)),
        ballots: shuffle(&input.ballots, seed.rotate_left(29)),
        manual_scores: shuffle(&input.manual_scores, seed.rotate_left(41)),
    }
}
