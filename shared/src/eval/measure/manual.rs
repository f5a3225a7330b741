//! [`Rule::Manual`](crate::rules::Rule::Manual): reviewers' scores, weighted by role.

use super::Measured;
use crate::decimal::plain;
use crate::eval::EvalError;
use crate::eval::arith::{add, count, div, mul, show, sum};
use crate::eval::context::{Context, Subject};
use crate::rules::{Indicator, ManualRule};
use rust_decimal::Decimal;

pub(super) fn formula(rule: &ManualRule, points: Decimal) -> String {
    let roles: Vec<String> = rule
        .roles
        .iter()
        .map(|r| format!("{} × {}", r.name, plain(r.weight)))
        .collect();
    format!(
        "评分范围 {} 至 {}；得分 = {}（同一角色多人评分取平均；缺少的角色按其余角色权重折算）{}",
        plain(rule.min),
        plain(rule.max.unwrap_or(points)),
        roles.join(" + "),
        if rule.require_reason {
            "；每项评分须写明理由"
        } else {
            ""
        }
    )
}

pub(super) fn measure(
    ctx: &Context<'_>,
    subject: &Subject<'_>,
    indicator: &Indicator,
    rule: &ManualRule,
    points: Decimal,
) -> Result<Measured, EvalError> {
    let mut m = Measured::new(ctx);
    let max = rule.max.unwrap_or(points);
    let mine: Vec<_> = subject
        .manual
        .iter()
        .filter(|s| s.indicator == indicator.key)
        .collect();
    let mut problems = Vec::new();
    for score in &mine {
        let who = format!(
            "检察官“{}”指标“{}”的{}评分",
            subject.prosecutor.id, indicator.name, score.role
        );
        if !rule.roles.iter().any(|r| r.role == score.role) {
            problems.push(format!("{who}：角色“{}”不在本指标的评分角色中", score.role));
        }
        if score.score < rule.min || score.score > max {
            problems.push(format!(
                "{who}：{} 超出评分范围 {} 至 {}",
                plain(score.score),
                plain(rule.min),
                plain(max)
            ));
        }
        if rule.require_reason && score.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            problems.push(format!("{who}：须写明评分理由"));
        }
    }
    if !problems.is_empty() {
        return Err(EvalError::InvalidInput { problems });
    }
    let mut weighted = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    let mut parts = Vec::new();
    for role in &rule.roles {
        let given: Vec<Decimal> = mine
            .iter()
            .filter(|s| s.role == role.role)
            .map(|s| s.score)
            .collect();
        if given.is_empty() {
            continue;
        }
        let mean = div(sum(given.iter().copied())?, count(given.len() as u64))?;
        m.fact(format!("{}（{} 人）", role.name, given.len()), show(mean));
        weighted = add(weighted, mul(role.weight, mean)?)?;
        weights = add(weights, role.weight)?;
        parts.push(format!("{} × {}", show(mean), plain(role.weight)));
    }
    for score in &mine {
        if let Some(reason) = score.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            m.note(|| format!("{}：{}（{}）", score.role, plain(score.score), reason));
        }
    }
    if weights.is_zero() {
        m.note(|| "尚无人评分".to_owned());
        return Ok(m);
    }
    let score = div(weighted, weights)?;
    m.calculate(|| {
        if weights == Decimal::ONE {
            format!("{} = {}", parts.join(" + "), show(score))
        } else {
            format!(
                "({}) ÷ {} = {}",
                parts.join(" + "),
                plain(weights),
                show(score)
            )
        }
    });
    m.value = Some(score);
    Ok(m)
}
