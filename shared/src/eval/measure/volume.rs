//! [`Rule::Volume`](crate::rules::Rule::Volume): weighted case volume against a baseline.

use super::Measured;
use crate::decimal::plain;
use crate::eval::EvalError;
use crate::eval::arith::{add, count, div, mul, show, sum};
use crate::eval::context::Context;
use crate::model::Case;
use crate::rules::{Baseline, CaseWeight, VolumeRule};
use rust_decimal::Decimal;

pub(super) fn formula(rule: &VolumeRule, points: &str) -> String {
    let w = &rule.weight;
    let weight = format!(
        "每件权重 = ({} + {} × (犯罪嫌疑人数 − 1)) × (疑难复杂 {} 倍){}",
        plain(w.base),
        plain(w.per_extra_suspect),
        plain(w.complex_factor),
        w.max
            .map(|m| format!("，单件不超过 {}", plain(m)))
            .unwrap_or_default()
    );
    let base = match rule.baseline {
        Baseline::Department => "部门平均W".to_owned(),
        Baseline::Unit => "全院平均W".to_owned(),
        Baseline::Fixed(v) => plain(v),
    };
    let cap = rule.cap.map(plain).unwrap_or_else(|| points.to_owned());
    format!(
        "{weight}；W = 计入案件（{}）权重之和；得分 = min({cap}, {points} × W ÷ {base})",
        rule.filter.describe()
    )
}

/// A case's weight, and whether the per-case maximum cut it.
fn weight(w: &CaseWeight, case: &Case) -> Result<(Decimal, bool), EvalError> {
    let extra = count(case.suspects.saturating_sub(1));
    let mut value = add(w.base, mul(w.per_extra_suspect, extra)?)?;
    if case.complex {
        value = mul(value, w.complex_factor)?;
    }
    Ok(match w.max {
        Some(max) if value > max => (max, true),
        _ => (value, false),
    })
}

/// Why a case weighs what it does, e.g. `犯罪嫌疑人2人，疑难复杂 → 权重 1.8`.
fn weight_note(case: &Case, value: Decimal, capped: bool) -> String {
    let mut note = format!("犯罪嫌疑人{}人", case.suspects);
    if case.complex {
        note.push_str("，疑难复杂");
    }
    if capped {
        note.push_str("，达单件上限");
    }
    format!("{note} → 权重 {}", plain(value))
}

/// The weight notes written so far, by 犯罪嫌疑人数 and 疑难复杂, which decide a case's
/// weight (and so its note) under one rule: a unit's 20,000 cases need a few dozen notes, and
/// writing each case's anew was a tenth of the plugin's work on a unit's evaluation.
struct Notes(Vec<Option<String>>);

impl Notes {
    /// Cases with this many suspects or more get their note written each time.
    const SUSPECTS: u32 = 32;

    fn new() -> Notes {
        Notes(vec![None; 2 * Notes::SUSPECTS as usize])
    }

    /// [`weight_note`] for a case of weight `value` (`capped` by the maximum).
    fn of(&mut self, case: &Case, value: Decimal, capped: bool) -> String {
        if case.suspects >= Notes::SUSPECTS {
            return weight_note(case, value, capped);
        }
        self.0[case.suspects as usize * 2 + usize::from(case.complex)]
            .get_or_insert_with(|| weight_note(case, value, capped))
            .clone()
    }
}

pub(super) fn measure_all(
    ctx: &Context<'_>,
    rule: &VolumeRule,
    points: Decimal,
) -> Result<Vec<Measured>, EvalError> {
    let mut totals = Vec::with_capacity(ctx.subjects.len());
    let mut counts = Vec::with_capacity(ctx.subjects.len());
    let mut measures = Vec::with_capacity(ctx.subjects.len());
    let mut notes = Notes::new();
    for subject in &ctx.subjects {
        let mut m = Measured::new(ctx);
        let mut w = Decimal::ZERO;
        let mut counted = 0usize;
        for case in subject
            .cases
            .iter()
            .filter(|c| rule.filter.matches(c, ctx.as_of))
        {
            let (value, capped) = weight(&rule.weight, case)?;
            w = add(w, value)?;
            counted += 1;
            m.case(case, value, || notes.of(case, value, capped));
        }
        totals.push(w);
        counts.push(counted);
        measures.push(m);
    }
    let cap = rule.cap.unwrap_or(points);
    for (i, m) in measures.iter_mut().enumerate() {
        let w = totals[i];
        // Baseline as (sum of W, head count), so the score takes a single division.
        let (base_sum, heads, base_label) = match rule.baseline {
            Baseline::Department => {
                let members = ctx.department_of(i);
                (
                    sum(members.iter().map(|&j| totals[j]))?,
                    count(members.len() as u64),
                    "部门平均W",
                )
            }
            Baseline::Unit => (
                sum(totals.iter().copied())?,
                count(totals.len() as u64),
                "全院平均W",
            ),
            Baseline::Fixed(v) => (v, Decimal::ONE, "固定基准W"),
        };
        m.fact("加权办案数 W", plain(w));
        m.fact("计入案件数", counts[i]);
        if base_sum.is_zero() {
            m.fact(base_label, "0");
            m.note(|| format!("{base_label}为 0，无可比较的办案数"));
            continue;
        }
        let average = div(base_sum, heads)?;
        m.fact(base_label, show(average));
        let raw = div(mul(mul(points, w)?, heads)?, base_sum)?;
        let score = raw.min(cap);
        m.calculate(|| {
            format!(
                "min({}, {} × {} ÷ {}) = min({}, {}) = {}",
                plain(cap),
                plain(points),
                plain(w),
                show(average),
                plain(cap),
                show(raw),
                show(score)
            )
        });
        if raw > cap {
            m.note(|| format!("超过上限，按上限 {} 计", plain(cap)));
        }
        m.value = Some(score);
    }
    Ok(measures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::evaluate;
    use crate::rules::{Rule, builtin};

    #[test]
    fn every_case_line_has_the_note_its_own_weight_gives_even_when_notes_are_reused() {
        let mut rules = builtin::r2019();
        let Rule::Volume(rule) = &mut rules.dimensions[0].indicators[0].rule else {
            panic!("R-2019 starts with the volume indicator");
        };
        // A maximum that cuts some weights, so both capped and uncapped notes occur.
        rule.weight.max = Some("1.6".parse().unwrap());
        let weights = rule.weight.clone();
        let mut input = crate::synthetic::unit(6, 60, 3);
        input.cases[0].suspects = Notes::SUSPECTS + 3;
        let evaluation = evaluate(&rules, &input).unwrap();
        let (mut lines, mut capped) = (0, 0);
        for result in &evaluation.results {
            for line in &result.dimensions[0].indicators[0].cases {
                let case = input.cases.iter().find(|c| c.id == line.case).unwrap();
                let (value, cut) = weight(&weights, case).unwrap();
                assert_eq!(line.note, weight_note(case, value, cut));
                assert_eq!(line.value, value);
                lines += 1;
                capped += usize::from(cut);
            }
        }
        assert!(lines > 100 && capped > 0, "{lines} lines, {capped} capped");
    }
}
