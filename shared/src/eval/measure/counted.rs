//! [`Rule::Counted`](crate::rules::Rule::Counted): counted items with points each and a cap.

use super::Measured;
use crate::decimal::plain;
use crate::eval::EvalError;
use crate::eval::arith::{add, count, mul, show};
use crate::eval::context::{Context, Subject};
use crate::rules::CountedRule;
use rust_decimal::Decimal;

pub(super) fn formula(rule: &CountedRule, points: Decimal) -> String {
    let items: Vec<String> = rule
        .items
        .iter()
        .map(|i| format!("{}每次 {} 分", i.name, plain(i.points)))
        .collect();
    format!(
        "{}；合计不超过 {} 分",
        items.join("，"),
        plain(rule.cap.unwrap_or(points))
    )
}

pub(super) fn measure(
    ctx: &Context<'_>,
    subject: &Subject<'_>,
    rule: &CountedRule,
    points: Decimal,
) -> Result<Measured, EvalError> {
    let mut m = Measured::new(ctx);
    let mut raw = Decimal::ZERO;
    let mut parts = Vec::new();
    for item in &rule.items {
        let times: u64 = subject
            .bonus
            .iter()
            .filter(|b| b.item == item.name)
            .map(|b| u64::from(b.count))
            .sum();
        if times > 0 {
            let value = mul(item.points, count(times))?;
            raw = add(raw, value)?;
            m.fact(item.name.clone(), format!("{times} 次"));
            parts.push(format!("{} {times} 次 × {}", item.name, plain(item.points)));
        }
    }
    let cap = rule.cap.unwrap_or(points);
    let score = raw.min(cap);
    m.calculate(|| {
        let mut calculation = if parts.is_empty() {
            "无计分项目 = 0".to_owned()
        } else {
            format!("{} = {}", parts.join(" + "), show(raw))
        };
        if raw > cap {
            calculation.push_str(&format!("，超过上限，按 {} 计", plain(cap)));
        }
        calculation
    });
    m.value = Some(score);
    Ok(m)
}
