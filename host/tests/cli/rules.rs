use super::*;

#[test]
fn builtin_text_checks_clean() {
    let dir = scratch("rules-ok");
    let file = dir.path().join("r.toml");
    std::fs::write(&file, ok(&["rules", "show", "r-2019"])).unwrap();
    let out = ok(&["rules", "check", file.to_str().unwrap()]);
    assert!(
        out.contains("校验通过") && out.contains("6 个板块"),
        "{out}"
    );
}

#[test]
fn every_problem_is_listed() {
    let dir = scratch("rules-bad");
    let file = dir.path().join("bad.toml");
    let text = ok(&["rules", "show", "r-2019"])
        .replace("total_points = 100", "total_points = 90")
        .replace(
            "veto_grade = \"不称职\"",
            "veto_grade = \"开除\"\nveto_reason = \"x\"",
        );
    std::fs::write(&file, text).unwrap();
    let err = refused(&["rules", "check", file.to_str().unwrap()]);
    assert!(err.contains("3 处问题"), "{err}");
    assert!(
        err.contains("grading.veto_reason")
            && err.contains("开除")
            && err.contains("不等于总分 90"),
        "{err}"
    );
}
