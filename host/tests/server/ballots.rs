//! Single-use ballot tokens: a ballot is stored with no link to its token; a token used
//! twice is refused; tallies are live. Satisfaction votes likewise.

use crate::support::Server;
use serde_json::json;

#[test]
fn ballot_tokens_are_single_use_and_ballots_anonymous() {
    let server = Server::demo();
    let committee = server.login("kaohe");
    let (status, body) = server.post(
        "/api/units/1/ballot-tokens",
        Some(&committee),
        &json!({"kind": "democratic", "year": 2020, "subject": "P01", "voter_group": "干警", "count": 3}),
    );
    assert_eq!(status, 200, "{body}");
    let tokens: Vec<String> = body["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(tokens.len(), 3);

    let (status, info) = server.post("/api/ballots/token", None, &json!({"token": tokens[0]}));
    assert_eq!(status, 200);
    assert_eq!(info["subject_name"], "张三");
    let ballot = |token: &str, overall: &str| json!({"token": token, "marks": ["优秀", "优秀", "称职", "称职", "优秀"], "overall": overall});
    let (status, body) = server.post("/api/ballots", None, &ballot(&tokens[0], "优秀"));
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.post("/api/ballots", None, &ballot(&tokens[0], "称职"));
    assert_eq!(status, 409, "a token used twice: {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("只能使用一次")
    );
    let (status, _) = server.post("/api/ballots", None, &ballot("not-a-token", "优秀"));
    assert_eq!(status, 403);
    let (status, body) = server.post("/api/ballots", None, &ballot(&tokens[1], "弃权"));
    assert_eq!(status, 200);
    assert_eq!(body["valid"], false);
    // Satisfaction tokens are not ballot tokens.
    let (status, _) = server.post(
        "/api/satisfaction",
        None,
        &json!({"token": tokens[2], "vote": "满意"}),
    );
    assert_eq!(status, 403);

    let (status, tally) = server.get("/api/units/1/ballots/tally?year=2020", Some(&committee));
    assert_eq!(status, 200, "{tally}");
    assert_eq!(tally["ballots"], 2);
    assert_eq!(tally["tokens_issued"], 3);
    assert_eq!(tally["tokens_used"], 2);
    let overall = &tally["subjects"]["P01"]["overall"];
    assert_eq!(overall["ballots"], 2, "{overall}");

    // Nothing in the ballot table names a token or a voter.
    let conn = rusqlite::Connection::open(server.db()).unwrap();
    let mut statement = conn
        .prepare("SELECT name FROM pragma_table_info('ballots')")
        .unwrap();
    let columns: Vec<String> = statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        columns,
        [
            "id",
            "unit_id",
            "year",
            "subject",
            "voter_group",
            "data",
            "import_id"
        ]
    );
    let plain: i64 = conn
        .query_row(
            "SELECT count(*) FROM ballot_tokens WHERE token_hash = ?1",
            [&tokens[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(plain, 0, "tokens are stored hashed");

    satisfaction_votes(&server, &committee);
}

fn satisfaction_votes(server: &Server, committee: &str) {
    let (status, body) = server.post(
        "/api/units/1/ballot-tokens",
        Some(committee),
        &json!({"kind": "satisfaction", "year": 2020, "subject": "P02", "voter_group": "人大代表", "count": 3}),
    );
    assert_eq!(status, 200, "{body}");
    let tokens = body["tokens"].as_array().unwrap();
    for (token, vote) in tokens.iter().zip(["满意", "满意", "不满意"]) {
        let (status, _) = server.post(
            "/api/satisfaction",
            None,
            &json!({"token": token, "vote": vote}),
        );
        assert_eq!(status, 200);
    }
    let (status, _) = server.post(
        "/api/satisfaction",
        None,
        &json!({"token": tokens[0], "vote": "满意"}),
    );
    assert_eq!(status, 409);
    let (_, tally) = server.get("/api/units/1/satisfaction/tally?year=2020", Some(committee));
    let p02 = &tally["subjects"][0];
    assert_eq!(p02["subject"], "P02");
    assert_eq!(p02["tally"]["valid"], 3);
    // 3 × 2 ≤ 2 × 3: exactly two thirds is flagged.
    assert_eq!(p02["further_supervision"], true);
}
