//! One sampled case: conclusion, deductions with reasons.

use super::state::{FormAction, FormState, ReviewDraft};
use crate::decimal::Decimal;
use crate::markup::{Escaped, field_error, plain, raw};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`CaseReviewRow`].
#[derive(Clone, Debug, PartialEq)]
pub struct CaseReviewProps {
    /// Position in the form.
    pub index: usize,
    /// The draft.
    pub review: ReviewDraft,
    /// The rule set's review scale, best first.
    pub scale: Rc<Vec<String>>,
    /// Sum of valid deductions.
    pub deducted: Decimal,
    /// Where edits go.
    pub dispatch: UseReducerDispatcher<FormState>,
}

/// A case's review.
pub fn case_review_row(props: &CaseReviewProps) -> Html {
    let case = props.index;
    let on_conclusion = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let conclusion = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.dispatch(FormAction::SetConclusion { case, conclusion })
        })
    };
    let on_add = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(FormAction::AddDeduction { case }))
    };
    let deductions = props
        .review
        .deductions
        .iter()
        .enumerate()
        .map(|(index, d)| {
            let dispatch = props.dispatch.clone();
            let on_points = Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                dispatch.dispatch(FormAction::SetDeductionPoints { case, index, text })
            });
            let dispatch = props.dispatch.clone();
            let on_reason = Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                dispatch.dispatch(FormAction::SetDeductionReason { case, index, text })
            });
            let dispatch = props.dispatch.clone();
            let on_remove = Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(FormAction::RemoveDeduction { case, index })
            });
            let error = d.points().err().filter(|_| !d.points.is_empty());
            html! {
                <li class="kp-deduction">
                    <input type="text" inputmode="decimal" class="kp-num" placeholder="扣分"
                        data-kp={format!("deduction-points-{case}-{index}")}
                        value={d.points.clone()} oninput={on_points} />
                    <input type="text" class="kp-reason" placeholder="扣分理由（必填）"
                        data-kp={format!("deduction-reason-{case}-{index}")}
                        value={d.reason.clone()} oninput={on_reason} />
                    <button type="button" class="kp-link" onclick={on_remove}>{ "删除" }</button>
                    if let Some(e) = error { { field_error(&e.to_string()) } }
                </li>
            }
        });
    let scale = props.scale.iter().map(|c| {
        html! { <option value={c.clone()} selected={&props.review.conclusion == c}>{ c }</option> }
    });
    html! {
        <div class="kp-case" data-kp={format!("case-{case}")}>
            { raw(format!(
                r#"<div class="kp-case-head"><strong>{}</strong><span class="kp-meta">{}</span></div>"#,
                Escaped(props.review.case.as_str()),
                Escaped(&props.review.summary)
            )) }
            <label class="kp-inline">
                { plain("span", "评查结论") }
                <select data-kp={format!("conclusion-{case}")} onchange={on_conclusion}>
                    <option value="" selected={props.review.conclusion.is_empty()}>{ "请选择" }</option>
                    { for scale }
                </select>
            </label>
            <ul class="kp-deductions">{ for deductions }</ul>
            <div class="kp-case-foot">
                <button type="button" class="kp-link" data-kp={format!("add-deduction-{case}")} onclick={on_add}>
                    { "＋ 添加扣分" }
                </button>
                if !props.deducted.is_zero() {
                    { raw(format!(r#"<span class="kp-meta">扣分合计 {}</span>"#, props.deducted.normalize())) }
                }
            </div>
        </div>
    }
}
