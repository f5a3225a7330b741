//! The inputs of an evaluation, as users have them: roster, cases, bonus items, ballots,
//! manual scores. Field names follow DOMAIN.md's spreadsheet columns (in the docs).

use crate::date::{Date, Period};
use crate::ids::{CaseId, DepartmentId, IndicatorKey, ProsecutorId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One quota prosecutor (员额检察官) from `roster.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prosecutor {
    /// 检察官编号
    pub id: ProsecutorId,
    /// 姓名
    pub name: String,
    /// 部门
    pub department: DepartmentId,
    /// 业务类别, e.g. 刑事检察
    pub category: String,
    /// 职务, e.g. 员额检察官, 部门负责人
    pub position: String,
    /// 违纪违法: a disciplinary or legal violation (一票否决)
    pub violation: bool,
}

/// One case (案件) from `cases.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// 案件编号
    pub id: CaseId,
    /// 案件类别, e.g. 审查起诉, 审查逮捕
    pub kind: String,
    /// 承办检察官
    pub handler: ProsecutorId,
    /// 受理日期
    pub accepted: Date,
    /// 办结日期; `None` while the case is open
    pub closed: Option<Date>,
    /// 办案期限: allowed days, extensions included
    pub time_limit_days: u32,
    /// 犯罪嫌疑人数
    pub suspects: u32,
    /// 疑难复杂
    pub complex: bool,
    /// 认罪认罚
    pub plea: bool,
    /// 退回补充侦查次数
    pub returned_for_investigation: u32,
    /// 延长审查期限次数
    pub extensions: u32,
    /// 处理结果, e.g. 起诉, 不起诉, 批准逮捕, 不批准逮捕
    pub disposition: Option<String>,
    /// 判决结果, e.g. 有罪, 无罪, 发回重审, 重大改判
    pub judgment: Option<String>,
    /// 群众反映强烈
    pub public_concern: bool,
    /// 人大转办
    pub congress_referral: bool,
    /// 评查结论, e.g. 优质, 合格, 瑕疵, 不合格
    pub review: Option<String>,
    /// 已捕: the suspects were already arrested (for the national 案-件比; optional column)
    #[serde(default)]
    pub previously_arrested: bool,
}

impl Case {
    /// 件 for the 案-件比: the case itself plus one per 退回补充侦查 and per 延长审查期限.
    ///
    /// # Example
    /// ```
    /// # use kaoping_shared::model::Case;
    /// # let mut case = kaoping_shared::model::tests_support::case("X", "P01");
    /// case.returned_for_investigation = 2;
    /// case.extensions = 1;
    /// assert_eq!(case.proceedings(), 4);
    /// ```
    pub fn proceedings(&self) -> u64 {
        1 + u64::from(self.returned_for_investigation) + u64::from(self.extensions)
    }

    /// 超期办理 as of `as_of`: closed past its limit (whenever it closed), or still open
    /// past its limit at `as_of`.
    pub fn overdue(&self, as_of: Date) -> bool {
        let end = self.closed.unwrap_or(as_of);
        end.days_since(self.accepted) > i64::from(self.time_limit_days)
    }

    /// Days the case took (closed) or has taken by `as_of` (open).
    pub fn days_taken(&self, as_of: Date) -> i64 {
        self.closed.unwrap_or(as_of).days_since(self.accepted)
    }
}

/// A counted bonus item (加分项) from `bonus.csv`: papers, training, awards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusItem {
    /// 检察官编号
    pub prosecutor: ProsecutorId,
    /// 项目, e.g. 国家级论文
    pub item: String,
    /// 次数
    pub count: u32,
}

/// One rating on a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    /// 优秀
    #[serde(rename = "优秀")]
    Excellent,
    /// 称职
    #[serde(rename = "称职")]
    Competent,
    /// 不称职
    #[serde(rename = "不称职")]
    Incompetent,
}

impl Rating {
    /// All ratings, best first.
    pub const ALL: [Rating; 3] = [Rating::Excellent, Rating::Competent, Rating::Incompetent];

    /// Reads a ballot cell; anything but the three words is `None` (an invalid mark).
    pub fn from_cell(text: &str) -> Option<Rating> {
        match text.trim() {
            "优秀" => Some(Rating::Excellent),
            "称职" => Some(Rating::Competent),
            "不称职" => Some(Rating::Incompetent),
            _ => None,
        }
    }

