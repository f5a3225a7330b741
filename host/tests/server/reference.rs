//! The reference example imported over HTTP, evaluated through the plugin; the stored
//! results equal DOMAIN.md, the re-run reproduces them, and the exports say the same.

use crate::support::{Server, evaluate, fixture};
use serde_json::json;

/// DOMAIN.md's expected table: prosecutor, six dimensions, total, rank, grade.
const EXPECTED: [(&str, [&str; 6], &str, i64, &str); 4] = [
    (
        "P03",
        ["33.68", "30.00", "6.33", "10.00", "10.00", "7.50"],
        "97.51",
        1,
        "优秀",
    ),
    (
        "P01",
        ["36.00", "29.00", "5.33", "2.67", "5.00", "8.00"],
        "86.00",
        2,
        "称职",
    ),
    (
        "P04",
        ["21.05", "22.00", "10.00", "10.00", "1.00", "8.13"],
        "72.18",
        3,
        "不称职",
    ),
    (
        "P02",
        ["21.05", "20.00", "10.00", "0.00", "0.00", "5.50"],
        "56.55",
        4,
        "基本称职",
    ),
];

fn assert_reference(results: &serde_json::Value) {
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 4);
    for (row, (id, dims, total, rank, grade)) in results.iter().zip(EXPECTED) {
        assert_eq!(row["prosecutor"], id);
        let scores: Vec<&str> = row["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["score"].as_str().unwrap())
            .collect();
        assert_eq!(scores, dims, "{id}");
        assert_eq!(row["total"], total, "{id}");
        assert_eq!(row["rank"], rank, "{id}");
        assert_eq!(row["grade"], grade, "{id}");
    }
}

#[test]
fn reference_example_imported_over_http_evaluates_to_domain_md_and_reproduces() {
    let server = Server::demo();
    let admin = server.login("admin");
    // A fresh unit, filled over HTTP.
    let (status, unit) = server.post(
        "/api/units",
        Some(&admin),
        &json!({"name": "测试县人民检察院"}),
    );
    assert_eq!(status, 200, "{unit}");
    let unit = unit["id"].as_i64().unwrap();
    for (kind, file, query) in [
        ("roster", "roster.csv", ""),
        ("cases", "cases.csv", ""),
        ("bonus", "bonus.csv", "&year=2019"),
        ("ballots", "ballots.csv", "&year=2019"),
    ] {
        let (status, body) = server.upload(
            &format!("/api/units/{unit}/imports/{kind}?file={file}{query}"),
            Some(&admin),
            &fixture(file),
        );
        assert_eq!(status, 200, "{kind}: {body}");
    }
    // A bad file: every bad row reported, nothing stored.
    let bad = "案件编号,案件类别,承办检察官,受理日期,办结日期,办案期限,犯罪嫌疑人数,疑难复杂,认罪认罚,退回补充侦查次数,延长审查期限次数,处理结果,判决结果,群众反映强烈,人大转办,评查结论\n\
               临检刑诉〔2019〕90号,审查起诉,P01,2019-13-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\n\
               临检刑诉〔2019〕91号,审查起诉,P01,2019-02-01,2019-03-01,30,两,否,是,0,0,起诉,有罪,否,否,\n";
    let (status, body) = server.upload(
        &format!("/api/units/{unit}/imports/cases?file=bad.csv"),
        Some(&admin),
        bad.as_bytes(),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "import_rejected");
    let problems = body["error"]["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("第2行")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("第3行")),
        "{problems:?}"
    );
    let (_, imports) = server.get(&format!("/api/units/{unit}/imports"), Some(&admin));
    assert_eq!(
        imports["imports"].as_array().unwrap().len(),
        4,
        "the bad file left no record"
    );
    // The uploaded file is kept with its import record.
    let first = imports["imports"][0]["id"].as_i64().unwrap();
    let (status, bytes) = server.raw(
        "GET",
        &format!("/api/imports/{first}/file"),
        Some(&admin),
        b"",
        "",
    );
    assert_eq!(status, 200);
    assert_eq!(bytes, fixture("roster.csv"));

    let (id, run) = evaluate(&server, &admin, unit);
    assert_eq!(
        run["plugin_sha256"],
        kaoping_host::plugin::builtin_id().as_str()
    );
    assert_eq!(run["rule_set"]["id"], "r-2019");
    assert_eq!(run["input_sha256"].as_str().unwrap().len(), 64);
    // The stored results, read back.
    let (status, stored) = server.get(&format!("/api/evaluations/{id}/results"), Some(&admin));
    assert_eq!(status, 200, "{stored}");
    assert_reference(&stored["results"]);
    // P04's ethics is exactly 8.125 in the explanation, rounded to 8.13.
    let (_, p04) = server.get(&format!("/api/evaluations/{id}/results/P04"), Some(&admin));
    let ethics = &p04["explanation"]["dimensions"][5];
    assert_eq!(ethics["exact"], "8.125");
    assert_eq!(ethics["score"], "8.13");
    // Re-running reproduces the stored bytes.
    let (status, rerun) = server.post(
        &format!("/api/evaluations/{id}/rerun"),
        Some(&admin),
        &json!({}),
    );
    assert_eq!(status, 200, "{rerun}");
    assert_eq!(rerun["reproduced"], true);
    assert_eq!(rerun["inputs_unchanged"], true);
    assert_eq!(rerun["input_sha256"], run["input_sha256"]);

    // The demo unit, evaluated the same way, gives the same.
    let committee = server.login("kaohe");
    let (demo_id, demo) = evaluate(&server, &committee, 1);
    assert_eq!(
        demo["input_sha256"], run["input_sha256"],
        "same data, same request bytes"
    );
    let (_, stored) = server.get(
        &format!("/api/evaluations/{demo_id}/results"),
        Some(&committee),
    );
    assert_reference(&stored["results"]);

    exports_are_opened_and_checked(&server, &committee, demo_id);
    monthly_evaluation_ranks_live(&server, &committee);
}

