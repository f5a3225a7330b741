//! Random case assignment (随机分案, 大轮盘) weighted by suspects, with its verifiable record,
//! and manual assignment (指定分案) only with a reason.

use crate::support::Server;
use serde_json::json;
use sha2::{Digest, Sha256};

const PATH: &str = "/api/units/1/assignments";

fn hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn random_assignment_balances_suspects_and_records_its_draw() {
    let server = Server::demo();
    let office = server.login("anguan");

    // Both candidates carry no suspects yet: the smaller SHA-256 of 种子:案件编号:检察官编号 wins.
    let first = json!({"case": "临检刑诉〔2020〕1号", "suspects": 3, "candidates": ["P01", "P02"], "seed": "大轮盘"});
    let (status, one) = server.post(PATH, Some(&office), &first);
    assert_eq!(status, 200, "{one}");
    let expected = if hash("大轮盘:临检刑诉〔2020〕1号:P01")
        < hash("大轮盘:临检刑诉〔2020〕1号:P02")
    {
        "P01"
    } else {
        "P02"
    };
    assert_eq!(one["prosecutor"], expected);
    assert_eq!(one["method"], "random");
    assert_eq!(one["record"]["seed"], "大轮盘");
    assert_eq!(one["record"]["candidates"].as_array().unwrap().len(), 2);

    // The next case goes to the other one, whose load (suspects) is now lower, whatever the hash.
    let second = json!({"case": "临检刑诉〔2020〕2号", "suspects": 1, "candidates": ["P01", "P02"], "seed": "大轮盘"});
    let (status, two) = server.post(PATH, Some(&office), &second);
    assert_eq!(status, 200, "{two}");
    assert_ne!(two["prosecutor"], one["prosecutor"]);

    // Manual assignment needs a reason; a case is assigned once; prosecutors may not assign.
    let manual = json!({"case": "临检刑诉〔2020〕3号", "suspects": 1, "prosecutor": "P03"});
    let (status, refused) = server.post(PATH, Some(&office), &manual);
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("理由"),
        "{refused}"
    );
    let manual = json!({"case": "临检刑诉〔2020〕3号", "suspects": 1, "prosecutor": "P03", "reason": "涉外案件，指定有经验的检察官"});
    let (status, three) = server.post(PATH, Some(&office), &manual);
    assert_eq!(status, 200, "{three}");
    assert_eq!(
        (three["method"].as_str(), three["record"]["reason"].as_str()),
        (Some("manual"), Some("涉外案件，指定有经验的检察官"))
    );
    let (status, again) = server.post(PATH, Some(&office), &first);
    assert_eq!(status, 409, "{again}");
    let p01 = server.login("p01");
    let (status, _) = server.post(PATH, Some(&p01), &second);
    assert_eq!(status, 403);

    let (status, list) = server.get(PATH, Some(&office));
    assert_eq!(status, 200, "{list}");
    let methods: Vec<&str> = list["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["random", "random", "manual"]);
}
