use super::*;
use crate::date::Weekday;

fn d(text: &str) -> Date {
    text.parse().unwrap()
}

#[test]
fn domain_example_publication_over_national_day_2019() {
    let calendar = Calendar::official();
    let start = d("2019-09-27");
    assert_eq!(start.weekday(), Weekday::Friday);
    let counted: Vec<String> = (0..14)
        .map(|i| start.add_days(i))
        .filter(|&day| calendar.is_working_day(day).unwrap())
        .take(5)
        .map(|day| day.to_string())
        .collect();
    assert_eq!(
        counted,
        [
            "2019-09-27",
            "2019-09-29",
            "2019-09-30",
            "2019-10-08",
            "2019-10-09"
        ]
    );
    assert_eq!(calendar.add_working_days(start, 5), Ok(d("2019-10-09")));
    assert_eq!(calendar.working_days_between(start, d("2019-10-09")), Ok(5));
}

/// Per year: a day off of the holiday, a 调休 weekend day that is worked, and a period
/// across the holiday with its hand-counted last day.
struct Row {
    off: &'static str,
    worked_weekend: &'static str,
    start: &'static str,
    days: u32,
    end: &'static str,
}

const fn row(
    off: &'static str,
    worked_weekend: &'static str,
    start: &'static str,
    days: u32,
    end: &'static str,
) -> Row {
    Row {
        off,
        worked_weekend,
        start,
        days,
        end,
    }
}

#[rustfmt::skip]
const SPRING_FESTIVAL_AND_NATIONAL_DAY: &[Row] = &[
    // 2019 春节 02-04…02-10, Sat 02-02 and Sun 02-03 worked: 02-01, 02-02, 02-03, 02-11, 02-12.
    row("2019-02-05", "2019-02-02", "2019-02-01", 5, "2019-02-12"),
    row("2019-10-01", "2019-10-12", "2019-09-27", 5, "2019-10-09"),
    // 2020 春节 extended to 02-02, so Fri 01-31 is off: 01-23, then 02-03.
    row("2020-01-31", "2020-01-19", "2020-01-23", 2, "2020-02-03"),
    // 2020 国庆节、中秋节 10-01…10-08: 09-30, 10-09, Sat 10-10.
    row("2020-10-08", "2020-10-10", "2020-09-30", 3, "2020-10-10"),
    // 2021 春节 02-11…02-17: 02-10, 02-18, 02-19, Sat 02-20.
    row("2021-02-17", "2021-02-20", "2021-02-10", 4, "2021-02-20"),
    row("2021-10-07", "2021-10-09", "2021-09-30", 3, "2021-10-09"),
    // 2022 春节 01-31…02-06: 01-28, Sat 01-29, Sun 01-30, 02-07.
    row("2022-02-04", "2022-01-29", "2022-01-28", 4, "2022-02-07"),
    // 2022 国庆节: 09-30, Sat 10-08, Sun 10-09.
    row("2022-10-07", "2022-10-08", "2022-09-30", 3, "2022-10-09"),
    row("2023-01-27", "2023-01-28", "2023-01-20", 2, "2023-01-28"),
    // 2023 中秋节、国庆节 09-29…10-06: 09-28, Sat 10-07.
    row("2023-10-06", "2023-10-08", "2023-09-28", 2, "2023-10-07"),
    // 2024 除夕 02-09 is a working day; 春节 02-10…02-17; Sun 02-18 worked.
    row("2024-02-16", "2024-02-04", "2024-02-09", 2, "2024-02-18"),
    row("2024-10-04", "2024-09-29", "2024-09-30", 2, "2024-10-08"),
    // 2025 春节 from 除夕 01-28 to 02-04.
    row("2025-02-04", "2025-02-08", "2025-01-27", 2, "2025-02-05"),
    row("2025-10-08", "2025-09-28", "2025-09-30", 2, "2025-10-09"),
    // 2026 春节 02-15…02-23 (9 days): 02-13, Sat 02-14, 02-24.
    row("2026-02-23", "2026-02-28", "2026-02-13", 3, "2026-02-24"),
    row("2026-10-07", "2026-10-10", "2026-09-30", 2, "2026-10-08"),
];

#[test]
fn spring_festival_and_national_day_of_every_year() {
    let calendar = Calendar::official();
    for year in 2019..=2026 {
        let rows = SPRING_FESTIVAL_AND_NATIONAL_DAY
            .iter()
            .filter(|r| d(r.start).year() == year);
        assert_eq!(rows.count(), 2, "{year}: one 春节 row and one 国庆节 row");
    }
    for r in SPRING_FESTIVAL_AND_NATIONAL_DAY {
        assert_eq!(
            calendar.is_working_day(d(r.off)),
            Ok(false),
            "{} is a holiday",
            r.off
        );
        assert!(
            d(r.worked_weekend).weekday().is_weekend(),
            "{} is a weekend day",
            r.worked_weekend
        );
        assert_eq!(
            calendar.is_working_day(d(r.worked_weekend)),
            Ok(true),
            "{} is worked (调休)",
            r.worked_weekend
        );
        assert_eq!(
            calendar.is_working_day(d(r.start)),
            Ok(true),
            "{} starts on a working day",
            r.start
        );
        assert_eq!(
            calendar.add_working_days(d(r.start), r.days),
            Ok(d(r.end)),
            "{} + {}",
            r.start,
            r.days
        );
        assert_eq!(
            calendar.working_days_between(d(r.start), d(r.end)),
            Ok(r.days),
            "{}..{}",
            r.start,
            r.end
        );
    }
}