fn exports_are_opened_and_checked(server: &Server, token: &str, id: i64) {
    use calamine::{Reader, Xlsx};
    let (status, bytes) = server.raw(
        "GET",
        &format!("/api/evaluations/{id}/export.xlsx"),
        Some(token),
        b"",
        "",
    );
    assert_eq!(status, 200);
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("考评结果").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("排名"))
        .unwrap();
    assert_eq!(header[1], "检察官编号");
    assert!(header.contains(&"办案数量".to_owned()) && header.contains(&"总分".to_owned()));
    let p03 = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("P03"))
        .unwrap();
    assert_eq!(p03[0], "1");
    assert_eq!(p03[2], "王五");
    assert!(
        p03.contains(&"97.51".to_owned()) && p03.contains(&"优秀".to_owned()),
        "{p03:?}"
    );

    let (status, bytes) = server.raw(
        "GET",
        &format!("/api/evaluations/{id}/export.csv"),
        Some(token),
        b"",
        "",
    );
    assert_eq!(status, 200);
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[3][1], "P02");
    assert_eq!(&records[3][10], "56.55");
    assert_eq!(&records[3][11], "基本称职");

    let (status, page) = server.raw(
        "GET",
        &format!("/api/evaluations/{id}/publication"),
        Some(token),
        b"",
        "",
    );
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("临澧县人民检察院") && page.contains("赵六") && page.contains("72.18"));
}

fn monthly_evaluation_ranks_live(server: &Server, token: &str) {
    for month in [3, 6] {
        let (status, body) = server.post(
            "/api/units/1/evaluations",
            Some(token),
            &json!({"kind": "monthly", "year": 2019, "month": month}),
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["period"]["start"], "2019-01-01");
    }
    let (status, live) = server.get("/api/units/1/ranking?year=2019", Some(token));
    assert_eq!(status, 200, "{live}");
    assert_eq!(live["evaluation"]["period"], "2019-01-01..2019-06-30");
    assert_eq!(live["results"].as_array().unwrap().len(), 4);
}
