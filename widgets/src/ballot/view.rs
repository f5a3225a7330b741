//! The ballot widget: token, sheet, confirmation, sending with retry.

use super::confirm::confirm;
use super::sheet::sheet;
use super::state::{BallotAction, BallotState, Failure, Phase};
use crate::WidgetConfig;
use crate::api::{BallotSheet, TokenInfo, paths};
use crate::json::{Json, object};
use crate::markup::{self, para, plain};
use crate::net::{self, FetchError};
use crate::task::{spawn, use_effect_on};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`BallotWidget`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BallotProps {
    /// Server address and the token, if the page gives one.
    pub config: WidgetConfig,
}

fn failure(error: FetchError) -> Failure {
    match (&error, error.code()) {
        (FetchError::Network, _) => Failure::Network,
        (_, Some("token_used")) => Failure::TokenUsed,
        (_, Some("token_unknown")) => Failure::TokenUnknown,
        (
            FetchError::Status {
                status: 409 | 410, ..
            },
            _,
        ) => Failure::TokenUsed,
        (FetchError::Status { status: 404, .. }, _) => Failure::TokenUnknown,
        _ => Failure::Other(error.to_string()),
    }
}

/// `<kaoping-ballot>`: one voter's ballot for every subject.
#[function_component(BallotWidget)]
pub fn ballot_widget(props: &BallotProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(|| BallotState::new(config.token.as_deref().unwrap_or("")));

    {
        // A token given by the page opens the ballot at once.
        let dispatch = state.dispatcher();
        let given = !state.token.is_empty();
        use_effect_on(0, move |_| {
            net::mark_once("kaoping-first-render");
            if given {
                dispatch.dispatch(BallotAction::Open);
            }
        });
    }
    {
        let dispatch = state.dispatcher();
        let server = config.server.clone();
        let token = state.token.clone();
        let submissions = state.submissions();
        // Again on every send: a retry after a failure has the same phase.
        let phase = state.phase;
        let key = u64::from(state.sends) << 8 | phase as u64;
        use_effect_on(key, move |_| match phase {
            Phase::Loading => spawn(async move {
                let url = paths::join(&server, paths::BALLOT_TOKEN);
                let query = object(vec![("token", Json::Str(token))]);
                let info = net::post_json(&url, None, &query)
                    .await
                    .and_then(|v| TokenInfo::from_json(&v).map_err(FetchError::Decode));
                let action = match info {
                    Ok(info) if info.used => BallotAction::LoadFailed(Failure::TokenUsed),
                    Ok(info) if info.kind != "democratic" => BallotAction::LoadFailed(
                        Failure::Other("该测评码不是民主测评的测评码".to_owned()),
                    ),
                    Ok(info) => BallotAction::Loaded(Rc::new(BallotSheet::from_token(&info))),
                    Err(e) => BallotAction::LoadFailed(failure(e)),
                };
                dispatch.dispatch(action);
            }),
            Phase::Sending => spawn(async move {
                let url = paths::join(&server, paths::BALLOTS);
                for body in submissions.unwrap_or_default() {
                    if let Err(e) = net::post_json(&url, None, &body.to_json()).await {
                        dispatch.dispatch(BallotAction::SendFailed(failure(e)));
                        return;
                    }
                }
                dispatch.dispatch(BallotAction::Sent);
            }),
            _ => {}
        });
    }

    let on_token = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            dispatch.dispatch(BallotAction::SetToken(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_open = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.dispatch(BallotAction::Open)
        })
    };
    let notice = state.notice.as_ref().map(|n| {
        let class = if state.failure == Some(Failure::Network) {
            "kp-notice kp-warn"
        } else {
            "kp-notice kp-error"
        };
        para(class, r#" role="alert" data-kp="notice""#, n)
    });
    let title = state
        .sheet
        .as_ref()
        .map_or_else(|| "民主测评".to_owned(), |s| s.title.clone());

    let body = match state.phase {
        Phase::Token | Phase::Loading => html! {
            <form class="kp-token" onsubmit={on_open}>
                <label>
                    { plain("span", "测评码") }
                    <input type="text" data-kp="token" autocomplete="off" value={state.token.clone()}
                        oninput={on_token} disabled={state.phase == Phase::Loading}
                        placeholder="请输入发给您的测评码" />
                </label>
                <button type="submit" class="kp-primary" data-kp="open"
                    disabled={state.phase == Phase::Loading}>
                    { if state.phase == Phase::Loading { "正在读取…" } else { "开始测评" } }
                </button>
            </form>
        },
        Phase::Filling => sheet(&state),
        Phase::Confirming | Phase::Sending => confirm(&state),
        Phase::Done => para(
            "kp-notice kp-ok",
            r#" data-kp="done""#,
            "投票成功，感谢您的参与。本测评码已使用，不能再次投票。",
        ),
    };

    html! {
        <section class="kp kp-ballot" data-kp="ballot" data-phase={format!("{:?}", state.phase)}>
            { markup::title(&title) }
            { body }
            { for notice }
        </section>
    }
}
