//! What the widgets send to and receive from `kaoping serve`: one struct per JSON body,
//! read and written with [`crate::json`], and the endpoint paths. `docs/widgets.md`
//! documents the same contract for the server.
//!
//! Decimals cross as JSON strings (`"8.5"`), as everywhere in kaoping.

use crate::decimal::Decimal;
use crate::json::{Fields, Json, object};
use crate::number::decimal;
use kaoping_shared::ids::{CaseId, IndicatorKey, ProsecutorId};
use kaoping_shared::model::Rating;
use std::rc::Rc;

/// `GET /api/units/{unit}/review-forms/{prosecutor}?year=Y`: everything a case-review form needs to show and compute.
#[derive(Clone, Debug, PartialEq)]
pub struct FormContext {
    /// Heading shown above the form, e.g. `2019年度案件评查 · 王五`.
    pub title: String,
    /// The prosecutor whose cases and manual items this form scores.
    pub prosecutor: ProsecutorId,
    /// The reviewer's role in manual indicators (a `role` of the rule set), e.g. `department`.
    pub role: String,
    /// Lowercase hex SHA-256 of the unit's active scoring plugin.
    pub plugin: String,
    /// What the form shows of the rule set.
    pub rules: Rc<RulesView>,
    /// The rule set the server evaluates with (`kaoping_shared::rules::RuleSet` as JSON
    /// text), passed to the plugin untouched.
    pub rules_json: Rc<str>,
    /// The unit's evaluation input as the server holds it, without this form's entries
    /// (`kaoping_shared::model::EvaluationInput` as JSON).
    pub input: Rc<Json>,
    /// The sampled cases this reviewer reviews, in display order (ids of `input.cases`).
    pub cases: Vec<CaseId>,
    /// What this form saved last time, if anything.
    pub saved: Option<FormEntries>,
}

impl FormContext {
    /// Reads the server's answer.
    pub fn from_json(text: &str) -> Result<FormContext, String> {
        let mut v = Json::parse(text)?;
        let input = v.get_mut("input").map(std::mem::take).unwrap_or_default();
        if input.is_null() {
            return Err(crate::json::missing("input"));
        }
        let rules = &v["rules"];
        let view = RulesView::from_json(rules)
            .map_err(|e| format!("服务器给出的指标体系无法读取：{e}"))?;
        v.read(|f| FormContext {
            title: f.string("title"),
            prosecutor: ProsecutorId(f.string("prosecutor")),
            role: f.string("role"),
            plugin: f.string("plugin"),
            rules: Rc::new(view),
            rules_json: rules.dump().into(),
            input: Rc::new(input),
            cases: f
                .json()
                .strings_at("cases")
                .into_iter()
                .map(CaseId)
                .collect(),
            saved: if f.get("saved").is_null() {
                None
            } else {
                Some(f.object("saved", FormEntries::read))
            },
        })
    }
}

/// What the form shows of a rule set. The rule set itself travels as JSON to the plugin,
/// unchanged: the widget never needs to understand every rule, and the bundle stays small.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesView {
    /// Title.
    pub name: String,
    /// Version.
    pub version: String,
    /// Review conclusions, best first.
    pub review_scale: Vec<String>,
    /// Dimensions, with their indicators.
    pub dimensions: Vec<DimensionView>,
}

impl RulesView {
    /// Reads what the form shows of a rule set.
    pub fn from_json(rules: &Json) -> Result<RulesView, String> {
        rules.read(|r| RulesView {
            name: r.string("name"),
            version: r.string("version"),
            review_scale: if r.get("review_scale").is_null() {
                ["优质", "合格", "瑕疵", "不合格"]
                    .map(String::from)
                    .to_vec()
            } else {
                r.json().strings_at("review_scale")
            },
            dimensions: r.list("dimensions", |d| DimensionView {
                name: d.string("name"),
                indicators: d.list("indicators", IndicatorView::read),
            }),
        })
    }
}

/// A dimension's name and indicators.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionView {
    /// Name.
    pub name: String,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
}

