//! Ranking with tie-breaks, then grades: veto first, quotas in order, then score bands.
//! A tie across a quota line that the tie-breaks cannot resolve is not decided here: those
//! prosecutors are marked for the committee (需党组研究决定).

use super::result::{ProsecutorResult, QuotaOutcome};
use crate::decimal::{plain, round_half_up};
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The values compared, best first: total, then each tie-break key.
fn sort_key(rules: &RuleSet, r: &ProsecutorResult) -> Vec<Decimal> {
    let mut key = vec![r.total];
    for name in &rules.grading.tie_break {
        let value = r
            .dimensions
            .iter()
            .find(|d| d.key.as_str() == name)
            .map(|d| d.score)
            .or_else(|| {
                r.dimensions
                    .iter()
                    .flat_map(|d| &d.indicators)
                    .find(|i| i.key.as_str() == name)
                    .map(|i| i.score)
            })
            .unwrap_or_default();
        key.push(value);
    }
    key
}

/// Sorts `results` into rank order, sets rank, grade and reasons; returns the quota outcomes.
pub(crate) fn rank_and_grade(
    rules: &RuleSet,
    results: &mut Vec<ProsecutorResult>,
) -> Vec<QuotaOutcome> {
    let keys: Vec<Vec<Decimal>> = results.iter().map(|r| sort_key(rules, r)).collect();
    let mut order: Vec<usize> = (0..results.len()).collect();
    let better = |a: usize, b: usize| keys[b].cmp(&keys[a]);
    order.sort_by(|&a, &b| {
        better(a, b).then_with(|| results[a].prosecutor.cmp(&results[b].prosecutor))
    });
    for (position, &i) in order.iter().enumerate() {
        let ahead = order[..position]
            .iter()
            .filter(|&&j| better(j, i) == Ordering::Less)
            .count();
        results[i].rank = ahead as u32 + 1;
    }
    let grading = &rules.grading;
    let mut decided = vec![false; results.len()];
    for r in results.iter_mut().filter(|r| r.vetoed) {
        r.grade = grading.veto_grade.clone();
        r.grade_reason = format!("一票否决（违纪违法），定为{}", grading.veto_grade);
    }
    for (i, r) in results.iter().enumerate() {
        decided[i] = r.vetoed;
    }
    let evaluated = Decimal::from(results.len() as u64);
    let mut outcomes = Vec::new();
    let mut missed: Vec<Option<String>> = vec![None; results.len()];
    for quota in &grading.quotas {
        let places = round_half_up(quota.share * evaluated, 0)
            .try_into()
            .unwrap_or(0u32);
        let eligible: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| {
                !decided[i] && results[i].committee.is_none() && results[i].total >= quota.min_total
            })
            .collect();
        let mut outcome = QuotaOutcome {
            grade: quota.grade.clone(),
            places,
            awarded: vec![],
            pending: vec![],
        };
        let places = places as usize;
        let line_tied = places > 0
            && eligible.len() > places
            && better(eligible[places - 1], eligible[places]) == Ordering::Equal;
        let tied_key = line_tied.then(|| keys[eligible[places - 1]].clone());
        for (position, &i) in eligible.iter().enumerate() {
            let r = &mut results[i];
            if tied_key.as_ref() == Some(&keys[i]) {
                let others: Vec<String> = eligible
                    .iter()
                    .filter(|&&j| j != i && keys[j] == keys[i])
                    .map(|&j| results[j].prosecutor.to_string())
                    .collect();
                let r = &mut results[i];
                r.committee = Some(format!(
                    "与{}并列于{}名额（{} 名）边界，经比较仍无法区分，需党组研究决定",
                    others.join("、"),
                    quota.grade,
                    places
                ));
                outcome.pending.push(r.prosecutor.clone());
            } else if position < places {
                r.grade = quota.grade.clone();
                r.grade_reason = format!(
                    "总分 {} 不低于 {}，且在{}名额（{} 名）内",
                    r.total,
                    plain(quota.min_total),
                    quota.grade,
                    places
                );
                decided[i] = true;
                outcome.awarded.push(r.prosecutor.clone());
            } else if missed[i].is_none() {
                missed[i] = Some(format!(
                    "总分 {} 不低于 {}，但{}名额（{} 名）已满",
                    r.total,
                    plain(quota.min_total),
                    quota.grade,
                    places
                ));
            }
        }
        outcomes.push(outcome);
    }
    for (i, r) in results.iter_mut().enumerate() {
        if decided[i] {
            continue;
        }
        let band = grading
            .bands
            .iter()
            .find(|b| r.total >= b.min_total)
            .or(grading.bands.last());
        let Some(band) = band else { continue };
        r.grade = band.grade.clone();
        let because = format!(
            "总分 {} 不低于 {}，定为{}",
            r.total,
            plain(band.min_total),
            band.grade
        );
        let because = if r.total < band.min_total {
            format!("总分 {} 低于所有分数段，定为{}", r.total, band.grade)
        } else {
            because
        };
        r.grade_reason = match (&missed[i], &r.committee) {
            (_, Some(_)) => format!("{because}（暂定，待党组研究决定）"),
            (Some(m), None) => format!("{m}；{because}"),
            (None, None) => because,
        };
    }
    // Into ranking order by moving, not cloning: each result carries its whole trail.
    let mut taken: Vec<Option<ProsecutorResult>> = results.drain(..).map(Some).collect();
    results.extend(order.iter().filter_map(|&i| taken[i].take()));
    outcomes
}
