use super::*;

#[test]
fn national_day_2019() {
    assert_eq!(
        ok(&["workdays", "--from", "2019-09-27", "--days", "5"]),
        "2019-10-09\n"
    );
}

#[test]
fn spring_festival_2024() {
    // 2024: 02-10..02-17 off, Sunday 02-04 and Saturday 02-18 worked.
    assert_eq!(
        ok(&["workdays", "--from", "2024-02-08", "--days", "3"]),
        "2024-02-18\n"
    );
}

#[test]
fn uncovered_year_is_refused() {
    let err = refused(&["workdays", "--from", "2030-01-02", "--days", "5"]);
    assert!(err.contains("2030"), "{err}");
}

#[test]
fn bad_date_is_refused() {
    let err = refused(&["workdays", "--from", "2019-13-01", "--days", "5"]);
    assert!(
        err.contains("2019-13-01") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}
