//! The case-review form's state (案件评查): per sampled case a conclusion and deductions
//! with reasons; per manual indicator of the rule set a score (range, required reason);
//! and the live result the plugin computed from them.
//!
//! The numbers shown never come from this file: [`FormState::evaluate_request`] builds the
//! request the server's own plugin answers, and [`Computed::from_response`] reads it.

use crate::api::ManualScore;
use crate::api::{
    CaseReview, FormContext, FormEntries, FormSaved, FormSubmission, ReviewDeduction,
    RuleSetVersion, manual_score_json,
};
use crate::decimal::Decimal;
use crate::json::{Json, write_str};
use crate::number::{NumberError, parse_in};
use crate::plugin::request;
use kaoping_shared::ids::{CaseId, IndicatorKey};
use std::rc::Rc;
use yew::Reducible;

/// One sampled case under review.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewDraft {
    /// 案件编号.
    pub case: CaseId,
    /// e.g. `审查起诉 · 受理 2019-02-01 · 办结 2019-03-01`.
    pub summary: String,
    /// Chosen conclusion; empty until chosen.
    pub conclusion: String,
    /// Deductions as typed.
    pub deductions: Vec<DeductionDraft>,
}

/// A deduction as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeductionDraft {
    /// Points, as typed.
    pub points: String,
    /// Reason, as typed.
    pub reason: String,
}

impl DeductionDraft {
    /// The typed points, or why they are refused (positive, at most 100).
    pub fn points(&self) -> Result<Decimal, NumberError> {
        parse_in(&self.points, Decimal::new(1, 2), Decimal::ONE_HUNDRED)
    }
}

/// One manual indicator (人工评分项) this reviewer scores.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualDraft {
    /// Indicator key.
    pub indicator: IndicatorKey,
    /// Indicator name.
    pub name: String,
    /// Its dimension's name.
    pub dimension: String,
    /// Lowest allowed.
    pub min: Decimal,
    /// Highest allowed.
    pub max: Decimal,
    /// Whether a reason is required.
    pub require_reason: bool,
    /// Score, as typed.
    pub score: String,
    /// Reason, as typed.
    pub reason: String,
}

impl ManualDraft {
    /// The typed score within the range, or why not.
    pub fn value(&self) -> Result<Decimal, NumberError> {
        parse_in(&self.score, self.min, self.max)
    }

    /// The problem with this entry, if any, in Chinese.
    pub fn problem(&self) -> Option<String> {
        if let Err(e) = self.value() {
            return Some(e.to_string());
        }
        (self.require_reason && self.reason.trim().is_empty()).then(|| "须写明评分理由".to_owned())
    }
}

/// The state of the plugin the form computes with.
#[derive(Clone, Debug, PartialEq)]
pub enum PluginState {
    /// Fetching and compiling.
    Loading,
    /// Ready: the SHA-256 and what it says it is.
    Ready {
        /// SHA-256 of the module, checked against the bytes.
        sha256: String,
        /// `describe`'s engine name.
        engine: String,
        /// `describe`'s version.
        version: String,
    },
    /// Unusable.
    Failed(String),
}

/// What the plugin computed for the form's prosecutor.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The edit this answers.
    pub seq: u64,
    /// Total.
    pub total: Decimal,
    /// Each dimension's name and score.
    pub dimensions: Vec<(String, Decimal)>,
    /// 等次 (provisional).
    pub grade: String,
    /// The rule set that computed it.
    pub rule_set: RuleSetVersion,
    /// Milliseconds the plugin call took (instantiate, call, read).
    pub millis: f64,
}

impl Computed {
    /// Reads a plugin's response for the prosecutor; the error is shown to the reviewer.
    pub fn from_response(
        seq: u64,
        response: &[u8],
        prosecutor: &kaoping_shared::ids::ProsecutorId,
        millis: f64,
    ) -> Result<Computed, String> {
        let result = crate::plugin::reply(response)?;
        let evaluation = &result["evaluation"];
        if evaluation.is_null() {
            return Err("评分插件的响应不是考评结果".to_owned());
        }
        let unreadable = |e: String| format!("评分插件的考评结果无法读取：{e}");
        let result = evaluation["results"]
            .items()
            .iter()
            .find(|r| r["prosecutor"].as_str() == Some(prosecutor.as_str()))
            .ok_or_else(|| format!("考评结果中没有检察官“{prosecutor}”"))?;
        let rule_set = evaluation
            .read(|e| e.object("rule_set", RuleSetVersion::read))
            .map_err(unreadable)?;
        result
            .read(|r| Computed {
                seq,
                total: r.decimal("total"),
                dimensions: r.list("dimensions", |d| (d.string("name"), d.decimal("score"))),
                grade: r.string("grade"),
                rule_set,
                millis,
            })
            .map_err(unreadable)
    }
}

