//! What the widgets send to and receive from `kaoping serve`: one struct per JSON body,
//! and the endpoint paths. `docs/widgets.md` documents the same contract for the server.
//!
//! Decimals cross as JSON strings (`"8.5"`), as everywhere in kaoping.

use kaoping_shared::ids::{CaseId, IndicatorKey, ProsecutorId};
use kaoping_shared::model::{ManualScore, Rating};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /api/units/{unit}/review-forms/{prosecutor}?year=Y`: everything a case-review form needs to show and compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormContext {
    /// Heading shown above the form, e.g. `2019年度案件评查 · 王五`.
    pub title: String,
    /// The prosecutor whose cases and manual items this form scores.
    pub prosecutor: ProsecutorId,
    /// The reviewer's role in manual indicators (a `role` of the rule set), e.g. `department`.
    pub role: String,
    /// Lowercase hex SHA-256 of the unit's active scoring plugin.
    pub plugin: String,
    /// The rule set the server evaluates with (`kaoping_shared::rules::RuleSet` as JSON),
    /// passed to the plugin untouched; the form reads what it shows through [`RulesView`].
    pub rules: Value,
    /// The unit's evaluation input as the server holds it, without this form's entries
    /// (`kaoping_shared::model::EvaluationInput` as JSON).
    pub input: Value,
    /// The sampled cases this reviewer reviews, in display order (ids of `input.cases`).
    pub cases: Vec<CaseId>,
    /// What this form saved last time, if anything.
    #[serde(default)]
    pub saved: Option<FormEntries>,
}

/// What the form shows of a rule set. The rule set itself travels as JSON to the plugin,
/// unchanged: the widget never needs to understand every rule, and the bundle stays small.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RulesView {
    /// Title.
    pub name: String,
    /// Version.
    pub version: String,
    /// Review conclusions, best first.
    #[serde(default = "default_review_scale")]
    pub review_scale: Vec<String>,
    /// Dimensions, with their indicators.
    pub dimensions: Vec<DimensionView>,
}

fn default_review_scale() -> Vec<String> {
    ["优质", "合格", "瑕疵", "不合格"]
        .map(String::from)
        .to_vec()
}

/// A dimension's name and indicators.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DimensionView {
    /// Name.
    pub name: String,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
}

/// An indicator: key, name, points, and its rule if manual.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct IndicatorView {
    /// Key.
    pub key: IndicatorKey,
    /// Name.
    pub name: String,
    /// Nominal points.
    pub points: Decimal,
    /// The rule, as JSON (`{"manual": {...}}` for manual items).
    pub rule: Value,
}

/// The parts of a manual rule a form enforces.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ManualView {
    /// Lowest score.
    #[serde(default)]
    pub min: Decimal,
    /// Highest score (default: the indicator's points).
    #[serde(default)]
    pub max: Option<Decimal>,
    /// Reviewer roles.
    pub roles: Vec<RoleView>,
    /// Whether a reason is required.
    #[serde(default)]
    pub require_reason: bool,
}

/// A reviewer role's key.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RoleView {
    /// e.g. `department`.
    pub role: String,
}

impl IndicatorView {
    /// The manual rule, if this is a manual indicator.
    pub fn manual(&self) -> Option<ManualView> {
        serde_json::from_value(self.rule.get("manual")?.clone()).ok()
    }
}

/// The reviewer's entries: case reviews and manual scores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormEntries {
    /// One per reviewed case.
    pub reviews: Vec<CaseReview>,
    /// One per manual indicator scored (role = the form's role).
    pub manual_scores: Vec<ManualScore>,
}

/// A case-review record (案件评查): the conclusion and the deductions with reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseReview {
    /// 案件编号.
    pub case: CaseId,
    /// One of the rule set's `review_scale`, e.g. `瑕疵`; it becomes the case's 评查结论.
    pub conclusion: String,
    /// 扣分 with reasons.
    #[serde(default)]
    pub deductions: Vec<ReviewDeduction>,
}

/// One deduction in a case review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewDeduction {
    /// Points deducted, positive.
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
    /// Why.
    pub reason: String,
}

/// `POST /api/units/{unit}/review-forms/{prosecutor}?year=Y`: the entries, and what the form computed from them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSubmission {
    /// The entries.
    #[serde(flatten)]
    pub entries: FormEntries,
    /// The plugin the form computed with (SHA-256).
    pub plugin: String,
    /// The rule set's id and version the form computed with.
    pub rule_set: RuleSetVersion,
    /// The prosecutor's total the form showed.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// A rule set's id and version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetVersion {
    /// e.g. `r-2019`.
    pub id: String,
    /// e.g. `2019.1`.
    pub version: String,
}

/// The answer to a [`FormSubmission`]: what the server stored, computed by its own plugin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSaved {
    /// The prosecutor's total as the server computed and stored it.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// The plugin the server used (SHA-256).
    pub plugin: String,
    /// The rule set the server used.
    pub rule_set: RuleSetVersion,
}

/// The parts of a plugin's response the widgets read (unknown fields ignored).
#[derive(Clone, Debug, Deserialize)]
pub struct PluginResponse {
    /// `ok` or `error`.
    pub status: String,
    /// The result, when `ok`.
    #[serde(default)]
    pub result: Option<PluginResult>,
    /// The error, when `error`.
    #[serde(default)]
    pub error: Option<PluginError>,
}

/// `result`: one key naming the reply.
#[derive(Clone, Debug, Deserialize)]
pub struct PluginResult {
    /// Answer to `evaluate`.
    #[serde(default)]
    pub evaluation: Option<EvaluationView>,
    /// Answer to `describe`.
    #[serde(default)]
    pub description: Option<DescriptionView>,
}

/// A plugin's error.
#[derive(Clone, Debug, Deserialize)]
pub struct PluginError {
    /// Chinese message.
    pub message: String,
    /// Every problem.
    #[serde(default)]
    pub problems: Vec<String>,
}

/// `describe`'s answer.
#[derive(Clone, Debug, Deserialize)]
pub struct DescriptionView {
    /// Engine name.
    pub engine: String,
    /// Engine version.
    pub version: String,
    /// ABI version.
    pub abi: u32,
    /// The operations it answers.
    #[serde(default)]
    pub operations: Vec<String>,
}

/// What the form reads of an evaluation.
#[derive(Clone, Debug, Deserialize)]
pub struct EvaluationView {
    /// The rule set that computed it.
    pub rule_set: RuleSetVersion,
    /// Per prosecutor.
    pub results: Vec<ResultView>,
}

/// One prosecutor's total, grade and dimensions.
#[derive(Clone, Debug, Deserialize)]
pub struct ResultView {
    /// 检察官编号.
    pub prosecutor: ProsecutorId,
    /// Total.
    pub total: Decimal,
    /// 等次.
    pub grade: String,
    /// Dimensions.
    pub dimensions: Vec<DimensionScore>,
}

/// A dimension's name and score.
#[derive(Clone, Debug, Deserialize)]
pub struct DimensionScore {
    /// Name.
    pub name: String,
    /// Score.
    pub score: Decimal,
}

/// `POST /api/ballots/token` with [`TokenQuery`]: what a ballot token opens (the server
/// issues one token per subject and voter group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// `democratic` (民主测评) or `satisfaction` (满意度测评).
    pub kind: String,
    /// 测评对象's 检察官编号.
    pub subject: ProsecutorId,
    /// 测评对象's name, if known.
    #[serde(default)]
    pub subject_name: Option<String>,
    /// 投票人类别.
    pub voter_group: String,
    /// Already used.
    pub used: bool,
    /// The year evaluated.
    pub year: i32,
}

/// The body of `POST /api/ballots/token`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenQuery {
    /// The ballot token.
    pub token: String,
}

/// What a ballot widget shows: title, voter group, subjects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSheet {
    /// Heading, e.g. `2019年度检察官民主测评`.
    pub title: String,
    /// 投票人类别 of this token, e.g. 干警.
    pub voter_group: String,
    /// 测评对象, in display order.
    pub subjects: Vec<BallotSubject>,
}

impl BallotSheet {
    /// The sheet a token opens: its one subject.
    pub fn from_token(info: &TokenInfo) -> BallotSheet {
        BallotSheet {
            title: format!("{}年度检察官民主测评", info.year),
            voter_group: info.voter_group.clone(),
            subjects: vec![BallotSubject {
                id: info.subject.clone(),
                name: info
                    .subject_name
                    .clone()
                    .unwrap_or_else(|| info.subject.to_string()),
                department: None,
            }],
        }
    }
}

/// One person rated on a ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSubject {
    /// 检察官编号.
    pub id: ProsecutorId,
    /// 姓名.
    pub name: String,
    /// 部门, if the server gives it.
    #[serde(default)]
    pub department: Option<String>,
}

/// The body of `POST /api/ballots`: one subject's marks, 德 能 勤 绩 廉 and 总体.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSubmission {
    /// The ballot token (spent by this request).
    pub token: String,
    /// 德 能 勤 绩 廉, in that order.
    pub marks: [Rating; 5],
    /// 总体.
    pub overall: Rating,
}

/// The answer to a [`BallotSubmission`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotAccepted {
    /// Stored.
    pub accepted: bool,
}

/// An error body: `{"error": {"code": "token_used", "message": "…"}}` (or the inner object
/// alone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorBody {
    /// `{"error": {...}}`.
    Wrapped {
        /// The error.
        error: ErrorDetail,
    },
    /// `{...}`.
    Bare(ErrorDetail),
}

/// A server error's code and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable code, e.g. `token_used`, `token_unknown`, `not_found`.
    pub code: String,
    /// Chinese message.
    #[serde(default)]
    pub message: String,
}

impl ErrorBody {
    /// The detail, whichever shape it came in.
    pub fn detail(self) -> ErrorDetail {
        match self {
            ErrorBody::Wrapped { error } | ErrorBody::Bare(error) => error,
        }
    }
}

/// Endpoint paths, relative to the server's base address.
pub mod paths {
    /// `api/units/{unit}/review-forms/{prosecutor}?year={year}` (GET context, POST entries).
    ///
    /// # Example
    /// ```
    /// use kaoping_widgets::api::paths::form;
    /// assert_eq!(form("1", "2019", "P01"), "api/units/1/review-forms/P01?year=2019");
    /// ```
    pub fn form(unit: &str, year: &str, prosecutor: &str) -> String {
        format!(
            "api/units/{}/review-forms/{}?year={}",
            encode(unit),
            encode(prosecutor),
            encode(year)
        )
    }
    /// `api/plugins/{sha256}` (GET the module bytes, `application/wasm`).
    pub fn plugin(sha256: &str) -> String {
        format!("api/plugins/{}", encode(sha256))
    }
    /// `api/ballots/token` (POST `{"token"}`: what the token opens).
    pub const BALLOT_TOKEN: &str = "api/ballots/token";
    /// `api/ballots` (POST the marks with the token).
    pub const BALLOTS: &str = "api/ballots";

    /// Percent-encodes everything but unreserved ASCII, so any id is one path segment.
    ///
    /// # Example
    /// ```
    /// assert_eq!(kaoping_widgets::api::paths::encode("a b/案"), "a%20b%2F%E6%A1%88");
    /// ```
    pub fn encode(segment: &str) -> String {
        let mut out = String::with_capacity(segment.len());
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }

    /// Joins a base address and a relative path with exactly one slash.
    ///
    /// # Example
    /// ```
    /// use kaoping_widgets::api::paths::join;
    /// assert_eq!(join("http://h:8080", "api/x"), "http://h:8080/api/x");
    /// assert_eq!(join("http://h:8080/kp/", "api/x"), "http://h:8080/kp/api/x");
    /// ```
    pub fn join(base: &str, path: &str) -> String {
        format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_both_shapes() {
        let wrapped: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"token_used","message":"已使用"}}"#).unwrap();
        let bare: ErrorBody = serde_json::from_str(r#"{"code":"token_used"}"#).unwrap();
        assert_eq!(wrapped.detail().code, "token_used");
        assert_eq!(bare.detail().code, "token_used");
    }

    #[test]
    fn submission_flattens_entries_and_writes_decimals_as_strings() {
        let submission = FormSubmission {
            entries: FormEntries {
                reviews: vec![CaseReview {
                    case: "C1".into(),
                    conclusion: "瑕疵".into(),
                    deductions: vec![ReviewDeduction {
                        points: "1.5".parse().unwrap(),
                        reason: "文书不规范".into(),
                    }],
                }],
                manual_scores: vec![],
            },
            plugin: "ab".into(),
            rule_set: RuleSetVersion {
                id: "r-2019".into(),
                version: "1".into(),
            },
            total: "86.00".parse().unwrap(),
        };
        let json = serde_json::to_value(&submission).unwrap();
        assert_eq!(json["reviews"][0]["deductions"][0]["points"], "1.5");
        assert_eq!(json["total"], "86.00");
        let back: FormSubmission = serde_json::from_value(json).unwrap();
        assert_eq!(back, submission);
    }

    #[test]
    fn ballot_marks_use_chinese_words() {
        let marks = BallotSubmission {
            token: "T".into(),
            marks: [Rating::Excellent; 5],
            overall: Rating::Competent,
        };
        let json = serde_json::to_string(&marks).unwrap();
        assert!(json.contains(r#""overall":"称职""#), "{json}");
        assert!(
            json.contains(r#""marks":["优秀","优秀","优秀","优秀","优秀"]"#),
            "{json}"
        );
    }

    #[test]
    fn a_token_opens_a_one_subject_sheet() {
        let info: TokenInfo = serde_json::from_str(
            r#"{"kind":"democratic","subject":"P01","voter_group":"干警","used":false,"year":2019,"subject_name":"张三"}"#,
        )
        .unwrap();
        let sheet = BallotSheet::from_token(&info);
        assert_eq!(sheet.title, "2019年度检察官民主测评");
        assert_eq!(sheet.subjects[0].name, "张三");
    }
}
