//! The whole import, from bytes or files to [`Inputs`].

use super::fixtures::{REFERENCE, REFERENCE_CASES, reference_xlsx};
use super::*;
use encoding_rs::GB18030;
use kaoping_shared::model::Rating;
use std::path::{Path, PathBuf};

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/reference")
}

fn inputs_from(tables: [Table; 4]) -> Inputs {
    let [cases, roster, bonus, ballots] = tables;
    let map = HeaderMap::new();
    check(
        parse_roster(&roster, &map).unwrap(),
        parse_cases(&cases, &map).unwrap(),
        parse_bonus(&bonus, &map).unwrap(),
        parse_ballots(&ballots, &map).unwrap(),
    )
    .unwrap()
}

fn from_csv() -> Inputs {
    inputs_from(REFERENCE.map(|(name, bytes)| {
        read_table(bytes, Some(&format!("{name}.csv")), &ReadOptions::new()).unwrap()
    }))
}

#[test]
fn the_reference_files_load() {
    let dir = reference_dir();
    let inputs = load_inputs(
        &dir.join("roster.csv"),
        &dir.join("cases.csv"),
        Some(&dir.join("bonus.csv")),
        Some(&dir.join("ballots.csv")),
        &HeaderMap::new(),
    )
    .unwrap();
    let counts = (
        inputs.prosecutors.len(),
        inputs.cases.len(),
        inputs.bonus.len(),
        inputs.ballots.len(),
    );
    assert_eq!(counts, (4, 12, 5, 39));
    let complex = inputs
        .cases
        .iter()
        .find(|c| c.id.as_str() == "临检刑诉〔2019〕3号")
        .unwrap();
    assert_eq!(
        (complex.complex, complex.suspects, complex.extensions),
        (true, 2, 1)
    );
    let p04 = |group: &'static str| {
        inputs
            .ballots
            .iter()
            .filter(move |b| b.subject.as_str() == "P04" && b.voter_group == group)
    };
    assert_eq!(
        p04("人民监督员").map(|b| b.is_valid()).collect::<Vec<_>>(),
        [false]
    );
    assert_eq!(
        p04("干警")
            .filter(|b| b.overall == Some(Rating::Excellent))
            .count(),
        5
    );
    assert_eq!(inputs, from_csv());
}

#[test]
fn bonus_and_ballots_are_optional() {
    let dir = reference_dir();
    let inputs = load_inputs(
        &dir.join("roster.csv"),
        &dir.join("cases.csv"),
        None,
        None,
        &HeaderMap::new(),
    )
    .unwrap();
    assert_eq!(
        (inputs.cases.len(), inputs.bonus.len(), inputs.ballots.len()),
        (12, 0, 0)
    );
}

#[test]
fn xlsx_gives_the_same_inputs_as_csv() {
    let workbook = reference_xlsx();
    let tables = REFERENCE.map(|(sheet, _)| {
        read_table(
            &workbook,
            Some("考评数据.xlsx"),
            &ReadOptions::new().with_sheet(sheet),
        )
        .unwrap()
    });
    assert_eq!(tables[0].rows[4].cells[3], "2019-05-06 09:30:00");
    assert_eq!(inputs_from(tables), from_csv());
    let first = read_table(&workbook, None, &ReadOptions::new()).unwrap();
    assert_eq!(first.rows.len(), 13, "the first sheet is the cases");
}

#[test]
fn a_gb18030_csv_reads_like_utf8() {
    let (gb, _, had_errors) = GB18030.encode(std::str::from_utf8(REFERENCE_CASES).unwrap());
    assert!(!had_errors && std::str::from_utf8(&gb).is_err());
    let table = read_table(&gb, Some("cases.csv"), &ReadOptions::new()).unwrap();
    let utf8 = read_table(REFERENCE_CASES, Some("cases.csv"), &ReadOptions::new()).unwrap();
    assert_eq!(table, utf8);
}

#[test]
fn problems_in_several_files_are_reported_together_and_nothing_is_returned() {
    let dir = std::env::temp_dir().join(format!("kaoping-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = std::fs::read_to_string(reference_dir().join("roster.csv")).unwrap();
    let cases = std::fs::read_to_string(reference_dir().join("cases.csv")).unwrap();
    std::fs::write(
        dir.join("roster.csv"),
        roster.replace(
            "P02,李四,第一检察部,刑事检察,员额检察官,否",
            "P02,李四,第一检察部,刑事检察,员额检察官,不详",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("cases.csv"),
        cases.replace("2019-02-11", "2019-02-30"),
    )
    .unwrap();
    std::fs::write(
        dir.join("bonus.csv"),
        "检察官编号,项目,次数\nP09,业务培训,1\n",
    )
    .unwrap();
    let result = load_inputs(
        &dir.join("roster.csv"),
        &dir.join("cases.csv"),
        Some(&dir.join("bonus.csv")),
        None,
        &HeaderMap::new(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let ImportError::Rejected { problems } = result.unwrap_err() else {
        panic!("not rejected")
    };
    // The unknown P09 is a cross-file problem: reported once each file is clean on its own.
    let found: Vec<_> = problems
        .iter()
        .map(|p| (p.file.as_deref(), p.row, p.column.as_str(), p.kind.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (Some("roster.csv"), 3, "违纪违法", ProblemKind::InvalidFlag),
            (Some("cases.csv"), 9, "受理日期", ProblemKind::InvalidDate),
        ]
    );
}

#[test]
fn an_unreadable_file_is_an_io_error_naming_it() {
    let missing = reference_dir().join("没有这个文件.csv");
    let dir = reference_dir();
    let result = load_inputs(
        &dir.join("roster.csv"),
        &missing,
        None,
        None,
        &HeaderMap::new(),
    );
    assert!(matches!(result, Err(ImportError::Io { path, .. }) if path == missing));
}
