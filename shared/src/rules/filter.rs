//! Case filters: which cases a rule looks at. Every condition given must hold; a list
//! condition holds when the case's value is one of the list.

use crate::date::Date;
use crate::model::Case;
use serde::{Deserialize, Serialize};

/// Conditions on a case, all of which must hold. An empty filter matches every case.
///
/// # Example
/// ```
/// use kaoping_shared::rules::CaseFilter;
/// # use kaoping_shared::model::tests_support::case;
/// let filter = CaseFilter { kinds: vec!["审查起诉".into()], plea: Some(true), ..Default::default() };
/// let as_of = "2019-12-31".parse().unwrap();
/// assert!(filter.matches(&case("A", "P01"), as_of));
/// assert_eq!(filter.describe(), "案件类别为审查起诉，且认罪认罚");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    /// 案件类别 in this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// 处理结果 in this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispositions: Vec<String>,
    /// 判决结果 in this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub judgments: Vec<String>,
    /// 评查结论 in this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<String>,
    /// 疑难复杂 is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex: Option<bool>,
    /// 认罪认罚 is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plea: Option<bool>,
    /// 群众反映强烈 is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_concern: Option<bool>,
    /// 人大转办 is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub congress_referral: Option<bool>,
    /// 已捕 is this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previously_arrested: Option<bool>,
    /// 超期办理 is this (open cases as of the period's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
}

fn listed(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|item| item == v))
}

fn flag(condition: Option<bool>, value: bool) -> bool {
    condition.is_none_or(|wanted| wanted == value)
}

impl CaseFilter {
    /// Whether `case` passes; `as_of` decides 超期 for open cases.
    pub fn matches(&self, case: &Case, as_of: Date) -> bool {
        listed(&self.kinds, Some(&case.kind))
            && listed(&self.dispositions, case.disposition.as_deref())
            && listed(&self.judgments, case.judgment.as_deref())
            && listed(&self.reviews, case.review.as_deref())
            && flag(self.complex, case.complex)
            && flag(self.plea, case.plea)
            && flag(self.public_concern, case.public_concern)
            && flag(self.congress_referral, case.congress_referral)
            && flag(self.previously_arrested, case.previously_arrested)
            && self
                .overdue
                .is_none_or(|wanted| wanted == case.overdue(as_of))
    }

    /// The filter in Chinese, e.g. `判决结果为无罪`; `全部计入案件` when empty.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut list = |name: &str, values: &[String]| {
            if !values.is_empty() {
                parts.push(format!("{name}为{}", values.join("或")));
            }
        };
        list("案件类别", &self.kinds);
        list("处理结果", &self.dispositions);
        list("判决结果", &self.judgments);
        list("评查结论", &self.reviews);
        for (condition, yes, no) in [
            (self.complex, "疑难复杂", "非疑难复杂"),
            (self.plea, "认罪认罚", "未认罪认罚"),
            (self.public_concern, "群众反映强烈", "非群众反映强烈"),
            (self.congress_referral, "人大转办", "非人大转办"),
            (self.previously_arrested, "已捕", "未捕"),
            (self.overdue, "超期办理", "未超期"),
        ] {
            if let Some(wanted) = condition {
                parts.push(if wanted { yes } else { no }.to_owned());
            }
        }
        if parts.is_empty() {
            "全部计入案件".to_owned()
        } else {
            parts.join("，且")
        }
    }
}
