//! The ballot's state (民主测评): token → sheet → marks → confirmation → sent, as a plain
//! reducer so every transition is tested natively.

use crate::api::{BallotSheet, BallotSubmission};
use kaoping_shared::model::{BallotField, Rating};
use std::rc::Rc;
use yew::Reducible;

/// Where the voter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Typing the token.
    Token,
    /// Fetching the sheet.
    Loading,
    /// Choosing marks.
    Filling,
    /// Looking at the summary before sending.
    Confirming,
    /// Sending.
    Sending,
    /// Sent and accepted.
    Done,
}

/// Why a request failed, as the ballot needs to tell it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer (network down, server unreachable): the marks are kept, retry.
    Network,
    /// The token was used already.
    TokenUsed,
    /// The server does not know the token.
    TokenUnknown,
    /// Anything else, with the server's message.
    Other(String),
}

impl Failure {
    /// The message shown to the voter.
    pub fn message(&self) -> String {
        match self {
            Failure::Network => {
                "网络连接中断，您的选择已保留。请检查网络后点击“重新提交”。".to_owned()
            }
            Failure::TokenUsed => {
                "该测评码已经使用过，每个测评码只能投票一次。如有疑问请联系考评办公室。".to_owned()
            }
            Failure::TokenUnknown => "测评码无效，请核对后重新输入。".to_owned(),
            Failure::Other(message) => format!("提交失败：{message}"),
        }
    }
}

/// A ballot in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct BallotState {
    /// The token typed or given.
    pub token: String,
    /// Where the voter is.
    pub phase: Phase,
    /// The sheet, once loaded.
    pub sheet: Option<Rc<BallotSheet>>,
    /// Per subject: 德 能 勤 绩 廉 总体 (order of [`BallotField::ALL`]).
    pub marks: Vec<[Option<Rating>; 6]>,
    /// Sends made (a retry after a lost answer may meet its own earlier success).
    pub sends: u32,
    /// Shown above the buttons: what is missing, or why sending failed.
    pub notice: Option<String>,
    /// The last failure, if the last request failed.
    pub failure: Option<Failure>,
}

/// What can happen to a ballot.
#[derive(Clone, Debug, PartialEq)]
pub enum BallotAction {
    /// The token field changed.
    SetToken(String),
    /// The voter asked to open the ballot.
    Open,
    /// The sheet arrived.
    Loaded(Rc<BallotSheet>),
    /// Opening failed.
    LoadFailed(Failure),
    /// A mark was chosen.
    Mark {
        /// Subject index in the sheet.
        subject: usize,
        /// Which field.
        field: BallotField,
        /// Which mark.
        rating: Rating,
    },
    /// Go to the confirmation (refused with a notice while incomplete).
    Review,
    /// Back from the confirmation to the marks.
    Back,
    /// Sending started (also a retry).
    Send,
    /// The server accepted.
    Sent,
    /// Sending failed.
    SendFailed(Failure),
}

impl BallotState {
    /// A ballot for `token` (may be empty: the voter types it).
    pub fn new(token: &str) -> BallotState {
        BallotState {
            token: token.trim().to_owned(),
            phase: Phase::Token,
            sheet: None,
            marks: Vec::new(),
            sends: 0,
            notice: None,
            failure: None,
        }
    }

    /// Each subject with a missing mark: `张三：能、廉`.
    pub fn missing(&self) -> Vec<String> {
        let Some(sheet) = &self.sheet else {
            return Vec::new();
        };
        sheet
            .subjects
            .iter()
            .zip(&self.marks)
            .filter_map(|(subject, marks)| {
                let blank: Vec<&str> = BallotField::ALL
                    .iter()
                    .zip(marks)
                    .filter(|(_, m)| m.is_none())
                    .map(|(f, _)| f.chinese())
                    .collect();
                (!blank.is_empty()).then(|| format!("{}：{}", subject.name, blank.join("、")))
            })
            .collect()
    }

    /// Whether every subject has all six marks.
    pub fn is_complete(&self) -> bool {
        self.sheet.is_some() && self.marks.iter().all(|m| m.iter().all(Option::is_some))
    }

    /// What is sent (one body per subject), only when complete.
    pub fn submissions(&self) -> Option<Vec<BallotSubmission>> {
        self.sheet.as_ref()?;
        self.marks
            .iter()
            .map(|m| {
                Some(BallotSubmission {
                    token: self.token.clone(),
                    marks: [m[0]?, m[1]?, m[2]?, m[3]?, m[4]?],
                    overall: m[5]?,
                })
            })
            .collect()
    }

