//! The result view's state: what the server said, and the objection and confirmation
//! the prosecutor sends.

use super::explain::Explained;
use crate::chart::Series;
use crate::json::Json;
use std::rc::Rc;
use yew::Reducible;

/// `GET /api/units/{unit}/result-view/{prosecutor}?year=`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultContext {
    /// The evaluation's row id.
    pub evaluation: i64,
    /// `draft`, `published` or `final`.
    pub status: String,
    /// First day of publication.
    pub publication_start: Option<String>,
    /// Last day of publication.
    pub publication_end: Option<String>,
    /// Working days left in the publication, today included.
    pub working_days_left: Option<u64>,
    /// How many were evaluated together.
    pub evaluated: u64,
    /// The period's first and last day, e.g. `2019-01-01` and `2019-12-31`.
    pub period: (String, String),
    /// The rule set's name.
    pub rule_set_name: String,
    /// The rule set's version.
    pub rule_set_version: String,
    /// Total after any re-review.
    pub total: String,
    /// Grade after any re-review (the decision).
    pub grade: String,
    /// When the prosecutor confirmed.
    pub confirmed_at: Option<String>,
    /// The engine's result with its explanation.
    pub explanation: Rc<Explained>,
    /// Re-review changes.
    pub changes: Vec<Change>,
    /// The prosecutor's objections.
    pub objections: Vec<Objection>,
}

impl ResultContext {
    /// Reads the server's answer.
    pub fn from_json(v: &Json) -> Result<ResultContext, String> {
        v.read(|v| ResultContext {
            evaluation: v.i64("evaluation"),
            status: v.string("status"),
            publication_start: v.optional("publication_start"),
            publication_end: v.optional("publication_end"),
            working_days_left: v.get("working_days_left").as_u64(),
            evaluated: v.u64("evaluated"),
            // As kaoping_shared::date::Period writes it: {"start": …, "end": …}.
            period: (
                v.get("period")["start"].str().to_owned(),
                v.get("period")["end"].str().to_owned(),
            ),
            rule_set_name: v.object("rule_set", |r| r.string("name")),
            rule_set_version: v.object("rule_set", |r| r.string("version")),
            total: v.string("total"),
            grade: v.string("grade"),
            confirmed_at: v.optional("confirmed_at"),
            explanation: Rc::new(v.object("explanation", Explained::read)),
            changes: v.list("changes", |c| Change {
                field: c.string("field"),
                old_value: c.string("old_value"),
                new_value: c.string("new_value"),
                reason: c.string("reason"),
                changed_at: c.string("changed_at"),
            }),
            objections: v.list("objections", |o| Objection {
                id: o.i64("id"),
                text: o.string("text"),
                filed_at: o.string("filed_at"),
                status: o.string("status"),
                decision_reason: o.optional("decision_reason"),
            }),
        })
    }
}

/// A change made in re-review.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// `grade` or `total`.
    pub field: String,
    /// Before.
    pub old_value: String,
    /// After.
    pub new_value: String,
    /// Why.
    pub reason: String,
    /// When.
    pub changed_at: String,
}

/// An objection and its outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Objection {
    /// Row id.
    pub id: i64,
    /// What the prosecutor wrote.
    pub text: String,
    /// When.
    pub filed_at: String,
    /// `open`, or the decision.
    pub status: String,
    /// The committee's reason.
    pub decision_reason: Option<String>,
}

/// Where the result is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not yet published (only the committee sees it).
    Draft,
    /// Published, objections possible for `days_left` more working days.
    Publicity {
        /// Working days left, today included.
        days_left: u64,
    },
    /// Published, window over, not yet decided.
    AwaitingDecision,
    /// Decided by the leadership.
    Final,
}

impl ResultContext {
    /// The stage, from status and days left.
    ///
    /// # Example
    /// See the tests: 5 days left while `published` is [`Stage::Publicity`].
    pub fn stage(&self) -> Stage {
        match (self.status.as_str(), self.working_days_left) {
            ("final", _) => Stage::Final,
            ("published", Some(days)) if days > 0 => Stage::Publicity { days_left: days },
            ("published", _) => Stage::AwaitingDecision,
            _ => Stage::Draft,
        }
    }

    /// Each dimension as a chart series: score and department average against its cap.
    pub fn series(&self) -> Vec<Series> {
        self.explanation
            .dimensions
            .iter()
            .map(|d| Series {
                label: d.name.clone(),
                value: d.score,
                average: d.department_average,
                max: d.max,
            })
            .collect()
    }

    /// The period as `2019-01-01 至 2019-12-31`.
    pub fn period_text(&self) -> String {
        format!("{} 至 {}", self.period.0, self.period.1)
    }
}

/// What is being sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Sending {
    /// Nothing.
    #[default]
    Idle,
    /// An objection or a confirmation is on its way.
    Busy,
}

/// The view's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultState {
    /// The context, once loaded.
    pub context: Option<Rc<ResultContext>>,
    /// Why loading failed.
    pub load_error: Option<String>,
    /// The objection being typed.
    pub objection: String,
    /// In flight.
    pub sending: Sending,
    /// Last message: (ok, text).
    pub notice: Option<(bool, String)>,
    /// Bumped to reload the context after a change.
    pub reload: u32,
}

