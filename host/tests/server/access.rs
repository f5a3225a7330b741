//! Roles: a prosecutor reads only their own result and explanation, never a ranking; the
//! portal hands a user over with the shared secret.

use crate::support::{Server, evaluate};
use serde_json::json;

#[test]
fn p01_reads_only_their_own_explanation_and_no_ranking() {
    let server = Server::demo();
    let committee = server.login("kaohe");
    let (id, _) = evaluate(&server, &committee, 1);
    let p01 = server.login("p01");

    // Before publication: not even their own.
    let (status, body) = server.get(&format!("/api/evaluations/{id}/results/P01"), Some(&p01));
    assert_eq!(status, 403, "{body}");
    let (status, _) = server.post(
        &format!("/api/evaluations/{id}/publish"),
        Some(&committee),
        &json!({}),
    );
    assert_eq!(status, 200);

    let (status, own) = server.get(&format!("/api/evaluations/{id}/results/P01"), Some(&p01));
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["result"]["total"], "86.00");
    assert!(
        !own["explanation"]["dimensions"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    for path in [
        format!("/api/evaluations/{id}/results/P02"),
        format!("/api/evaluations/{id}/results"),
        "/api/units/1/ranking?year=2019".to_owned(),
        format!("/api/evaluations/{id}/export.xlsx"),
        format!("/api/evaluations/{id}/export.csv"),
        "/api/units/1/audit".to_owned(),
        "/api/units/1/ballots/tally?year=2019".to_owned(),
    ] {
        let (status, body) = server.get(&path, Some(&p01));
        assert_eq!(status, 403, "{path}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
    }
    // A prosecutor cannot run or import either.
    let (status, _) = server.post(
        "/api/units/1/evaluations",
        Some(&p01),
        &json!({"kind": "annual", "year": 2019}),
    );
    assert_eq!(status, 403);
    // Without a token: 401.
    let (status, _) = server.get(&format!("/api/evaluations/{id}/results/P01"), None);
    assert_eq!(status, 401);

    portal_hands_over_with_the_shared_secret(&server);
}

fn portal_hands_over_with_the_shared_secret(server: &Server) {
    let secret = std::fs::read_to_string(server.data.join("portal-secret.txt")).unwrap();
    let (status, _) = server.post(
        "/api/portal/handover",
        None,
        &json!({"secret": "wrong", "username": "p01"}),
    );
    assert_eq!(status, 403);
    let (status, body) = server.post(
        "/api/portal/handover",
        None,
        &json!({"secret": secret.trim(), "username": "p01"}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], 900);
    let token = body["token"].as_str().unwrap();
    let (status, me) = server.get("/api/me", Some(token));
    assert_eq!(status, 200);
    assert_eq!(me["prosecutor"], "P01");
    assert_eq!(me["role"], "prosecutor");
}