    fn field_index(field: BallotField) -> usize {
        BallotField::ALL
            .iter()
            .position(|f| *f == field)
            .unwrap_or(5)
    }

    /// The mark chosen for one subject and field.
    pub fn mark(&self, subject: usize, field: BallotField) -> Option<Rating> {
        self.marks
            .get(subject)
            .and_then(|m| m[Self::field_index(field)])
    }

    fn apply(mut self, action: BallotAction) -> BallotState {
        match action {
            BallotAction::SetToken(token) if self.phase == Phase::Token => {
                self.token = token.trim().to_owned();
                self.notice = None;
            }
            BallotAction::Open if self.phase == Phase::Token => {
                if self.token.is_empty() {
                    self.notice = Some("请输入测评码".to_owned());
                } else {
                    self.phase = Phase::Loading;
                    self.notice = None;
                    self.failure = None;
                }
            }
            BallotAction::Loaded(sheet) if self.phase == Phase::Loading => {
                self.marks = vec![[None; 6]; sheet.subjects.len()];
                self.sheet = Some(sheet);
                self.phase = Phase::Filling;
            }
            BallotAction::LoadFailed(failure) if self.phase == Phase::Loading => {
                self.phase = Phase::Token;
                self.notice = Some(failure.message());
                self.failure = Some(failure);
            }
            BallotAction::Mark {
                subject,
                field,
                rating,
            } if self.phase == Phase::Filling => {
                if let Some(marks) = self.marks.get_mut(subject) {
                    marks[Self::field_index(field)] = Some(rating);
                }
                // A notice about missing marks shrinks as they are filled.
                if self.notice.is_some() {
                    self.notice = self.missing_notice();
                }
            }
            BallotAction::Review if self.phase == Phase::Filling => {
                if self.is_complete() {
                    self.phase = Phase::Confirming;
                    self.notice = None;
                } else {
                    self.notice = self.missing_notice();
                }
            }
            BallotAction::Back if self.phase == Phase::Confirming => {
                self.phase = Phase::Filling;
                self.notice = None;
                self.failure = None;
            }
            BallotAction::Send if self.phase == Phase::Confirming && self.is_complete() => {
                self.phase = Phase::Sending;
                self.notice = None;
                self.sends += 1;
            }
            BallotAction::Sent if self.phase == Phase::Sending => {
                self.phase = Phase::Done;
                self.failure = None;
            }
            BallotAction::SendFailed(failure) if self.phase == Phase::Sending => {
                // Back to the confirmation with the marks intact, for a retry.
                self.phase = Phase::Confirming;
                let retried_after_drop = self.failure == Some(Failure::Network);
                self.notice = Some(if failure == Failure::TokenUsed && retried_after_drop {
                    "该测评码已使用。上一次提交时网络中断，很可能那一次已经投票成功；如有疑问请联系考评办公室。".to_owned()
                } else {
                    failure.message()
                });
                self.failure = Some(failure);
            }
            _ => {}
        }
        self
    }

    fn missing_notice(&self) -> Option<String> {
        let missing = self.missing();
        (!missing.is_empty()).then(|| format!("以下项目尚未选择：{}", missing.join("；")))
    }
}

impl Reducible for BallotState {
    type Action = BallotAction;

    fn reduce(self: Rc<Self>, action: BallotAction) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::BallotSubject;

    fn sheet() -> Rc<BallotSheet> {
        Rc::new(BallotSheet {
            title: "2019年度民主测评".into(),
            voter_group: "干警".into(),
            subjects: vec![
                BallotSubject {
                    id: "P01".into(),
                    name: "张三".into(),
                    department: None,
                },
                BallotSubject {
                    id: "P02".into(),
                    name: "李四".into(),
                    department: None,
                },
            ],
        })
    }

    fn run(state: BallotState, actions: Vec<BallotAction>) -> BallotState {
        actions
            .into_iter()
            .fold(Rc::new(state), |s, a| s.reduce(a))
            .as_ref()
            .clone()
    }

    fn loaded() -> BallotState {
        run(
            BallotState::new("T1"),
            vec![BallotAction::Open, BallotAction::Loaded(sheet())],
        )
    }

