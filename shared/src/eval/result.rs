//! What an evaluation produces: every number with the trail that explains it.

use crate::date::Period;
use crate::ids::{CaseId, DepartmentId, DimensionKey, IndicatorKey, ProsecutorId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The result of evaluating a unit over a period under one rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Which rule set, exactly.
    pub rule_set: RuleSetRef,
    /// The period evaluated.
    pub period: Period,
    /// How many prosecutors were evaluated together (vetoed included).
    pub evaluated: u32,
    /// Per prosecutor, in rank order (ties by 检察官编号).
    pub results: Vec<ProsecutorResult>,
    /// How each quota was filled.
    pub quotas: Vec<QuotaOutcome>,
    /// Per department, the average of each dimension.
    pub departments: Vec<DepartmentSummary>,
    /// Things the committee should know that did not stop the evaluation.
    pub warnings: Vec<String>,
}

/// The rule set that computed a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetRef {
    /// e.g. `r-2019`
    pub id: String,
    /// Title.
    pub name: String,
    /// Version.
    pub version: String,
}

/// One prosecutor's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProsecutorResult {
    /// 检察官编号
    pub prosecutor: ProsecutorId,
    /// 姓名
    pub name: String,
    /// 部门
    pub department: DepartmentId,
    /// Sum of the rounded dimension scores.
    pub total: Decimal,
    /// 1 = best; equal totals and tie-breaks share a rank.
    pub rank: u32,
    /// 等次 (provisional when `committee` is set).
    pub grade: String,
    /// Why this grade, in Chinese.
    pub grade_reason: String,
    /// 一票否决 applied.
    pub vetoed: bool,
    /// Set when the committee must decide (需党组研究决定): an unresolved tie at a quota line.
    pub committee: Option<String>,
    /// Each dimension.
    pub dimensions: Vec<DimensionResult>,
}

/// One dimension of one prosecutor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionResult {
    /// Key in the rule set.
    pub key: DimensionKey,
    /// Name, e.g. 办案数量.
    pub name: String,
    /// The score, rounded half-up.
    pub score: Decimal,
    /// The score before rounding (after the cap).
    pub exact: Decimal,
    /// Sum of the indicators before the cap.
    pub uncapped: Decimal,
    /// Nominal points.
    pub points: Decimal,
    /// Cap.
    pub max: Decimal,
    /// Average of the department's rounded scores, rounded.
    pub department_average: Decimal,
    /// Each indicator.
    pub indicators: Vec<IndicatorResult>,
}

/// One indicator of one prosecutor, with its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorResult {
    /// Key in the rule set.
    pub key: IndicatorKey,
    /// Name.
    pub name: String,
    /// Nominal points.
    pub points: Decimal,
    /// The score (exact unless the rule set rounds indicators).
    pub score: Decimal,
    /// The rule as the rule set states it, in Chinese.
    pub formula: String,
    /// The rule with this prosecutor's numbers.
    pub calculation: String,
    /// The inputs that went in.
    pub inputs: Vec<Fact>,
    /// The cases that contributed and what each contributed.
    pub cases: Vec<CaseLine>,
    /// Anything else a reader needs, e.g. why the empty-data rule applied.
    pub notes: Vec<String>,
}

/// A labelled input value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// e.g. 加权办案数 W
    pub label: String,
    /// As shown.
    pub value: String,
}

/// What one case contributed to an indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLine {
    /// 案件编号
    pub case: CaseId,
    /// What about the case counted, e.g. `犯罪嫌疑人3人 → 权重 1.4` or `评查瑕疵`.
    pub note: String,
    /// Its contribution: a weight, a count, or points (negative for deductions).
    pub value: Decimal,
}

/// How a quota was filled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaOutcome {
    /// The grade.
    pub grade: String,
    /// round_half_up(share × evaluated).
    pub places: u32,
    /// Who got it.
    pub awarded: Vec<ProsecutorId>,
    /// Tied at the line after every tie-break: the committee decides.
    pub pending: Vec<ProsecutorId>,
}

/// A department's dimension averages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentSummary {
    /// 部门
    pub department: DepartmentId,
    /// Members evaluated.
    pub members: u32,
    /// Average rounded total, rounded.
    pub average_total: Decimal,
}

impl Evaluation {
    /// One prosecutor's result.
    pub fn result(&self, prosecutor: &ProsecutorId) -> Option<&ProsecutorResult> {
        self.results.iter().find(|r| &r.prosecutor == prosecutor)
    }
}
