//! Checks a rule set and lists every problem at once, each with where it is.

use super::{Baseline, DeductionTerm, Dimension, EmptyPolicy, Grading, Indicator, Rule, RuleSet};
use crate::decimal::plain;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// One problem in a rule set: where (a dotted path, as in the file) and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Dotted path, e.g. `dimensions.1.indicators.0.points`.
    pub path: String,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}：{}", self.path, self.message)
        }
    }
}

/// Checks everything that can be checked without inputs.
///
/// # Example
/// ```
/// use kaoping_shared::rules::{builtin, validate::validate};
/// let mut rules = builtin::r2019();
/// rules.total_points = 90.into();
/// rules.grading.veto_grade = "开除".into();
/// let problems = validate(&rules).unwrap_err();
/// assert_eq!(problems.len(), 2);
/// ```
pub fn validate(rules: &RuleSet) -> Result<(), Vec<Problem>> {
    let mut v = Validator::default();
    v.header(rules);
    let mut indicator_keys = BTreeSet::new();
    let mut dimension_keys = BTreeSet::new();
    for (d, dimension) in rules.dimensions.iter().enumerate() {
        let path = format!("dimensions.{d}");
        if !dimension_keys.insert(dimension.key.as_str()) {
            v.push(
                format!("{path}.key"),
                format!("板块编码“{}”重复", dimension.key),
            );
        }
        v.dimension(&path, dimension, rules);
        for (i, indicator) in dimension.indicators.iter().enumerate() {
            if !indicator_keys.insert(indicator.key.as_str()) {
                v.push(
                    format!("{path}.indicators.{i}.key"),
                    format!("指标编码“{}”重复", indicator.key),
                );
            }
        }
    }
    v.shares(rules, &dimension_keys);
    v.grading(&rules.grading, &dimension_keys, &indicator_keys);
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(v.problems)
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn non_empty(&mut self, path: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.push(path, format!("{what}不能为空"));
        }
    }

    fn positive(&mut self, path: &str, value: Decimal, what: &str) {
        if value <= Decimal::ZERO {
            self.push(path, format!("{what}应大于 0（现为 {}）", plain(value)));
        }
    }

    fn non_negative(&mut self, path: &str, value: Decimal, what: &str) {
        if value < Decimal::ZERO {
            self.push(path, format!("{what}不能为负数（现为 {}）", plain(value)));
        }
    }

    fn header(&mut self, rules: &RuleSet) {
        self.non_empty("id", &rules.id, "指标体系编码");
        self.non_empty("name", &rules.name, "指标体系名称");
        self.non_empty("version", &rules.version, "版本号");
        self.positive("total_points", rules.total_points, "总分");
        if rules.rounding.dimension_places > 6 {
            self.push("rounding.dimension_places", "保留小数位数不能超过 6");
        }
        if rules.rounding.indicator_places.is_some_and(|p| p > 10) {
            self.push("rounding.indicator_places", "保留小数位数不能超过 10");
        }
        if rules.dimensions.is_empty() {
            self.push("dimensions", "至少需要一个板块");
        }
        let sum: Decimal = rules.dimensions.iter().map(|d| d.points).sum();
        if !rules.dimensions.is_empty() && sum != rules.total_points {
            self.push(
                "dimensions",
                format!(
                    "各板块分值合计 {} 不等于总分 {}",
                    plain(sum),
                    plain(rules.total_points)
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, name) in rules.review_scale.iter().enumerate() {
            if !seen.insert(name) {
                self.push(format!("review_scale.{i}"), format!("评查结论“{name}”重复"));
            }
        }
    }

    fn dimension(&mut self, path: &str, dimension: &Dimension, rules: &RuleSet) {
        self.non_empty(&format!("{path}.key"), dimension.key.as_str(), "板块编码");
        self.non_empty(&format!("{path}.name"), &dimension.name, "板块名称");
        self.positive(&format!("{path}.points"), dimension.points, "板块分值");
        if let Some(max) = dimension.max
            && max < dimension.points
        {
            self.push(
                format!("{path}.max"),
                format!(
                    "上限 {} 低于板块分值 {}",
                    plain(max),
                    plain(dimension.points)
                ),
            );
        }
        if dimension.indicators.is_empty() {
            self.push(
                format!("{path}.indicators"),
                format!("板块“{}”没有指标", dimension.name),
            );
        }
        let sum: Decimal = dimension.indicators.iter().map(|i| i.points).sum();
        if !dimension.indicators.is_empty() && sum != dimension.points {
            self.push(
                format!("{path}.indicators"),
                format!(
                    "板块“{}”各指标分值合计 {} 不等于板块分值 {}",
                    dimension.name,
                    plain(sum),
                    plain(dimension.points)
                ),
            );
        }
        for (i, indicator) in dimension.indicators.iter().enumerate() {
            self.indicator(&format!("{path}.indicators.{i}"), indicator, rules);
        }
    }

    fn indicator(&mut self, path: &str, indicator: &Indicator, rules: &RuleSet) {
        self.non_empty(&format!("{path}.key"), indicator.key.as_str(), "指标编码");
        self.non_empty(&format!("{path}.name"), &indicator.name, "指标名称");
        self.positive(&format!("{path}.points"), indicator.points, "指标分值");
        let points = indicator.points;
        let rule_path = format!("{path}.rule");
        match &indicator.rule {
            Rule::Volume(rule) => {
                let p = format!("{rule_path}.volume");
                self.reviews(&format!("{p}.filter"), &rule.filter.reviews, rules);
                self.non_negative(
                    &format!("{p}.weight.base"),
                    rule.weight.base,
                    "案件基础权重",
                );
                self.non_negative(
                    &format!("{p}.weight.per_extra_suspect"),
                    rule.weight.per_extra_suspect,
                    "每增加一名犯罪嫌疑人的权重",
                );
                self.positive(
                    &format!("{p}.weight.complex_factor"),
                    rule.weight.complex_factor,
                    "疑难复杂系数",
                );
                if let Some(cap) = rule.cap
                    && cap < points
                {
                    self.push(
                        format!("{p}.cap"),
                        format!("上限 {} 低于指标分值 {}", plain(cap), plain(points)),
                    );
                }
                if let Baseline::Fixed(value) = rule.baseline {
                    self.positive(&format!("{p}.baseline.fixed"), value, "固定基准");
                }
                self.empty_policy(&format!("{p}.when_empty"), rule.when_empty, points);
            }
            Rule::Deduction(rule) => {
                let p = format!("{rule_path}.deduction");
                let base = rule.base.unwrap_or(points);
                if rule.floor > base {
                    self.push(
                        format!("{p}.floor"),
                        format!("保底分 {} 高于起评分 {}", plain(rule.floor), plain(base)),
                    );
                }
                self.non_negative(&format!("{p}.floor"), rule.floor, "保底分");
                if rule.terms.is_empty() {
                    self.push(format!("{p}.terms"), "至少需要一项扣分规则");
                }
                for (t, term) in rule.terms.iter().enumerate() {
                    let tp = format!("{p}.terms.{t}");
                    match term {
                        DeductionTerm::PerCase {
                            label,
                            filter,
                            points,
                        } => {
                            self.non_empty(&format!("{tp}.per_case.label"), label, "扣分项名称");
                            self.non_negative(
                                &format!("{tp}.per_case.points"),
                                *points,
                                "每件扣分",
                            );
                            self.reviews(&format!("{tp}.per_case.filter"), &filter.reviews, rules);
                        }
                        DeductionTerm::CaseRatioAbove {
                            label,
                            threshold,
                            points_per_unit,
                            when_empty,
                        } => {
                            self.non_empty(
                                &format!("{tp}.case_ratio_above.label"),
                                label,
                                "扣分项名称",
                            );
                            if *threshold < Decimal::ONE {
                                self.push(
                                    format!("{tp}.case_ratio_above.threshold"),
                                    format!(
                                        "案件比阈值应不小于 1（1:x 中的 x，现为 {}）",
                                        plain(*threshold)
                                    ),
                                );
                            }
                            self.non_negative(
                                &format!("{tp}.case_ratio_above.points_per_unit"),
                                *points_per_unit,
                                "扣分系数",
                            );
                            if *when_empty < Decimal::ONE {
                                self.push(
                                    format!("{tp}.case_ratio_above.when_empty"),
                                    "无案件时的案件比应不小于 1",
                                );
                            }
                        }
                    }
                }
            }
            Rule::Rate(rule) => {
                let p = format!("{rule_path}.rate");
                self.non_empty(&format!("{p}.label"), &rule.label, "比率名称");
                for (name, value) in [("zero_at", rule.zero_at), ("full_at", rule.full_at)] {
                    if value < Decimal::ZERO || value > Decimal::ONE {
                        self.push(
                            format!("{p}.{name}"),
                            format!("比率应在 0 到 1 之间（现为 {}）", plain(value)),
                        );
                    }
                }
                if rule.zero_at == rule.full_at {
                    self.push(format!("{p}.full_at"), "满分点与零分点不能相同");
                }
                self.reviews(&format!("{p}.numerator"), &rule.numerator.reviews, rules);
                self.reviews(
                    &format!("{p}.denominator"),
                    &rule.denominator.reviews,
                    rules,
                );
                self.empty_policy(&format!("{p}.when_empty"), rule.when_empty, points);
            }
            Rule::Counted(rule) => {
                let p = format!("{rule_path}.counted");
                if rule.items.is_empty() {
                    self.push(format!("{p}.items"), "至少需要一个计分项目");
                }
                let mut names = BTreeSet::new();
                for (i, item) in rule.items.iter().enumerate() {
                    self.non_empty(&format!("{p}.items.{i}.name"), &item.name, "项目名称");
                    self.non_negative(&format!("{p}.items.{i}.points"), item.points, "项目分值");
                    if !names.insert(item.name.as_str()) {
                        self.push(
                            format!("{p}.items.{i}.name"),
                            format!("项目“{}”重复", item.name),
                        );
                    }
                }
                if let Some(cap) = rule.cap {
                    self.non_negative(&format!("{p}.cap"), cap, "上限");
                }
            }
            Rule::Manual(rule) => {
                let p = format!("{rule_path}.manual");
                let max = rule.max.unwrap_or(points);
                if rule.min > max {
                    self.push(
                        format!("{p}.min"),
                        format!("最低分 {} 高于最高分 {}", plain(rule.min), plain(max)),
                    );
                }
                if rule.roles.is_empty() {
                    self.push(format!("{p}.roles"), "至少需要一个评分角色");
                }
                let sum: Decimal = rule.roles.iter().map(|r| r.weight).sum();
                if !rule.roles.is_empty() && sum != Decimal::ONE {
                    self.push(
                        format!("{p}.roles"),
                        format!("各评分角色权重合计 {} 不等于 1", plain(sum)),
                    );
                }
                let mut roles = BTreeSet::new();
                for (i, role) in rule.roles.iter().enumerate() {
                    self.non_empty(&format!("{p}.roles.{i}.role"), &role.role, "角色编码");
                    self.positive(&format!("{p}.roles.{i}.weight"), role.weight, "角色权重");
                    if !roles.insert(role.role.as_str()) {
                        self.push(
                            format!("{p}.roles.{i}.role"),
                            format!("角色“{}”重复", role.role),
                        );
                    }
                }
                self.empty_policy(&format!("{p}.when_empty"), rule.when_empty, points);
            }
            Rule::Ballot(rule) => {
                let p = format!("{rule_path}.ballot");
                for (name, value) in [
                    ("excellent", rule.excellent),
                    ("competent", rule.competent),
                    ("incompetent", rule.incompetent),
                ] {
                    if value < Decimal::ZERO || value > Decimal::ONE {
                        self.push(
                            format!("{p}.{name}"),
                            format!("票值应在 0 到 1 之间（现为 {}）", plain(value)),
                        );
                    }
                }
                let sum: Decimal = rule.groups.iter().map(|g| g.weight).sum();
                if !rule.groups.is_empty() && sum != Decimal::ONE {
                    self.push(
                        format!("{p}.groups"),
                        format!("各投票人类别权重合计 {} 不等于 1", plain(sum)),
                    );
                }
                for (i, group) in rule.groups.iter().enumerate() {
                    self.positive(
                        &format!("{p}.groups.{i}.weight"),
                        group.weight,
                        "投票人类别权重",
                    );
                }
                self.empty_policy(&format!("{p}.when_empty"), rule.when_empty, points);
            }
        }
    }

    fn empty_policy(&mut self, path: &str, policy: EmptyPolicy, points: Decimal) {
        if let EmptyPolicy::Value(value) = policy
            && (value < Decimal::ZERO || value > points)
        {
            self.push(
                format!("{path}.value"),
                format!(
                    "无可计算数据时的得分 {} 应在 0 到 {} 之间",
                    plain(value),
                    plain(points)
                ),
            );
        }
    }

    fn reviews(&mut self, path: &str, reviews: &[String], rules: &RuleSet) {
        for review in reviews {
            if !rules.review_scale.contains(review) {
                self.push(
                    format!("{path}.reviews"),
                    format!(
                        "评查结论“{review}”不在本体系的评查结论（{}）中",
                        rules.review_scale.join("、")
                    ),
                );
            }
        }
    }

    fn shares(&mut self, rules: &RuleSet, dimension_keys: &BTreeSet<&str>) {
        for (s, share) in rules.share_rules.iter().enumerate() {
            let path = format!("share_rules.{s}");
            let mut sum = Decimal::ZERO;
            let mut complete = true;
            for key in &share.dimensions {
                match rules.dimensions.iter().find(|d| d.key == *key) {
                    Some(d) => sum += d.points,
                    None => {
                        complete = false;
                        self.push(
                            format!("{path}.dimensions"),
                            format!("引用了不存在的板块“{key}”"),
                        );
                    }
                }
            }
            let _ = dimension_keys;
            if complete
                && rules.total_points > Decimal::ZERO
                && sum < share.min_share * rules.total_points
            {
                self.push(
                    path,
                    format!(
                        "“{}”不满足：所选板块合计 {} 分，占总分 {}，低于 {}",
                        share.label,
                        plain(sum),
                        crate::decimal::percent(sum / rules.total_points),
                        crate::decimal::percent(share.min_share)
                    ),
                );
            }
        }
    }

    fn grading(
        &mut self,
        grading: &Grading,
        dimensions: &BTreeSet<&str>,
        indicators: &BTreeSet<&str>,
    ) {
        if grading.scale.is_empty() {
            self.push("grading.scale", "至少需要一个等次");
        }
        let mut seen = BTreeSet::new();
        for (i, grade) in grading.scale.iter().enumerate() {
            self.non_empty(&format!("grading.scale.{i}"), grade, "等次名称");
            if !seen.insert(grade.as_str()) {
                self.push(format!("grading.scale.{i}"), format!("等次“{grade}”重复"));
            }
        }
        let known = |path: String, grade: &str, this: &mut Validator| {
            if !grading.scale.iter().any(|g| g == grade) {
                this.push(
                    path,
                    format!(
                        "等次“{grade}”不在等次列表（{}）中",
                        grading.scale.join("、")
                    ),
                );
            }
        };
        known("grading.veto_grade".into(), &grading.veto_grade, self);
        for (q, quota) in grading.quotas.iter().enumerate() {
            known(format!("grading.quotas.{q}.grade"), &quota.grade, self);
            if quota.share <= Decimal::ZERO || quota.share > Decimal::ONE {
                self.push(
                    format!("grading.quotas.{q}.share"),
                    format!("名额比例应大于 0 且不超过 1（现为 {}）", plain(quota.share)),
                );
            }
        }
        if grading.bands.is_empty() {
            self.push("grading.bands", "至少需要一个分数段");
        }
        for (b, band) in grading.bands.iter().enumerate() {
            known(format!("grading.bands.{b}.grade"), &band.grade, self);
            if b > 0 && band.min_total >= grading.bands[b - 1].min_total {
                self.push(
                    format!("grading.bands.{b}.min_total"),
                    "分数段应按最低分从高到低排列",
                );
            }
        }
        if let Some(last) = grading.bands.last()
            && last.min_total > Decimal::ZERO
        {
            self.push(
                format!("grading.bands.{}.min_total", grading.bands.len() - 1),
                format!(
                    "最后一个分数段应从 0 分起（现为 {}），否则低分者无等次",
                    plain(last.min_total)
                ),
            );
        }
        for (t, key) in grading.tie_break.iter().enumerate() {
            if !dimensions.contains(key.as_str()) && !indicators.contains(key.as_str()) {
                self.push(
                    format!("grading.tie_break.{t}"),
                    format!("引用了不存在的板块或指标“{key}”"),
                );
            }
        }
    }
}
