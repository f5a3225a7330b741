//! The sampling view's state: the draw form, the drawn record, the verification.

use crate::json::{Json, object};
use crate::plugin::{reply, request};
use kaoping_shared::date::Date;
use std::rc::Rc;
use yew::Reducible;

/// `POST /api/units/{unit}/samples`'s answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The stored sample's id.
    pub id: i64,
    /// Its proof record (`kaoping_shared::sampling::ProofRecord` as JSON).
    pub proof: Json,
}

impl Drawn {
    /// Reads the server's answer.
    pub fn from_json(mut v: Json) -> Result<Drawn, String> {
        let id = v.read(|f| f.i64("id"))?;
        let proof = v.get_mut("proof").map(std::mem::take).unwrap_or_default();
        if proof.is_null() {
            return Err(crate::json::missing("proof"));
        }
        Ok(Drawn { id, proof })
    }
}

/// What the verification said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The plugin is checking.
    Checking,
    /// The record is honest: it chose this many cases.
    Honest(u64),
    /// Refused, with the reason in Chinese.
    Refused(String),
}

/// A form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// 检察官编号 (empty: the whole unit).
    Prosecutor,
    /// First day of the window.
    Start,
    /// Last day of the window.
    End,
    /// N.
    Count,
    /// The seed.
    Seed,
    /// The pasted proof record.
    Proof,
}

/// The view's state.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplingState {
    /// 检察官编号, empty for 全院.
    pub prosecutor: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD`.
    pub end: String,
    /// N as typed.
    pub count: String,
    /// The seed exactly as typed (never trimmed: the record keeps it as used).
    pub seed: String,
    /// A draw is on its way.
    pub drawing: bool,
    /// The last draw.
    pub drawn: Option<Rc<Drawn>>,
    /// Why the draw failed.
    pub error: Option<String>,
    /// The pasted record.
    pub proof_text: String,
    /// The verification's outcome.
    pub verdict: Option<Verdict>,
    /// The plugin: `None` loading, `Some(Ok(name))` ready, `Some(Err)` failed.
    pub plugin: Option<Result<String, String>>,
}

impl Default for SamplingState {
    fn default() -> SamplingState {
        SamplingState {
            prosecutor: String::new(),
            start: String::new(),
            end: String::new(),
            count: "20".to_owned(),
            seed: String::new(),
            drawing: false,
            drawn: None,
            error: None,
            proof_text: String::new(),
            verdict: None,
            plugin: None,
        }
    }
}

/// What happens.
#[derive(Clone, Debug, PartialEq)]
pub enum SamplingAction {
    /// A field was edited.
    Edit(Field, String),
    /// Drawing starts.
    Draw,
    /// The server drew.
    Drawn(Rc<Drawn>),
    /// It refused.
    DrawFailed(String),
    /// Put the drawn record into the verification box.
    CopyProof,
    /// Verification starts.
    Check,
    /// The plugin answered.
    Verdict(Verdict),
    /// The plugin is ready (its name) or failed.
    Plugin(Result<String, String>),
}

impl SamplingState {
    /// The request the form describes (`kaoping_shared::sampling::SampleRequest` as JSON),
    /// or what is wrong with it, in Chinese.
    ///
    /// # Example
    /// ```
    /// use kaoping_widgets::sampling::state::SamplingState;
    /// let mut s = SamplingState::default();
    /// assert!(s.request().unwrap_err().contains("开始日期"));
    /// (s.start, s.end, s.seed) = ("2017-01-01".into(), "2019-06-30".into(), "种子".into());
    /// assert_eq!(s.request().unwrap()["count"].as_u64(), Some(20));
    /// ```
    pub fn request(&self) -> Result<Json, String> {
        let start = self.start.trim();
        let end = self.end.trim();
        let dates = start.parse::<Date>().ok().zip(end.parse::<Date>().ok());
        if dates.is_none_or(|(first, last)| first > last) {
            return Err(format!(
                "评查期间的开始日期“{start}”或结束日期“{end}”不是有效日期（应为 YYYY-MM-DD）"
            ));
        }
        let count: u32 = self
            .count
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("抽取数量 N“{}”应为正整数", self.count.trim()))?;
        if self.seed.is_empty() {
            return Err("请填写会上公布的随机种子".to_owned());
        }
        let scope = match self.prosecutor.trim() {
            "" => object(vec![("type", "unit".into())]),
            id => object(vec![("type", "prosecutor".into()), ("id", id.into())]),
        };
        Ok(object(vec![
            ("scope", scope),
            ("seed", self.seed.as_str().into()),
            (
                "window",
                object(vec![("start", start.into()), ("end", end.into())]),
            ),
            ("count", Json::Num(count.to_string())),
        ]))
    }

    /// The plugin request that verifies the pasted record: the record alone, or the
    /// server's `{"id", "proof"}` answer as copied.
    pub fn verify_request(&self) -> Result<Vec<u8>, String> {
        let text = self.proof_text.trim();
        if text.is_empty() {
            return Err("请粘贴抽样记录（JSON）".to_owned());
        }
        let value = Json::parse(text).map_err(|e| format!("粘贴的内容不是有效的 JSON：{e}"))?;
        let proof = match &value["proof"] {
            Json::Null => &value,
            proof => proof,
        };
        if !matches!(proof, Json::Obj(_)) {
            return Err("粘贴的内容不是抽样记录".to_owned());
        }
        // The plugin checks every field of the record.
        Ok(request("verify_sample", &[("proof", &proof.dump())]))
    }
}

