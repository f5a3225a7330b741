//! Invariants of the evaluation over generated units.

use kaoping_shared::arbitrary::{shuffled, unit};
use kaoping_shared::eval::evaluate;
use kaoping_shared::rules::{RuleSet, builtin, load::from_toml};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn rule_sets() -> [RuleSet; 2] {
    [
        builtin::r2019(),
        from_toml(include_str!("data/civil-2021.toml")).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn row_order_never_changes_a_result(input in unit(), seed in any::<u64>()) {
        for rules in rule_sets() {
            let a = evaluate(&rules, &input).unwrap();
            let b = evaluate(&rules, &shuffled(&input, seed)).unwrap();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn totals_ranks_and_grades_hold_together(input in unit()) {
        for rules in rule_sets() {
            let evaluation = evaluate(&rules, &input).unwrap();
            prop_assert_eq!(evaluation.results.len(), input.prosecutors.len());
            let mut previous: Option<(Decimal, u32)> = None;
            for r in &evaluation.results {
                let sum: Decimal = r.dimensions.iter().map(|d| d.score).sum();
                prop_assert_eq!(r.total, sum);
                for d in &r.dimensions {
                    prop_assert!(d.score >= Decimal::ZERO && d.score <= d.max, "{} {}", d.name, d.score);
                    prop_assert_eq!(d.score.scale(), rules.rounding.dimension_places);
                }
                prop_assert!(rules.grading.scale.contains(&r.grade));
                if r.vetoed {
                    prop_assert_eq!(&r.grade, &rules.grading.veto_grade);
                }
                if let Some((total, rank)) = previous {
                    prop_assert!(r.total <= total);
                    prop_assert!(r.rank >= rank);
                }
                previous = Some((r.total, r.rank));
            }
            prop_assert_eq!(evaluation.results.first().map(|r| r.rank), Some(1));
            for quota in &evaluation.quotas {
                prop_assert!(quota.awarded.len() as u32 <= quota.places);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn scores_only_gives_the_same_scores_ranks_and_grades(input in unit()) {
        use kaoping_shared::eval::{Detail, evaluate_with};
        for rules in rule_sets() {
            let full = evaluate(&rules, &input).unwrap();
            let scores = evaluate_with(&rules, &input, Detail::Scores).unwrap();
            for (a, b) in full.results.iter().zip(&scores.results) {
                prop_assert_eq!((&a.prosecutor, a.total, a.rank, &a.grade, &a.committee), (&b.prosecutor, b.total, b.rank, &b.grade, &b.committee));
                for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
                    prop_assert_eq!(x.score, y.score);
                    for (i, j) in x.indicators.iter().zip(&y.indicators) {
                        prop_assert_eq!(i.score, j.score);
                        prop_assert!(j.cases.is_empty() && j.calculation.is_empty() && j.inputs.is_empty() && j.notes.is_empty() && j.formula.is_empty());
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The API's own encoder (`api::json_out`) writes exactly what `serde_json` would, for
    /// every kind of answer: read each answer back and encode it with `serde_json`.
    #[test]
    fn answers_are_encoded_byte_for_byte_as_serde_json_encodes_them(input in unit(), seed in "[0-9a-z会议]{0,12}") {
        use kaoping_shared::api::{Response, handle};
        use serde_json::json;
        let rules = builtin::r2019();
        let window = json!({"start": input.period.start, "end": input.period.end});
        let sample = json!({"sample": {"cases": input.cases, "request": {
            "scope": {"type": "unit"}, "seed": seed, "window": window, "count": 3, "stratification": "by_kind"}}});
        let mut requests = vec![
            json!("describe"),
            json!({"check_rules": {"rules": rules}}),
            json!({"evaluate": {"rules": rules, "input": input}}),
            json!({"what_if": {"rules": rules, "input": input}}),
            json!({"tally": {"ballots": input.ballots}}),
            json!({"metrics": {"input": input}}),
            json!({"evaluate": {"rules": {}, "input": input}}),
            sample.clone(),
        ];
        let drawn: Response = serde_json::from_slice(&handle(sample.to_string().as_bytes())).unwrap();
        if let Response::Ok { result } = drawn {
            let proof = serde_json::to_value(result).unwrap()["draw"].clone();
            requests.push(json!({"verify_sample": {"proof": proof}}));
        }
        for request in requests {
            let bytes = handle(request.to_string().as_bytes());
            let answer: Response = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(String::from_utf8(bytes).unwrap(), serde_json::to_string(&answer).unwrap());
        }
    }
}