/// An indicator: key, name, points, and its rule if manual.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorView {
    /// Key.
    pub key: IndicatorKey,
    /// Name.
    pub name: String,
    /// Nominal points.
    pub points: Decimal,
    /// The manual rule, if this is a manual indicator (`{"manual": {...}}`).
    pub manual: Option<ManualView>,
}

impl IndicatorView {
    fn read(i: &mut Fields) -> IndicatorView {
        IndicatorView {
            key: IndicatorKey(i.string("key")),
            name: i.string("name"),
            points: i.decimal("points"),
            manual: if i.get("rule")["manual"].is_null() {
                None
            } else {
                Some(i.object("rule", |r| r.object("manual", ManualView::read)))
            },
        }
    }
}

/// The parts of a manual rule a form enforces.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualView {
    /// Lowest score.
    pub min: Decimal,
    /// Highest score (default: the indicator's points).
    pub max: Option<Decimal>,
    /// Reviewer roles, e.g. `department`.
    pub roles: Vec<String>,
    /// Whether a reason is required.
    pub require_reason: bool,
}

impl ManualView {
    fn read(m: &mut Fields) -> ManualView {
        ManualView {
            min: decimal(m.get("min")).unwrap_or_default(),
            max: decimal(m.get("max")),
            roles: m.list("roles", |r| r.string("role")),
            require_reason: m.get("require_reason").as_bool().unwrap_or(false),
        }
    }
}

/// The reviewer's entries: case reviews and manual scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormEntries {
    /// One per reviewed case.
    pub reviews: Vec<CaseReview>,
    /// One per manual indicator scored (role = the form's role).
    pub manual_scores: Vec<ManualScore>,
}

impl FormEntries {
    fn read(v: &mut Fields) -> FormEntries {
        FormEntries {
            reviews: v.list("reviews", |r| CaseReview {
                case: CaseId(r.string("case")),
                conclusion: r.string("conclusion"),
                deductions: r.list("deductions", |d| ReviewDeduction {
                    points: d.decimal("points"),
                    reason: d.string("reason"),
                }),
            }),
            manual_scores: v.list("manual_scores", |s| ManualScore {
                prosecutor: ProsecutorId(s.string("prosecutor")),
                indicator: IndicatorKey(s.string("indicator")),
                role: s.string("role"),
                score: s.decimal("score"),
                reason: s.optional("reason"),
            }),
        }
    }
}

/// A score a reviewer gave for a manual indicator, as `kaoping_shared::model::ManualScore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManualScore {
    /// Whose score it is.
    pub prosecutor: ProsecutorId,
    /// Which manual indicator of the rule set.
    pub indicator: IndicatorKey,
    /// The reviewer's role as the rule set names it, e.g. `department`.
    pub role: String,
    /// The score given.
    pub score: Decimal,
    /// The reason, required where the rule set says so.
    pub reason: Option<String>,
}

/// A manual score as `kaoping_shared::model::ManualScore` JSON (the score a string).
pub fn manual_score_json(s: &ManualScore) -> Json {
    object(vec![
        ("prosecutor", s.prosecutor.as_str().into()),
        ("indicator", s.indicator.as_str().into()),
        ("role", s.role.as_str().into()),
        ("score", s.score.to_string().into()),
        ("reason", s.reason.clone().map_or(Json::Null, Json::Str)),
    ])
}

/// A case-review record (案件评查): the conclusion and the deductions with reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseReview {
    /// 案件编号.
    pub case: CaseId,
    /// One of the rule set's `review_scale`, e.g. `瑕疵`; it becomes the case's 评查结论.
    pub conclusion: String,
    /// 扣分 with reasons.
    pub deductions: Vec<ReviewDeduction>,
}

/// One deduction in a case review.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewDeduction {
    /// Points deducted, positive.
    pub points: Decimal,
    /// Why.
    pub reason: String,
}

