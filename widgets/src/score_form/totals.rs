//! The live totals panel: what the plugin computed for the latest edit (display only,
//! written as HTML text: see [`crate::markup`]).

use super::state::FormState;
use crate::markup::{Escaped, raw};
use crate::number::{cents, millis};
use std::fmt::Write;
use yew::Html;

/// Total, dimensions, grade, and how long the plugin took: the result for the latest edit,
/// or the last one of any edit greyed while the next one computes.
pub fn totals(state: &FormState) -> Html {
    let current = state.current().is_some();
    let error = state.compute_error.as_deref().map(|e| {
        format!(
            r#"<p class="kp-notice kp-error" role="alert">{}</p>"#,
            Escaped(e)
        )
    });
    let Some(shown) = state.computed.as_ref() else {
        let body = error.unwrap_or_else(|| r#"<p class="kp-meta">正在计算…</p>"#.to_owned());
        return raw(format!(r#"<aside class="kp-totals">{body}</aside>"#));
    };
    let stale = if current { "" } else { " kp-stale" };
    let mut out = format!(
        r#"<aside class="kp-totals{stale}"><div class="kp-total-label">总分（实时）</div><div class="kp-total" data-kp="total" data-current="{current}" data-seq="{}" data-compute-ms="{}">{}</div><div class="kp-meta">等次（预计）：{}</div><table class="kp-table kp-dims">"#,
        shown.seq,
        millis(shown.millis, 3),
        cents(shown.total),
        Escaped(&shown.grade)
    );
    for (name, score) in &shown.dimensions {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#,
            Escaped(name),
            cents(*score)
        );
    }
    let _ = write!(
        out,
        r#"</table><div class="kp-meta kp-small">{} {} · 本地计算 {} ms</div>{}</aside>"#,
        Escaped(&shown.rule_set.id),
        Escaped(&shown.rule_set.version),
        millis(shown.millis, 1),
        error.unwrap_or_default()
    );
    raw(out)
}
