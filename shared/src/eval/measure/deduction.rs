//! [`Rule::Deduction`](crate::rules::Rule::Deduction): a base minus deductions, with a floor.

use super::Measured;
use crate::decimal::plain;
use crate::eval::EvalError;
use crate::eval::arith::{count, div, mul, show, sub, sum};
use crate::eval::context::{Context, Subject};
use crate::rules::{DeductionRule, DeductionTerm};
use rust_decimal::Decimal;

pub(super) fn formula(rule: &DeductionRule, points: Decimal) -> String {
    let terms: Vec<String> = rule
        .terms
        .iter()
        .map(|term| match term {
            DeductionTerm::PerCase {
                label,
                filter,
                points,
            } => {
                format!("{label}（{}）每件扣 {}", filter.describe(), plain(*points))
            }
            DeductionTerm::CaseRatioAbove {
                threshold,
                points_per_unit,
                when_empty,
                ..
            } => format!(
                "案件比 1:x 中 x 超过 {} 的部分每 1 扣 {}（无办结案件时 x 按 {} 计）",
                plain(*threshold),
                plain(*points_per_unit),
                plain(*when_empty)
            ),
        })
        .collect();
    format!(
        "起评 {} 分；{}；最低 {} 分",
        plain(rule.base.unwrap_or(points)),
        terms.join("；"),
        plain(rule.floor)
    )
}

pub(super) fn measure(
    ctx: &Context<'_>,
    subject: &Subject<'_>,
    rule: &DeductionRule,
    points: Decimal,
) -> Result<Measured, EvalError> {
    let mut m = Measured::new(ctx);
    let base = rule.base.unwrap_or(points);
    let mut parts = Vec::new();
    for term in &rule.terms {
        match term {
            DeductionTerm::PerCase {
                label,
                filter,
                points,
            } => {
                let mut hits = 0u64;
                for case in subject
                    .cases
                    .iter()
                    .filter(|c| filter.matches(c, ctx.as_of))
                {
                    hits += 1;
                    m.case(case, -*points, || label.clone());
                }
                if hits > 0 {
                    let total = mul(*points, count(hits))?;
                    m.fact(format!("{label}件数"), hits);
                    parts.push((format!("{label} {hits} 件 × {}", plain(*points)), total));
                }
            }
            DeductionTerm::CaseRatioAbove {
                label,
                threshold,
                points_per_unit,
                when_empty,
            } => {
                let ratio = crate::metrics::case_ratio(&subject.cases, ctx.rules.case_ratio);
                let (x_text, excess) = if ratio.matters == 0 {
                    m.note(|| format!("无计入案件，案件比按 1:{} 计", plain(*when_empty)));
                    (
                        plain(*when_empty),
                        mul(
                            *points_per_unit,
                            (*when_empty - *threshold).max(Decimal::ZERO),
                        )?,
                    )
                } else {
                    let (matters, proceedings) = (count(ratio.matters), count(ratio.proceedings));
                    m.fact("案", ratio.matters);
                    m.fact("件", ratio.proceedings);
                    for case in &subject.cases {
                        let extra = case.returned_for_investigation + case.extensions;
                        if extra > 0 {
                            m.case(case, count(case.proceedings()), || {
                                format!(
                                    "退回补充侦查{}次、延长审查期限{}次 → {}件",
                                    case.returned_for_investigation,
                                    case.extensions,
                                    case.proceedings()
                                )
                            });
                        }
                    }
                    // ppu × (件 − threshold × 案) ÷ 案: one division keeps it exact until rounding.
                    let over = sub(proceedings, mul(*threshold, matters)?)?;
                    let excess = div(mul(*points_per_unit, over.max(Decimal::ZERO))?, matters)?;
                    (show(div(proceedings, matters)?), excess)
                };
                m.fact("案件比", format!("1:{x_text}"));
                if !excess.is_zero() {
                    parts.push((
                        format!(
                            "{label}：{} × ({x_text} − {})",
                            plain(*points_per_unit),
                            plain(*threshold)
                        ),
                        excess,
                    ));
                }
            }
        }
    }
    let deducted = sum(parts.iter().map(|(_, v)| *v))?;
    let raw = sub(base, deducted)?;
    let score = raw.max(rule.floor);
    m.calculate(|| {
        let mut calculation = plain(base);
        for (text, value) in &parts {
            calculation.push_str(&format!(" − {}（{text}）", show(*value)));
        }
        calculation.push_str(&format!(" = {}", show(raw)));
        if raw < rule.floor {
            calculation.push_str(&format!("，低于最低分，按 {} 计", plain(rule.floor)));
        }
        calculation
    });
    m.value = Some(score);
    Ok(m)
}
