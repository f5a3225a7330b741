//! The case-review form's endpoints (docs/widgets.md): the context, saving conclusions with
//! a fresh evaluation by the unit's plugin, bad entries, and a prosecutor's 403.

use crate::support::Server;
use serde_json::json;

const FORM: &str = "/api/units/1/review-forms/P01?year=2019";

fn chinese(text: &serde_json::Value) -> bool {
    text.as_str()
        .unwrap_or_default()
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn a_reviewer_reads_the_form_saves_it_and_a_prosecutor_may_not() {
    let server = Server::demo();
    let reviewer = server.login("pingcha");

    let (status, context) = server.get(FORM, Some(&reviewer));
    assert_eq!(status, 200, "{context}");
    assert_eq!(context["prosecutor"], "P01");
    assert_eq!(context["role"], "department");
    assert_eq!(context["title"], "2019年度案件评查 · 张三");
    assert_eq!(context["plugin"].as_str().unwrap().len(), 64);
    assert_eq!(context["input"]["period"]["end"], "2019-12-31");
    assert!(context["saved"].is_null(), "{context}");
    let cases = context["cases"].as_array().unwrap().clone();
    assert!(!cases.is_empty(), "{context}");
    let rules = &context["rules"];

    let reviews: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            if i == 0 {
                json!({"case": case, "conclusion": "瑕疵",
                       "deductions": [{"points": "1", "reason": "起诉书事实表述不准确"}]})
            } else {
                json!({"case": case, "conclusion": "合格"})
            }
        })
        .collect();
    let submission = json!({
        "reviews": reviews,
        "manual_scores": [],
        "plugin": context["plugin"],
        "rule_set": {"id": rules["id"], "version": rules["version"]},
        "total": "0",
    });
    let (status, saved) = server.post(FORM, Some(&reviewer), &submission);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["plugin"], context["plugin"]);
    assert_eq!(saved["rule_set"]["id"], rules["id"]);
    let total = saved["total"].as_str().unwrap();
    assert_eq!(total.split('.').nth(1).map(str::len), Some(2), "{total}");
    let id = saved["evaluation"].as_i64().unwrap();

    // Stored like any evaluation: the committee sees it with its digests and the same total.
    let committee = server.login("kaohe");
    let (status, evaluation) = server.get(&format!("/api/evaluations/{id}"), Some(&committee));
    assert_eq!(status, 200, "{evaluation}");
    assert_eq!(evaluation["plugin_sha256"], saved["plugin"]);
    assert_eq!(evaluation["input_sha256"].as_str().unwrap().len(), 64);
    let (status, result) = server.get(
        &format!("/api/evaluations/{id}/results/P01"),
        Some(&committee),
    );
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["result"]["total"], saved["total"]);

    // The reviewer's entries come back, and the case carries the conclusion.
    let (status, again) = server.get(FORM, Some(&reviewer));
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["saved"]["reviews"][0]["case"], cases[0]);
    assert_eq!(again["saved"]["reviews"][0]["conclusion"], "瑕疵");
    assert_eq!(
        again["saved"]["reviews"][0]["deductions"][0]["reason"],
        "起诉书事实表述不准确"
    );
    let reviewed = again["input"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == cases[0])
        .unwrap();
    assert_eq!(reviewed["review"], "瑕疵");

    // Bad entries: a conclusion off the scale, a manual indicator the rule set lacks.
    let mut bad = submission.clone();
    bad["reviews"] = json!([{"case": cases[0], "conclusion": "很好"}]);
    bad["manual_scores"] =
        json!([{"prosecutor": "P01", "indicator": "nope", "role": "department", "score": "9"}]);
    let (status, body) = server.post(FORM, Some(&reviewer), &bad);
    assert_eq!(status, 422, "{body}");
    assert!(chinese(&body["error"]["message"]), "{body}");
    assert_eq!(
        body["error"]["problems"].as_array().unwrap().len(),
        2,
        "{body}"
    );
    let (status, body) = server.post(FORM, Some(&reviewer), &json!({"reviews": "x"}));
    assert!((400..500).contains(&status), "{status} {body}");
    let (status, body) = server.get("/api/units/1/review-forms/P99?year=2019", Some(&reviewer));
    assert_eq!(status, 404, "{body}");

    // A prosecutor may neither read nor save the form.
    let p01 = server.login("p01");
    let (status, body) = server.get(FORM, Some(&p01));
    assert_eq!(status, 403, "{body}");
    assert!(chinese(&body["error"]["message"]), "{body}");
    let (status, body) = server.post(FORM, Some(&p01), &submission);
    assert_eq!(status, 403, "{body}");
    assert!(chinese(&body["error"]["message"]), "{body}");
}
