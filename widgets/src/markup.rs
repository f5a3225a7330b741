//! Markup every view repeats, written once: one copy of the code instead of one per use.

use yew::prelude::*;

/// `<table class={class} data-kp={name}>`: a header row of `heads`, then `rows` as its body.
pub fn table(class: &'static str, name: Option<&'static str>, heads: &[&str], rows: Html) -> Html {
    html! {
        <table class={class} data-kp={name}>
            <thead><tr>{ for heads.iter().map(|h| html! { <th>{ h.to_string() }</th> }) }</tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}
