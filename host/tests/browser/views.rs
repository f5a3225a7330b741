//! The result, sampling and committee views (`docs/views.md`) on `kaoping serve --demo`:
//! the numbers of DOMAIN.md in the page, access limits, in-browser verification of a
//! draw, and the what-if recompute matching the server. Screenshots at 1366×768.

use crate::harness::{Browser, Server, q, require_browser};
use serde_json::{Value, json};

/// Runs the 2019 annual evaluation of the demo unit as the committee; returns its id.
fn run_annual(server: &Server, committee: &str) -> i64 {
    let (status, run) = server.call(
        "POST",
        "/api/units/1/evaluations",
        Some(committee),
        Some(json!({"kind": "annual", "year": 2019})),
    );
    assert_eq!(status, 200, "{run}");
    run["id"].as_i64().expect("evaluation id")
}

/// Runs and publishes the 2019 annual evaluation of the demo unit; returns its id.
fn publish_annual(server: &Server) -> i64 {
    let committee = server.login("kaohe");
    let id = run_annual(server, &committee);
    let (status, published) = server.call(
        "POST",
        &format!("/api/evaluations/{id}/publish"),
        Some(&committee),
        Some(json!({})),
    );
    assert_eq!(status, 200, "{published}");
    id
}

async fn open(browser: &Browser, server: &Server, query: &str) {
    browser
        .client
        .set_window_size(1366, 768)
        .await
        .expect("window size");
    browser
        .client
        .goto(&format!("{}/demo/views.html?{query}", server.base))
        .await
        .expect("views page");
}

