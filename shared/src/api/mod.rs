//! The messages that cross host ↔ plugin ↔ widget: one JSON request in, one JSON response
//! out. [`handle`] is the whole plugin: the built-in plugin exports it through the ABI
//! (docs/plugin-abi.md), and the native engine calls it directly, so both give the same bytes.

use crate::ballot::{self, SubjectTally};
use crate::eval::{Detail, EvalError, evaluate_with, result::Evaluation};
use crate::ids::ProsecutorId;
use crate::metrics::{self, CaseRatioDefinition, MetricsReport};
use crate::model::{Ballot, Case, EvaluationInput};
use crate::rules::RuleSet;
use crate::rules::validate::{Problem, validate};
use crate::sampling::{self, ProofRecord, SampleRequest};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plugin interface version this crate speaks.
pub const ABI_VERSION: u32 = 1;

/// The name and version the built-in engine reports.
pub const ENGINE_NAME: &str = "kaoping-builtin";

/// One request to the engine: `"describe"` or `{"evaluate": {...}}` (one key, the operation).
///
/// Externally tagged so that unknown fields anywhere inside are seen and refused (serde
/// buffers internally and adjacently tagged enums, which hides them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Request {
    /// What the engine is and which operations it supports.
    Describe,
    /// Validate a rule set; the reply lists nothing, an error lists every problem.
    CheckRules {
        /// The rule set.
        #[serde(deserialize_with = "strict::rules")]
        rules: RuleSet,
    },
    /// Evaluate a unit.
    Evaluate {
        /// The rule set.
        #[serde(deserialize_with = "strict::rules")]
        rules: RuleSet,
        /// Roster, cases, bonus items, ballots, manual scores, period.
        input: EvaluationInput,
    },
    /// Evaluate a unit for a what-if (试算): the same scores, ranks and grades as
    /// [`Request::Evaluate`], without the explanation trail, which for thousands of cases
    /// would dominate the time of every recompute.
    WhatIf {
        /// The draft rule set.
        #[serde(deserialize_with = "strict::rules")]
        rules: RuleSet,
        /// The unit's input.
        input: EvaluationInput,
    },
    /// Keep a unit's input in this plugin instance for [`Request::WhatIfHeld`] calls that
    /// follow on the same instance (docs/plugin-abi.md, "Reusing an instance"): a what-if
    /// then sends only its draft rule set, and the 20,000 cases are read once. A host that
    /// makes a fresh instance for every call (the server) has no use for it.
    Hold {
        /// The unit's input.
        input: EvaluationInput,
    },
    /// [`Request::WhatIf`] over the input an earlier [`Request::Hold`] left in this
    /// instance; refused (`nothing_held`) on a fresh instance.
    WhatIfHeld {
        /// The draft rule set.
        #[serde(deserialize_with = "strict::rules")]
        rules: RuleSet,
    },
    /// Draw cases for quality review.
    Sample {
        /// The cases to draw from.
        cases: Vec<Case>,
        /// Scope, seed, window, N.
        request: SampleRequest,
    },
    /// Re-check a draw from its proof record alone.
    VerifySample {
        /// The record as published.
        proof: ProofRecord,
    },
    /// Tally democratic-evaluation ballots per subject and voter group.
    Tally {
        /// The ballots.
        ballots: Vec<Ballot>,
    },
    /// 案-件比 and 认罪认罚适用率 per prosecutor, department, unit and month.
    Metrics {
        /// Roster, cases and period (other fields unused).
        input: EvaluationInput,
        /// How 案-件比 is counted.
        #[serde(default)]
        definition: CaseRatioDefinition,
    },
}

/// Every operation's name, as the request's key.
pub const OPERATIONS: [&str; 10] = [
    "describe",
    "check_rules",
    "evaluate",
    "what_if",
    "hold",
    "what_if_held",
    "sample",
    "verify_sample",
    "tally",
    "metrics",
];

/// What the engine says about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// Engine name.
    pub engine: String,
    /// Engine version (the crate version).
    pub version: String,
    /// ABI version, = [`ABI_VERSION`].
    pub abi: u32,
    /// The operations it answers.
    pub operations: Vec<String>,
}