/// Reads the plugin's answer to `verify_sample`.
///
/// # Example
/// ```
/// use kaoping_widgets::sampling::state::{read_verdict, Verdict};
/// assert!(matches!(read_verdict(b"{}"), Verdict::Refused(_)));
/// ```
pub fn read_verdict(response: &[u8]) -> Verdict {
    match reply(response) {
        Ok(result) => match result["verified"]["chosen"].as_u64() {
            Some(chosen) => Verdict::Honest(chosen),
            None => Verdict::Refused("评分插件的回答不是核验结果".to_owned()),
        },
        Err(message) => Verdict::Refused(message),
    }
}

impl Reducible for SamplingState {
    type Action = SamplingAction;

    fn reduce(self: Rc<Self>, action: SamplingAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SamplingAction::Edit(field, value) => {
                match field {
                    Field::Prosecutor => next.prosecutor = value,
                    Field::Start => next.start = value,
                    Field::End => next.end = value,
                    Field::Count => next.count = value,
                    Field::Seed => next.seed = value,
                    Field::Proof => next.proof_text = value,
                }
                if field == Field::Proof {
                    next.verdict = None;
                }
            }
            SamplingAction::Draw => {
                next.drawing = true;
                next.error = None;
            }
            SamplingAction::Drawn(drawn) => {
                next.drawing = false;
                next.drawn = Some(drawn);
            }
            SamplingAction::DrawFailed(message) => {
                next.drawing = false;
                next.error = Some(message);
            }
            SamplingAction::CopyProof => {
                if let Some(d) = &next.drawn {
                    next.proof_text = d.proof.pretty();
                    next.verdict = None;
                }
            }
            SamplingAction::Check => next.verdict = Some(Verdict::Checking),
            SamplingAction::Verdict(v) => next.verdict = Some(v),
            SamplingAction::Plugin(p) => next.plugin = Some(p),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoping_shared::model::tests_support::case;
    use kaoping_shared::sampling::{ProofRecord, SampleRequest, Scope, draw};

    fn record() -> ProofRecord {
        let cases: Vec<_> = (1..=30)
            .map(|i| case(&format!("临检刑诉〔2019〕{i}号"), "P05"))
            .collect();
        let s = SamplingState {
            prosecutor: "P05".into(),
            start: "2019-01-01".into(),
            end: "2019-06-30".into(),
            seed: "临澧2019履职评议".into(),
            ..SamplingState::default()
        };
        // The server reads the form's request with the shared type.
        let request: SampleRequest = serde_json::from_str(&s.request().unwrap().dump()).unwrap();
        let expected = SampleRequest::new(
            Scope::prosecutor("P05"),
            "临澧2019履职评议",
            "2019-01-01..2019-06-30".parse().unwrap(),
        );
        assert_eq!(request, expected);
        draw(&cases, &request).unwrap()
    }

    fn verify(text: String) -> Verdict {
        let s = Rc::new(SamplingState::default()).reduce(SamplingAction::Edit(Field::Proof, text));
        read_verdict(&kaoping_shared::api::handle(&s.verify_request().unwrap()))
    }

    #[test]
    fn an_honest_record_verifies_bare_or_wrapped() {
        let proof = record();
        assert_eq!(
            verify(serde_json::to_string(&proof).unwrap()),
            Verdict::Honest(20)
        );
        let wrapped = serde_json::json!({"id": 3, "proof": proof});
        assert_eq!(verify(wrapped.to_string()), Verdict::Honest(20));
    }

    #[test]
    fn a_copied_record_is_the_drawn_one_and_verifies() {
        let answer = serde_json::json!({"id": 3, "proof": record()}).to_string();
        let drawn = Drawn::from_json(Json::parse(&answer).unwrap()).unwrap();
        let s = Rc::new(SamplingState::default())
            .reduce(SamplingAction::Drawn(Rc::new(drawn)))
            .reduce(SamplingAction::CopyProof);
        let copied: ProofRecord = serde_json::from_str(&s.proof_text).unwrap();
        assert_eq!(copied, record());
        assert_eq!(verify(s.proof_text.clone()), Verdict::Honest(20));
    }

    #[test]
    fn a_tampered_record_is_refused_in_chinese() {
        let mut proof = record();
        proof.chosen.swap(0, 1);
        let Verdict::Refused(message) = verify(serde_json::to_string(&proof).unwrap()) else {
            panic!("a reordered draw verified")
        };
        assert!(!message.is_ascii(), "{message}");
        let Verdict::Refused(message) = verify(r#"{"proof": {"seed": 1}}"#.into()) else {
            panic!("a record without fields verified")
        };
        assert!(!message.is_ascii(), "{message}");
    }

    #[test]
    fn form_problems_are_named() {
        let s = SamplingState {
            start: "2017-01-01".into(),
            end: "2019-06-30".into(),
            count: "0".into(),
            seed: "x".into(),
            ..SamplingState::default()
        };
        assert!(s.request().unwrap_err().contains("正整数"));
        let s = SamplingState {
            count: "20".into(),
            seed: String::new(),
            ..s
        };
        assert!(s.request().unwrap_err().contains("种子"));
        for (start, end) in [("2019-06-30", "2019-01-01"), ("2019-02-30", "2019-06-30")] {
            let s = SamplingState {
                start: start.into(),
                end: end.into(),
                seed: "x".into(),
                ..SamplingState::default()
            };
            assert!(
                s.request().unwrap_err().contains("开始日期"),
                "{start}..{end}"
            );
        }
        let junk = SamplingState {
            proof_text: "not json".into(),
            ..SamplingState::default()
        };
        assert!(junk.verify_request().unwrap_err().contains("JSON"));
        let list = SamplingState {
            proof_text: "[1]".into(),
            ..SamplingState::default()
        };
        assert!(list.verify_request().unwrap_err().contains("抽样记录"));
    }
}
