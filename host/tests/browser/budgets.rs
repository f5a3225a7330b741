//! The case-review form against a stand-in server (`stub.rs`): the in-browser plugin's
//! total equals the natively computed one to the cent; and the budget measurements run by
//! `scripts/widget-budgets.sh` (ignored in the normal run).

use crate::harness::{Browser, output_dir, q, require_browser};
use crate::stub;
use serde_json::json;

const FORM: &str = "#kp-form";

async fn open_form(browser: &Browser, base: &str) {
    browser
        .client
        .goto(&format!("{base}/bench.html"))
        .await
        .expect("page");
    browser
        .wait(&q(FORM, "[data-kp=plugin]"), "the plugin line")
        .await;
    browser
        .wait(
            &format!("{}.dataset.current === 'true'", q(FORM, "[data-kp=total]")),
            "the first total",
        )
        .await;
}

async fn total(browser: &Browser) -> String {
    let v = browser
        .js(&format!(
            "return {}.textContent",
            q(FORM, "[data-kp=total]")
        ))
        .await;
    v.as_str().expect("total").to_owned()
}

#[tokio::test(flavor = "current_thread")]
async fn the_browser_plugin_total_equals_the_native_total_to_the_cent() {
    require_browser();
    let base = stub::start(stub::context(3));
    let browser = Browser::start().await;
    open_form(&browser, &base).await;
    let sha = browser
        .js(&format!(
            "return {}.dataset.sha256",
            q(FORM, "[data-kp=plugin]")
        ))
        .await;
    assert_eq!(sha, json!(kaoping_host::plugin::builtin_id().as_str()));
    for i in 0..3 {
        let conclusion = if i == 1 { "不合格" } else { "合格" };
        browser
            .js(&format!(
                "const s = {}; s.value = {conclusion:?}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
                q(FORM, &format!("[data-kp=conclusion-{i}]"))
            ))
            .await;
    }
    for (i, score) in ["1", "0.5", "0.75"].iter().enumerate() {
        browser
            .inside(FORM, &format!("[data-kp=manual-score-{i}]"))
            .await
            .send_keys(score)
            .await
            .expect("score");
    }
    browser
        .wait(
            &format!(
                "{}.dataset.current === 'true' && !{}",
                q(FORM, "[data-kp=total]"),
                q(FORM, "[data-kp=problems]")
            ),
            "a complete form",
        )
        .await;
    let shown = total(&browser).await;
    browser.click(FORM, "[data-kp=save]").await;
    let saved = browser
        .wait(
            &format!("{}.dataset.total", q(FORM, "[data-kp=saved]")),
            "the saved answer",
        )
        .await;
    browser.screenshot("form-stub-saved").await;
    assert_eq!(
        saved,
        json!(shown),
        "the native engine stored another total than the browser plugin showed"
    );
    let warnings = browser
        .js(&format!(
            "return !!{} || !!{}",
            q(FORM, "[data-kp=plugin-changed]"),
            q(FORM, "[data-kp=total-differs]")
        ))
        .await;
    assert_eq!(warnings, json!(false));
    browser.close().await;
}

/// First render after load (ms from navigation start, median of 5), and recompute time per
/// keystroke on a 60-indicator form (plugin call + reading the answer, median and max of 30).
#[tokio::test(flavor = "current_thread")]
#[ignore = "measurement; run by scripts/widget-budgets.sh"]
async fn measure_budgets() {
    require_browser();
    let base = stub::start(stub::context(60));
    let browser = Browser::start().await;
    let mut first = Vec::new();
    for _ in 0..5 {
        open_form(&browser, &base).await;
        let t = browser
            .js("return performance.getEntriesByName('kaoping-first-render')[0].startTime")
            .await;
        first.push(t.as_f64().unwrap_or(f64::NAN));
    }
    let mut per_key = Vec::new();
    for i in 0..30 {
        let field = browser
            .inside(FORM, &format!("[data-kp=manual-score-{}]", i % 60))
            .await;
        let seq = browser
            .js(&format!(
                "return Number({}.dataset.seq)",
                q(FORM, "[data-kp=total]")
            ))
            .await;
        field.send_keys("1").await.expect("key");
        browser
            .wait(
                &format!(
                    "{0}.dataset.current === 'true' && Number({0}.dataset.seq) > {seq}",
                    q(FORM, "[data-kp=total]")
                ),
                "the recomputed total",
            )
            .await;
        let ms = browser
            .js(&format!(
                "return Number({}.dataset.computeMs)",
                q(FORM, "[data-kp=total]")
            ))
            .await;
        per_key.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    browser.screenshot("form-60-indicators").await;
    first.sort_by(f64::total_cmp);
    per_key.sort_by(f64::total_cmp);
    let report = format!(
        "first_render_ms {:.1}\nrecompute_ms_median {:.2}\nrecompute_ms_max {:.2}\n",
        first[first.len() / 2],
        per_key[per_key.len() / 2],
        per_key[per_key.len() - 1]
    );
    print!("{report}");
    std::fs::write(output_dir().join("budgets.txt"), report).expect("write");
    browser.close().await;
}