/// What happens.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultAction {
    /// The context arrived.
    Loaded(Rc<ResultContext>),
    /// It could not be read.
    LoadFailed(String),
    /// The objection text changed.
    EditObjection(String),
    /// Sending starts.
    Send,
    /// The objection was filed.
    Objected,
    /// The result was confirmed.
    Confirmed,
    /// Sending failed.
    SendFailed(String),
}

impl ResultState {
    /// Why the objection cannot be sent now, if it cannot.
    ///
    /// # Example
    /// ```
    /// use kaoping_widgets::result::state::ResultState;
    /// assert_eq!(ResultState::default().objection_problem(), Some("请写明异议的事实和理由"));
    /// ```
    pub fn objection_problem(&self) -> Option<&'static str> {
        if self.sending == Sending::Busy {
            Some("正在提交，请稍候")
        } else if self.objection.trim().chars().count() < 4 {
            Some("请写明异议的事实和理由")
        } else {
            None
        }
    }
}

impl Reducible for ResultState {
    type Action = ResultAction;

    fn reduce(self: Rc<Self>, action: ResultAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ResultAction::Loaded(context) => {
                next.context = Some(context);
                next.load_error = None;
            }
            ResultAction::LoadFailed(message) => next.load_error = Some(message),
            ResultAction::EditObjection(text) => next.objection = text,
            ResultAction::Send => {
                next.sending = Sending::Busy;
                next.notice = None;
            }
            ResultAction::Objected => {
                next.sending = Sending::Idle;
                next.objection.clear();
                next.notice = Some((true, "异议已提交，考核委员会将在规定时间内复核".to_owned()));
                next.reload += 1;
            }
            ResultAction::Confirmed => {
                next.sending = Sending::Idle;
                next.notice = Some((true, "已签字确认考评结果".to_owned()));
                next.reload += 1;
            }
            ResultAction::SendFailed(message) => {
                next.sending = Sending::Idle;
                next.notice = Some((false, message));
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoping_shared::eval::result::{DimensionResult, ProsecutorResult};

    fn context(status: &str, days: Option<u32>) -> ResultContext {
        let d = |s: &str| s.parse().unwrap();
        let explanation = ProsecutorResult {
            prosecutor: "P01".into(),
            name: "张三".into(),
            department: "第一检察部".into(),
            total: d("86.00"),
            rank: 2,
            grade: "称职".into(),
            grade_reason: String::new(),
            vetoed: false,
            committee: None,
            dimensions: vec![DimensionResult {
                key: "quantity".into(),
                name: "办案数量".into(),
                score: d("36.00"),
                exact: d("36"),
                uncapped: d("40"),
                points: d("30"),
                max: d("36"),
                department_average: d("27.95"),
                indicators: vec![],
            }],
        };
        // What the server sends, the explanation written by the shared types themselves.
        let answer = serde_json::json!({
            "evaluation": 1,
            "status": status,
            "publication_start": "2019-09-27",
            "publication_end": "2019-10-09",
            "working_days_left": days,
            "evaluated": 4,
            "period": serde_json::to_value(
                "2019-01-01..2019-12-31".parse::<kaoping_shared::date::Period>().unwrap()
            ).unwrap(),
            "rule_set": {"id": "r-2019", "name": "R", "version": "2019.1"},
            "total": "86.00",
            "grade": "称职",
            "confirmed_at": null,
            "explanation": explanation,
            "changes": [],
            "objections": [],
        });
        ResultContext::from_json(&Json::parse(&answer.to_string()).unwrap()).unwrap()
    }

    #[test]
    fn stages_follow_status_and_days_left() {
        assert_eq!(
            context("published", Some(5)).stage(),
            Stage::Publicity { days_left: 5 }
        );
        assert_eq!(
            context("published", Some(0)).stage(),
            Stage::AwaitingDecision
        );
        assert_eq!(context("final", None).stage(), Stage::Final);
        assert_eq!(context("draft", None).stage(), Stage::Draft);
    }

    #[test]
    fn series_scale_each_dimension_to_its_cap() {
        let c = context("published", Some(5));
        let s = &c.series()[0];
        assert_eq!(
            (s.label.as_str(), s.max.to_string()),
            ("办案数量", "36".into())
        );
        assert_eq!(s.value.to_string(), "36.00");
        assert_eq!(c.period_text(), "2019-01-01 至 2019-12-31");
    }
    #[test]
    fn an_objection_needs_a_reason_and_clears_after_filing() {
        let state = Rc::new(ResultState::default());
        assert!(state.objection_problem().is_some());
        let state = state.reduce(ResultAction::EditObjection("瑕疵认定有误，请复核".into()));
        assert_eq!(state.objection_problem(), None);
        let state = state.reduce(ResultAction::Send);
        assert_eq!(state.objection_problem(), Some("正在提交，请稍候"));
        let state = state.reduce(ResultAction::Objected);
        assert!(state.objection.is_empty());
        assert_eq!(state.reload, 1);
        assert!(state.notice.as_ref().is_some_and(|(ok, _)| *ok));
    }

    #[test]
    fn a_failed_send_keeps_the_text() {
        let state = Rc::new(ResultState::default())
            .reduce(ResultAction::EditObjection("理由理由理由".into()))
            .reduce(ResultAction::Send)
            .reduce(ResultAction::SendFailed("公示期已结束".into()));
        assert_eq!(state.objection, "理由理由理由");
        assert_eq!(state.notice, Some((false, "公示期已结束".into())));
    }
}