/// Saving.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitState {
    /// Not sent since the last edit.
    Idle,
    /// Sending.
    Sending,
    /// Stored; what the server computed, and how it compares.
    Saved {
        /// The server's answer.
        saved: FormSaved,
        /// The total the form showed when it was sent.
        shown: Decimal,
        /// The plugin the form used.
        used_plugin: String,
    },
    /// Not stored.
    Failed(String),
}

/// The whole form.
#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    /// From the server.
    pub context: Option<Rc<FormContext>>,
    /// Why loading failed.
    pub load_error: Option<String>,
    /// One per sampled case.
    pub reviews: Vec<ReviewDraft>,
    /// One per manual indicator this reviewer scores.
    pub manual: Vec<ManualDraft>,
    /// The plugin.
    pub plugin: PluginState,
    /// Bumped by every edit; results for older edits are dropped.
    pub seq: u64,
    /// The latest result.
    pub computed: Option<Computed>,
    /// Why the latest computation failed.
    pub compute_error: Option<String>,
    /// Saving.
    pub submit: SubmitState,
}

/// What can happen to a form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormAction {
    /// The context arrived.
    Loaded(Rc<FormContext>),
    /// It did not.
    LoadFailed(String),
    /// The plugin is compiled and answered `describe`.
    PluginReady {
        /// Its SHA-256.
        sha256: String,
        /// Engine name.
        engine: String,
        /// Engine version.
        version: String,
    },
    /// The plugin could not be used.
    PluginFailed(String),
    /// A case's conclusion.
    SetConclusion {
        /// Case index.
        case: usize,
        /// One of the review scale, or empty.
        conclusion: String,
    },
    /// Adds an empty deduction to a case.
    AddDeduction {
        /// Case index.
        case: usize,
    },
    /// Removes a deduction.
    RemoveDeduction {
        /// Case index.
        case: usize,
        /// Deduction index.
        index: usize,
    },
    /// A deduction's points.
    SetDeductionPoints {
        /// Case index.
        case: usize,
        /// Deduction index.
        index: usize,
        /// As typed.
        text: String,
    },
    /// A deduction's reason.
    SetDeductionReason {
        /// Case index.
        case: usize,
        /// Deduction index.
        index: usize,
        /// As typed.
        text: String,
    },
    /// A manual score.
    SetManualScore {
        /// Manual item index.
        item: usize,
        /// As typed.
        text: String,
    },
    /// A manual score's reason.
    SetManualReason {
        /// Manual item index.
        item: usize,
        /// As typed.
        text: String,
    },
    /// The plugin answered.
    Computed(Computed),
    /// The plugin failed for edit `seq`.
    ComputeFailed {
        /// The edit.
        seq: u64,
        /// Why.
        message: String,
    },
    /// Sending started.
    Submitting,
    /// The server stored the entries.
    Saved(FormSaved),
    /// It did not.
    SubmitFailed(String),
}

impl Default for FormState {
    fn default() -> FormState {
        FormState {
            context: None,
            load_error: None,
            reviews: Vec::new(),
            manual: Vec::new(),
            plugin: PluginState::Loading,
            seq: 0,
            computed: None,
            compute_error: None,
            submit: SubmitState::Idle,
        }
    }
}

impl FormState {
    /// A state built from a context: drafts for its cases and manual items, prefilled with
    /// what was saved.
    pub fn from_context(context: Rc<FormContext>) -> FormState {
        let saved = context.saved.clone().unwrap_or_default();
        let cases = context.input["cases"].items();
        let reviews = context
            .cases
            .iter()
            .map(|id| {
                let case = cases.iter().find(|c| c["id"].as_str() == Some(id.as_str()));
                let summary = case.map_or_else(String::new, |c| {
                    let closed = c["closed"]
                        .as_str()
                        .map_or_else(|| "未办结".to_owned(), |d| format!("办结 {d}"));
                    format!(
                        "{} · 受理 {} · {closed}",
                        c["kind"].str(),
                        c["accepted"].str()
                    )
                });
                let prior = saved.reviews.iter().find(|r| &r.case == id);
                ReviewDraft {
                    case: id.clone(),
                    summary,
                    conclusion: prior.map_or_else(String::new, |r| r.conclusion.clone()),
                    deductions: prior.map_or_else(Vec::new, |r| {
                        r.deductions
                            .iter()
                            .map(|d| DeductionDraft {
                                points: d.points.to_string(),
                                reason: d.reason.clone(),
                            })
                            .collect()
                    }),
                }
            })
            .collect();
        let manual = context
            .rules
            .dimensions
            .iter()
            .flat_map(|d| d.indicators.iter().map(move |i| (d, i)))
            .filter_map(|(dimension, indicator)| {
                let rule = indicator.manual.as_ref()?;
                if !rule.roles.contains(&context.role) {
                    return None;
                }
                let prior = saved
                    .manual_scores
                    .iter()
                    .find(|s| s.indicator == indicator.key);
                Some(ManualDraft {
                    indicator: indicator.key.clone(),
                    name: indicator.name.clone(),
                    dimension: dimension.name.clone(),
                    min: rule.min,
                    max: rule.max.unwrap_or(indicator.points),
                    require_reason: rule.require_reason,
                    score: prior.map_or_else(String::new, |s| s.score.to_string()),
                    reason: prior.and_then(|s| s.reason.clone()).unwrap_or_default(),
                })
            })
            .collect();
        FormState {
            context: Some(context),
            reviews,
            manual,
            seq: 1,
            ..FormState::default()
        }
    }

