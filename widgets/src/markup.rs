//! Markup every view repeats, written once: one copy of the code instead of one per use;
//! and display-only markup written as text.
//!
//! A block with no events that changes only with its data (charts, explanations) is cheaper
//! to write as HTML text, one `VRaw` node that yew replaces when the text changes, than as
//! a tree of elements each built by its own code. Every value in such text goes through
//! [`Escaped`].

use std::fmt::{self, Write};
use yew::prelude::*;

/// `text` written with `&`, `<`, `>` and `"` as entities: safe in HTML and SVG text and in
/// quoted attribute values.
///
/// # Example
/// ```
/// use kaoping_widgets::markup::Escaped;
/// assert_eq!(Escaped(r#"A&B <"x">"#).to_string(), "A&amp;B &lt;&quot;x&quot;&gt;");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                _ => "&quot;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// HTML text (every value in it [`Escaped`]) as one node.
pub fn raw(html: String) -> Html {
    Html::from_html_unchecked(html.into())
}

/// `<table class={class} data-kp={name}>`: a header row of `heads`, then `rows` as its body.
pub fn table(class: &'static str, name: Option<&'static str>, heads: &[&str], rows: Html) -> Html {
    html! {
        <table class={class} data-kp={name}>
            <thead><tr>{ for heads.iter().map(|h| html! { <th>{ h.to_string() }</th> }) }</tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}

/// `<p class={class}{attributes}>{text}</p>` as text, for a line with no events (a notice,
/// a hint): `attributes` are written as they are (static, e.g. ` role="alert"`), `text`
/// is escaped.
pub fn para(class: &str, attributes: &str, text: &str) -> Html {
    raw(format!(
        r#"<p class="{class}"{attributes}>{}</p>"#,
        Escaped(text)
    ))
}

/// `<{tag}>{text}</{tag}>` as text (`text` escaped): a heading, label or caption with no
/// events.
pub fn plain(tag: &str, text: &str) -> Html {
    raw(format!("<{tag}>{}</{tag}>", Escaped(text)))
}

/// A widget's title, `<h2 class="kp-title">`, as text.
pub fn title(text: &str) -> Html {
    raw(format!(r#"<h2 class="kp-title">{}</h2>"#, Escaped(text)))
}

/// `<span class="kp-field-error">{text}</span>` as text: what is wrong with a field, next to
/// it. (Only inline and block elements are written as text: a parser reading `<td>` or
/// `<li>` out of their table or list would drop the tags.)
pub fn field_error(text: &str) -> Html {
    raw(format!(
        r#"<span class="kp-field-error">{}</span>"#,
        Escaped(text)
    ))
}

/// [`table`] as HTML text, for a display-only table: `rows` is the body's text (`<tr>…`,
/// values [`Escaped`]).
pub fn text_table(class: &str, name: Option<&str>, heads: &[&str], rows: &str) -> String {
    let mut out = format!(r#"<table class="{class}""#);
    if let Some(name) = name {
        let _ = write!(out, r#" data-kp="{name}""#);
    }
    out.push_str("><thead><tr>");
    for head in heads {
        let _ = write!(out, "<th>{}</th>", Escaped(head));
    }
    let _ = write!(out, "</tr></thead><tbody>{rows}</tbody></table>");
    out
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
    let style = css
        .map(|css| format!("<style>{css}</style>"))
        .unwrap_or_default();
    let line = match error {
        Some(error) => format!(
            r#"<p class="kp-notice kp-error" role="alert" data-kp="notice">{}</p>"#,
            Escaped(error)
        ),
        None => format!(r#"<p class="kp-meta">{loading}</p>"#),
    };
    raw(format!(
        r#"<section class="{frame}" data-kp="{name}">{style}<h2 class="kp-title">{title}</h2>{line}</section>"#
    ))
}
