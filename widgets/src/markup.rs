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

/// A widget with nothing to show yet: its frame and title, and the error if loading
/// failed, else `loading`. `css` is the views' stylesheet where the widget uses it.
pub fn waiting(
    frame: &'static str,
    name: &'static str,
    css: Option<&'static str>,
    title: &'static str,
    error: Option<&str>,
    loading: &'static str,
) -> Html {
    html! {
        <section class={frame} data-kp={name}>
            if let Some(css) = css { <style>{ css }</style> }
            <h2 class="kp-title">{ title }</h2>
            if let Some(error) = error {
                <p class="kp-notice kp-error" role="alert" data-kp="notice">{ error.to_owned() }</p>
            } else {
                <p class="kp-meta">{ loading }</p>
            }
        </section>
    }
}

/// `<td>{ content }</td>`: the plain table cell, written once.
pub fn cell(content: impl Into<Html>) -> Html {
    html! { <td>{ content.into() }</td> }
}
