//! Indicator systems (考评指标体系) as data: a [`RuleSet`] is what a committee writes, in
//! TOML ([`load`]), checked with every problem listed at once ([`validate`]).
//!
//! Each rule kind is an enum variant whose doc has a worked example. The built-in
//! reference system R-2019 is [`builtin::r2019`].
//!
//! ```
//! use kaoping_shared::rules::builtin;
//! let rules = builtin::r2019();
//! assert_eq!(rules.id, "r-2019");
//! assert!(kaoping_shared::rules::validate::validate(&rules).is_ok());
//! ```

pub mod builtin;
mod filter;
pub mod load;
pub mod validate;

pub use filter::CaseFilter;

use crate::ids::{DimensionKey, IndicatorKey};
use crate::metrics::CaseRatioDefinition;
use crate::model::BallotField;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A complete indicator system: dimensions, indicators, grading, for one year and category.
///
/// Unknown fields are not silently dropped: [`load::from_toml`] and the plugin API both
/// report them as problems.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Stable identifier, e.g. `r-2019`.
    pub id: String,
    /// Title as the committee names it.
    pub name: String,
    /// Version; a published evaluation names it.
    pub version: String,
    /// Free text for readers.
    #[serde(default)]
    pub description: String,
    /// Nominal total; the dimensions' `points` must add up to it (e.g. 100).
    pub total_points: Decimal,
    /// Which of a prosecutor's cases count in the period.
    #[serde(default)]
    pub case_scope: CaseScope,
    /// Where results are rounded.
    #[serde(default)]
    pub rounding: Rounding,
    /// The case-review conclusions this unit uses, best first.
    #[serde(default = "default_review_scale")]
    pub review_scale: Vec<String>,
    /// How 案-件比 is counted.
    #[serde(default)]
    pub case_ratio: CaseRatioDefinition,
    /// The dimensions (板块), in display order.
    pub dimensions: Vec<Dimension>,
    /// Minimum combined shares of chosen dimensions.
    #[serde(default)]
    pub share_rules: Vec<ShareRule>,
    /// Grades, quota, veto and tie-breaks.
    pub grading: Grading,
}

fn default_review_scale() -> Vec<String> {
    ["优质", "合格", "瑕疵", "不合格"]
        .map(String::from)
        .to_vec()
}

/// Which cases of the period count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseScope {
    /// Cases closed in the period (R-2019). A 2018 case closed in 2018 does not count for
    /// 2019; an open case does not count.
    #[default]
    ClosedInPeriod,
    /// Cases accepted in the period, open or closed.
    AcceptedInPeriod,
    /// Cases on hand at any time in the period: accepted by its end and closed (if at all)
    /// on or after its start.
    HandledInPeriod,
}

/// Rounding points. All rounding is 四舍五入 (half-up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    /// Places for each dimension score; the total is the sum of rounded dimensions.
    pub dimension_places: u32,
    /// Places for each indicator score; `None` keeps indicators exact.
    #[serde(default)]
    pub indicator_places: Option<u32>,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            dimension_places: 2,
            indicator_places: None,
        }
    }
}

/// One dimension (板块), e.g. 办案数量.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// Key used by tie-breaks and share rules, e.g. `quantity`.
    pub key: DimensionKey,
    /// Name shown to users, e.g. `办案数量`.
    pub name: String,
    /// Nominal weight in points; the dimensions add up to `total_points`.
    pub points: Decimal,
    /// Cap when the dimension may exceed its nominal points (R-2019 quantity: 36 of 30).
    #[serde(default)]
    pub max: Option<Decimal>,
    /// The indicators whose scores add up to the dimension.
    pub indicators: Vec<Indicator>,
}

impl Dimension {
    /// The cap: `max` if given, else `points`.
    pub fn cap(&self) -> Decimal {
        self.max.unwrap_or(self.points)
    }
}

/// One indicator (指标) and how it is scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Key, unique in the rule set; manual scores refer to it.
    pub key: IndicatorKey,
    /// Name shown to users.
    pub name: String,
    /// Nominal points; a dimension's indicators add up to its points.
    pub points: Decimal,
    /// The scoring rule.
    pub rule: Rule,
}

