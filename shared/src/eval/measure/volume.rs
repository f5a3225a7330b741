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

pub(super) fn measure_all(
    ctx: &Context<'_>,
    rule: &VolumeRule,
    points: Decimal,
) -> Result<Vec<Measured>, EvalError> {
    let mut totals = Vec::with_capacity(ctx.subjects.len());
    let mut counts = Vec::with_capacity(ctx.subjects.len());
    let mut measures = Vec::with_capacity(ctx.subjects.len());
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
            m.case(case, value, || weight_note(case, value, capped));
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