    /// The problems that stop saving, in Chinese, one per line.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for review in &self.reviews {
            if review.conclusion.is_empty() {
                out.push(format!("{}：请选择评查结论", review.case));
            }
            for (n, d) in review.deductions.iter().enumerate() {
                if let Err(e) = d.points() {
                    out.push(format!("{} 第 {} 项扣分：{e}", review.case, n + 1));
                }
                if d.reason.trim().is_empty() {
                    out.push(format!(
                        "{} 第 {} 项扣分：须写明扣分理由",
                        review.case,
                        n + 1
                    ));
                }
            }
        }
        for item in &self.manual {
            if let Some(problem) = item.problem() {
                out.push(format!("{}：{problem}", item.name));
            }
        }
        out
    }

    /// Sum of a case's valid deductions.
    pub fn deducted(&self, case: usize) -> Decimal {
        self.reviews.get(case).map_or(Decimal::ZERO, |r| {
            r.deductions
                .iter()
                .filter_map(|d| d.points().ok())
                .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
        })
    }

    /// The entries as they stand: chosen conclusions and valid scores only.
    pub fn entries(&self) -> Option<FormEntries> {
        let context = self.context.as_ref()?;
        let reviews = self
            .reviews
            .iter()
            .filter(|r| !r.conclusion.is_empty())
            .map(|r| CaseReview {
                case: r.case.clone(),
                conclusion: r.conclusion.clone(),
                deductions: r
                    .deductions
                    .iter()
                    .filter_map(|d| {
                        Some(ReviewDeduction {
                            points: d.points().ok()?,
                            reason: d.reason.trim().to_owned(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let manual_scores = self
            .manual
            .iter()
            .filter(|m| m.problem().is_none())
            .filter_map(|m| {
                let reason = m.reason.trim();
                Some(ManualScore {
                    prosecutor: context.prosecutor.clone(),
                    indicator: m.indicator.clone(),
                    role: context.role.clone(),
                    score: m.value().ok()?,
                    reason: (!reason.is_empty()).then(|| reason.to_owned()),
                })
            })
            .collect();
        Some(FormEntries {
            reviews,
            manual_scores,
        })
    }
    /// The `evaluate` request for the plugin: the server's input with this form's
    /// conclusions as the cases' 评查结论 and its valid scores added.
    pub fn evaluate_request(&self) -> Option<Vec<u8>> {
        self.request_for("evaluate")
    }

    /// [`FormState::evaluate_request`] under another operation with the same arguments
    /// (`what_if`: the same scores without the explanation trail).
    pub fn request_for(&self, operation: &str) -> Option<Vec<u8>> {
        let context = self.context.as_ref()?;
        let input = input_with(&context.input, &self.entries()?);
        Some(request(
            operation,
            &[("rules", &context.rules_json), ("input", &input)],
        ))
    }

    /// What is sent on save: only when nothing is missing and a current result is shown.
    pub fn submission(&self) -> Option<FormSubmission> {
        if !self.problems().is_empty() {
            return None;
        }
        let computed = self.current()?;
        let PluginState::Ready { sha256, .. } = &self.plugin else {
            return None;
        };
        Some(FormSubmission {
            entries: self.entries()?,
            plugin: sha256.clone(),
            rule_set: computed.rule_set.clone(),
            total: computed.total,
        })
    }

    /// The result for the latest edit, if the plugin has answered it.
    pub fn current(&self) -> Option<&Computed> {
        self.computed.as_ref().filter(|c| c.seq == self.seq)
    }

    fn edited(&mut self) {
        self.seq += 1;
        self.submit = SubmitState::Idle;
    }

    fn apply(mut self, action: FormAction) -> FormState {
        match action {
            FormAction::Loaded(context) => {
                let plugin = self.plugin.clone();
                self = FormState::from_context(context);
                self.plugin = plugin;
            }
            FormAction::LoadFailed(message) => self.load_error = Some(message),
            FormAction::PluginReady {
                sha256,
                engine,
                version,
            } => {
                self.plugin = PluginState::Ready {
                    sha256,
                    engine,
                    version,
                };
                // Compute again with the plugin now at hand.
                self.seq += 1;
            }
            FormAction::PluginFailed(message) => self.plugin = PluginState::Failed(message),
            FormAction::SetConclusion { case, conclusion } => {
                if let Some(r) = self.reviews.get_mut(case) {
                    r.conclusion = conclusion;
                    self.edited();
                }
            }
            FormAction::AddDeduction { case } => {
                if let Some(r) = self.reviews.get_mut(case) {
                    r.deductions.push(DeductionDraft::default());
                    self.edited();
                }
            }
            FormAction::RemoveDeduction { case, index } => {
                if let Some(r) = self.reviews.get_mut(case)
                    && index < r.deductions.len()
                {
                    r.deductions.remove(index);
                    self.edited();
                }
            }
            FormAction::SetDeductionPoints { case, index, text } => {
                if let Some(d) = self
                    .reviews
                    .get_mut(case)
                    .and_then(|r| r.deductions.get_mut(index))
                {
                    d.points = text;
                    self.edited();
                }
            }
            FormAction::SetDeductionReason { case, index, text } => {
                if let Some(d) = self
                    .reviews
                    .get_mut(case)
                    .and_then(|r| r.deductions.get_mut(index))
                {
                    d.reason = text;
                    self.edited();
                }
            }
            FormAction::SetManualScore { item, text } => {
                if let Some(m) = self.manual.get_mut(item) {
                    m.score = text;
                    self.edited();
                }
            }
            FormAction::SetManualReason { item, text } => {
                if let Some(m) = self.manual.get_mut(item) {
                    m.reason = text;
                    self.edited();
                }
            }
            FormAction::Computed(computed) => {
                // An answer to an older edit is dropped: the newer one is on its way.
                if computed.seq == self.seq {
                    self.computed = Some(computed);
                    self.compute_error = None;
                }
            }
            FormAction::ComputeFailed { seq, message } => {
                if seq == self.seq {
                    self.compute_error = Some(message);
                }
            }
            FormAction::Submitting => {
                if self.submission().is_some() {
                    self.submit = SubmitState::Sending;
                }
            }
            FormAction::Saved(saved) => {
                if self.submit == SubmitState::Sending {
                    let shown = self.current().map_or(Decimal::ZERO, |c| c.total);
                    let used_plugin = match &self.plugin {
                        PluginState::Ready { sha256, .. } => sha256.clone(),
                        _ => String::new(),
                    };
                    self.submit = SubmitState::Saved {
                        saved,
                        shown,
                        used_plugin,
                    };
                }
            }
            FormAction::SubmitFailed(message) => {
                if self.submit == SubmitState::Sending {
                    self.submit = SubmitState::Failed(message);
                }
            }
        }
        self
    }
}

/// The unit's input with the form's entries in place (JSON text): its conclusions as the
/// cases' 评查结论, its scores after the others. Written straight from the input read at
/// load; only the few reviewed cases are copied.
fn input_with(input: &Json, entries: &FormEntries) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push('{');
    let added: Vec<Json> = entries
        .manual_scores
        .iter()
        .map(manual_score_json)
        .collect();
    let members = input.members();
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(&mut out, key);
        out.push(':');
        match key.as_str() {
            "cases" => {
                out.push('[');
                for (j, case) in value.items().iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    let id = case["id"].as_str();
                    match entries.reviews.iter().find(|r| Some(r.case.as_str()) == id) {
                        Some(review) => {
                            let mut case = case.clone();
                            if let Some(slot) = case.get_mut("review") {
                                *slot = review.conclusion.as_str().into();
                            }
                            case.write(&mut out);
                        }
                        None => case.write(&mut out),
                    }
                }
                out.push(']');
            }
            "manual_scores" => write_array(&mut out, value.items(), &added),
            _ => value.write(&mut out),
        }
    }
    if !members.iter().any(|(k, _)| k == "manual_scores") {
        if !members.is_empty() {
            out.push(',');
        }
        out.push_str("\"manual_scores\":");
        write_array(&mut out, &[], &added);
    }
    out.push('}');
    out
}

/// Writes the items of `first` and then of `second` as one JSON array.
fn write_array(out: &mut String, first: &[Json], second: &[Json]) {
    out.push('[');
    for (i, item) in first.iter().chain(second).enumerate() {
        if i > 0 {
            out.push(',');
        }
        item.write(out);
    }
    out.push(']');
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
