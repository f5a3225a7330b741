use super::*;

fn draw(extra: &[&str]) -> String {
    let cases = example("sampling/cases.csv");
    let mut args = vec![
        "sample",
        "--cases",
        cases.to_str().unwrap(),
        "--seed",
        "临澧2019履职评议",
        "--window",
        "2017-01-01..2019-06-30",
    ];
    args.extend(extra);
    ok(&args)
}

#[test]
fn domain_draw_for_p05() {
    let json: serde_json::Value =
        serde_json::from_str(&draw(&["--prosecutor", "P05", "--format", "json"])).unwrap();
    let chosen = json["chosen"].as_array().unwrap();
    assert_eq!(chosen.len(), 20);
    let ids: Vec<&str> = chosen.iter().map(|c| c["case"].as_str().unwrap()).collect();
    let must: std::collections::BTreeSet<&str> = ids[..6].iter().copied().collect();
    let expected: std::collections::BTreeSet<&str> = [
        "临检刑诉〔2017〕9号",
        "临检刑捕〔2017〕15号",
        "临检刑诉〔2018〕22号",
        "临检刑诉〔2018〕27号",
        "临检刑诉〔2018〕31号",
        "临检刑诉〔2019〕38号",
    ]
    .into();
    assert_eq!(must, expected);
    assert_eq!(
        &ids[6..9],
        [
            "临检刑诉〔2019〕33号",
            "临检刑捕〔2018〕30号",
            "临检刑诉〔2017〕7号"
        ]
    );
    assert_eq!(ids[19], "临检刑诉〔2017〕14号");
    assert!(
        chosen[6]["hash"]
            .as_str()
            .unwrap()
            .starts_with("009e6724b7d2")
    );
    assert!(
        chosen[19]["hash"]
            .as_str()
            .unwrap()
            .starts_with("7b46298112a6")
    );
    assert_eq!(json["proof"]["seed"], "临澧2019履职评议");
    assert_eq!(
        json["proof"]["population_digest"].as_str().unwrap().len(),
        64
    );
}

#[test]
fn table_lists_reasons() {
    let out = draw(&["--prosecutor", "P05"]);
    assert!(
        out.contains("临检刑诉〔2018〕27号") && out.contains("发回重审"),
        "{out}"
    );
    assert!(out.contains("抽取 20 件"), "{out}");
}

#[test]
fn a_larger_n_takes_the_whole_population() {
    let json: serde_json::Value = serde_json::from_str(&draw(&[
        "--prosecutor",
        "P05",
        "--min",
        "100",
        "--format",
        "json",
    ]))
    .unwrap();
    let population = json["proof"]["population"].as_array().unwrap().len();
    assert_eq!(json["chosen"].as_array().unwrap().len(), population);
}
