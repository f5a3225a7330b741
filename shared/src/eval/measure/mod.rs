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
use crate::model::Case;
use crate::rules::{Indicator, Rule};
use rust_decimal::Decimal;

/// One prosecutor's measure of one indicator, with its trail.
///
/// The trail is written through the methods below, which do nothing when the evaluation
/// keeps no trail ([`super::Detail::Scores`]): a what-if over 20,000 cases then formats
/// no case lines at all, and the value is computed the same way either way.
#[derive(Debug, Default)]
pub(crate) struct Measured {
    pub value: Option<Decimal>,
    calculation: String,
    inputs: Vec<Fact>,
    cases: Vec<CaseLine>,
    notes: Vec<String>,
    explain: bool,
}

/// A measure's trail as the result carries it: calculation, inputs, case lines, notes.
pub(crate) type Trail = (String, Vec<Fact>, Vec<CaseLine>, Vec<String>);

impl Measured {
    /// An empty measure that keeps its trail when `ctx` explains.
    pub(crate) fn new(ctx: &Context<'_>) -> Measured {
        Measured {
            explain: ctx.explain,
            ..Measured::default()
        }
    }

    /// The trail, empty when it is not kept.
    pub(crate) fn into_trail(self) -> Trail {
        (self.calculation, self.inputs, self.cases, self.notes)
    }

    /// Whether the trail is kept.
    pub(crate) fn explains(&self) -> bool {
        self.explain
    }

    fn fact(&mut self, label: impl Into<String>, value: impl ToString) {
        if self.explain {
            self.inputs.push(Fact {
                label: label.into(),
                value: value.to_string(),
            });
        }
    }

    /// Adds a note; `note` runs only when the trail is kept.
    pub(crate) fn note(&mut self, note: impl FnOnce() -> String) {
        if self.explain {
            self.notes.push(note());
        }
    }

    /// Sets the calculation; `text` runs only when the trail is kept.
    pub(crate) fn calculate(&mut self, text: impl FnOnce() -> String) {
        if self.explain {
            self.calculation = text();
        }
    }

    /// Adds one case's line; `note` runs only when the trail is kept.
    fn case(&mut self, case: &Case, value: Decimal, note: impl FnOnce() -> String) {
        if self.explain {
            self.cases.push(CaseLine {
                case: case.id.clone(),
                note: note(),
                value,
            });
        }
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
            .map(|s| counted::measure(ctx, s, rule, points))
            .collect(),
        Rule::Manual(rule) => every_problem(
            ctx.subjects
                .iter()
                .map(|s| manual::measure(ctx, s, indicator, rule, points)),
        ),
        Rule::Ballot(rule) => ctx
            .subjects
            .iter()
            .map(|s| ballot::measure(ctx, s, rule, points))
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