/// How an indicator is scored. `P` below is the indicator's `points`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Weighted case volume against a baseline: `min(cap, P × W ÷ baseline)`.
    ///
    /// Example (R-2019): weights 1, 1.4, 1.8 give W = 4.2; department average 2.85;
    /// 30 × 4.2 ÷ 2.85 = 44.21 → capped at 36.
    Volume(VolumeRule),
    /// Start from a base and deduct: `max(floor, base − Σ terms)`.
    ///
    /// Example (R-2019 quality): 30 − 10 per 无罪 − 1 per 评查瑕疵: one 瑕疵 → 29.
    Deduction(DeductionRule),
    /// A rate of matching cases on a linear curve: 0 at `zero_at`, `P` at `full_at`.
    ///
    /// Example (R-2019 effect): plea rate 2/3 with zero at 60% and full at 85%:
    /// 10 × (0.6667 − 0.6) ÷ 0.25 = 2.67.
    Rate(RateRule),
    /// Counted items (papers, training) with points each and a cap.
    ///
    /// Example (R-2019 skills): 2 national papers (4) + 2 provincial (2) = 12 → cap 10.
    Counted(CountedRule),
    /// Scores entered by reviewers in a form, weighted by reviewer role.
    ///
    /// Example: self 9 (weight 0.2), department 8 (weight 0.8) → 8.2.
    Manual(ManualRule),
    /// Democratic-evaluation ballots: `P × Σ value(mark) ÷ valid ballots`.
    ///
    /// Example (R-2019 ethics): 5 优秀, 3 称职 of 8 valid: 10 × (5 + 1.5) ÷ 8 = 8.125 → 8.13.
    Ballot(BallotRule),
}

/// See [`Rule::Volume`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeRule {
    /// Which of the counted cases are included.
    #[serde(default)]
    pub filter: CaseFilter,
    /// Per-case weight.
    #[serde(default)]
    pub weight: CaseWeight,
    /// What W is compared with.
    #[serde(default)]
    pub baseline: Baseline,
    /// Upper limit of the score (defaults to `P`).
    #[serde(default)]
    pub cap: Option<Decimal>,
    /// Score when the baseline is zero (nobody has a case).
    #[serde(default)]
    pub when_empty: EmptyPolicy,
}

/// Per-case weight: `(base + per_extra_suspect × (suspects − 1)) × (complex_factor if 疑难复杂)`,
/// at most `max`.
///
/// Example: 3 suspects, 0.2 per extra suspect, not complex → 1.4; 2 suspects, complex
/// (× 1.5) → 1.8.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseWeight {
    /// Weight of a plain one-suspect case.
    #[serde(default = "one")]
    pub base: Decimal,
    /// Added per suspect beyond the first.
    #[serde(default)]
    pub per_extra_suspect: Decimal,
    /// Multiplier for 疑难复杂 cases.
    #[serde(default = "one")]
    pub complex_factor: Decimal,
    /// Upper limit of one case's weight.
    #[serde(default)]
    pub max: Option<Decimal>,
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Default for CaseWeight {
    fn default() -> CaseWeight {
        CaseWeight {
            base: Decimal::ONE,
            per_extra_suspect: Decimal::ZERO,
            complex_factor: Decimal::ONE,
            max: None,
        }
    }
}

/// What a volume is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// The average W of the prosecutor's department, among those evaluated together.
    #[default]
    Department,
    /// The average W of everyone evaluated together.
    Unit,
    /// A fixed W, e.g. `{ fixed = 40 }`.
    Fixed(Decimal),
}

/// What an indicator scores when there is nothing to measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyPolicy {
    /// Full points.
    Full,
    /// Zero.
    #[default]
    Zero,
    /// The average of the department colleagues who do have something to measure.
    DepartmentAverage,
    /// A fixed score, e.g. `{ value = 5 }`.
    Value(Decimal),
}

/// See [`Rule::Deduction`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeductionRule {
    /// Starting score (defaults to `P`).
    #[serde(default)]
    pub base: Option<Decimal>,
    /// Lowest score.
    #[serde(default)]
    pub floor: Decimal,
    /// What is deducted.
    pub terms: Vec<DeductionTerm>,
}

/// One kind of deduction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionTerm {
    /// `points` for each counted case matching `filter`.
    ///
    /// Example: `{ label = "无罪判决", filter = { judgments = ["无罪"] }, points = 10 }`.
    PerCase {
        /// Shown in the explanation, e.g. 无罪判决.
        label: String,
        /// Which cases.
        filter: CaseFilter,
        /// Points per case.
        points: Decimal,
    },
    /// `points_per_unit × max(0, x − threshold)` where 案-件比 is 1 : x.
    ///
    /// Example (R-2019): x = 5/3, threshold 1.3, 10 per unit → 10 × 0.3667 = 3.67.
    CaseRatioAbove {
        /// Shown in the explanation.
        label: String,
        /// x above which points are lost.
        threshold: Decimal,
        /// Points per 1.0 of x above the threshold.
        points_per_unit: Decimal,
        /// x to use when there is no counted case (R-2019: 1).
        #[serde(default = "one")]
        when_empty: Decimal,
    },
}

