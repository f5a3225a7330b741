use super::*;

fn run(extra: &[&str]) -> String {
    let mut args = vec!["evaluate".to_owned()];
    args.extend(reference_args());
    args.extend(extra.iter().map(|s| s.to_string()));
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn table_rows(json: &serde_json::Value) -> Vec<String> {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let dims: Vec<&str> = r["dimensions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["score"].as_str().unwrap())
                .collect();
            format!(
                "{} {} {} {} {} {}",
                r["prosecutor"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                dims.join(" "),
                r["total"].as_str().unwrap(),
                r["rank"],
                r["grade"].as_str().unwrap()
            )
        })
        .collect()
}

const EXPECTED: [&str; 4] = [
    "P03 王五 33.68 30.00 6.33 10.00 10.00 7.50 97.51 1 优秀",
    "P01 张三 36.00 29.00 5.33 2.67 5.00 8.00 86.00 2 称职",
    "P04 赵六 21.05 22.00 10.00 10.00 1.00 8.13 72.18 3 不称职",
    "P02 李四 21.05 20.00 10.00 0.00 0.00 5.50 56.55 4 基本称职",
];

#[test]
fn reference_json_through_the_builtin_plugin_matches_domain() {
    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(table_rows(&json), EXPECTED);
    assert_eq!(json["engine"]["kind"], "plugin");
    assert_eq!(json["engine"]["plugin"].as_str().unwrap().len(), 64);
    let names: Vec<&str> = json["results"][0]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "办案数量",
            "办案质量",
            "办案效率",
            "办案效果",
            "司法技能",
            "职业操守与外部评价"
        ]
    );
}

#[test]
fn native_and_plugin_print_the_same_results() {
    let mut plugin: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let mut native: serde_json::Value =
        serde_json::from_str(&run(&["--format", "json", "--engine", "native"])).unwrap();
    assert_eq!(native["engine"]["kind"], "native");
    plugin.as_object_mut().unwrap().remove("engine");
    native.as_object_mut().unwrap().remove("engine");
    assert_eq!(plugin, native);
}

#[test]
fn table_shows_ranks_grades_and_notes() {
    let out = run(&[]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("排名"), "{out}");
    assert!(lines[2].contains("P03") && lines[2].contains("97.51") && lines[2].contains("优秀"));
    assert!(lines[3].contains("名额已满"));
    assert!(lines[4].contains("一票否决"));
}

#[test]
fn explain_names_the_flawed_case_and_the_quota() {
    let mut args = vec!["explain".to_owned()];
    args.extend(reference_args());
    args.extend(["--prosecutor".to_owned(), "P01".to_owned()]);
    let out = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    for needle in [
        "张三（P01）",
        "总分 86.00",
        "临检刑诉〔2019〕2号：评查瑕疵",
        "优秀名额（1 名）已满",
        "办案数量 36.00 分",
    ] {
        assert!(out.contains(needle), "missing {needle}:\n{out}");
    }
}

#[test]
fn explain_unknown_prosecutor_is_refused() {
    let mut args = vec!["explain".to_owned()];
    args.extend(reference_args());
    args.extend(["--prosecutor".to_owned(), "P99".to_owned()]);
    let err = refused(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("P99"), "{err}");
}
