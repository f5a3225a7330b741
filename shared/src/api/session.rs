//! What one plugin instance remembers between calls: at most one unit's input, left by
//! [`Request::Hold`] for the [`Request::WhatIfHeld`] calls that follow.
//!
//! A host that makes a fresh instance for every call (the server) gets a fresh session
//! every time, so every answer depends on its request alone. The browser's committee view
//! keeps one instance for a what-if session: it sends the unit's 20,000 cases once and then
//! only each draft rule set, so a recompute no longer reads the whole input again.

use super::{ApiError, Request, Response, encode, read, read_text, respond};
use crate::model::EvaluationInput;

/// The input held by one plugin instance, if any.
///
/// # Example
/// ```
/// use kaoping_shared::api::Session;
/// let input = serde_json::to_string(&kaoping_shared::synthetic::unit(2, 3, 1)).unwrap();
/// let rules = serde_json::to_string(&kaoping_shared::rules::builtin::r2019()).unwrap();
/// let held = format!(r#"{{"what_if_held":{{"rules":{rules}}}}}"#);
/// let mut session = Session::default();
/// assert!(String::from_utf8(session.handle(held.as_bytes())).unwrap().contains("nothing_held"));
/// session.handle(format!(r#"{{"hold":{{"input":{input}}}}}"#).as_bytes());
/// let answer = session.handle(held.as_bytes());
/// let direct = kaoping_shared::api::handle(
///     format!(r#"{{"what_if":{{"rules":{rules},"input":{input}}}}}"#).as_bytes(),
/// );
/// assert_eq!(answer, direct);
/// ```
#[derive(Debug, Default)]
pub struct Session {
    held: Option<EvaluationInput>,
}

impl Session {
    /// Holding nothing.
    pub const fn new() -> Session {
        Session { held: None }
    }

    /// Whether an input is held.
    pub fn holds(&self) -> bool {
        self.held.is_some()
    }

    /// Answers one JSON request with one JSON response, as [`super::handle`] does, with
    /// `hold` and `what_if_held` working on this session.
    pub fn handle(&mut self, request: &[u8]) -> Vec<u8> {
        self.exchange(read(request)).0
    }

    /// [`Session::handle`] without freeing the request and the answer, for a plugin whose
    /// memory is reset or discarded after the call anyway ([`super::handle_once`]).
    pub fn handle_once(&mut self, request: &[u8]) -> Vec<u8> {
        self.answer_once(read(request))
    }

    /// [`Session::handle_once`] for a request its caller has already found to be valid
    /// UTF-8 (the plugin checks it faster than `std` does in wasm).
    pub fn handle_text_once(&mut self, request: &str) -> Vec<u8> {
        self.answer_once(read_text(request))
    }

    fn answer_once(&mut self, request: Result<Request, ApiError>) -> Vec<u8> {
        let (bytes, request, response) = self.exchange(request);
        std::mem::forget((request, response));
        bytes
    }

    /// Answers and encodes one request as read; returns the bytes and what they were made
    /// of (a held input is kept, not returned).
    fn exchange(
        &mut self,
        request: Result<Request, ApiError>,
    ) -> (Vec<u8>, Option<Request>, Response) {
        let (request, response) = match request {
            Ok(Request::Hold { .. }) if self.held.is_some() => (None, already_held()),
            Ok(request) => {
                let response = respond(&request, self.held.as_ref());
                match request {
                    Request::Hold { input } => {
                        self.held = Some(input);
                        (None, response)
                    }
                    other => (Some(other), response),
                }
            }
            Err(error) => (None, Response::Error { error }),
        };
        (encode(&response), request, response)
    }
}

/// An instance holds one input for its whole life.
fn already_held() -> Response {
    Response::Error {
        error: ApiError::new(
            "already_held",
            "本插件实例已保存一份考评数据：换一份数据请使用新的实例",
            vec![],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin;
    use crate::synthetic;

    fn json(request: &Request) -> Vec<u8> {
        serde_json::to_vec(request).unwrap()
    }

    #[test]
    fn a_held_what_if_answers_exactly_as_a_what_if_with_the_input() {
        let input = synthetic::unit(12, 20, 5);
        let mut session = Session::default();
        let held = session.handle(&json(&Request::Hold {
            input: input.clone(),
        }));
        assert!(session.holds());
        assert_eq!(
            held,
            br#"{"status":"ok","result":{"held":{"prosecutors":12,"cases":240}}}"#
        );
        let mut rules = builtin::r2019();
        for weight in ["30", "40"] {
            rules.dimensions[0].points = weight.parse().unwrap();
            let direct = super::super::handle(&json(&Request::WhatIf {
                rules: rules.clone(),
                input: input.clone(),
            }));
            let from_held = session.handle_once(&json(&Request::WhatIfHeld {
                rules: rules.clone(),
            }));
            assert_eq!(from_held, direct, "weight {weight}");
        }
    }

    #[test]
    fn a_fresh_session_refuses_a_held_what_if_and_a_second_hold_is_refused() {
        let rules = builtin::r2019();
        let answer = String::from_utf8(super::super::handle(&json(&Request::WhatIfHeld {
            rules: rules.clone(),
        })))
        .unwrap();
        assert!(answer.contains(r#""code":"nothing_held""#), "{answer}");
        let mut session = Session::default();
        let hold = json(&Request::Hold {
            input: synthetic::unit(2, 2, 1),
        });
        session.handle(&hold);
        let again = String::from_utf8(session.handle(&hold)).unwrap();
        assert!(again.contains(r#""code":"already_held""#), "{again}");
        // Other operations are unaffected by what is held.
        assert_eq!(
            session.handle(br#""describe""#),
            super::super::handle(br#""describe""#)
        );
    }
}
