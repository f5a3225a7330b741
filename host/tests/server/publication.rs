//! Publication for 5 working days, objections inside and outside the window, a re-review
//! with history, the final decision, confirmation, the locked rule set and the audit log.

use crate::support::{Server, evaluate};
use serde_json::json;

#[test]
fn objections_re_review_history_and_audit() {
    let server = Server::demo();
    let committee = server.login("kaohe");
    let p01 = server.login("p01");

    // A: published from Friday 2019-09-27: ends 2019-10-09 (National Day), long over.
    let (a, _) = evaluate(&server, &committee, 1);
    let (status, body) = server.post(
        &format!("/api/evaluations/{a}/publish"),
        Some(&committee),
        &json!({"start": "2019-09-27"}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["publication_end"], "2019-10-09");
    let (status, body) = server.post(
        &format!("/api/evaluations/{a}/objections"),
        Some(&p01),
        &json!({"text": "质量分扣分有误"}),
    );
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2019-10-09"),
        "{body}"
    );
    // The window is over and no objection is open: the result is final; P01 confirms.
    let (status, body) = server.post(
        &format!("/api/evaluations/{a}/finalize"),
        Some(&committee),
        &json!({}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.post(
        &format!("/api/evaluations/{a}/results/P02/confirm"),
        Some(&p01),
        &json!({}),
    );
    assert_eq!(status, 403);
    let (status, body) = server.post(
        &format!("/api/evaluations/{a}/results/P01/confirm"),
        Some(&p01),
        &json!({}),
    );
    assert_eq!(status, 200, "{body}");

    // The rule set used by a published evaluation can no longer change.
    let toml = kaoping_shared::rules::builtin::R2019_TOML;
    let (status, body) = server.raw(
        "POST",
        "/api/units/1/rule-sets",
        Some(&committee),
        toml.as_bytes(),
        "text/plain",
    );
    assert_eq!(status, 409, "{}", String::from_utf8_lossy(&body));
    let renamed = toml.replacen("version = \"2019.1\"", "version = \"2019.2\"", 1);
    assert_ne!(renamed, toml);
    let (status, body) = server.raw(
        "POST",
        "/api/units/1/rule-sets",
        Some(&committee),
        renamed.as_bytes(),
        "text/plain",
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    // B: published today: P01 objects, the committee changes the grade.
    let (b, _) = evaluate(&server, &committee, 1);
    let (status, body) = server.post(
        &format!("/api/evaluations/{b}/publish"),
        Some(&committee),
        &json!({}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, objection) = server.post(
        &format!("/api/evaluations/{b}/objections"),
        Some(&p01),
        &json!({"text": "案件比计算有误"}),
    );
    assert_eq!(status, 200, "{objection}");
    let objection = objection["id"].as_i64().unwrap();
    let (status, _) = server.post(
        &format!("/api/evaluations/{b}/objections"),
        Some(&p01),
        &json!({"text": "x", "prosecutor": "P02"}),
    );
    assert_eq!(status, 403, "only one's own result");
    let (status, _) = server.post(
        &format!("/api/objections/{objection}/review"),
        Some(&p01),
        &json!({"decision": "keep", "reason": "x"}),
    );
    assert_eq!(status, 403, "a prosecutor does not re-review");
    let (status, body) = server.post(
        &format!("/api/objections/{objection}/review"),
        Some(&committee),
        &json!({"decision": "change", "grade": "优秀", "reason": "经党组研究，调整为优秀"}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.post(
        &format!("/api/objections/{objection}/review"),
        Some(&committee),
        &json!({"decision": "keep", "reason": "again"}),
    );
    assert_eq!(status, 409);
    let (status, own) = server.get(&format!("/api/evaluations/{b}/results/P01"), Some(&p01));
    assert_eq!(status, 200);
    assert_eq!(own["result"]["grade"], "优秀");
    assert_eq!(own["result"]["engine_grade"], "称职");
    let change = &own["changes"][0];
    assert_eq!(change["field"], "grade");
    assert_eq!(change["old_value"], "称职");
    assert_eq!(change["new_value"], "优秀");
    assert_eq!(change["changed_by"], "kaohe");
    assert_eq!(change["reason"], "经党组研究，调整为优秀");
    assert!(change["changed_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(own["objections"][0]["status"], "changed");
    // The window is still open: no final decision yet.
    let (status, body) = server.post(
        &format!("/api/evaluations/{b}/finalize"),
        Some(&committee),
        &json!({}),
    );
    assert_eq!(status, 409, "{body}");

    // The audit log has every change, in order, and refuses nothing to the committee only.
    let (status, audit) = server.get("/api/units/1/audit", Some(&committee));
    assert_eq!(status, 200);
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "创建单位",
        "导入检察官名单",
        "导入案件数据",
        "运行考评",
        "公示考评结果",
        "确定考评结果",
        "检察官确认结果",
        "上传指标体系",
        "提出异议",
        "复核异议",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let review = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "复核异议")
        .unwrap();
    assert_eq!(review["user"], "kaohe");
    assert_eq!(review["detail"]["changes"][0]["old_value"], "称职");
    let conn = rusqlite::Connection::open(server.db()).unwrap();
    assert!(
        conn.execute("DELETE FROM audit_log", []).is_err(),
        "append-only"
    );
}
