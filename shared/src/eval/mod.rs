//! The evaluation: every prosecutor's indicators, dimensions, total, rank and grade, each
//! with the trail that explains it ([`result`]), and that trail in words ([`explain`]).
//!
//! Dimensions are computed exactly and rounded half-up; the total is the sum of the rounded
//! dimensions. Input row order never changes a result: the input is sorted first.
//!
//! ```
//! use kaoping_shared::{eval, rules::builtin, model::*, date::Period};
//! let input = EvaluationInput {
//!     period: "2019-01-01..2019-12-31".parse().unwrap(),
//!     prosecutors: vec![Prosecutor {
//!         id: "P01".into(), name: "张三".into(), department: "第一检察部".into(),
//!         category: "刑事检察".into(), position: "员额检察官".into(), violation: false,
//!     }],
//!     cases: vec![tests_support::case("临检刑诉〔2019〕1号", "P01")],
//!     bonus: vec![], ballots: vec![], manual_scores: vec![],
//! };
//! let evaluation = eval::evaluate(&builtin::r2019(), &input).unwrap();
//! // Alone in the department: W equals the average, so quantity is the nominal 30.
//! assert_eq!(evaluation.results[0].dimensions[0].score.to_string(), "30.00");
//! ```

mod arith;
mod context;
pub mod explain;
mod grading;
mod measure;
pub mod result;

use crate::decimal::round_half_up;
use crate::model::EvaluationInput;
use crate::rules::validate::{Problem, validate};
use crate::rules::{EmptyPolicy, Indicator, Rule, RuleSet};
use arith::{count, div, sum};
use context::Context;
use measure::Measured;
use result::{
    DepartmentSummary, DimensionResult, Evaluation, IndicatorResult, ProsecutorResult, RuleSetRef,
};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use thiserror::Error;

/// Why an evaluation could not be computed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// The rule set breaks its own rules.
    #[error("指标体系有 {} 处问题", problems.len())]
    InvalidRules {
        /// Every problem.
        problems: Vec<Problem>,
    },
    /// The input does not fit together (unknown prosecutor, duplicate case, score out of range).
    #[error("考评数据有 {} 处问题", problems.len())]
    InvalidInput {
        /// Every problem, in Chinese.
        problems: Vec<String>,
    },
    /// A number grew beyond what can be computed exactly.
    #[error("计算溢出（{operation}），请检查指标体系中的分值与系数是否过大")]
    Overflow {
        /// Which operation.
        operation: &'static str,
    },
}

/// How much of the explanation trail a result carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Every indicator with its rule, inputs, cases and calculation (official results).
    #[default]
    Full,
    /// Scores, ranks and grades only; indicators keep their scores but no trail. For
    /// what-if recomputes, where the trail of 20,000 cases would dominate the time.
    Scores,
}

impl Detail {
    /// Whether this is [`Detail::Full`].
    pub fn is_full(&self) -> bool {
        *self == Detail::Full
    }
}

/// Evaluates everyone in `input` together under `rules`, with the full explanation trail.
pub fn evaluate(rules: &RuleSet, input: &EvaluationInput) -> Result<Evaluation, EvalError> {
    evaluate_with(rules, input, Detail::Full)
}

/// Evaluates with the given [`Detail`]; scores, ranks and grades are the same either way.
pub fn evaluate_with(
    rules: &RuleSet,
    input: &EvaluationInput,
    detail: Detail,
) -> Result<Evaluation, EvalError> {
    validate(rules).map_err(|problems| EvalError::InvalidRules { problems })?;
    let mut ctx = Context::new(rules, input)?;
    ctx.explain = detail.is_full();
    let n = ctx.subjects.len();
    let mut warnings = unknown_bonus_items(&ctx);
    let mut dimensions: Vec<Vec<DimensionResult>> = vec![Vec::new(); n];
    for dimension in &rules.dimensions {
        let mut per_subject: Vec<Vec<IndicatorResult>> = vec![Vec::new(); n];
        for indicator in &dimension.indicators {
            let measures = measure::measure_all(&ctx, indicator)?;
            for (i, result) in settle(&ctx, indicator, measures)?.into_iter().enumerate() {
                per_subject[i].push(result);
            }
        }
        for (i, indicators) in per_subject.into_iter().enumerate() {
            let uncapped = sum(indicators.iter().map(|r| r.score))?;
            let exact = uncapped.max(Decimal::ZERO).min(dimension.cap());
            dimensions[i].push(DimensionResult {
                key: dimension.key.clone(),
                name: dimension.name.clone(),
                score: round_half_up(exact, rules.rounding.dimension_places),
                exact,
                uncapped,
                points: dimension.points,
                max: dimension.cap(),
                department_average: Decimal::ZERO,
                indicators,
            });
        }
    }
    department_averages(&ctx, &mut dimensions)?;
    let mut results = Vec::with_capacity(n);
    for (subject, dims) in ctx.subjects.iter().zip(dimensions) {
        let p = subject.prosecutor;
        results.push(ProsecutorResult {
            prosecutor: p.id.clone(),
            name: p.name.clone(),
            department: p.department.clone(),
            total: sum(dims.iter().map(|d| d.score))?,
            rank: 0,
            grade: String::new(),
            grade_reason: String::new(),
            vetoed: p.violation,
            committee: None,
            dimensions: dims,
        });
    }
    let quotas = grading::rank_and_grade(rules, &mut results);
    if quotas.iter().any(|q| !q.pending.is_empty()) {
        warnings.push("存在名额边界上无法区分的并列，需党组研究决定".to_owned());
    }
    let departments = department_summaries(&ctx, &results, rules)?;
    Ok(Evaluation {
        rule_set: RuleSetRef {
            id: rules.id.clone(),
            name: rules.name.clone(),
            version: rules.version.clone(),
        },
        period: input.period,
        evaluated: n as u32,
        results,
        quotas,
        departments,
        warnings,
    })
}

