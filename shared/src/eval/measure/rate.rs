//! [`Rule::Rate`](crate::rules::Rule::Rate): a rate of matching cases on a linear curve.

use super::Measured;
use crate::decimal::{percent, plain};
use crate::eval::EvalError;
use crate::eval::arith::{count, div, mul, show, sub};
use crate::eval::context::{Context, Subject};
use crate::rules::RateRule;
use rust_decimal::Decimal;

pub(super) fn formula(rule: &RateRule, points: &str) -> String {
    format!(
        "{label} p = 其中{num}的件数 ÷ {den}的件数；p 达到 {full} 得 {points} 分，p 达到 {zero} 得 0 分，其间按直线计：{points} × (p − {zero}) ÷ ({full} − {zero})",
        label = rule.label,
        num = rule.numerator.describe(),
        den = rule.denominator.describe(),
        full = percent(rule.full_at),
        zero = percent(rule.zero_at),
    )
}

pub(super) fn measure(
    ctx: &Context<'_>,
    subject: &Subject<'_>,
    rule: &RateRule,
    points: Decimal,
) -> Result<Measured, EvalError> {
    let mut m = Measured::new(ctx);
    let counted_note = m
        .explains()
        .then(|| format!("计入分子（{}）", rule.numerator.describe()));
    let mut hits = 0u64;
    let mut total = 0u64;
    for case in subject
        .cases
        .iter()
        .filter(|c| rule.denominator.matches(c, ctx.as_of))
    {
        total += 1;
        let hit = rule.numerator.matches(case, ctx.as_of);
        hits += u64::from(hit);
        m.case(case, count(u64::from(hit)), || match (&counted_note, hit) {
            (Some(note), true) => note.clone(),
            _ => "未计入分子".to_owned(),
        });
    }
    m.fact(format!("{}分子", rule.label), hits);
    m.fact(format!("{}分母", rule.label), total);
    if total == 0 {
        m.note(|| {
            format!(
                "没有{}的案件，{}无从计算",
                rule.denominator.describe(),
                rule.label
            )
        });
        return Ok(m);
    }
    let (a, b) = (count(hits), count(total));
    let p = div(a, b)?;
    m.fact(rule.label.clone(), percent(p));
    // P × (a − zero × b) ÷ ((full − zero) × b), clamped to [0, P]: one division.
    let numerator = mul(points, sub(a, mul(rule.zero_at, b)?)?)?;
    let raw = div(numerator, mul(sub(rule.full_at, rule.zero_at)?, b)?)?;
    let score = raw.max(Decimal::ZERO).min(points);
    m.calculate(|| {
        format!(
            "p = {hits} ÷ {total} = {}；{} × ({} − {}) ÷ ({} − {}) = {} → {}",
            percent(p),
            plain(points),
            show(p),
            plain(rule.zero_at),
            plain(rule.full_at),
            plain(rule.zero_at),
            show(raw),
            show(score)
        )
    });
    m.value = Some(score);
    Ok(m)
}