/// Cross-check of the whole data: in a year arranged the usual way, working days are the
/// days of the year less weekend days and the statutory holidays (11, 13 from 2025); 2020
/// lost two more to the extended 春节 (Fri 01-31, and Sat 02-01 no longer worked).
#[test]
fn working_days_per_year() {
    let calendar = Calendar::official();
    #[rustfmt::skip]
    let expected = [(2019, 250), (2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)];
    for (year, n) in expected {
        let (first, last) = (
            Date::from_ymd(year, 1, 1).unwrap(),
            Date::from_ymd(year, 12, 31).unwrap(),
        );
        assert_eq!(calendar.working_days_between(first, last), Ok(n), "{year}");
    }
}

#[test]
fn day_kinds_and_the_2020_extension() {
    let calendar = Calendar::official();
    let holiday = |name: &str| {
        Ok(DayKind::Holiday {
            name: name.to_owned(),
        })
    };
    #[rustfmt::skip]
    let cases = [
        ("2019-09-27", Ok(DayKind::Workday)),
        ("2019-09-28", Ok(DayKind::Weekend)),
        ("2019-09-29", Ok(DayKind::AdjustedWorkday)),
        ("2019-10-05", holiday("国庆节")), // a Saturday inside the holiday
        ("2020-02-01", holiday("春节")), // was to be worked; the extension made it a day off
        ("2020-02-03", Ok(DayKind::Workday)),
        ("2022-12-31", holiday("元旦")), // the 2023 元旦 starts in 2022
        ("2024-02-09", Ok(DayKind::Workday)), // 除夕 2024 was not a holiday
        ("2025-01-28", holiday("春节")), // 除夕 is one from 2025
        ("2026-01-04", Ok(DayKind::AdjustedWorkday)),
    ];
    for (day, expected) in cases {
        assert_eq!(calendar.day_kind(d(day)), expected, "{day}");
    }
}

#[test]
fn counting_rules() {
    let calendar = Calendar::official();
    #[rustfmt::skip]
    let additions = [
        ("2019-10-01", 1, "2019-10-08"), // starting on a holiday: day 1 is the next working day
        ("2019-09-28", 1, "2019-09-29"), // starting on a plain Saturday: the 调休 Sunday is day 1
        ("2019-12-31", 2, "2020-01-02"), // across the year end and 元旦
        ("2022-12-30", 2, "2023-01-03"), // 元旦 2022-12-31…2023-01-02 spans two sections
        ("2019-09-30", 1, "2019-09-30"),
    ];
    for (start, days, end) in additions {
        assert_eq!(
            calendar.add_working_days(d(start), days),
            Ok(d(end)),
            "{start} + {days}"
        );
    }
    #[rustfmt::skip]
    let left = [
        ("2019-09-30", "2019-10-09", 3), // 09-30, 10-08, 10-09
        ("2019-10-01", "2019-10-09", 2),
        ("2019-10-09", "2019-10-09", 1), // the last day still counts until it ends
        ("2019-10-10", "2019-10-09", 0),
        ("2019-10-01", "2019-10-07", 0),
    ];
    for (today, end, n) in left {
        assert_eq!(
            calendar.working_days_left(d(today), d(end)),
            Ok(n),
            "{today}..{end}"
        );
    }
    let start = d("2019-09-27");
    assert_eq!(
        calendar.add_working_days(start, 0),
        Err(CalendarError::ZeroWorkingDays { start })
    );
}

#[test]
fn a_year_not_covered_is_an_error_not_a_guess() {
    let calendar = Calendar::official();
    assert_eq!(
        calendar.is_working_day(d("2018-12-29")),
        Err(CalendarError::YearNotCovered { year: 2018 })
    );
    // 12-30 and 12-31 count, then the period runs into 2027.
    assert_eq!(
        calendar.add_working_days(d("2026-12-30"), 5),
        Err(CalendarError::YearNotCovered { year: 2027 })
    );
    assert!(matches!(
        calendar.working_days_between(d("2026-12-01"), d("2027-01-05")),
        Err(CalendarError::YearNotCovered { year: 2027 })
    ));
}

#[test]
fn add_working_days_past_the_data_errors_instead_of_running_forever() {
    let calendar = Calendar::official();
    assert_eq!(
        calendar.add_working_days(d("2019-01-02"), u32::MAX),
        Err(CalendarError::YearNotCovered { year: 2027 })
    );
}