/// Applies the empty-data policy and indicator rounding; builds the indicator results.
fn settle(
    ctx: &Context<'_>,
    indicator: &Indicator,
    measures: Vec<Measured>,
) -> Result<Vec<IndicatorResult>, EvalError> {
    let policy = match &indicator.rule {
        Rule::Volume(r) => r.when_empty,
        Rule::Rate(r) => r.when_empty,
        Rule::Manual(r) => r.when_empty,
        Rule::Ballot(r) => r.when_empty,
        Rule::Deduction(_) | Rule::Counted(_) => EmptyPolicy::Zero,
    };
    let formula = if ctx.explain {
        measure::formula(indicator)
    } else {
        String::new()
    };
    let values: Vec<Option<Decimal>> = measures.iter().map(|m| m.value).collect();
    let mut out = Vec::with_capacity(measures.len());
    for (i, mut m) in measures.into_iter().enumerate() {
        let score = match m.value {
            Some(v) => v,
            None => {
                let (value, why) = empty_value(ctx, i, policy, indicator.points, &values)?;
                m.note(|| why);
                m.calculate(|| format!("无可计算数据 → {}", arith::show(value)));
                value
            }
        };
        let score = match ctx.rules.rounding.indicator_places {
            Some(places) => round_half_up(score, places),
            None => score,
        };
        let (calculation, inputs, cases, notes) = m.into_trail();
        out.push(IndicatorResult {
            key: indicator.key.clone(),
            name: indicator.name.clone(),
            points: indicator.points,
            score,
            formula: formula.clone(),
            calculation,
            inputs,
            cases,
            notes,
        });
    }
    Ok(out)
}

fn empty_value(
    ctx: &Context<'_>,
    i: usize,
    policy: EmptyPolicy,
    points: Decimal,
    values: &[Option<Decimal>],
) -> Result<(Decimal, String), EvalError> {
    Ok(match policy {
        EmptyPolicy::Full => (points, "无可计算数据，按规则得满分".to_owned()),
        EmptyPolicy::Zero => (Decimal::ZERO, "无可计算数据，按规则得 0 分".to_owned()),
        EmptyPolicy::Value(v) => (
            v,
            format!("无可计算数据，按规则得 {} 分", crate::decimal::plain(v)),
        ),
        EmptyPolicy::DepartmentAverage => {
            let known: Vec<Decimal> = ctx
                .department_of(i)
                .into_iter()
                .filter_map(|j| values[j])
                .collect();
            if known.is_empty() {
                (
                    Decimal::ZERO,
                    "无可计算数据，本部门亦无可参照的得分，得 0 分".to_owned(),
                )
            } else {
                let average = div(sum(known.iter().copied())?, count(known.len() as u64))?;
                (
                    average,
                    format!("无可计算数据，按本部门 {} 人的平均分计", known.len()),
                )
            }
        }
    })
}

fn department_averages(
    ctx: &Context<'_>,
    dimensions: &mut [Vec<DimensionResult>],
) -> Result<(), EvalError> {
    let places = ctx.rules.rounding.dimension_places;
    for i in 0..ctx.subjects.len() {
        let members = ctx.department_of(i);
        for d in 0..dimensions[i].len() {
            let total = sum(members.iter().map(|&j| dimensions[j][d].score))?;
            dimensions[i][d].department_average =
                round_half_up(div(total, count(members.len() as u64))?, places);
        }
    }
    Ok(())
}

fn department_summaries(
    ctx: &Context<'_>,
    results: &[ProsecutorResult],
    rules: &RuleSet,
) -> Result<Vec<DepartmentSummary>, EvalError> {
    let departments: BTreeSet<_> = ctx
        .subjects
        .iter()
        .map(|s| &s.prosecutor.department)
        .collect();
    departments
        .into_iter()
        .map(|department| {
            let totals: Vec<Decimal> = results
                .iter()
                .filter(|r| &r.department == department)
                .map(|r| r.total)
                .collect();
            let average = div(sum(totals.iter().copied())?, count(totals.len() as u64))?;
            Ok(DepartmentSummary {
                department: department.clone(),
                members: totals.len() as u32,
                average_total: round_half_up(average, rules.rounding.dimension_places),
            })
        })
        .collect()
}

fn unknown_bonus_items(ctx: &Context<'_>) -> Vec<String> {
    let known: BTreeSet<&str> = ctx
        .rules
        .indicators()
        .filter_map(|(_, i)| match &i.rule {
            Rule::Counted(r) => Some(r.items.iter().map(|item| item.name.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    let unknown: BTreeSet<&str> = ctx
        .subjects
        .iter()
        .flat_map(|s| s.bonus.iter().map(|b| b.item.as_str()))
        .filter(|item| !known.contains(item))
        .collect();
    unknown
        .into_iter()
        .map(|item| format!("加分项目“{item}”不在指标体系中，未计分"))
        .collect()
}
