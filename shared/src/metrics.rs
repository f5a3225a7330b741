//! 案-件比 (case-to-proceeding ratio) and 认罪认罚从宽适用率 (guilty-plea rate), per
//! prosecutor, per department, for the unit and by month.
//!
//! The slice functions count exactly the cases they are given (the caller decides which
//! cases count, e.g. the evaluation's counted cases); [`report`] counts the cases closed in
//! its period. Everything is counted in integers; ratios are exact [`Decimal`]s, shown
//! rounded half-up.
//!
//! ```
//! use kaoping_shared::metrics::{case_ratio, plea_rate, CaseRatioDefinition};
//! use kaoping_shared::model::tests_support::case;
//!
//! let mut a = case("临检刑诉〔2019〕1号", "P01");
//! a.returned_for_investigation = 1;
//! let mut b = case("临检刑诉〔2019〕3号", "P01");
//! b.extensions = 1;
//! b.plea = false;
//! let c = case("临检刑诉〔2019〕2号", "P01");
//! let cases = [&a, &b, &c];
//! let ratio = case_ratio(&cases, CaseRatioDefinition::Simple);
//! assert_eq!((ratio.matters, ratio.proceedings), (3, 5));
//! assert_eq!(ratio.to_string(), "1 : 1.67");
//! assert_eq!(plea_rate(&cases).to_string(), "66.67%");
//! ```

use crate::date::{Date, Period};
use crate::decimal::round_half_up;
use crate::ids::{CaseId, DepartmentId, ProsecutorId};
use crate::model::{Case, EvaluationInput, Prosecutor};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// 案件类别 of an arrest review.
pub const ARREST_REVIEW: &str = "审查逮捕";

/// 案件类别 of a prosecution review.
pub const PROSECUTION_REVIEW: &str = "审查起诉";

fn is_kind(case: &Case, kind: &str) -> bool {
    case.kind.trim() == kind
}

/// Non-routine procedures of a case: 退回补充侦查 + 延长审查期限.
fn extra_proceedings(case: &Case) -> u64 {
    case.proceedings() - 1
}

/// How 案-件比 is counted; rule sets name one (`simple` or `national`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRatioDefinition {
    /// Per prosecutor (R-2019): 案 = number of cases; 件 = Σ (1 + 退回补充侦查次数 +
    /// 延长审查期限次数). Three cases with one return and one extension: 1 : 5/3 = 1 : 1.67.
    #[default]
    Simple,
    /// The national index: 案 = 审查逮捕 cases + 审查起诉 cases − 审查起诉 cases whose
    /// suspects were already arrested; 件 = 案 + Σ (退回补充侦查 + 延长审查期限) over those
    /// 审查逮捕 and 审查起诉 cases. Other kinds count for neither. One arrest review and the
    /// prosecution review of the same arrested suspect: 案 = 1 + 1 − 1 = 1.
    National,
}

/// 案 and 件 of a 案-件比 `1 : 件/案`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRatio {
    /// 案
    pub matters: u64,
    /// 件
    pub proceedings: u64,
}

impl CaseRatio {
    /// x in 1 : x, exact (to `Decimal`'s 28 digits); `None` when 案 = 0.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::metrics::CaseRatio;
    /// assert_eq!(CaseRatio { matters: 8, proceedings: 9 }.ratio(), Some("1.125".parse().unwrap()));
    /// assert_eq!(CaseRatio { matters: 0, proceedings: 0 }.ratio(), None);
    /// ```
    pub fn ratio(&self) -> Option<Decimal> {
        Decimal::from(self.proceedings).checked_div(Decimal::from(self.matters))
    }
}

/// `1 : 1.67` (half-up, two places), or `—` when 案 = 0.
///
/// # Example
/// ```
/// use kaoping_shared::metrics::CaseRatio;
/// assert_eq!(CaseRatio { matters: 8, proceedings: 9 }.to_string(), "1 : 1.13");
/// ```
impl fmt::Display for CaseRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ratio() {
            Some(x) => write!(f, "1 : {}", round_half_up(x, 2)),
            None => f.write_str("—"),
        }
    }
}

/// 认罪认罚从宽适用率: 认罪认罚 cases among 审查起诉 cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PleaRate {
    /// 审查起诉 cases with 认罪认罚.
    pub plea: u64,
    /// 审查起诉 cases.
    pub total: u64,
}

