//! A reviewer fills in the case-review form on the demo portal; the total the form shows
//! equals, to the cent, the total the server stores.
//!
//! Uses the form endpoints of docs/widgets.md (`/api/units/{unit}/review-forms/{p}` and
//! `/api/plugins/{sha256}`).

use crate::harness::{Browser, Server, q, require_browser};
use serde_json::json;

const FORM: &str = "#kp-form";

#[tokio::test(flavor = "current_thread")]
async fn the_form_total_equals_the_stored_total_to_the_cent() {
    require_browser();
    let server = Server::demo();
    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!("{}/demo/portal.html", server.base))
        .await
        .expect("portal");
    browser
        .wait(&q(FORM, "[data-kp=plugin]"), "the plugin line")
        .await;
    browser
        .wait(
            &format!("{}.dataset.current === 'true'", q(FORM, "[data-kp=total]")),
            "the first total",
        )
        .await;
    let first = browser
        .js(&format!(
            "return {}.textContent",
            q(FORM, "[data-kp=total]")
        ))
        .await;

    let cases = browser
        .js(&format!(
            "return document.querySelector({FORM:?}).shadowRoot.querySelectorAll(\"select\").length"
        ))
        .await;
    let cases = cases.as_u64().expect("case count");
    assert!(cases > 0, "no sampled case");
    for i in 0..cases {
        // 不合格 on the first case (R-2019: −5 quality), 合格 on the others: whichever case
        // comes first, P01's quality (one 瑕疵 in the demo data) changes.
        let conclusion = if i == 0 { "不合格" } else { "合格" };
        browser
            .js(&format!(
                "const s = {}; s.value = {conclusion:?}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
                q(FORM, &format!("[data-kp=conclusion-{i}]"))
            ))
            .await;
    }
    browser.click(FORM, "[data-kp=add-deduction-0]").await;
    browser
        .inside(FORM, "[data-kp=deduction-points-0-0]")
        .await
        .send_keys("1")
        .await
        .expect("points");
    browser
        .inside(FORM, "[data-kp=deduction-reason-0-0]")
        .await
        .send_keys("起诉书事实表述不准确")
        .await
        .expect("reason");
    browser
        .wait(
            &format!(
                "{0}.dataset.current === 'true' && {0}.textContent !== {first}",
                q(FORM, "[data-kp=total]")
            ),
            "the new total",
        )
        .await;
    let shown = browser
        .js(&format!(
            "return {}.textContent",
            q(FORM, "[data-kp=total]")
        ))
        .await;
    browser.click(FORM, "[data-kp=save]").await;
    let saved = browser
        .wait(
            &format!("{}.dataset.total", q(FORM, "[data-kp=saved]")),
            "the saved answer",
        )
        .await;
    browser.screenshot("form-saved").await;
    assert_eq!(
        saved, shown,
        "the server stored another total than the form showed"
    );

    let reviewer = server.login("pingcha");
    let (status, stored) = server.call(
        "GET",
        "/api/units/1/review-forms/P01?year=2019",
        Some(&reviewer),
        None,
    );
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["saved"]["reviews"][0]["conclusion"], json!("不合格"));
    browser.close().await;
}
