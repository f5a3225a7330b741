//! The live totals panel: what the plugin computed for the latest edit.

use super::state::FormState;
use crate::markup::cell;
use crate::number::{cents, millis};
use yew::prelude::*;

/// Total, dimensions, grade, and how long the plugin took: the result for the latest edit,
/// or the last one of any edit greyed while the next one computes.
pub fn totals(state: &FormState) -> Html {
    let current = state.current().is_some();
    let Some(shown) = state.computed.as_ref() else {
        return html! {
            <aside class="kp-totals">
                if let Some(e) = &state.compute_error {
                    <p class="kp-notice kp-error" role="alert">{ e }</p>
                } else {
                    <p class="kp-meta">{ "正在计算…" }</p>
                }
            </aside>
        };
    };
    html! {
        <aside class={if current { "kp-totals" } else { "kp-totals kp-stale" }}>
            <div class="kp-total-label">{ "总分（实时）" }</div>
            <div class="kp-total" data-kp="total" data-current={current.to_string()}
                data-seq={shown.seq.to_string()} data-compute-ms={millis(shown.millis, 3)}>
                { cents(shown.total) }
            </div>
            <div class="kp-meta">{ format!("等次（预计）：{}", shown.grade) }</div>
            <table class="kp-table kp-dims">
                { for shown.dimensions.iter().map(|(name, score)| html! {
                    <tr><th scope="row">{ name }</th>{ cell(cents(*score)) }</tr>
                }) }
            </table>
            <div class="kp-meta kp-small">
                { format!("{} {} · 本地计算 {} ms", shown.rule_set.id, shown.rule_set.version, millis(shown.millis, 1)) }
            </div>
            if let Some(e) = &state.compute_error {
                <p class="kp-notice kp-error" role="alert">{ e }</p>
            }
        </aside>
    }
}
