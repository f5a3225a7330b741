//! Differential tests: the built-in plugin and the native engine give byte-identical output
//! on the shared examples and on thousands of generated requests, rule sets included.

use crate::plugin_abi::assert_same_as_native;
use kaoping_shared::api::Request;
use kaoping_shared::arbitrary::unit;
use kaoping_shared::rules::{RuleSet, builtin, load::from_toml};
use kaoping_shared::sampling::{SampleRequest, Scope, Stratification};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn civil() -> RuleSet {
    from_toml(include_str!("../../shared/tests/data/civil-2021.toml")).unwrap()
}

/// R-2019 or the civil rule set, with weights, caps, thresholds and quotas varied (some
/// variations make the rule set invalid: both engines must then refuse it identically).
fn rule_set() -> impl Strategy<Value = RuleSet> {
    (any::<bool>(), 1u32..=50, 0u32..=20, 50u32..=100, 0u32..=20).prop_map(
        |(r2019, share, points, full, floor)| {
            let mut rules = if r2019 { builtin::r2019() } else { civil() };
            rules.grading.quotas[0].share = Decimal::new(i64::from(share), 2);
            if let kaoping_shared::rules::Rule::Deduction(d) =
                &mut rules.dimensions[1].indicators[0].rule
            {
                if let kaoping_shared::rules::DeductionTerm::PerCase { points: p, .. } =
                    &mut d.terms[0]
                {
                    *p = Decimal::from(points);
                }
                d.floor = Decimal::from(floor);
            }
            for (_, indicator) in rules
                .dimensions
                .iter_mut()
                .flat_map(|d| d.indicators.iter_mut().map(|i| ((), i)))
            {
                if let kaoping_shared::rules::Rule::Rate(rate) = &mut indicator.rule {
                    rate.full_at = Decimal::new(i64::from(full), 2);
                }
            }
            rules
        },
    )
}

#[test]
fn reference_example_is_byte_identical() {
    let input = kaoping_host::reference::input().unwrap();
    let request = Request::Evaluate {
        rules: builtin::r2019(),
        input: input.clone(),
    };
    assert_same_as_native(&serde_json::to_vec(&request).unwrap());
    let request = Request::Metrics {
        input: input.clone(),
        definition: Default::default(),
    };
    assert_same_as_native(&serde_json::to_vec(&request).unwrap());
    let request = Request::Tally {
        ballots: input.ballots,
    };
    assert_same_as_native(&serde_json::to_vec(&request).unwrap());
}

#[test]
fn sampling_example_is_byte_identical() {
    let table = kaoping_host::import::read_table(
        include_bytes!("../../shared/tests/data/sampling_cases.csv"),
        Some("cases.csv"),
        &kaoping_host::import::ReadOptions::new(),
    )
    .unwrap();
    let cases = kaoping_host::import::parse_cases(&table, &kaoping_host::import::HeaderMap::new())
        .unwrap()
        .into_values();
    let request = SampleRequest::new(
        Scope::prosecutor("P05"),
        "临澧2019履职评议",
        "2017-01-01..2019-06-30".parse().unwrap(),
    );
    assert_same_as_native(&serde_json::to_vec(&Request::Sample { cases, request }).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_evaluations_are_byte_identical(rules in rule_set(), input in unit()) {
        assert_same_as_native(&serde_json::to_vec(&Request::Evaluate { rules, input }).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn generated_draws_and_verifications_are_byte_identical(input in unit(), seed in "[a-z0-9临澧]{0,8}", n in 0u32..25, by_kind in any::<bool>()) {
        let stratification = if by_kind { Stratification::ByKind } else { Stratification::Pooled };
        let request = SampleRequest::new(Scope::Unit, seed, "2018-07-01..2019-06-30".parse().unwrap())
            .with_count(n)
            .with_stratification(stratification);
        let sample = Request::Sample { cases: input.cases.clone(), request: request.clone() };
        assert_same_as_native(&serde_json::to_vec(&sample).unwrap());
        if let Ok(proof) = kaoping_shared::sampling::draw(&input.cases, &request) {
            assert_same_as_native(&serde_json::to_vec(&Request::VerifySample { proof }).unwrap());
        }
        assert_same_as_native(&serde_json::to_vec(&Request::Tally { ballots: input.ballots }).unwrap());
    }
}
