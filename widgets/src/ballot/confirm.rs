//! The confirmation: what will be sent, 返回修改 or 确认提交 (重新提交 after a network drop).

use super::sheet::heads;
use super::state::{BallotAction, BallotState, Failure, Phase};
use crate::markup::{Escaped, para, raw, text_table};
use kaoping_shared::model::BallotField;
use std::fmt::Write;
use yew::prelude::*;

/// The summary before sending.
pub fn confirm(state: &UseReducerHandle<BallotState>) -> Html {
    let Some(sheet) = state.sheet.clone() else {
        return html! {};
    };
    let sending = state.phase == Phase::Sending;
    let on_back = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(BallotAction::Back))
    };
    let on_send = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(BallotAction::Send))
    };
    let mut rows = String::new();
    for (s, subject) in sheet.subjects.iter().enumerate() {
        let _ = write!(
            rows,
            r#"<tr><th scope="row">{}</th>"#,
            Escaped(&subject.name)
        );
        for &f in BallotField::ALL.iter() {
            let mark = state.mark(s, f).map_or("", |r| r.chinese());
            let _ = write!(rows, "<td>{mark}</td>");
        }
        rows.push_str("</tr>");
    }
    let retry = state.failure == Some(Failure::Network);
    let used = state.failure == Some(Failure::TokenUsed);
    html! {
        <>
            { para("kp-meta", "", "请核对您的选择。提交后不能修改，测评码随即失效。") }
            <div class="kp-scroll">
                { raw(text_table("kp-table kp-summary", Some("summary"), &heads(), &rows)) }
            </div>
            <div class="kp-actions">
                <button type="button" data-kp="back" onclick={on_back} disabled={sending || used}>
                    { "返回修改" }
                </button>
                <button type="button" class="kp-primary" data-kp="send" onclick={on_send}
                    disabled={sending || used}>
                    { if sending { "正在提交…" } else if retry { "重新提交" } else { "确认提交" } }
                </button>
            </div>
        </>
    }
}
