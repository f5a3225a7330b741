//! The live totals panel: what the plugin computed for the latest edit.

use super::state::Computed;
use crate::number::{cents, millis};
use yew::prelude::*;

/// Properties of [`Totals`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct TotalsProps {
    /// The result for the latest edit, if computed.
    pub computed: Option<Computed>,
    /// The last result of any edit (shown greyed while the next one computes).
    pub previous: Option<Computed>,
    /// Why the latest computation failed.
    pub error: Option<String>,
}

/// Total, dimensions, grade, and how long the plugin took.
#[function_component(Totals)]
pub fn totals(props: &TotalsProps) -> Html {
    let current = props.computed.is_some();
    let Some(shown) = props.computed.as_ref().or(props.previous.as_ref()) else {
        return html! {
            <aside class="kp-totals">
                if let Some(e) = &props.error {
                    <p class="kp-notice kp-error" role="alert">{ e }</p>
                } else {
                    <p class="kp-meta">{ "正在计算…" }</p>
                }
            </aside>
        };
    };
    html! {
        <aside class={classes!("kp-totals", (!current).then_some("kp-stale"))}>
            <div class="kp-total-label">{ "总分（实时）" }</div>
            <div class="kp-total" data-kp="total" data-current={current.to_string()}
                data-seq={shown.seq.to_string()} data-compute-ms={millis(shown.millis, 3)}>
                { cents(shown.total) }
            </div>
            <div class="kp-meta">{ format!("等次（预计）：{}", shown.grade) }</div>
            <table class="kp-table kp-dims">
                { for shown.dimensions.iter().map(|(name, score)| html! {
                    <tr><th scope="row">{ name }</th><td>{ cents(*score) }</td></tr>
                }) }
            </table>
            <div class="kp-meta kp-small">
                { format!("{} {} · 本地计算 {} ms", shown.rule_set.id, shown.rule_set.version, millis(shown.millis, 1)) }
            </div>
            if let Some(e) = &props.error {
                <p class="kp-notice kp-error" role="alert">{ e }</p>
            }
        </aside>
    }
}
