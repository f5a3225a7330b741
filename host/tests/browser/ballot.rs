//! A voter votes on the demo portal; the second use of the token is refused in the page.

use crate::harness::{Browser, Server, q, require_browser};
use serde_json::json;

const BALLOT: &str = "#kp-ballot";

async fn open_with(browser: &Browser, server: &Server, token: &str) {
    browser
        .client
        .goto(&format!("{}/demo/portal.html", server.base))
        .await
        .expect("portal");
    browser
        .wait(&q(BALLOT, "[data-kp=token]"), "the ballot's token field")
        .await;
    let field = browser.inside(BALLOT, "[data-kp=token]").await;
    // A stray character removed with Backspace: the portal blocks Backspace outside its own
    // inputs, and must not see the widget's keys at all.
    field
        .send_keys(&format!("{token}x\u{E003}"))
        .await
        .expect("type token");
    let typed = browser
        .js(&format!("return {}.value", q(BALLOT, "[data-kp=token]")))
        .await;
    assert_eq!(
        typed,
        json!(token),
        "Backspace inside the widget reached the portal's blocker"
    );
    browser.click(BALLOT, "[data-kp=open]").await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_voter_votes_once_and_the_used_token_is_refused_in_the_page() {
    require_browser();
    let server = Server::demo();
    let committee = server.login("kaohe");
    let (status, issued) = server.call(
        "POST",
        "/api/units/1/ballot-tokens",
        Some(&committee),
        Some(json!({"kind": "democratic", "year": 2019, "subject": "P01", "voter_group": "干警", "count": 1})),
    );
    assert_eq!(status, 200, "{issued}");
    let token = issued["tokens"][0].as_str().expect("a token").to_owned();
    let before = server
        .call(
            "GET",
            "/api/units/1/ballots/tally?year=2019",
            Some(&committee),
            None,
        )
        .1;

    let browser = Browser::start().await;
    open_with(&browser, &server, &token).await;
    browser
        .wait(
            &format!(
                "{}.dataset.phase === 'Filling'",
                q(BALLOT, "[data-kp=ballot]")
            ),
            "the marks",
        )
        .await;
    let title = browser
        .js(&format!("return {}.textContent", q(BALLOT, "h2")))
        .await;
    assert_eq!(title, json!("2019年度检察官民主测评"));

    // Incomplete: refused, with what is missing.
    browser.click(BALLOT, "[data-kp=review]").await;
    let notice = browser
        .wait(
            &format!("{}.textContent", q(BALLOT, "[data-kp=notice]")),
            "the missing-marks notice",
        )
        .await;
    assert!(notice.as_str().unwrap().contains("尚未选择"), "{notice}");
    assert!(
        notice
            .as_str()
            .unwrap()
            .contains("德、能、勤、绩、廉、总体"),
        "{notice}"
    );

    for (field, mark) in ["优秀", "优秀", "称职", "优秀", "优秀", "优秀"]
        .iter()
        .enumerate()
    {
        browser
            .click(BALLOT, &format!("[data-kp='mark-0-{field}-{mark}']"))
            .await;
    }
    browser.click(BALLOT, "[data-kp=review]").await;
    browser
        .wait(
            &format!(
                "{}.dataset.phase === 'Confirming'",
                q(BALLOT, "[data-kp=ballot]")
            ),
            "the confirmation",
        )
        .await;
    browser.screenshot("ballot-confirm").await;
    browser.click(BALLOT, "[data-kp=send]").await;
    browser
        .wait(&q(BALLOT, "[data-kp=done]"), "the thank-you")
        .await;
    browser.screenshot("ballot-done").await;

    let after = server
        .call(
            "GET",
            "/api/units/1/ballots/tally?year=2019",
            Some(&committee),
            None,
        )
        .1;
    assert_ne!(before, after, "the tally did not change");

    // The same token again, in a fresh page: refused, plainly.
    open_with(&browser, &server, &token).await;
    let notice = browser
        .wait(
            &format!("{}.textContent", q(BALLOT, "[data-kp=notice]")),
            "the used-token notice",
        )
        .await;
    assert!(notice.as_str().unwrap().contains("已经使用过"), "{notice}");
    browser.screenshot("ballot-used-token").await;
    let clicks = browser.js("return window.portalClicks").await;
    assert_eq!(
        clicks,
        json!(0),
        "the portal's document.onclick saw clicks inside the widget"
    );
    browser.close().await;
}
