//! One manual indicator: score within its range, reason where required.

use super::state::{FormAction, FormState, ManualDraft};
use crate::markup::field_error;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`ManualItemRow`].
#[derive(Clone, Debug, PartialEq)]
pub struct ManualItemProps {
    /// Position in the form.
    pub index: usize,
    /// The draft.
    pub item: ManualDraft,
    /// Where edits go.
    pub dispatch: UseReducerDispatcher<FormState>,
}

/// A manual item's row.
pub fn manual_item_row(props: &ManualItemProps) -> Html {
    let item = props.index;
    let on_score = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.dispatch(FormAction::SetManualScore { item, text })
        })
    };
    let on_reason = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.dispatch(FormAction::SetManualReason { item, text })
        })
    };
    let d = &props.item;
    let touched = !d.score.is_empty() || !d.reason.is_empty();
    let problem = d.problem().filter(|_| touched);
    html! {
        <tr class={problem.is_some().then_some("kp-invalid")}>
            <td>{ &d.dimension }</td>
            <td>{ &d.name }</td>
            <td class="kp-range">{ format!("{}–{}", d.min.normalize(), d.max.normalize()) }</td>
            <td>
                <input type="text" inputmode="decimal" class="kp-num"
                    data-kp={format!("manual-score-{item}")} value={d.score.clone()} oninput={on_score} />
            </td>
            <td>
                <input type="text" class="kp-reason"
                    placeholder={if d.require_reason { "理由（必填）" } else { "理由（选填）" }}
                    data-kp={format!("manual-reason-{item}")} value={d.reason.clone()} oninput={on_reason} />
                if let Some(p) = problem { { field_error(&p) } }
            </td>
        </tr>
    }
}