/// The successful result of a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Reply {
    /// Answer to [`Request::Describe`].
    Description(Description),
    /// Answer to [`Request::CheckRules`]: the rule set is valid.
    RulesValid {
        /// Its id.
        id: String,
        /// Its version.
        version: String,
    },
    /// Answer to [`Request::Evaluate`], [`Request::WhatIf`] and [`Request::WhatIfHeld`].
    Evaluation(Evaluation),
    /// Answer to [`Request::Hold`]: what the instance now holds.
    Held {
        /// Prosecutors in the input.
        prosecutors: u32,
        /// Cases in the input.
        cases: u32,
    },
    /// Answer to [`Request::Sample`].
    Draw(ProofRecord),
    /// Answer to [`Request::VerifySample`]: the record is honest.
    Verified {
        /// How many cases it chose.
        chosen: u32,
    },
    /// Answer to [`Request::Tally`], by subject.
    Tally(BTreeMap<ProsecutorId, SubjectTally>),
    /// Answer to [`Request::Metrics`].
    Metrics(MetricsReport),
}

/// A structured error: a stable code, a Chinese message, and every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `bad_request`, `invalid_rules`, `invalid_input`.
    pub code: String,
    /// What went wrong, in Chinese.
    pub message: String,
    /// Every problem found, one line each, in Chinese.
    #[serde(default)]
    pub problems: Vec<String>,
}

/// The response envelope: `{"status":"ok","result":…}` or `{"status":"error","error":…}`.
///
/// Read by hand ([`envelope`]) rather than as a serde internally tagged enum, which would
/// first copy the whole response into an intermediate tree: for a unit's evaluation with
/// its explanation trail, that doubled the cost of reading it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Response {
    /// The request succeeded.
    Ok {
        /// What it produced.
        result: Reply,
    },
    /// The request failed.
    Error {
        /// Why.
        error: ApiError,
    },
}

impl<'de> Deserialize<'de> for Response {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Response, D::Error> {
        Ok(match envelope::read::<Reply, D>(deserializer)? {
            envelope::Envelope::Ok(result) => Response::Ok { result },
            envelope::Envelope::Error(error) => Response::Error { error },
        })
    }
}

/// Checks that `response` is a response envelope — valid JSON, `"status"` `"ok"` with a
/// `"result"` or `"error"` with an `"error"`, nothing else — with the same rules as reading a
/// [`Response`], but the result only checked to be JSON: the host checks every plugin
/// response this way, and its callers decode the result into the type they expect anyway.
pub fn check_envelope(response: &[u8]) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(response);
    envelope::read::<serde::de::IgnoredAny, _>(&mut deserializer)?;
    deserializer.end()
}

pub mod json_out;
mod session;
pub use session::Session;

/// Reading a response envelope: its three fields in any order, the result decoded straight
/// into the type asked for.
mod envelope {
    use super::ApiError;
    use serde::de::{Error, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer};
    use std::fmt;
    use std::marker::PhantomData;

    #[derive(Deserialize)]
    #[serde(field_identifier, rename_all = "snake_case")]
    enum Field {
        Status,
        Result,
        Error,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Status {
        Ok,
        Error,
    }

    /// A response with its result read as `R`.
    pub(super) enum Envelope<R> {
        Ok(R),
        Error(ApiError),
    }

    /// Reads an envelope whose result is an `R`.
    pub(super) fn read<'de, R: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Envelope<R>, D::Error> {
        deserializer.deserialize_map(Reader(PhantomData))
    }

    struct Reader<R>(PhantomData<R>);

    impl<'de, R: Deserialize<'de>> Visitor<'de> for Reader<R> {
        type Value = Envelope<R>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a response {\"status\": \"ok\" | \"error\", …}")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<R>, A::Error> {
            let (mut status, mut result, mut error) = (None, None, None);
            while let Some(field) = map.next_key::<Field>()? {
                match field {
                    Field::Status if status.is_none() => status = Some(map.next_value()?),
                    Field::Result if result.is_none() => result = Some(map.next_value::<R>()?),
                    Field::Error if error.is_none() => error = Some(map.next_value::<ApiError>()?),
                    Field::Status => return Err(A::Error::duplicate_field("status")),
                    Field::Result => return Err(A::Error::duplicate_field("result")),
                    Field::Error => return Err(A::Error::duplicate_field("error")),
                }
            }
            match (status, result, error) {
                (Some(Status::Ok), Some(result), None) => Ok(Envelope::Ok(result)),
                (Some(Status::Error), None, Some(error)) => Ok(Envelope::Error(error)),
                (None, _, _) => Err(A::Error::missing_field("status")),
                (Some(Status::Ok), None, _) => Err(A::Error::missing_field("result")),
                (Some(Status::Ok), Some(_), Some(_)) => {
                    Err(A::Error::unknown_field("error", &["status", "result"]))
                }
                (Some(Status::Error), _, None) => Err(A::Error::missing_field("error")),
                (Some(Status::Error), Some(_), Some(_)) => {
                    Err(A::Error::unknown_field("result", &["status", "error"]))
                }
            }
        }
    }
}