    fn fill_all(rating: Rating) -> Vec<BallotAction> {
        (0..2)
            .flat_map(|subject| {
                BallotField::ALL.map(|field| BallotAction::Mark {
                    subject,
                    field,
                    rating,
                })
            })
            .collect()
    }

    #[test]
    fn an_empty_token_does_not_open() {
        let s = run(BallotState::new("  "), vec![BallotAction::Open]);
        assert_eq!(s.phase, Phase::Token);
        assert_eq!(s.notice.as_deref(), Some("请输入测评码"));
    }

    #[test]
    fn an_incomplete_ballot_cannot_reach_confirmation_and_says_what_is_missing() {
        let mut actions = fill_all(Rating::Excellent);
        actions.retain(|a| {
            !matches!(a, BallotAction::Mark { subject: 1, field, .. }
                if matches!(field, BallotField::Ability | BallotField::Probity))
        });
        actions.push(BallotAction::Review);
        actions.push(BallotAction::Send);
        let s = run(loaded(), actions);
        assert_eq!(s.phase, Phase::Filling);
        assert_eq!(s.notice.as_deref(), Some("以下项目尚未选择：李四：能、廉"));
        assert!(s.submissions().is_none());
        // Filling one more shrinks the notice.
        let s = run(
            s,
            vec![BallotAction::Mark {
                subject: 1,
                field: BallotField::Ability,
                rating: Rating::Competent,
            }],
        );
        assert_eq!(s.notice.as_deref(), Some("以下项目尚未选择：李四：廉"));
    }

    #[test]
    fn complete_ballot_confirms_sends_and_is_done() {
        let mut actions = fill_all(Rating::Competent);
        actions.extend([BallotAction::Review, BallotAction::Send, BallotAction::Sent]);
        let s = run(loaded(), actions);
        assert_eq!(s.phase, Phase::Done);
        let sent = s.submissions().unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].token, "T1");
        assert_eq!(sent[1].overall, Rating::Competent);
    }

    #[test]
    fn a_network_failure_keeps_the_marks_for_a_retry() {
        let mut actions = fill_all(Rating::Excellent);
        actions.extend([
            BallotAction::Review,
            BallotAction::Send,
            BallotAction::SendFailed(Failure::Network),
        ]);
        let s = run(loaded(), actions);
        assert_eq!(s.phase, Phase::Confirming);
        assert_eq!(s.failure, Some(Failure::Network));
        assert!(s.notice.as_deref().unwrap().contains("重新提交"));
        let s = run(s, vec![BallotAction::Send]);
        assert_eq!(s.phase, Phase::Sending);
        assert_eq!(s.sends, 2);
        assert_eq!(s.submissions().unwrap()[0].marks, [Rating::Excellent; 5]);
        // The answer to the first send was lost; the retry finds the token spent.
        let s = run(s, vec![BallotAction::SendFailed(Failure::TokenUsed)]);
        assert!(
            s.notice
                .as_deref()
                .unwrap()
                .contains("很可能那一次已经投票成功")
        );
    }

    #[test]
    fn a_used_token_is_said_plainly_on_open_and_on_send() {
        let s = run(
            BallotState::new("T1"),
            vec![
                BallotAction::Open,
                BallotAction::LoadFailed(Failure::TokenUsed),
            ],
        );
        assert_eq!(s.phase, Phase::Token);
        assert!(s.notice.as_deref().unwrap().contains("已经使用过"));

        let mut actions = fill_all(Rating::Excellent);
        actions.extend([
            BallotAction::Review,
            BallotAction::Send,
            BallotAction::SendFailed(Failure::TokenUsed),
        ]);
        let s = run(loaded(), actions);
        assert!(s.notice.as_deref().unwrap().contains("只能投票一次"));
    }

    #[test]
    fn marks_are_frozen_outside_filling_and_stale_answers_are_ignored() {
        let mut actions = fill_all(Rating::Excellent);
        actions.extend([
            BallotAction::Review,
            BallotAction::Mark {
                subject: 0,
                field: BallotField::Overall,
                rating: Rating::Incompetent,
            },
            BallotAction::Sent,
            BallotAction::Loaded(sheet()),
        ]);
        let s = run(loaded(), actions);
        assert_eq!(s.phase, Phase::Confirming);
        assert_eq!(s.mark(0, BallotField::Overall), Some(Rating::Excellent));
    }
}
