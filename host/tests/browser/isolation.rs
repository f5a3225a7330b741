//! The portal's CSS does not change the widgets' look: computed styles inside a widget are
//! the same on the heavy-CSS demo portal and on a bare page.

use crate::harness::{Browser, Server, q, require_browser};
use serde_json::Value;

// Sizes of boxes that fill their container are left out: the portal's column is narrower
// than a bare page, and that is layout, not look.
const PROPS: [&str; 15] = [
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "letter-spacing",
    "color",
    "background-color",
    "text-align",
    "text-indent",
    "padding-top",
    "margin-top",
    "border-top-width",
    "border-top-style",
    "display",
];
const ELEMENTS: [&str; 6] = [
    "section.kp",
    "h2",
    "label span",
    "input[data-kp=token]",
    "button[data-kp=open]",
    "form",
];

async fn styles(browser: &Browser, page: &str) -> Value {
    browser.client.goto(page).await.expect("page");
    browser
        .wait(&q("#kp-ballot", "[data-kp=token]"), "the ballot")
        .await;
    let script = format!(
        "const root = document.querySelector('#kp-ballot').shadowRoot; const out = {{}};
         for (const sel of {elements:?}) {{
           const el = root.querySelector(sel); const cs = getComputedStyle(el); out[sel] = {{}};
           for (const p of {props:?}) out[sel][p] = cs.getPropertyValue(p);
         }}
         const host = getComputedStyle(document.querySelector('#kp-ballot'));
         out[':host'] = {{ display: host.display, padding: host.paddingTop, border: host.borderTopWidth, font: host.fontSize }};
         return out;",
        elements = ELEMENTS,
        props = PROPS,
    );
    browser.js(&script).await
}

#[tokio::test(flavor = "current_thread")]
async fn portal_css_does_not_change_the_widgets_computed_styles() {
    require_browser();
    let server = Server::demo();
    let browser = Browser::start().await;
    let plain = styles(&browser, &format!("{}/demo/plain.html", server.base)).await;
    browser.screenshot("isolation-plain").await;
    let portal = styles(&browser, &format!("{}/demo/portal.html", server.base)).await;
    browser.screenshot("isolation-portal").await;
    for element in ELEMENTS.iter().chain([&":host"]) {
        assert_eq!(
            portal[element], plain[element],
            "computed styles of {element} differ"
        );
    }
    // And the reverse: the widgets' CSS does not leak out into the portal.
    let leaked = browser
        .js("return getComputedStyle(document.querySelector('td.content h2')).color")
        .await;
    assert_eq!(leaked, Value::from("rgb(204, 0, 0)"));
    browser.close().await;
}