/// Answers one request; `held` is the input a [`Session`] holds, for `what_if_held`.
fn respond(request: &Request, held: Option<&EvaluationInput>) -> Response {
    match answer(request, held) {
        Ok(result) => Response::Ok { result },
        Err(error) => Response::Error { error },
    }
}

fn answer(request: &Request, held: Option<&EvaluationInput>) -> Result<Reply, ApiError> {
    Ok(match request {
        Request::Describe => Reply::Description(Description {
            engine: ENGINE_NAME.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            abi: ABI_VERSION,
            operations: OPERATIONS.map(String::from).to_vec(),
        }),
        Request::CheckRules { rules } => {
            validate(rules).map_err(|problems| ApiError::invalid_rules(&problems))?;
            Reply::RulesValid {
                id: rules.id.clone(),
                version: rules.version.clone(),
            }
        }
        Request::Evaluate { rules, input } => {
            Reply::Evaluation(evaluate_with(rules, input, Detail::Full).map_err(ApiError::from)?)
        }
        Request::WhatIf { rules, input } => {
            Reply::Evaluation(evaluate_with(rules, input, Detail::Scores).map_err(ApiError::from)?)
        }
        Request::Hold { input } => Reply::Held {
            prosecutors: input.prosecutors.len() as u32,
            cases: input.cases.len() as u32,
        },
        Request::WhatIfHeld { rules } => {
            let input = held.ok_or_else(ApiError::nothing_held)?;
            Reply::Evaluation(evaluate_with(rules, input, Detail::Scores).map_err(ApiError::from)?)
        }
        Request::Sample { cases, request } => Reply::Draw(
            sampling::draw(cases, request)
                .map_err(|e| ApiError::new("invalid_input", e.to_string(), vec![]))?,
        ),
        Request::VerifySample { proof } => {
            sampling::verify(proof)
                .map_err(|e| ApiError::new("verify_failed", e.to_string(), vec![]))?;
            Reply::Verified {
                chosen: proof.chosen.len() as u32,
            }
        }
        Request::Tally { ballots } => Reply::Tally(ballot::tally(ballots)),
        Request::Metrics { input, definition } => {
            Reply::Metrics(metrics::report_for(input, *definition))
        }
    })
}

impl ApiError {
    /// An error with a code, a message and problems.
    pub fn new(code: &str, message: impl Into<String>, problems: Vec<String>) -> ApiError {
        ApiError {
            code: code.to_owned(),
            message: message.into(),
            problems,
        }
    }

    fn nothing_held() -> ApiError {
        ApiError::new(
            "nothing_held",
            "本插件实例未保存考评数据：请先在同一实例上发送 hold",
            vec![],
        )
    }

    fn invalid_rules(problems: &[Problem]) -> ApiError {
        ApiError::new(
            "invalid_rules",
            format!("指标体系有 {} 处问题", problems.len()),
            problems.iter().map(ToString::to_string).collect(),
        )
    }
}

impl From<EvalError> for ApiError {
    fn from(error: EvalError) -> ApiError {
        match error {
            EvalError::InvalidRules { problems } => ApiError::invalid_rules(&problems),
            EvalError::InvalidInput { problems } => {
                ApiError::new("invalid_input", error_message(&problems), problems)
            }
            other => ApiError::new("overflow", other.to_string(), vec![]),
        }
    }
}

fn error_message(problems: &[String]) -> String {
    format!("考评数据有 {} 处问题", problems.len())
}

/// Reads a request, refusing unknown fields anywhere in it: the roster, cases and other
/// inputs refuse them themselves (`deny_unknown_fields`); a rule set has them collected by
/// [`strict::rules`], so that every misspelt field is listed, not just the first.
fn read(request: &[u8]) -> Result<Request, ApiError> {
    // Checked once as a whole, so the parser need not check every string again (−15%).
    let text = std::str::from_utf8(request).map_err(|e| {
        ApiError::new(
            "bad_request",
            format!(
                "请求格式不正确：第 {} 字节起不是有效的 UTF-8 文本",
                e.valid_up_to() + 1
            ),
            vec![],
        )
    })?;
    read_text(text)
}