/// See [`Rule::Rate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRule {
    /// Shown in the explanation, e.g. 认罪认罚从宽适用率.
    pub label: String,
    /// Cases over which the rate is taken.
    pub denominator: CaseFilter,
    /// Which of those count as hits.
    pub numerator: CaseFilter,
    /// Rate at or beyond which the score is 0.
    pub zero_at: Decimal,
    /// Rate at or beyond which the score is `P`. May be below `zero_at` when lower is better.
    pub full_at: Decimal,
    /// Score when no case is in the denominator.
    #[serde(default)]
    pub when_empty: EmptyPolicy,
}

/// See [`Rule::Counted`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedRule {
    /// Items and their points; bonus rows name them by `name`.
    pub items: Vec<CountedItem>,
    /// Upper limit (defaults to `P`).
    #[serde(default)]
    pub cap: Option<Decimal>,
}

/// One counted item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedItem {
    /// As in `bonus.csv` 项目, e.g. 国家级论文.
    pub name: String,
    /// Points each time.
    pub points: Decimal,
}

/// See [`Rule::Manual`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualRule {
    /// Lowest score a reviewer may give.
    #[serde(default)]
    pub min: Decimal,
    /// Highest score a reviewer may give (defaults to `P`).
    #[serde(default)]
    pub max: Option<Decimal>,
    /// Reviewer roles and their weights (adding up to 1); several scores of one role are
    /// averaged.
    pub roles: Vec<RoleWeight>,
    /// Whether each score needs a written reason.
    #[serde(default)]
    pub require_reason: bool,
    /// Score when nobody scored.
    #[serde(default)]
    pub when_empty: EmptyPolicy,
}

/// A reviewer role in a manual indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleWeight {
    /// Key, e.g. `self`, `peer`, `department`, `case_management`.
    pub role: String,
    /// Shown in forms, e.g. 自评.
    pub name: String,
    /// Share of the score, e.g. 0.2.
    pub weight: Decimal,
}

/// See [`Rule::Ballot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRule {
    /// Which mark counts (default 总体).
    #[serde(default = "overall")]
    pub field: BallotField,
    /// Value of 优秀.
    #[serde(default = "one")]
    pub excellent: Decimal,
    /// Value of 称职.
    #[serde(default = "half")]
    pub competent: Decimal,
    /// Value of 不称职.
    #[serde(default)]
    pub incompetent: Decimal,
    /// Voter-group weights; empty pools every ballot together.
    #[serde(default)]
    pub groups: Vec<GroupWeight>,
    /// Score with no valid ballot (R-2019: zero).
    #[serde(default)]
    pub when_empty: EmptyPolicy,
}

fn overall() -> BallotField {
    BallotField::Overall
}

fn half() -> Decimal {
    Decimal::new(5, 1)
}

/// A voter group's weight in a [`BallotRule`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupWeight {
    /// 投票人类别, e.g. 干警.
    pub group: String,
    /// Share, e.g. 0.6.
    pub weight: Decimal,
}

/// Chosen dimensions must together weigh at least `min_share` of the total
/// (seed 001: 数量 + 质量 + 技能 ≥ 70%).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRule {
    /// Shown in problems.
    pub label: String,
    /// The dimensions.
    pub dimensions: Vec<DimensionKey>,
    /// Minimum share of `total_points`, e.g. 0.7.
    pub min_share: Decimal,
}

/// Grades, in the unit's own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    /// Grades, best first, e.g. 优秀, 称职, 基本称职, 不称职 (or 优, 良, 中, 差).
    pub scale: Vec<String>,
    /// Grade forced by a veto (违纪违法), whatever the score.
    pub veto_grade: String,
    /// Top grades limited to a share of those evaluated, applied first.
    #[serde(default)]
    pub quotas: Vec<Quota>,
    /// Score bands, highest `min_total` first; the last must start at 0.
    pub bands: Vec<Band>,
    /// Dimension or indicator keys that break equal totals, in order.
    #[serde(default)]
    pub tie_break: Vec<String>,
}

/// A grade limited to the top `share` of everyone evaluated (vetoed included in the count),
/// for non-vetoed prosecutors with at least `min_total`.
///
/// Example: share 0.2 of 4 evaluated → round_half_up(0.8) = 1 place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// The grade, e.g. 优秀.
    pub grade: String,
    /// Share of those evaluated.
    pub share: Decimal,
    /// Lowest total that may get it.
    #[serde(default)]
    pub min_total: Decimal,
}

/// `grade` for totals of at least `min_total` (and below the previous band).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// The grade.
    pub grade: String,
    /// Lowest total in the band.
    pub min_total: Decimal,
}

impl RuleSet {
    /// Every indicator with its dimension, in order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Dimension, &Indicator)> {
        self.dimensions
            .iter()
            .flat_map(|d| d.indicators.iter().map(move |i| (d, i)))
    }
}