/// `POST /api/units/{unit}/review-forms/{prosecutor}?year=Y`: the entries, and what the form computed from them.
#[derive(Clone, Debug, PartialEq)]
pub struct FormSubmission {
    /// The entries.
    pub entries: FormEntries,
    /// The plugin the form computed with (SHA-256).
    pub plugin: String,
    /// The rule set's id and version the form computed with.
    pub rule_set: RuleSetVersion,
    /// The prosecutor's total the form showed.
    pub total: Decimal,
}

impl FormSubmission {
    /// The request body: the entries' members, then the plugin, rule set and total.
    pub fn to_json(&self) -> Json {
        let reviews = self
            .entries
            .reviews
            .iter()
            .map(|r| {
                let deductions = r
                    .deductions
                    .iter()
                    .map(|d| {
                        object(vec![
                            ("points", d.points.to_string().into()),
                            ("reason", d.reason.as_str().into()),
                        ])
                    })
                    .collect();
                object(vec![
                    ("case", r.case.as_str().into()),
                    ("conclusion", r.conclusion.as_str().into()),
                    ("deductions", Json::Arr(deductions)),
                ])
            })
            .collect();
        object(vec![
            ("reviews", Json::Arr(reviews)),
            (
                "manual_scores",
                Json::Arr(
                    self.entries
                        .manual_scores
                        .iter()
                        .map(manual_score_json)
                        .collect(),
                ),
            ),
            ("plugin", self.plugin.as_str().into()),
            (
                "rule_set",
                object(vec![
                    ("id", self.rule_set.id.as_str().into()),
                    ("version", self.rule_set.version.as_str().into()),
                ]),
            ),
            ("total", self.total.to_string().into()),
        ])
    }
}

/// A rule set's id and version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSetVersion {
    /// e.g. `r-2019`.
    pub id: String,
    /// e.g. `2019.1`.
    pub version: String,
}

impl RuleSetVersion {
    /// Reads `{"id", "version"}`.
    pub fn read(v: &mut Fields) -> RuleSetVersion {
        RuleSetVersion {
            id: v.string("id"),
            version: v.string("version"),
        }
    }
}

/// The answer to a [`FormSubmission`]: what the server stored, computed by its own plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct FormSaved {
    /// The prosecutor's total as the server computed and stored it.
    pub total: Decimal,
    /// The plugin the server used (SHA-256).
    pub plugin: String,
    /// The rule set the server used.
    pub rule_set: RuleSetVersion,
}

impl FormSaved {
    /// Reads the server's answer.
    pub fn from_json(v: &Json) -> Result<FormSaved, String> {
        v.read(|v| FormSaved {
            total: v.decimal("total"),
            plugin: v.string("plugin"),
            rule_set: v.object("rule_set", RuleSetVersion::read),
        })
    }
}

/// `POST /api/ballots/token` with `{"token": "…"}`: what a ballot token opens (the server
/// issues one token per subject and voter group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// `democratic` (民主测评) or `satisfaction` (满意度测评).
    pub kind: String,
    /// 测评对象's 检察官编号.
    pub subject: ProsecutorId,
    /// 测评对象's name, if known.
    pub subject_name: Option<String>,
    /// 投票人类别.
    pub voter_group: String,
    /// Already used.
    pub used: bool,
    /// The year evaluated.
    pub year: i64,
}

impl TokenInfo {
    /// Reads the server's answer.
    pub fn from_json(v: &Json) -> Result<TokenInfo, String> {
        v.read(|v| TokenInfo {
            kind: v.string("kind"),
            subject: ProsecutorId(v.string("subject")),
            subject_name: v.optional("subject_name"),
            voter_group: v.string("voter_group"),
            used: v.bool("used"),
            year: v.i64("year"),
        })
    }
}

/// What a ballot widget shows: title, voter group, subjects.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotSubject {
    /// 检察官编号.
    pub id: ProsecutorId,
    /// 姓名.
    pub name: String,
    /// 部门, if the server gives it.
    pub department: Option<String>,
}