/// Reads a request already known to be text.
fn read_text(text: &str) -> Result<Request, ApiError> {
    strict::take_unknown();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = Request::deserialize(&mut deserializer)
        .and_then(|r| deserializer.end().map(|()| r))
        .map_err(|e| ApiError::new("bad_request", format!("请求格式不正确：{e}"), vec![]))?;
    let unknown = strict::take_unknown();
    if unknown.is_empty() {
        Ok(parsed)
    } else {
        let problems = unknown.iter().map(|p| format!("{p}：未知字段")).collect();
        Err(ApiError::new("bad_request", "请求含有未知字段", problems))
    }
}

/// Rule sets read strictly inside a request. serde_ignored wraps only the rule set, not
/// the whole request: wrapping 20,000 cases as well cost a fifth of a unit's evaluation.
mod strict {
    use crate::rules::RuleSet;
    use serde::Deserializer;
    use std::cell::RefCell;

    thread_local! {
        /// Unknown fields seen in the rule sets of the request being read.
        static UNKNOWN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    /// The unknown fields seen since the last call, e.g. `rules.dimensions.0.weigth`.
    pub(super) fn take_unknown() -> Vec<String> {
        UNKNOWN.with(|u| std::mem::take(&mut *u.borrow_mut()))
    }

    /// Reads a rule set, noting every field it does not know; the request is then refused.
    pub(super) fn rules<'de, D: Deserializer<'de>>(deserializer: D) -> Result<RuleSet, D::Error> {
        let mut unknown = Vec::new();
        let rules = serde_ignored::deserialize(deserializer, |path| {
            unknown.push(format!("rules.{path}"));
        });
        UNKNOWN.with(|u| u.borrow_mut().extend(unknown));
        rules
    }
}

/// Answers one JSON request with one JSON response; never panics on bad bytes.
///
/// # Example
/// ```
/// let out = kaoping_shared::api::handle(br#""describe""#);
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with(r#"{"status":"ok""#));
/// let bad = String::from_utf8(kaoping_shared::api::handle(b"not json")).unwrap();
/// assert!(bad.contains("bad_request"));
/// ```
pub fn handle(request: &[u8]) -> Vec<u8> {
    Session::default().handle(request)
}

/// [`handle`] for a plugin instance that is thrown away after the call: the same bytes, but
/// the request and the answer are left in memory instead of being freed piece by piece
/// (20,000 cases and every line of their explanation), which would be wasted work there.
pub fn handle_once(request: &[u8]) -> Vec<u8> {
    Session::default().handle_once(request)
}

/// Encodes a response ([`json_out`]: what `serde_json` writes, faster); it cannot fail for
/// these types, but if it did the host would still get a well-formed error.
fn encode(response: &Response) -> Vec<u8> {
    json_out::to_vec(response).unwrap_or_else(|_| {
        r#"{"status":"error","error":{"code":"internal","message":"无法编码响应","problems":[]}}"#
            .as_bytes()
            .to_vec()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(json: &str) -> Response {
        serde_json::from_slice(&handle(json.as_bytes())).unwrap()
    }

    #[test]
    fn unknown_fields_inside_rules_are_refused() {
        let mut rules = serde_json::to_value(crate::rules::builtin::r2019()).unwrap();
        rules["dimensions"][0]["weigth"] = serde_json::json!(3);
        let request = serde_json::json!({"check_rules": {"rules": rules}});
        let Response::Error { error } = call(&request.to_string()) else {
            panic!()
        };
        assert_eq!(error.code, "bad_request");
        assert_eq!(error.problems, ["rules.dimensions.0.weigth：未知字段"]);
    }

    #[test]
    fn check_rules_lists_problems() {
        let mut rules = crate::rules::builtin::r2019();
        rules.total_points = 99.into();
        let request = serde_json::to_string(&Request::CheckRules { rules }).unwrap();
        let Response::Error { error } = call(&request) else {
            panic!()
        };
        assert_eq!(error.code, "invalid_rules");
        assert_eq!(error.problems.len(), 1);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_bad_request_naming_where() {
        let Response::Error { error } =
            serde_json::from_slice(&handle(b"{\"tally\": \xff}")).unwrap()
        else {
            panic!()
        };
        assert_eq!(error.code, "bad_request");
        assert!(error.message.contains("第 11 字节"), "{}", error.message);
    }

    #[test]
    fn a_response_reads_in_any_field_order_and_refuses_a_wrong_envelope() {
        let ok = String::from_utf8(handle(br#""describe""#)).unwrap();
        let Ok(Response::Ok { result }) = serde_json::from_str::<Response>(&ok) else {
            panic!("{ok}")
        };
        let result = serde_json::to_string(&result).unwrap();
        let swapped = format!(r#"{{"result":{result},"status":"ok"}}"#);
        assert_eq!(
            serde_json::from_str::<Response>(&swapped).unwrap(),
            serde_json::from_str::<Response>(&ok).unwrap()
        );
        let error = r#"{"status":"error","error":{"code":"c","message":"m","problems":[]}}"#;
        assert!(matches!(
            serde_json::from_str::<Response>(error),
            Ok(Response::Error { .. })
        ));
        for bad in [
            r#"{"status":"ok"}"#.to_owned(),
            format!(r#"{{"status":"ok","result":{result},"status":"ok"}}"#),
            format!(r#"{{"status":"error","result":{result}}}"#),
            format!(r#"{{"status":"ok","result":{result},"x":1}}"#),
            r#"{"result":{"tally":[]}}"#.to_owned(),
            r#"{"status":"maybe","result":{"tally":[]}}"#.to_owned(),
            r#"["ok"]"#.to_owned(),
        ] {
            assert!(serde_json::from_str::<Response>(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_envelope_is_checked_and_the_result_left_to_the_caller() {
        assert!(check_envelope(&handle(br#""describe""#)).is_ok());
        assert!(check_envelope(&handle(b"not json")).is_ok());
        assert!(check_envelope(br#"{"status":"ok","result":[1,2]}"#).is_ok());
        for bad in [
            &br#"{"status":"ok"}"#[..],
            br#"{"status":"ok","result":1,"error":{"code":"x","message":"y","problems":[]}}"#,
            br#"{"status":"error","error":{"code":"x"}}"#,
            br#"{"status":"fine","result":1}"#,
            br#"{"status":"ok","result":1,"extra":2}"#,
            br#"{"status":"ok","result":[1,2}"#,
            br#"{"status":"ok","result":1} x"#,
            b"",
        ] {
            assert!(
                check_envelope(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn trailing_garbage_is_a_bad_request() {
        let Response::Error { error } = call(r#""describe" x"#) else {
            panic!()
        };
        assert_eq!(error.code, "bad_request");
    }

    #[test]
    fn tally_and_metrics_answer() {
        use crate::model::{Ballot, Rating};
        let ballots = vec![
            Ballot {
                subject: "P01".into(),
                voter_group: "干警".into(),
                marks: [None; 5],
                overall: Some(Rating::Excellent),
            },
            Ballot {
                subject: "P01".into(),
                voter_group: "干警".into(),
                marks: [None; 5],
                overall: None,
            },
        ];
        let request = serde_json::to_string(&Request::Tally { ballots }).unwrap();
        let Response::Ok {
            result: Reply::Tally(tally),
        } = call(&request)
        else {
            panic!()
        };
        let p01 = &tally[&"P01".into()];
        assert_eq!(
            (p01.overall.ballots, p01.overall.valid, p01.overall.invalid),
            (2, 1, 1)
        );

        let input = EvaluationInput {
            period: "2019-01-01..2019-12-31".parse().unwrap(),
            prosecutors: vec![],
            cases: vec![],
            bonus: vec![],
            ballots: vec![],
            manual_scores: vec![],
        };
        let request = serde_json::to_string(&Request::Metrics {
            input,
            definition: CaseRatioDefinition::Simple,
        })
        .unwrap();
        let Response::Ok {
            result: Reply::Metrics(report),
        } = call(&request)
        else {
            panic!()
        };
        assert_eq!(report.unit.cases, 0);
    }

    #[test]
    fn every_reply_reads_back_as_it_was_written() {
        // The host checks a plugin's response by reading it back: every reply must round-trip.
        use crate::model::{Ballot, tests_support::case};
        let ballots = vec![Ballot {
            subject: "P01".into(),
            voter_group: "干警".into(),
            marks: [None; 5],
            overall: None,
        }];
        let input = EvaluationInput {
            period: "2019-01-01..2019-12-31".parse().unwrap(),
            prosecutors: vec![],
            cases: vec![case("A", "P01")],
            bonus: vec![],
            ballots: vec![],
            manual_scores: vec![],
        };
        for request in [
            Request::Tally { ballots },
            Request::Metrics {
                input,
                definition: CaseRatioDefinition::National,
            },
        ] {
            let bytes = handle(&serde_json::to_vec(&request).unwrap());
            let response: Response = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(serde_json::to_vec(&response).unwrap(), bytes);
        }
    }
}
