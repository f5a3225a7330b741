use super::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn evaluate_with_cases(name: &str, cases: &str) -> String {
    let dir = scratch(name);
    let roster = example("reference/roster.csv");
    let cases = write(dir.path(), "cases.csv", cases);
    refused(&[
        "evaluate",
        "--rules",
        "r-2019",
        "--roster",
        roster.to_str().unwrap(),
        "--cases",
        &cases,
        "--period",
        "2019-01-01..2019-12-31",
    ])
}

const HEADER: &str = "案件编号,案件类别,承办检察官,受理日期,办结日期,办案期限,犯罪嫌疑人数,疑难复杂,认罪认罚,退回补充侦查次数,延长审查期限次数,处理结果,判决结果,群众反映强烈,人大转办,评查结论\n";

#[test]
fn bad_date_names_row_and_column() {
    let err = evaluate_with_cases(
        "bad-date",
        &format!("{HEADER}A1,审查起诉,P01,2019-13-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\n"),
    );
    assert!(
        err.contains("第2行") && err.contains("受理日期") && err.contains("2019-13-01"),
        "{err}"
    );
}

#[test]
fn several_problems_are_all_reported() {
    let err = evaluate_with_cases(
        "several",
        &format!(
            "{HEADER}A1,审查起诉,P01,2019-02-01,2019-03-01,30,1,否,是,-1,0,起诉,有罪,否,否,\nA2,审查起诉,P99,2019-02-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\nA1,审查起诉,P01,2019-02-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\n"
        ),
    );
    assert!(
        err.contains("第2行") && err.contains("退回补充侦查次数"),
        "{err}"
    );
}

#[test]
fn unknown_prosecutor_and_duplicate_case() {
    let err = evaluate_with_cases(
        "refs",
        &format!(
            "{HEADER}A1,审查起诉,P99,2019-02-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\nA2,审查起诉,P01,2019-02-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\nA2,审查起诉,P01,2019-02-01,2019-03-01,30,1,否,是,0,0,起诉,有罪,否,否,\n"
        ),
    );
    assert!(err.contains("P99") && err.contains("第2行"), "{err}");
    assert!(err.contains("A2") && err.contains("第4行"), "{err}");
}

#[test]
fn missing_column_is_named() {
    let err = evaluate_with_cases("missing", "案件编号,案件类别\nA1,审查起诉\n");
    assert!(err.contains("承办检察官"), "{err}");
}

#[test]
fn bad_period_and_unknown_rules() {
    let roster = example("reference/roster.csv");
    let cases = example("reference/cases.csv");
    let err = refused(&[
        "evaluate",
        "--rules",
        "r-2020",
        "--roster",
        roster.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--period",
        "2019-01-01..2019-12-31",
    ]);
    assert!(err.contains("r-2020") && err.contains("r-2019"), "{err}");
    let err = refused(&[
        "evaluate",
        "--rules",
        "r-2019",
        "--roster",
        roster.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
        "--period",
        "2019-12-31..2019-01-01",
    ]);
    assert!(err.contains("--period"), "{err}");
}

#[test]
fn a_plugin_that_is_not_wasm_is_refused() {
    let dir = scratch("bad-plugin");
    let plugin = write(dir.path(), "x.wasm", "not wasm at all");
    let mut args = vec!["evaluate".to_owned()];
    args.extend(reference_args());
    args.extend(["--plugin".to_owned(), plugin]);
    let err = refused(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("不是 WebAssembly 模块"), "{err}");
}