#[test]
fn official_data_covers_2019_to_2026_and_round_trips() {
    let calendar = Calendar::official();
    assert_eq!(calendar.covered_years(), (2019..=2026).collect::<Vec<_>>());
    for year in 2019..=2026 {
        let arrangement = calendar.year(year).unwrap();
        assert!(!arrangement.notices.is_empty(), "{year}");
        for name in ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节"] {
            assert!(
                arrangement.holidays.iter().any(|h| h.name.contains(name)),
                "{year} {name}"
            );
        }
    }
    assert_eq!(
        Calendar::from_toml(&calendar.to_toml()),
        Ok(calendar.clone())
    );
    let json = serde_json::to_string(&calendar).unwrap();
    assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), calendar);
    assert!(json.starts_with(r#"{"2019":{"notices":["#), "{json}");
}

#[test]
fn invalid_data_is_rejected_on_the_way_in_from_json() {
    let json = r#"{"2027":{"notices":["示例"],"holidays":[],"workdays":["2027-02-08"]}}"#;
    assert!(serde_json::from_str::<Calendar>(json).is_err());
}

#[test]
fn bare_toml_dates_are_read_like_quoted_ones() {
    let text = "[2027]\nnotices = [\"示例\"]\nholidays = [{ name = \"元旦\", from = 2027-01-01, to = \"2027-01-03\" }]\nworkdays = [2027-01-09]\n";
    let calendar = Calendar::from_toml(text).unwrap();
    assert_eq!(calendar.is_working_day(d("2027-01-01")), Ok(false));
    assert_eq!(calendar.is_working_day(d("2027-01-09")), Ok(true));
}

#[test]
fn every_problem_is_reported_at_once_with_its_line() {
    #[rustfmt::skip]
    let text = r#"[2027]
notices = ["测试通知"]
holidays = [
  { name = "元旦", from = "2027-01-01", to = "2027-01-03" },
  { name = "春节", from = "2027-02-30", to = "2027-02-12" },
  { name = "劳动节", from = "2027-05-05", to = "2027-05-01" },
  { name = "国庆节", from = "2027-10-01", to = "2027-10-07" },
  { name = "中秋节", from = "2027-10-07", to = "2027-10-08" },
  { name = "", from = "2027-06-09", to = "2027-06-11" },
  { name = "端午节", from = "2027-06-09", to = "2027-06-11", note = "x" },
]
workdays = [
  "2026-12-26",
  "2027-10-02",
  "2027-02-08",
  "2027-09-26", "2027-09-26",
]

[27]
notices = []
holidays = []
workdays = []

[2028]
notices = []
holidays = []
workdays = ["2028-01-08"]

[2029]
notices = ["示例"]
"#;
    let err = Calendar::from_toml(text).unwrap_err();
    let found: Vec<(Option<usize>, CalendarProblemKind)> = err
        .problems()
        .iter()
        .map(|p| (p.line, p.kind.clone()))
        .collect();
    let field = |name: &str| name.to_owned();
    use CalendarProblemKind as K;
    #[rustfmt::skip]
    let expected = vec![
        (Some(5), K::BadDate { text: "2027-02-30".into() }),
        (Some(6), K::Reversed { from: d("2027-05-05"), to: d("2027-05-01") }),
        (Some(8), K::Overlap { date: d("2027-10-07"), first: "国庆节".into(), second: "中秋节".into() }),
        (Some(9), K::EmptyName),
        (Some(10), K::UnknownField { field: field("note") }),
        (Some(13), K::WrongYear { date: d("2026-12-26"), year: 2027 }),
        (Some(14), K::HolidayAndWorkday { date: d("2027-10-02"), holiday: "国庆节".into() }),
        (Some(15), K::WorkdayNotWeekend { date: d("2027-02-08"), weekday: "星期一".into() }),
        (Some(16), K::DuplicateWorkday { date: d("2027-09-26") }),
        (Some(19), K::BadYear { key: "27".into() }),
        (Some(25), K::NoNotice),
        (Some(29), K::MissingField { field: field("holidays") }),
        (Some(29), K::MissingField { field: field("workdays") }),
    ];
    assert_eq!(found, expected);
    let message = err.to_string();
    assert!(message.starts_with("日历数据有 13 处问题"), "{message}");
    assert!(
        message.contains("第 5 行（[2027] holidays 第 2 项 from）：“2027-02-30”不是有效日期"),
        "{message}"
    );
}

#[test]
fn toml_syntax_error_gives_its_line() {
    let err = Calendar::from_toml("[2027]\nnotices = [\"未闭合\"\n").unwrap_err();
    assert!(
        matches!(err, CalendarLoadError::Syntax { line: Some(_), .. }),
        "{err:?}"
    );
}

#[test]
fn messages_say_what_to_do() {
    let err = CalendarError::YearNotCovered { year: 2027 };
    assert_eq!(
        err.to_string(),
        "日历未包含 2027 年的节假日安排，请管理员先录入"
    );
}
