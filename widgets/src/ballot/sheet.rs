//! The marks table: one row per subject, 德 能 勤 绩 廉 总体, three choices each.

use super::state::{BallotAction, BallotState};
use crate::markup::{para, plain, table};
use kaoping_shared::model::{BallotField, Rating};
use yew::prelude::*;

/// 测评对象 and the six fields: the columns of the marks and of the summary.
pub fn heads() -> Vec<&'static str> {
    std::iter::once("测评对象")
        .chain(BallotField::ALL.iter().map(|f| f.chinese()))
        .collect()
}

/// The marks table and the 检查并提交 button.
pub fn sheet(state: &UseReducerHandle<BallotState>) -> Html {
    let Some(sheet) = state.sheet.clone() else {
        return html! {};
    };
    let on_review = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(BallotAction::Review))
    };
    let rows =
        sheet.subjects.iter().enumerate().map(|(s, subject)| {
            let cells = BallotField::ALL.iter().enumerate().map(|(f, &field)| {
            let choices = Rating::ALL.iter().map(|&rating| {
                let dispatch = state.dispatcher();
                let onchange = Callback::from(move |_: Event| {
                    dispatch.dispatch(BallotAction::Mark { subject: s, field, rating })
                });
                html! {
                    <label class="kp-choice">
                        <input type="radio" name={format!("kp-{s}-{f}")}
                            data-kp={format!("mark-{s}-{f}-{}", rating.chinese())}
                            checked={state.mark(s, field) == Some(rating)} {onchange} />
                        { rating.chinese() }
                    </label>
                }
            });
            let blank = state.mark(s, field).is_none();
            html! {
                <td class={if blank { "kp-cell kp-blank" } else { "kp-cell" }}>{ for choices }</td>
            }
        });
            html! {
                <tr>
                    <th scope="row">
                        { &subject.name }
                        if let Some(d) = &subject.department { { plain("small", d) } }
                    </th>
                    { for cells }
                </tr>
            }
        });
    html! {
        <>
            { para("kp-meta", "", &format!("投票人类别：{}　每位测评对象的六项均须选择", sheet.voter_group)) }
            <div class="kp-scroll">
                { table("kp-table kp-marks", None, &heads(), rows.collect()) }
            </div>
            <div class="kp-actions">
                <button type="button" class="kp-primary" data-kp="review" onclick={on_review}>
                    { "检查并提交" }
                </button>
            </div>
        </>
    }
}