    /// The Chinese word.
    pub fn chinese(self) -> &'static str {
        match self {
            Rating::Excellent => "优秀",
            Rating::Competent => "称职",
            Rating::Incompetent => "不称职",
        }
    }
}

/// The aspects a democratic-evaluation ballot rates: 德 能 勤 绩 廉, then 总体.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotField {
    /// 德 (integrity)
    Integrity,
    /// 能 (ability)
    Ability,
    /// 勤 (diligence)
    Diligence,
    /// 绩 (results)
    Results,
    /// 廉 (probity)
    Probity,
    /// 总体 (overall); a ballot without a valid overall mark is invalid
    Overall,
}

impl BallotField {
    /// The six fields in ballot order.
    pub const ALL: [BallotField; 6] = [
        BallotField::Integrity,
        BallotField::Ability,
        BallotField::Diligence,
        BallotField::Results,
        BallotField::Probity,
        BallotField::Overall,
    ];

    /// The column header, e.g. `德`.
    pub fn chinese(self) -> &'static str {
        match self {
            BallotField::Integrity => "德",
            BallotField::Ability => "能",
            BallotField::Diligence => "勤",
            BallotField::Results => "绩",
            BallotField::Probity => "廉",
            BallotField::Overall => "总体",
        }
    }
}

/// One democratic-evaluation ballot (民主测评票), anonymous: it names the subject, never the voter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// 测评对象
    pub subject: ProsecutorId,
    /// 投票人类别, e.g. 干警, 人大代表, 人民监督员
    pub voter_group: String,
    /// Marks for 德 能 勤 绩 廉 in that order; `None` = blank or not a valid mark.
    pub marks: [Option<Rating>; 5],
    /// 总体; `None` makes the ballot invalid (counted, not scored).
    pub overall: Option<Rating>,
}

impl Ballot {
    /// Whether the ballot counts (its overall mark is valid).
    pub fn is_valid(&self) -> bool {
        self.overall.is_some()
    }

    /// The mark for one field.
    pub fn mark(&self, field: BallotField) -> Option<Rating> {
        match field {
            BallotField::Integrity => self.marks[0],
            BallotField::Ability => self.marks[1],
            BallotField::Diligence => self.marks[2],
            BallotField::Results => self.marks[3],
            BallotField::Probity => self.marks[4],
            BallotField::Overall => self.overall,
        }
    }
}

/// A score a reviewer gave for a manual indicator (自评, 互评, 部门评价, 案管抽查 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualScore {
    /// Whose score it is.
    pub prosecutor: ProsecutorId,
    /// Which manual indicator of the rule set.
    pub indicator: IndicatorKey,
    /// The reviewer's role as the rule set names it, e.g. `self`, `peer`, `department`.
    pub role: String,
    /// The score given.
    #[serde(with = "rust_decimal::serde::str")]
    pub score: Decimal,
    /// The reason, required where the rule set says so.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Everything one evaluation reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    /// The period evaluated, e.g. 2019-01-01..2019-12-31.
    pub period: Period,
    /// The prosecutors evaluated together (the unit).
    pub prosecutors: Vec<Prosecutor>,
    /// Their cases.
    pub cases: Vec<Case>,
    /// Counted bonus items.
    #[serde(default)]
    pub bonus: Vec<BonusItem>,
    /// Democratic-evaluation ballots.
    #[serde(default)]
    pub ballots: Vec<Ballot>,
    /// Reviewers' manual scores.
    #[serde(default)]
    pub manual_scores: Vec<ManualScore>,
}

#[doc(hidden)]
/// Builders for doc tests and unit tests.
pub mod tests_support {
    use super::*;

    /// A plain closed prosecution case accepted 2019-02-01, closed 2019-03-01, limit 30.
    pub fn case(id: &str, handler: &str) -> Case {
        Case {
            id: id.into(),
            kind: "审查起诉".into(),
            handler: handler.into(),
            accepted: "2019-02-01".parse().unwrap(),
            closed: Some("2019-03-01".parse().unwrap()),
            time_limit_days: 30,
            suspects: 1,
            complex: false,
            plea: true,
            returned_for_investigation: 0,
            extensions: 0,
            disposition: Some("起诉".into()),
            judgment: Some("有罪".into()),
            public_concern: false,
            congress_referral: false,
            review: None,
            previously_arrested: false,
        }
    }
}
