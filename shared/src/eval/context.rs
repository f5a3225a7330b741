//! The evaluation's view of its input: prosecutors sorted by id, each one's counted cases,
//! bonus items, ballots and manual scores, after checking that every reference resolves.
//! Sorting here is what makes results independent of input row order.

use super::EvalError;
use crate::date::Date;
use crate::ids::{DepartmentId, ProsecutorId};
use crate::model::{Ballot, BonusItem, Case, EvaluationInput, ManualScore, Prosecutor};
use crate::rules::{CaseScope, RuleSet};
use std::collections::{BTreeMap, HashSet};

/// Everything about one prosecutor that the rules read.
#[derive(Debug)]
pub(crate) struct Subject<'a> {
    pub prosecutor: &'a Prosecutor,
    /// Counted cases, by accepted date then 案件编号.
    pub cases: Vec<&'a Case>,
    pub bonus: Vec<&'a BonusItem>,
    pub ballots: Vec<&'a Ballot>,
    pub manual: Vec<&'a ManualScore>,
}

/// The unit evaluated together.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub rules: &'a RuleSet,
    /// The period's last day: 超期 of open cases is judged then.
    pub as_of: Date,
    /// Sorted by 检察官编号.
    pub subjects: Vec<Subject<'a>>,
    /// Whether results carry the explanation trail ([`super::Detail`]).
    pub explain: bool,
}

impl<'a> Context<'a> {
    pub fn new(rules: &'a RuleSet, input: &'a EvaluationInput) -> Result<Context<'a>, EvalError> {
        let mut problems = Vec::new();
        let mut by_id: BTreeMap<&ProsecutorId, Subject<'a>> = BTreeMap::new();
        for p in &input.prosecutors {
            let subject = Subject {
                prosecutor: p,
                cases: vec![],
                bonus: vec![],
                ballots: vec![],
                manual: vec![],
            };
            if by_id.insert(&p.id, subject).is_some() {
                problems.push(format!("检察官编号“{}”重复", p.id));
            }
        }
        if input.prosecutors.is_empty() {
            problems.push("没有被考评的检察官".to_owned());
        }
        let period = input.period;
        // Hashed, not ordered: 20,000 case numbers share long prefixes (临检刑诉〔2019〕…),
        // which makes every ordered comparison a long byte loop.
        let mut case_ids = HashSet::with_capacity(input.cases.len());
        for case in &input.cases {
            if !case_ids.insert(&case.id) {
                problems.push(format!("案件编号“{}”重复", case.id));
            }
            let Some(subject) = by_id.get_mut(&case.handler) else {
                problems.push(format!(
                    "案件“{}”的承办检察官“{}”不在名单中",
                    case.id, case.handler
                ));
                continue;
            };
            let counted = match rules.case_scope {
                CaseScope::ClosedInPeriod => case.closed.is_some_and(|d| period.contains(d)),
                CaseScope::AcceptedInPeriod => period.contains(case.accepted),
                CaseScope::HandledInPeriod => {
                    case.accepted <= period.end && case.closed.is_none_or(|d| d >= period.start)
                }
            };
            if counted {
                subject.cases.push(case);
            }
        }
        for item in &input.bonus {
            match by_id.get_mut(&item.prosecutor) {
                Some(subject) => subject.bonus.push(item),
                None => problems.push(format!(
                    "加分项目“{}”的检察官“{}”不在名单中",
                    item.item, item.prosecutor
                )),
            }
        }
        for ballot in &input.ballots {
            match by_id.get_mut(&ballot.subject) {
                Some(subject) => subject.ballots.push(ballot),
                None => problems.push(format!("测评票的测评对象“{}”不在名单中", ballot.subject)),
            }
        }
        for score in &input.manual_scores {
            match by_id.get_mut(&score.prosecutor) {
                Some(subject) => subject.manual.push(score),
                None => problems.push(format!("人工评分的检察官“{}”不在名单中", score.prosecutor)),
            }
        }
        if !problems.is_empty() {
            return Err(EvalError::InvalidInput { problems });
        }
        let mut subjects: Vec<Subject<'a>> = by_id.into_values().collect();
        for s in &mut subjects {
            s.cases
                .sort_by(|a, b| (a.accepted, &a.id).cmp(&(b.accepted, &b.id)));
            s.bonus
                .sort_by(|a, b| (&a.item, a.count).cmp(&(&b.item, b.count)));
            s.ballots.sort_by(|a, b| {
                (&a.voter_group, a.overall, a.marks).cmp(&(&b.voter_group, b.overall, b.marks))
            });
            s.manual.sort_by(|a, b| {
                (&a.indicator, &a.role, a.score, &a.reason).cmp(&(
                    &b.indicator,
                    &b.role,
                    b.score,
                    &b.reason,
                ))
            });
        }
        Ok(Context {
            rules,
            as_of: period.end,
            subjects,
            explain: true,
        })
    }

    /// Indexes of the subjects in the same department as subject `i`, `i` included.
    pub fn department_of(&self, i: usize) -> Vec<usize> {
        let department = &self.subjects[i].prosecutor.department;
        self.indexes_in(department)
    }

    pub fn indexes_in(&self, department: &DepartmentId) -> Vec<usize> {
        (0..self.subjects.len())
            .filter(|&j| &self.subjects[j].prosecutor.department == department)
            .collect()
    }
}