async fn text(browser: &Browser, host: &str, inner: &str) -> String {
    browser
        .js(&format!("return {}.textContent", q(host, inner)))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

const RESULT: &str = "#kp-result";

#[tokio::test(flavor = "current_thread")]
async fn p01_sees_their_own_numbers_and_the_review_deduction_but_not_p02() {
    require_browser();
    let server = Server::demo();
    publish_annual(&server);
    let browser = Browser::start().await;
    open(&browser, &server, "as=p01&view=result&prosecutor=P01").await;
    browser
        .wait(&q(RESULT, "[data-kp=total]"), "P01's total")
        .await;
    assert_eq!(text(&browser, RESULT, "[data-kp=total]").await, "86.00");
    assert_eq!(text(&browser, RESULT, "[data-kp=rank]").await, "第 2 名");
    assert_eq!(text(&browser, RESULT, "[data-kp=grade]").await, "称职");
    let page = text(&browser, RESULT, "div").await;
    assert!(page.contains("考评期间 2019-01-01 至 2019-12-31"), "{page}");
    for (key, score) in [
        ("quantity", "36.00"),
        ("quality", "29.00"),
        ("efficiency", "5.33"),
        ("effect", "2.67"),
        ("skills", "5.00"),
        ("ethics", "8.00"),
    ] {
        let shown = text(
            &browser,
            RESULT,
            &format!("[data-kp=dim-{key}] [data-kp=score]"),
        )
        .await;
        assert_eq!(shown, score, "{key}");
    }
    let deduction = text(
        &browser,
        RESULT,
        "[data-kp=indicator-quality_deductions] [data-case='临检刑诉〔2019〕2号']",
    )
    .await;
    assert!(deduction.contains("瑕疵"), "{deduction}");
    assert!(deduction.contains("−1"), "{deduction}");
    let days = text(&browser, RESULT, "[data-kp=days-left]").await;
    assert!(
        days.parse::<u32>().is_ok_and(|d| (1..=5).contains(&d)),
        "{days}"
    );
    let radar = text(&browser, RESULT, "[data-kp=radar]").await;
    assert!(
        radar.contains("办案数量") && radar.contains("部门平均"),
        "{radar}"
    );
    browser.screenshot("views-result-p01").await;

    // The objection form files an objection that then shows in the list.
    browser
        .inside(RESULT, "[data-kp=objection-text]")
        .await
        .send_keys("临检刑诉〔2019〕2号评查结论认定有误，请复核")
        .await
        .expect("objection text");
    browser.click(RESULT, "[data-kp=object]").await;
    browser
        .wait(&q(RESULT, "[data-kp=objections]"), "the objection listed")
        .await;

    // P01 asking for P02's result is refused, in Chinese, and shows no number.
    browser
        .js(&format!(
            "const e = document.createElement('kaoping-result'); e.id = 'kp-other';
             for (const [k, v] of [['unit','1'],['year','2019'],['prosecutor','P02'],['token', {}.getAttribute('token')]]) e.setAttribute(k, v);
             document.body.appendChild(e); return true;",
            "document.querySelector('#kp-result')"
        ))
        .await;
    let refused = browser
        .wait(
            &format!("{}.textContent", q("#kp-other", "[data-kp=notice]")),
            "P02 refused",
        )
        .await;
    let refused = refused.as_str().unwrap_or_default();
    assert!(refused.contains("只能查看本人"), "{refused}");
    assert_eq!(
        browser
            .js(&format!(
                "return {} === null",
                q("#kp-other", "[data-kp=total]")
            ))
            .await,
        Value::Bool(true)
    );
    browser.close().await;
}

/// After the publication window and the committee's decision, P01 sees the final result and
/// confirms it in the page; the confirmation is stored and shown instead of the button.
#[tokio::test(flavor = "current_thread")]
async fn after_the_decision_p01_sees_the_final_result_and_confirms_it() {
    require_browser();
    let server = Server::demo();
    let committee = server.login("kaohe");
    let id = run_annual(&server, &committee);
    // Published from 2019-09-27: the five working days ended on 2019-10-09, long ago.
    for (path, body) in [
        ("publish", json!({"start": "2019-09-27"})),
        ("finalize", json!({})),
    ] {
        let (status, answer) = server.call(
            "POST",
            &format!("/api/evaluations/{id}/{path}"),
            Some(&committee),
            Some(body),
        );
        assert_eq!(status, 200, "{path}: {answer}");
    }
    let browser = Browser::start().await;
    open(&browser, &server, "as=p01&view=result&prosecutor=P01").await;
    let decision = browser
        .wait(
            &format!("{}.textContent", q(RESULT, "[data-kp=decision]")),
            "the decision",
        )
        .await;
    assert_eq!(
        decision.as_str(),
        Some("考评结果已确定：总分 86.00，等次 称职")
    );
    assert_eq!(
        browser
            .js(&format!(
                "return {} === null",
                q(RESULT, "[data-kp=objection-form]")
            ))
            .await,
        Value::Bool(true),
        "no objection form once the result is final"
    );
    browser.screenshot("views-result-final").await;
    browser.click(RESULT, "[data-kp=confirm]").await;
    let confirmed = browser
        .wait(
            &format!("{}.textContent", q(RESULT, "[data-kp=confirmed]")),
            "the confirmation",
        )
        .await;
    let confirmed = confirmed.as_str().unwrap_or_default();
    assert!(confirmed.contains("签字确认"), "{confirmed}");
    let p01 = server.login("p01");
    let (status, own) = server.call(
        "GET",
        &format!("/api/evaluations/{id}/results/P01"),
        Some(&p01),
        None,
    );
    assert_eq!(status, 200, "{own}");
    assert!(own["result"]["confirmed_at"].is_string(), "{own}");
    browser.screenshot("views-result-confirmed").await;
    browser.close().await;
}

/// `POST path` with a CSV file (an import), which must be accepted.
fn upload(server: &Server, path: &str, token: &str, body: &[u8]) {
    let (status, answer) = server.send("POST", path, Some(token), "text/csv", body);
    assert_eq!(status, 200, "{path}: {answer}");
}

const SAMPLING: &str = "#kp-sampling";
const SAMPLING_CASES: &[u8] = include_bytes!("../../../shared/tests/data/sampling_cases.csv");

/// Sets a textarea's value inside the widget as if pasted, and fires `input`.
fn paste(selector: &str, value_js: &str) -> String {
    format!(
        "const t = {}; t.value = {value_js}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return true;",
        q(SAMPLING, selector)
    )
}

#[tokio::test(flavor = "current_thread")]
async fn the_sampling_widget_reproduces_the_domain_draw_and_verifies_its_record() {
    require_browser();
    let server = Server::demo();
    let office = server.login("anguan");
    upload(
        &server,
        "/api/units/1/imports/roster?file=roster-p05.csv",
        &office,
        "检察官编号,姓名,部门,业务类别,职务,违纪违法\nP05,孙七,第一检察部,刑事检察,员额检察官,否\n"
            .as_bytes(),
    );
    upload(
        &server,
        "/api/units/1/imports/cases?file=sampling-cases.csv",
        &office,
        SAMPLING_CASES,
    );
    let browser = Browser::start().await;
    open(&browser, &server, "as=anguan&view=sampling").await;
    browser
        .wait(&q(SAMPLING, "[data-kp=plugin]"), "the plugin ready")
        .await;
    for (field, value) in [
        ("prosecutor", "P05"),
        ("seed", "临澧2019履职评议"),
        ("start", "2017-01-01"),
        ("end", "2019-06-30"),
    ] {
        browser
            .inside(SAMPLING, &format!("[data-kp={field}]"))
            .await
            .send_keys(value)
            .await
            .expect(field);
    }
    browser.click(SAMPLING, "[data-kp=draw]").await;
    browser
        .wait(&q(SAMPLING, "[data-kp=drawn]"), "the drawn list")
        .await;
    let rows = browser
        .js(&format!(
            "return Array.from({}.querySelectorAll('[data-kp=chosen]')).map(r => [r.dataset.case, r.cells[3].textContent, r.cells[4].textContent]);",
            q(SAMPLING, "[data-kp=chosen-list]")
        ))
        .await;
    let rows: Vec<(String, String, String)> = serde_json::from_value(rows).expect("rows");
    assert_eq!(rows.len(), 20, "{rows:?}");
    let must: Vec<(&str, &str)> = rows[..6]
        .iter()
        .map(|(c, b, d)| {
            assert_eq!(b, "必查", "{c}");
            (c.as_str(), d.as_str())
        })
        .collect();
    for expected in [
        ("临检刑诉〔2017〕9号", "不诉"),
        ("临检刑捕〔2017〕15号", "不捕"),
        ("临检刑诉〔2018〕22号", "超期办理"),
        ("临检刑诉〔2018〕27号", "发回重审"),
        ("临检刑诉〔2018〕31号", "群众反映强烈"),
        ("临检刑诉〔2019〕38号", "超期办理"),
    ] {
        assert!(must.contains(&expected), "{expected:?} not in {must:?}");
    }
    for (i, case, hash) in [
        (6, "临检刑诉〔2019〕33号", "009e6724b7d2"),
        (7, "临检刑捕〔2018〕30号", "0103cf002a7a"),
        (8, "临检刑诉〔2017〕7号", "015028f9e960"),
        (19, "临检刑诉〔2017〕14号", "7b46298112a6"),
    ] {
        assert_eq!(rows[i].0, case, "row {}", i + 1);
        assert_eq!(rows[i].1, "随机抽取");
        assert!(rows[i].2.starts_with(hash), "{:?}", rows[i]);
    }
    browser.screenshot("views-sampling-draw").await;

    browser.click(SAMPLING, "[data-kp=copy-proof]").await;
    browser.click(SAMPLING, "[data-kp=verify]").await;
    let ok = browser
        .wait(
            &format!("{}.dataset.ok", q(SAMPLING, "[data-kp=verdict]")),
            "the verdict",
        )
        .await;
    assert_eq!(ok, json!("true"));

    // One digit of one hash changed: refused.
    browser
        .js(&paste(
            "[data-kp=verify-text]",
            &format!(
                "{}.value.replace('009e6724b7d2', '109e6724b7d2')",
                q(SAMPLING, "[data-kp=verify-text]")
            ),
        ))
        .await;
    browser.click(SAMPLING, "[data-kp=verify]").await;
    let refused = browser
        .wait(
            &format!(
                "{0}.dataset.ok === 'false' && {0}.textContent",
                q(SAMPLING, "[data-kp=verdict]")
            ),
            "the refusal",
        )
        .await;
    assert!(
        refused.as_str().is_some_and(|t| t.contains("核验未通过")),
        "{refused}"
    );
    browser.screenshot("views-sampling-tampered").await;
    browser.close().await;
}

const DASHBOARD: &str = "#kp-dashboard";

/// (prosecutor, rank, total, grade) of the rows matching `selector` in the dashboard.
async fn page_rows(browser: &Browser, selector: &str) -> Vec<(String, u64, String, String)> {
    let rows = browser
        .js(&format!(
            "return Array.from({}.querySelectorAll({selector:?})).map(r => [r.dataset.prosecutor, Number(r.dataset.rank || r.querySelector('[data-kp=rank]').textContent), r.dataset.total || r.querySelector('[data-kp=total]').textContent, r.dataset.grade || r.querySelector('[data-kp=grade]').textContent]);",
            q(DASHBOARD, "[data-kp=dashboard]")
        ))
        .await;
    serde_json::from_value(rows).expect("rows")
}

fn server_rows(results: &Value) -> Vec<(String, u64, String, String)> {
    results
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["prosecutor"].as_str().unwrap_or_default().to_owned(),
                r["rank"].as_u64().unwrap_or_default(),
                r["total"].as_str().unwrap_or_default().to_owned(),
                r["grade"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_dashboard_matches_the_server_and_a_what_if_matches_it_after_saving() {
    require_browser();
    let server = Server::demo();
    let id = publish_annual(&server);
    let committee = server.login("kaohe");
    let browser = Browser::start().await;
    open(&browser, &server, "as=kaohe&view=dashboard").await;
    browser
        .wait(&q(DASHBOARD, "[data-kp=tallies]"), "the tallies")
        .await;
    let (status, stored) = server.call(
        "GET",
        &format!("/api/evaluations/{id}/results"),
        Some(&committee),
        None,
    );
    assert_eq!(status, 200, "{stored}");
    let shown = page_rows(&browser, "[data-kp=rank-row]").await;
    assert_eq!(shown, server_rows(&stored["results"]));
    assert_eq!(
        shown.iter().map(|r| r.3.as_str()).collect::<Vec<_>>(),
        ["优秀", "称职", "不称职", "基本称职"]
    );
    let charts = text(&browser, DASHBOARD, "[data-kp=histogram]").await;
    assert!(charts.contains("总分分布"), "{charts}");
    browser.screenshot("views-dashboard").await;

    // Twenty points of weight from quantity and skills to quality: P01 drops to third.
    for (knob, value) in [
        ("knob-points-quantity", "10"),
        ("knob-max-quantity", "12"),
        ("knob-points-quality", "59"),
        ("knob-points-skills", "1"),
    ] {
        browser
            .js(&format!(
                "const t = {}; t.value = {value:?}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return true;",
                q(DASHBOARD, &format!("[data-kp={knob}]"))
            ))
            .await;
    }
    browser
        .wait(
            &format!(
                "{}.dataset.rank === '3'",
                q(DASHBOARD, "[data-kp=whatif-row][data-prosecutor=P01]")
            ),
            "P01 third in the what-if",
        )
        .await;
    let draft = page_rows(&browser, "[data-kp=whatif-row]").await;
    let ms = browser
        .js(&format!(
            "return {}.dataset.ms",
            q(DASHBOARD, "[data-kp=whatif-ms]")
        ))
        .await;
    eprintln!("what-if recompute, demo unit (4 prosecutors): {ms} ms");
    browser.screenshot("views-dashboard-whatif").await;
    browser.click(DASHBOARD, "[data-kp=save-draft]").await;
    let row = browser
        .wait(
            &format!("{}.dataset.row", q(DASHBOARD, "[data-kp=saved]")),
            "saved",
        )
        .await;
    let row: i64 = row.as_str().and_then(|r| r.parse().ok()).expect("row id");
    let (status, run) = server.call(
        "POST",
        "/api/units/1/evaluations",
        Some(&committee),
        Some(json!({"kind": "annual", "year": 2019, "rule_set": row})),
    );
    assert_eq!(status, 200, "{run}");
    let computed: Vec<(String, u64, String, String)> = run["evaluation"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["prosecutor"].as_str().unwrap_or_default().to_owned(),
                r["rank"].as_u64().unwrap_or_default(),
                r["total"].as_str().unwrap_or_default().to_owned(),
                r["grade"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        draft, computed,
        "the page's what-if differs from the server"
    );
    browser.close().await;
}

/// The what-if recompute over a 100-prosecutor unit (`synthetic::unit(100, 200, 1)`) in
/// headless Chromium, through the widget's own code path; prints the figures for
/// BENCHMARKS.md. Run: `cargo test -p kaoping-host --test browser what_if_recompute -- --nocapture`.
#[tokio::test(flavor = "current_thread")]
async fn what_if_recompute_time_over_a_unit_of_100_prosecutors() {
    require_browser();
    let server = Server::demo();
    let committee = server.login("kaohe");
    let (_, unit) = server.call("GET", "/api/units/1", Some(&committee), None);
    let sha = unit["active_plugin"].as_str().expect("plugin").to_owned();
    let request = json!({"what_if": {
        "rules": kaoping_shared::rules::builtin::r2019(),
        "input": kaoping_shared::synthetic::unit(100, 200, 1),
    }})
    .to_string();
    let browser = Browser::start().await;
    open(&browser, &server, "").await;
    let timings = browser
        .client
        .execute_async(
            "const [server, token, sha, request, done] = arguments;
             import('/widgets/kaoping-widgets.js').then(async m => {
                 await m.kaopingInit();
                 done(Array.from(await m.whatIfTimings(server, token, sha, request, 12)));
             }).catch(e => done(String(e)));",
            vec![
                json!(server.base),
                json!(committee),
                json!(sha),
                json!(request),
            ],
        )
        .await
        .expect("timings");
    let mut ms: Vec<f64> =
        serde_json::from_value(timings.clone()).unwrap_or_else(|_| panic!("{timings}"));
    let first = ms.remove(0);
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "what-if recompute, 100 prosecutors / 20,000 cases, {} bytes request: first {first:.1} ms, median {:.1} ms, max {:.1} ms (of {} runs)",
        request.len(),
        ms[ms.len() / 2],
        ms[ms.len() - 1],
        ms.len()
    );
    browser.close().await;
}