/// The body of `POST /api/ballots`: one subject's marks, 德 能 勤 绩 廉 and 总体.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotSubmission {
    /// The ballot token (spent by this request).
    pub token: String,
    /// 德 能 勤 绩 廉, in that order.
    pub marks: [Rating; 5],
    /// 总体.
    pub overall: Rating,
}

impl BallotSubmission {
    /// The request body; marks are the Chinese words (`优秀`).
    pub fn to_json(&self) -> Json {
        object(vec![
            ("token", self.token.as_str().into()),
            (
                "marks",
                Json::Arr(self.marks.iter().map(|r| r.chinese().into()).collect()),
            ),
            ("overall", self.overall.chinese().into()),
        ])
    }
}

/// A server error's code and message, from `{"error": {"code", "message"}}` or the inner
/// object alone; `None` for any other body.
pub fn error_detail(body: &Json) -> Option<(String, String)> {
    let error = &body["error"];
    let detail = if error.is_null() { body } else { error };
    Some((
        detail["code"].as_str()?.to_owned(),
        detail["message"].str().to_owned(),
    ))
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
        let wrapped = Json::parse(r#"{"error":{"code":"token_used","message":"已使用"}}"#).unwrap();
        let bare = Json::parse(r#"{"code":"token_used"}"#).unwrap();
        assert_eq!(
            error_detail(&wrapped),
            Some(("token_used".into(), "已使用".into()))
        );
        assert_eq!(error_detail(&bare).unwrap().0, "token_used");
        assert_eq!(error_detail(&Json::parse("[1]").unwrap()), None);
    }

    #[test]
    fn submission_lists_entries_first_and_writes_decimals_as_strings() {
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
                manual_scores: vec![ManualScore {
                    prosecutor: "P01".into(),
                    indicator: "reviewers".into(),
                    role: "department".into(),
                    score: "8.50".parse().unwrap(),
                    reason: None,
                }],
            },
            plugin: "ab".into(),
            rule_set: RuleSetVersion {
                id: "r-2019".into(),
                version: "1".into(),
            },
            total: "86.00".parse().unwrap(),
        };
        let json = submission.to_json().dump();
        assert_eq!(
            json,
            r#"{"reviews":[{"case":"C1","conclusion":"瑕疵","deductions":[{"points":"1.5","reason":"文书不规范"}]}],"manual_scores":[{"prosecutor":"P01","indicator":"reviewers","role":"department","score":"8.50","reason":null}],"plugin":"ab","rule_set":{"id":"r-2019","version":"1"},"total":"86.00"}"#
        );
        // The server reads it with the shared types.
        let scores: Vec<kaoping_shared::model::ManualScore> = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(&json).unwrap()["manual_scores"].clone(),
        )
        .unwrap();
        assert_eq!(scores[0].score.to_string(), "8.50");
        assert_eq!(scores[0].indicator.as_str(), "reviewers");
        let entries = Json::parse(&json).unwrap().read(FormEntries::read).unwrap();
        assert_eq!(entries, submission.entries);
    }

    #[test]
    fn ballot_marks_use_chinese_words() {
        let marks = BallotSubmission {
            token: "T".into(),
            marks: [Rating::Excellent; 5],
            overall: Rating::Competent,
        };
        let json = marks.to_json().dump();
        assert!(json.contains(r#""overall":"称职""#), "{json}");
        assert!(
            json.contains(r#""marks":["优秀","优秀","优秀","优秀","优秀"]"#),
            "{json}"
        );
        assert_eq!(
            serde_json::to_string(&Rating::Competent).unwrap(),
            r#""称职""#,
            "the shared type's JSON word is its Chinese name"
        );
    }

    #[test]
    fn a_token_opens_a_one_subject_sheet() {
        let info = TokenInfo::from_json(
            &Json::parse(
                r#"{"kind":"democratic","subject":"P01","voter_group":"干警","used":false,"year":2019,"subject_name":"张三"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        let sheet = BallotSheet::from_token(&info);
        assert_eq!(sheet.title, "2019年度检察官民主测评");
        assert_eq!(sheet.subjects[0].name, "张三");
    }
}
