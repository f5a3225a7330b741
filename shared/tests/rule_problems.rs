//! A rule set with ten different problems: all ten reported at once, each at its place.

use kaoping_shared::rules::builtin::R2019_TOML;
use kaoping_shared::rules::load::{RulesError, from_toml};

fn broken() -> String {
    let edits = [
        // 1. unknown field
        ("name = \"办案数量\"\n", "name = \"办案数量\"\nweigth = 2\n"),
        // 2. dimension points no longer add up to total_points (and 3. nor its indicator)
        (
            "key = \"ethics\"\nname = \"职业操守与外部评价\"\npoints = 10",
            "key = \"ethics\"\nname = \"职业操守与外部评价\"\npoints = 8",
        ),
        // 4. a rate whose zero point equals its full point
        ("full_at = 0.85", "full_at = 0.6"),
        // 5. a review conclusion the unit does not use
        (
            "filter = { reviews = [\"瑕疵\"] }",
            "filter = { reviews = [\"较差\"] }",
        ),
        // 6. the same counted item twice
        (
            "{ name = \"业务培训\", points = 1 },",
            "{ name = \"业务培训\", points = 1 },\n  { name = \"省级论文\", points = 3 },",
        ),
        // 7. veto grade not in the scale
        ("veto_grade = \"不称职\"", "veto_grade = \"开除\""),
        // 8. tie-break naming a missing dimension or indicator
        (
            "tie_break = [\"quality\", \"quantity\"]",
            "tie_break = [\"quality\", \"speed\"]",
        ),
        // 9. quota share beyond 100%
        ("share = 0.2", "share = 1.5"),
        // 10. bands out of order
        (
            "{ grade = \"基本称职\", min_total = 50 }",
            "{ grade = \"基本称职\", min_total = 65 }",
        ),
    ];
    let mut text = R2019_TOML.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "edit target missing: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn ten_problems_all_reported() {
    let Err(RulesError::Invalid { problems }) = from_toml(&broken()) else {
        panic!("must be invalid")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dimensions.0.weigth",
            "dimensions",
            "dimensions.1.indicators.0.rule.deduction.terms.3.per_case.filter.reviews",
            "dimensions.3.indicators.0.rule.rate.full_at",
            "dimensions.4.indicators.0.rule.counted.items.3.name",
            "dimensions.5.indicators",
            "grading.veto_grade",
            "grading.quotas.0.share",
            "grading.bands.1.min_total",
            "grading.tie_break.1",
        ],
        "{problems:#?}"
    );
    let text = RulesError::Invalid { problems }.to_string();
    assert!(text.starts_with("指标体系有 10 处问题"), "{text}");
    for needle in [
        "未知字段",
        "不等于总分 100",
        "较差",
        "“省级论文”重复",
        "开除",
        "speed",
        "1.5",
    ] {
        assert!(text.contains(needle), "missing {needle} in {text}");
    }
}
