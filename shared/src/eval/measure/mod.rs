//! Measuring one indicator for every prosecutor of the unit, one module per rule kind.
//! A measure is `None` when there is nothing to measure; the caller applies the rule's
//! empty-data policy ([`crate::rules::EmptyPolicy`]).

mod ballot;
mod counted;
mod deduction;
mod manual;
mod rate;
mod volume;

use super::EvalError;
use super::context::Context;
use super::result::{CaseLine, Fact};
use crate::rules::{Indicator, Rule};
use rust_decimal::Decimal;

/// One prosecutor's measure of one indicator, with its trail.
#[derive(Debug, Default)]
pub(crate) struct Measured {
    pub value: Option<Decimal>,
    pub calculation: String,
    pub inputs: Vec<Fact>,
    pub cases: Vec<CaseLine>,
    pub notes: Vec<String>,
}

impl Measured {
    fn fact(&mut self, label: impl Into<String>, value: impl ToString) {
        self.inputs.push(Fact {
            label: label.into(),
            value: value.to_string(),
        });
    }
}

/// The rule in words, the same for everyone.
pub(crate) fn formula(indicator: &Indicator) -> String {
    let p = crate::decimal::plain(indicator.points);
    match &indicator.rule {
        Rule::Volume(rule) => volume::formula(rule, &p),
        Rule::Deduction(rule) => deduction::formula(rule, indicator.points),
        Rule::Rate(rule) => rate::formula(rule, &p),
        Rule::Counted(rule) => counted::formula(rule, indicator.points),
        Rule::Manual(rule) => manual::formula(rule, indicator.points),
        Rule::Ballot(rule) => ballot::formula(rule, &p),
    }
}

/// Measures `indicator` for every subject of `ctx`, in subject order.
pub(crate) fn measure_all(
    ctx: &Context<'_>,
    indicator: &Indicator,
) -> Result<Vec<Measured>, EvalError> {
    let points = indicator.points;
    match &indicator.rule {
        Rule::Volume(rule) => volume::measure_all(ctx, rule, points),
        Rule::Deduction(rule) => ctx
            .subjects
            .iter()
            .map(|s| deduction::measure(ctx, s, rule, points))
            .collect(),
        Rule::Rate(rule) => ctx
            .subjects
            .iter()
            .map(|s| rate::measure(ctx, s, rule, points))
            .collect(),
        Rule::Counted(rule) => ctx
            .subjects
            .iter()
            .map(|s| counted::measure(s, rule, points))
            .collect(),
        Rule::Manual(rule) => every_problem(
            ctx.subjects
                .iter()
                .map(|s| manual::measure(s, indicator, rule, points)),
        ),
        Rule::Ballot(rule) => ctx
            .subjects
            .iter()
            .map(|s| ballot::measure(s, rule, points))
            .collect(),
    }
}

/// Collects the measures, or every input problem of every subject (not just the first's).
fn every_problem(
    measures: impl Iterator<Item = Result<Measured, EvalError>>,
) -> Result<Vec<Measured>, EvalError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for measure in measures {
        match measure {
            Ok(m) => out.push(m),
            Err(EvalError::InvalidInput { problems: more }) => problems.extend(more),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(EvalError::InvalidInput { problems })
    }
}