impl PleaRate {
    /// plea ÷ total, exact (to `Decimal`'s 28 digits); `None` without a 审查起诉 case.
    pub fn rate(&self) -> Option<Decimal> {
        Decimal::from(self.plea).checked_div(Decimal::from(self.total))
    }
}

/// `66.67%` (half-up, two places), or `—` without a 审查起诉 case.
impl fmt::Display for PleaRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rate() {
            Some(p) => write!(f, "{}%", round_half_up(p * Decimal::ONE_HUNDRED, 2)),
            None => f.write_str("—"),
        }
    }
}

/// 案-件比 over exactly the given cases.
pub fn case_ratio(cases: &[&Case], definition: CaseRatioDefinition) -> CaseRatio {
    // No overflow: each case adds at most 1 + 2 × u32::MAX < 2^34, far fewer than 2^29
    // cases fit in memory.
    match definition {
        CaseRatioDefinition::Simple => CaseRatio {
            matters: cases.len() as u64,
            proceedings: cases.iter().map(|c| c.proceedings()).sum(),
        },
        CaseRatioDefinition::National => {
            let mut matters = 0u64;
            let mut extra = 0u64;
            for case in cases {
                let arrest = is_kind(case, ARREST_REVIEW);
                let prosecution = is_kind(case, PROSECUTION_REVIEW);
                if arrest || (prosecution && !case.previously_arrested) {
                    matters += 1;
                }
                if arrest || prosecution {
                    extra += extra_proceedings(case);
                }
            }
            CaseRatio {
                matters,
                proceedings: matters + extra,
            }
        }
    }
}

/// 认罪认罚从宽适用率 over the 审查起诉 cases among exactly the given cases.
pub fn plea_rate(cases: &[&Case]) -> PleaRate {
    let prosecutions = cases.iter().filter(|c| is_kind(c, PROSECUTION_REVIEW));
    let (plea, total) = prosecutions.fold((0, 0), |(p, t), c| (p + u64::from(c.plea), t + 1));
    PleaRate { plea, total }
}

/// The metrics of one set of cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsLine {
    /// Cases counted (all kinds).
    pub cases: u64,
    /// 案-件比 under the report's definition.
    pub case_ratio: CaseRatio,
    /// 认罪认罚从宽适用率.
    pub plea_rate: PleaRate,
}

impl MetricsLine {
    /// The metrics of exactly the given cases.
    pub fn of(cases: &[&Case], definition: CaseRatioDefinition) -> MetricsLine {
        MetricsLine {
            cases: cases.len() as u64,
            case_ratio: case_ratio(cases, definition),
            plea_rate: plea_rate(cases),
        }
    }
}

/// Metrics of the cases closed in a period: per prosecutor, per department, for the unit,
/// and by month of the closing date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsReport {
    /// The period; a case counts when its 办结日期 lies in it.
    pub period: Period,
    /// How 案-件比 is counted.
    pub definition: CaseRatioDefinition,
    /// Every prosecutor of the roster, with or without cases.
    pub prosecutors: BTreeMap<ProsecutorId, MetricsLine>,
    /// Every department of the roster.
    pub departments: BTreeMap<DepartmentId, MetricsLine>,
    /// All the roster's cases.
    pub unit: MetricsLine,
    /// Every month of the period, `YYYY-MM`, by closing date.
    pub months: BTreeMap<String, MetricsLine>,
    /// Cases closed in the period whose 承办检察官 is not on the roster: listed, not
    /// counted, so that nothing disappears silently.
    pub unknown_handler: Vec<CaseId>,
}

