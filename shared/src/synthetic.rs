//! Deterministic synthetic units for benchmarks, load tests and demos: `n` prosecutors in
//! departments of 10, each with the same number of varied cases, bonus items and ballots.
//! Not random at run time: the same arguments always give the same input.

use crate::date::Date;
use crate::model::{Ballot, BonusItem, Case, EvaluationInput, Prosecutor, Rating};

/// A small linear congruential generator: deterministic, no dependency, good enough to vary
/// test data (not for sampling, which uses SHA-256).
#[derive(Debug)]
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// A unit of `prosecutors` prosecutors with `cases_each` cases each in 2019, plus bonus items
/// and ten ballots per prosecutor.
///
/// # Example
/// ```
/// let input = kaoping_shared::synthetic::unit(100, 200, 1);
/// assert_eq!(input.cases.len(), 20_000);
/// assert_eq!(input, kaoping_shared::synthetic::unit(100, 200, 1));
/// ```
pub fn unit(prosecutors: usize, cases_each: usize, seed: u64) -> EvaluationInput {
    let mut rng = Lcg(seed);
    let start = Date::from_ymd(2019, 1, 1).unwrap_or_else(|| unreachable!("valid date"));
    let mut input = EvaluationInput {
        period: crate::date::Period {
            start,
            end: start.add_days(364),
        },
        prosecutors: Vec::with_capacity(prosecutors),
        cases: Vec::with_capacity(prosecutors * cases_each),
        bonus: Vec::new(),
        ballots: Vec::new(),
        manual_scores: Vec::new(),
    };
    for p in 0..prosecutors {
        let id = format!("S{p:04}");
        input.prosecutors.push(Prosecutor {
            id: id.as_str().into(),
            name: format!("检察官{p}"),
            department: format!("第{}检察部", p / 10 + 1).as_str().into(),
            category: "刑事检察".into(),
            position: "员额检察官".into(),
            violation: rng.next(50) == 0,
        });
        for c in 0..cases_each {
            let accepted = start.add_days(rng.next(330) as i64 - 20);
            let arrest = rng.next(4) == 0;
            let limit = if arrest { 7 } else { 30 };
            let judgment = [
                "有罪",
                "有罪",
                "有罪",
                "有罪",
                "有罪",
                "有罪",
                "无罪",
                "发回重审",
                "重大改判",
            ];
            let reviews = ["", "", "", "优质", "合格", "合格", "瑕疵", "不合格"];
            let review = reviews[rng.next(reviews.len() as u64) as usize];
            input.cases.push(Case {
                id: format!("合成{p:04}-{c:04}号").as_str().into(),
                kind: if arrest {
                    "审查逮捕"
                } else {
                    "审查起诉"
                }
                .to_owned(),
                handler: id.as_str().into(),
                accepted,
                closed: (rng.next(10) > 0)
                    .then(|| accepted.add_days(rng.next(u64::from(limit) + 10) as i64)),
                time_limit_days: limit,
                suspects: 1 + rng.next(4) as u32,
                complex: rng.next(8) == 0,
                plea: rng.next(10) < 8,
                returned_for_investigation: (rng.next(5) == 0) as u32,
                extensions: (rng.next(6) == 0) as u32,
                disposition: Some(if arrest { "批准逮捕" } else { "起诉" }.to_owned()),
                judgment: (!arrest)
                    .then(|| judgment[rng.next(judgment.len() as u64) as usize].to_owned()),
                public_concern: rng.next(40) == 0,
                congress_referral: rng.next(60) == 0,
                review: (!review.is_empty()).then(|| review.to_owned()),
                previously_arrested: false,
            });
        }
        for item in ["国家级论文", "省级论文", "业务培训"] {
            let count = rng.next(3) as u32;
            if count > 0 {
                input.bonus.push(BonusItem {
                    prosecutor: id.as_str().into(),
                    item: item.to_owned(),
                    count,
                });
            }
        }
        for _ in 0..10 {
            let overall = [
                Some(Rating::Excellent),
                Some(Rating::Competent),
                Some(Rating::Incompetent),
                None,
            ][rng.next(4) as usize];
            input.ballots.push(Ballot {
                subject: id.as_str().into(),
                voter_group: if rng.next(3) == 0 {
                    "人大代表"
                } else {
                    "干警"
                }
                .to_owned(),
                marks: [overall; 5],
                overall,
            });
        }
    }
    input
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_units_evaluate_under_r2019() {
        let input = super::unit(30, 20, 7);
        let evaluation = crate::eval::evaluate(&crate::rules::builtin::r2019(), &input).unwrap();
        assert_eq!(evaluation.results.len(), 30);
        assert_eq!(evaluation.departments.len(), 3);
    }
}
