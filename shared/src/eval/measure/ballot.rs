//! [`Rule::Ballot`](crate::rules::Rule::Ballot): democratic-evaluation ballots.

use super::Measured;
use crate::decimal::plain;
use crate::eval::EvalError;
use crate::eval::arith::{add, count, div, mul, show, sum};
use crate::eval::context::{Context, Subject};
use crate::model::{Ballot, Rating};
use crate::rules::BallotRule;
use rust_decimal::Decimal;

pub(super) fn formula(rule: &BallotRule, points: &str) -> String {
    let groups = if rule.groups.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = rule
            .groups
            .iter()
            .map(|g| format!("{} × {}", g.group, plain(g.weight)))
            .collect();
        format!("；按投票人类别加权：{}", list.join(" + "))
    };
    format!(
        "以“{}”计：{points} × (优秀票 × {} + 称职票 × {} + 不称职票 × {}) ÷ 有效票{groups}",
        rule.field.chinese(),
        plain(rule.excellent),
        plain(rule.competent),
        plain(rule.incompetent)
    )
}

struct Counts {
    excellent: u64,
    competent: u64,
    incompetent: u64,
}

impl Counts {
    fn of<'a>(ballots: impl Iterator<Item = &'a &'a Ballot>, rule: &BallotRule) -> Counts {
        let mut c = Counts {
            excellent: 0,
            competent: 0,
            incompetent: 0,
        };
        for ballot in ballots.filter(|b| b.is_valid()) {
            match ballot.mark(rule.field) {
                Some(Rating::Excellent) => c.excellent += 1,
                Some(Rating::Competent) => c.competent += 1,
                Some(Rating::Incompetent) => c.incompetent += 1,
                None => {}
            }
        }
        c
    }

    fn valid(&self) -> u64 {
        self.excellent + self.competent + self.incompetent
    }

    fn value(&self, rule: &BallotRule) -> Result<Decimal, EvalError> {
        sum([
            mul(rule.excellent, count(self.excellent))?,
            mul(rule.competent, count(self.competent))?,
            mul(rule.incompetent, count(self.incompetent))?,
        ])
    }
}

pub(super) fn measure(
    ctx: &Context<'_>,
    subject: &Subject<'_>,
    rule: &BallotRule,
    points: Decimal,
) -> Result<Measured, EvalError> {
    let mut m = Measured::new(ctx);
    let all = Counts::of(subject.ballots.iter(), rule);
    let invalid = subject.ballots.len() as u64 - all.valid();
    m.fact("有效票", all.valid());
    m.fact("优秀", all.excellent);
    m.fact("称职", all.competent);
    m.fact("不称职", all.incompetent);
    m.fact("无效票", invalid);
    if rule.groups.is_empty() {
        if all.valid() == 0 {
            m.note(|| "没有有效测评票".to_owned());
            return Ok(m);
        }
        let value = all.value(rule)?;
        let score = div(mul(points, value)?, count(all.valid()))?;
        m.calculate(|| {
            format!(
                "{} × {} ÷ {} = {}",
                plain(points),
                plain(value),
                all.valid(),
                show(score)
            )
        });
        m.value = Some(score);
        return Ok(m);
    }
    let mut weighted = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    let mut parts = Vec::new();
    for group in &rule.groups {
        let counts = Counts::of(
            subject
                .ballots
                .iter()
                .filter(|b| b.voter_group == group.group),
            rule,
        );
        if counts.valid() == 0 {
            continue;
        }
        let share = div(counts.value(rule)?, count(counts.valid()))?;
        m.fact(format!("{}有效票", group.group), counts.valid());
        weighted = add(weighted, mul(group.weight, share)?)?;
        weights = add(weights, group.weight)?;
        parts.push(format!("{} × {}", show(share), plain(group.weight)));
    }
    let other = subject
        .ballots
        .iter()
        .filter(|b| !rule.groups.iter().any(|g| g.group == b.voter_group))
        .count();
    if other > 0 {
        m.note(|| format!("{other} 张测评票的投票人类别不在本指标的类别中，未计分"));
    }
    if weights.is_zero() {
        m.note(|| "没有有效测评票".to_owned());
        return Ok(m);
    }
    let score = div(mul(points, weighted)?, weights)?;
    m.calculate(|| {
        format!(
            "{} × ({}) ÷ {} = {}",
            plain(points),
            parts.join(" + "),
            plain(weights),
            show(score)
        )
    });
    m.value = Some(score);
    Ok(m)
}