fn month_key(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The metrics report of a roster's cases closed in `period`.
///
/// # Example
/// ```
/// use kaoping_shared::metrics::{report, CaseRatioDefinition};
/// use kaoping_shared::model::{tests_support::case, Prosecutor};
/// let roster = [Prosecutor {
///     id: "P01".into(),
///     name: "张三".into(),
///     department: "第一检察部".into(),
///     category: "刑事检察".into(),
///     position: "员额检察官".into(),
///     violation: false,
/// }];
/// let cases = [case("临检刑诉〔2019〕1号", "P01"), case("临检刑诉〔2019〕2号", "P09")];
/// let period = "2019-01-01..2019-12-31".parse().unwrap();
/// let r = report(&roster, &cases, period, CaseRatioDefinition::Simple);
/// assert_eq!(r.unit.cases, 1);
/// assert_eq!(r.months["2019-03"].cases, 1);
/// assert_eq!(r.months.len(), 12);
/// assert_eq!(r.unknown_handler, ["临检刑诉〔2019〕2号".into()]);
/// ```
pub fn report(
    prosecutors: &[Prosecutor],
    cases: &[Case],
    period: Period,
    definition: CaseRatioDefinition,
) -> MetricsReport {
    let department: BTreeMap<&ProsecutorId, &DepartmentId> =
        prosecutors.iter().map(|p| (&p.id, &p.department)).collect();
    let mut by_prosecutor: BTreeMap<&ProsecutorId, Vec<&Case>> =
        prosecutors.iter().map(|p| (&p.id, vec![])).collect();
    let mut by_department: BTreeMap<&DepartmentId, Vec<&Case>> = prosecutors
        .iter()
        .map(|p| (&p.department, vec![]))
        .collect();
    let mut by_month: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    let mut month = Date::from_ymd(period.start.year(), period.start.month(), 1);
    while let Some(first) = month.filter(|m| *m <= period.end) {
        by_month.insert(month_key(first), vec![]);
        let (y, m) = (first.year(), first.month());
        month = if m == 12 {
            Date::from_ymd(y + 1, 1, 1)
        } else {
            Date::from_ymd(y, m + 1, 1)
        };
    }
    let mut unit = Vec::new();
    let mut unknown_handler = Vec::new();
    // Sorted by case number so that the lists, and thus the bytes, never depend on row order.
    let mut closed: Vec<(&Case, Date)> = cases
        .iter()
        .filter_map(|c| c.closed.filter(|d| period.contains(*d)).map(|d| (c, d)))
        .collect();
    closed.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (case, closed_on) in closed {
        let Some(dept) = department.get(&case.handler) else {
            unknown_handler.push(case.id.clone());
            continue;
        };
        unit.push(case);
        by_prosecutor.entry(&case.handler).or_default().push(case);
        by_department.entry(dept).or_default().push(case);
        by_month.entry(month_key(closed_on)).or_default().push(case);
    }
    let line = |cases: &Vec<&Case>| MetricsLine::of(cases, definition);
    MetricsReport {
        period,
        definition,
        prosecutors: by_prosecutor
            .iter()
            .map(|(k, v)| ((*k).clone(), line(v)))
            .collect(),
        departments: by_department
            .iter()
            .map(|(k, v)| ((*k).clone(), line(v)))
            .collect(),
        unit: line(&unit),
        months: by_month.iter().map(|(k, v)| (k.clone(), line(v))).collect(),
        unknown_handler,
    }
}

/// [`report`] over an evaluation's roster, cases and period.
pub fn report_for(input: &EvaluationInput, definition: CaseRatioDefinition) -> MetricsReport {
    report(&input.prosecutors, &input.cases, input.period, definition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::fixtures::{REFERENCE_CASES, parse_cases};

    fn prosecutor(id: &str, department: &str) -> Prosecutor {
        Prosecutor {
            id: id.into(),
            name: id.to_owned(),
            department: department.into(),
            category: "刑事检察".into(),
            position: "员额检察官".into(),
            violation: false,
        }
    }

    fn roster() -> Vec<Prosecutor> {
        ["P01", "P02", "P03", "P04"]
            .map(|id| prosecutor(id, "第一检察部"))
            .to_vec()
    }

    fn period() -> Period {
        "2019-01-01..2019-12-31".parse().unwrap()
    }

    fn reference(definition: CaseRatioDefinition) -> MetricsReport {
        report(
            &roster(),
            &parse_cases(REFERENCE_CASES),
            period(),
            definition,
        )
    }

    #[test]
    fn reference_example() {
        let r = reference(CaseRatioDefinition::Simple);
        let p = |id: &str| r.prosecutors[&ProsecutorId::from(id)];
        // P01: 〔2018〕41号 closed in 2018 does not count; 件 = 2 + 1 + 2.
        assert_eq!(
            p("P01").case_ratio,
            CaseRatio {
                matters: 3,
                proceedings: 5
            }
        );
        assert_eq!(p("P01").case_ratio.to_string(), "1 : 1.67");
        assert_eq!(
            p("P01").case_ratio.ratio(),
            Some(Decimal::from(5) / Decimal::from(3))
        );
        assert_eq!(
            p("P03").case_ratio,
            CaseRatio {
                matters: 3,
                proceedings: 5
            }
        );
        assert_eq!(p("P03").case_ratio.to_string(), "1 : 1.67");
        // P01's plea rate: 〔2019〕3号 without the plea.
        assert_eq!(p("P01").plea_rate, PleaRate { plea: 2, total: 3 });
        assert_eq!(p("P01").plea_rate.to_string(), "66.67%");
        // P02: the open 〔2019〕10号 does not count.
        assert_eq!(p("P02").cases, 2);
        assert_eq!(p("P02").plea_rate, PleaRate { plea: 1, total: 2 });
        // P04: the 审查逮捕 case counts for 案-件比 but not for the plea rate.
        assert_eq!(
            p("P04").case_ratio,
            CaseRatio {
                matters: 2,
                proceedings: 2
            }
        );
        assert_eq!(p("P04").plea_rate, PleaRate { plea: 1, total: 1 });
        assert_eq!(p("P04").plea_rate.rate(), Some(Decimal::ONE));

        assert_eq!(r.unit.cases, 10);
        assert_eq!(
            r.unit.case_ratio,
            CaseRatio {
                matters: 10,
                proceedings: 14
            }
        );
        assert_eq!(r.unit.case_ratio.to_string(), "1 : 1.40");
        assert_eq!(r.unit.plea_rate, PleaRate { plea: 7, total: 9 });
        assert_eq!(r.departments.len(), 1);
        assert_eq!(r.departments[&DepartmentId::from("第一检察部")], r.unit);
        assert!(r.unknown_handler.is_empty());

        let months: Vec<(&str, u64)> = r
            .months
            .iter()
            .map(|(m, line)| (m.as_str(), line.cases))
            .collect();
        assert_eq!(
            months,
            [
                ("2019-01", 0),
                ("2019-02", 1),
                ("2019-03", 2),
                ("2019-04", 3),
                ("2019-05", 0),
                ("2019-06", 1),
                ("2019-07", 1),
                ("2019-08", 1),
                ("2019-09", 1),
                ("2019-10", 0),
                ("2019-11", 0),
                ("2019-12", 0),
            ]
        );
        assert_eq!(
            r.months["2019-04"].case_ratio,
            CaseRatio {
                matters: 3,
                proceedings: 5
            }
        );
    }

    #[test]
    fn national_definition() {
        let mut cases = parse_cases(REFERENCE_CASES);
        // P04's prosecution review 〔2019〕9号 is of a suspect arrested in 临检刑捕〔2019〕1号.
        let nine = cases
            .iter_mut()
            .find(|c| c.id.as_str() == "临检刑诉〔2019〕9号")
            .unwrap();
        nine.previously_arrested = true;
        nine.returned_for_investigation = 1;
        let simple = report(&roster(), &cases, period(), CaseRatioDefinition::Simple);
        let national = report(&roster(), &cases, period(), CaseRatioDefinition::National);
        let p04 = |r: &MetricsReport| r.prosecutors[&ProsecutorId::from("P04")].case_ratio;
        assert_eq!(
            p04(&simple),
            CaseRatio {
                matters: 2,
                proceedings: 3
            }
        );
        // 案 = 1 arrest + 1 prosecution − 1 already arrested; 件 = 1 + 1 return.
        assert_eq!(
            p04(&national),
            CaseRatio {
                matters: 1,
                proceedings: 2
            }
        );
        assert_eq!(p04(&national).to_string(), "1 : 2.00");
        // Without arrested suspects the two agree.
        let p03 = |r: &MetricsReport| r.prosecutors[&ProsecutorId::from("P03")].case_ratio;
        assert_eq!(p03(&national), p03(&simple));
        assert_eq!(national.definition, CaseRatioDefinition::National);
    }

    #[test]
    fn national_ignores_other_kinds() {
        let mut civil = crate::model::tests_support::case("临检民〔2019〕1号", "P01");
        civil.kind = "民事检察".into();
        civil.extensions = 2;
        let mut arrest = crate::model::tests_support::case("临检刑捕〔2019〕2号", "P01");
        arrest.kind = ARREST_REVIEW.into();
        arrest.extensions = 1;
        let cases = [&civil, &arrest];
        assert_eq!(
            case_ratio(&cases, CaseRatioDefinition::National),
            CaseRatio {
                matters: 1,
                proceedings: 2
            }
        );
        assert_eq!(
            case_ratio(&cases, CaseRatioDefinition::Simple),
            CaseRatio {
                matters: 2,
                proceedings: 5
            }
        );
        assert_eq!(plea_rate(&cases), PleaRate { plea: 0, total: 0 });
    }

    #[test]
    fn nothing_to_measure() {
        let none = case_ratio(&[], CaseRatioDefinition::Simple);
        assert_eq!((none.ratio(), none.to_string().as_str()), (None, "—"));
        let rate = plea_rate(&[]);
        assert_eq!((rate.rate(), rate.to_string().as_str()), (None, "—"));
    }

    #[test]
    fn display_rounds_half_up() {
        assert_eq!(
            CaseRatio {
                matters: 8,
                proceedings: 9
            }
            .to_string(),
            "1 : 1.13"
        );
        assert_eq!(
            CaseRatio {
                matters: 1,
                proceedings: 1
            }
            .to_string(),
            "1 : 1.00"
        );
        assert_eq!(
            PleaRate {
                plea: 1,
                total: 1600
            }
            .to_string(),
            "0.06%"
        );
        // 0.0625% → 0.06%, 0.125% → 0.13% (banker's would give 0.12%).
        assert_eq!(
            PleaRate {
                plea: 1,
                total: 800
            }
            .to_string(),
            "0.13%"
        );
    }

    #[test]
    fn row_order_and_roster_edges() {
        let mut cases = parse_cases(REFERENCE_CASES);
        let forward = reference(CaseRatioDefinition::Simple);
        cases.reverse();
        let mut people = roster();
        people.reverse();
        let backward = report(&people, &cases, period(), CaseRatioDefinition::Simple);
        assert_eq!(backward, forward);

        // A prosecutor without cases is listed with zeros; an unknown handler is listed apart.
        let mut people = roster();
        people.push(prosecutor("P05", "第二检察部"));
        people.retain(|p| p.id.as_str() != "P04");
        let r = report(&people, &cases, period(), CaseRatioDefinition::Simple);
        assert_eq!(
            r.prosecutors[&ProsecutorId::from("P05")],
            MetricsLine::default()
        );
        assert_eq!(r.departments[&DepartmentId::from("第二检察部")].cases, 0);
        let unknown: Vec<&str> = r.unknown_handler.iter().map(CaseId::as_str).collect();
        assert_eq!(unknown, ["临检刑捕〔2019〕1号", "临检刑诉〔2019〕9号"]);
        assert_eq!(r.unit.cases, 8);
    }

    #[test]
    fn months_across_years_and_serde() {
        let period: Period = "2018-11-15..2019-02-01".parse().unwrap();
        let r = report(
            &roster(),
            &parse_cases(REFERENCE_CASES),
            period,
            CaseRatioDefinition::Simple,
        );
        let months: Vec<&str> = r.months.keys().map(String::as_str).collect();
        assert_eq!(months, ["2018-11", "2018-12", "2019-01", "2019-02"]);
        assert_eq!(r.months["2018-12"].cases, 1);
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""definition":"simple""#), "{json}");
        assert!(
            json.contains(r#""case_ratio":{"matters":1,"proceedings":1}"#),
            "{json}"
        );
        let back: MetricsReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        let national: CaseRatioDefinition = serde_json::from_str(r#""national""#).unwrap();
        assert_eq!(national, CaseRatioDefinition::National);
    }

    #[test]
    fn report_for_an_evaluation_input() {
        let input = EvaluationInput {
            period: period(),
            prosecutors: roster(),
            cases: parse_cases(REFERENCE_CASES),
            bonus: vec![],
            ballots: vec![],
            manual_scores: vec![],
        };
        assert_eq!(
            report_for(&input, CaseRatioDefinition::Simple),
            reference(CaseRatioDefinition::Simple)
        );
    }
}
