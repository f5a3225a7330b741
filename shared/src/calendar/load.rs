//! Reading, checking and writing the calendar data.
//!
//! Loading has two passes so that every problem is reported at once: the TOML walk checks
//! the shape (fields, types, date text) and keeps what it could read, with its line; the
//! rule pass ([`check`]) then checks the arrangement itself, for text and for data built
//! in code alike.

use super::{
    Calendar, CalendarLoadError, CalendarProblem, CalendarProblemKind, Holiday, YearArrangement,
};
use crate::date::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use toml_edit::{Item, TableLike, Value};

type Kind = CalendarProblemKind;

/// Something read from the data, with where it was.
struct Located<T> {
    value: T,
    line: Option<usize>,
    place: String,
}

/// One year as read, before the rules are checked.
struct Draft {
    year: i32,
    /// Where `notices` is written, else the year's own line.
    notices_line: Option<usize>,
    notices: Vec<String>,
    holidays: Vec<Located<Holiday>>,
    workdays: Vec<Located<Date>>,
}

pub(super) fn from_toml(text: &str) -> Result<Calendar, CalendarLoadError> {
    let doc = toml_edit::Document::parse(text).map_err(|e| CalendarLoadError::Syntax {
        line: e.span().map(|span| line_at(text, span.start)),
        message: e.message().trim().to_owned(),
    })?;
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let root = doc.as_table();
    let mut drafts = Vec::new();
    for (key, item) in root.iter() {
        let line = root.key(key).and_then(|k| k.span()).or_else(|| item.span());
        let line = line.map(|span| line_at(text, span.start));
        let place = format!("[{key}]");
        let Some(year) = parse_year(key) else {
            reader.problem(
                line,
                &place,
                Kind::BadYear {
                    key: key.to_owned(),
                },
            );
            continue;
        };
        match item.as_table_like() {
            Some(table) => drafts.extend(reader.year(year, line, table)),
            None => reader.problem(line, &place, wrong_type(key, "一节年份表，如 [2019]")),
        }
    }
    let mut problems = reader.problems;
    let calendar = check(drafts, &mut problems);
    // Stable: problems on the same line keep the order they were found in.
    problems.sort_by_key(|p| p.line);
    if problems.is_empty() {
        Ok(calendar)
    } else {
        Err(CalendarLoadError::Invalid { problems })
    }
}

pub(super) fn from_years(
    years: BTreeMap<i32, YearArrangement>,
) -> Result<Calendar, CalendarLoadError> {
    let mut problems = Vec::new();
    let mut drafts = Vec::new();
    for (year, arrangement) in years {
        if Date::from_ymd(year, 1, 1).is_none() {
            problems.push(CalendarProblem::new(
                None,
                format!("[{year}]"),
                Kind::BadYear {
                    key: year.to_string(),
                },
            ));
            continue;
        }
        let at = |what: &str, i: usize| format!("[{year}] {what} 第 {} 项", i + 1);
        let holidays = arrangement.holidays.into_iter().enumerate();
        let workdays = arrangement.workdays.into_iter().enumerate();
        drafts.push(Draft {
            year,
            notices_line: None,
            notices: arrangement.notices,
            holidays: holidays
                .map(|(i, h)| Located {
                    value: h,
                    line: None,
                    place: at("holidays", i),
                })
                .collect(),
            workdays: workdays
                .map(|(i, d)| Located {
                    value: d,
                    line: None,
                    place: at("workdays", i),
                })
                .collect(),
        });
    }
    let calendar = check(drafts, &mut problems);
    if problems.is_empty() {
        Ok(calendar)
    } else {
        Err(CalendarLoadError::Invalid { problems })
    }
}

/// The rules of an arrangement; returns the calendar built from the drafts (meaningful only
/// if no problem was added).
fn check(drafts: Vec<Draft>, problems: &mut Vec<CalendarProblem>) -> Calendar {
    let mut years = BTreeMap::new();
    for draft in drafts {
        let year = draft.year;
        let mut push =
            |line, place: &str, kind| problems.push(CalendarProblem::new(line, place, kind));
        if draft.notices.iter().all(|n| n.trim().is_empty()) {
            push(
                draft.notices_line,
                &format!("[{year}] notices"),
                Kind::NoNotice,
            );
        }
        for h in &draft.holidays {
            let (holiday, line, place) = (&h.value, h.line, h.place.as_str());
            if holiday.name.trim().is_empty() {
                push(line, place, Kind::EmptyName);
            }
            let mut ends = vec![holiday.from];
            if holiday.to != holiday.from {
                ends.push(holiday.to);
            }
            for date in ends.into_iter().filter(|d| d.year() != year) {
                push(line, place, Kind::WrongYear { date, year });
            }
            if holiday.to < holiday.from {
                push(
                    line,
                    place,
                    Kind::Reversed {
                        from: holiday.from,
                        to: holiday.to,
                    },
                );
            }
        }
        let valid: Vec<&Located<Holiday>> = draft
            .holidays
            .iter()
            .filter(|h| h.value.from <= h.value.to)
            .collect();
        for (i, a) in valid.iter().enumerate() {
            for b in &valid[i + 1..] {
                let (first, second) = if a.value.from <= b.value.from {
                    (a, b)
                } else {
                    (b, a)
                };
                if second.value.from <= first.value.to {
                    let kind = Kind::Overlap {
                        date: second.value.from,
                        first: first.value.name.clone(),
                        second: second.value.name.clone(),
                    };
                    push(second.line, &second.place, kind);
                }
            }
        }
        let mut seen = BTreeSet::new();
        for w in &draft.workdays {
            let (date, line, place) = (w.value, w.line, w.place.as_str());
            if !seen.insert(date) {
                push(line, place, Kind::DuplicateWorkday { date });
            }
            if date.year() != year {
                push(line, place, Kind::WrongYear { date, year });
            }
            let weekday = date.weekday();
            if !weekday.is_weekend() {
                push(
                    line,
                    place,
                    Kind::WorkdayNotWeekend {
                        date,
                        weekday: weekday.chinese().to_owned(),
                    },
                );
            }
            if let Some(h) = valid.iter().find(|h| h.value.contains(date)) {
                push(
                    line,
                    place,
                    Kind::HolidayAndWorkday {
                        date,
                        holiday: h.value.name.clone(),
                    },
                );
            }
        }
        let mut holidays: Vec<Holiday> = draft.holidays.into_iter().map(|h| h.value).collect();
        holidays.sort_by(|a, b| (a.from, a.to, &a.name).cmp(&(b.from, b.to, &b.name)));
        let arrangement = YearArrangement {
            notices: draft.notices,
            holidays,
            workdays: seen,
        };
        years.insert(year, arrangement);
    }
    Calendar { years }
}

/// The TOML walk: reads what it can and notes what it cannot.
struct Reader<'a> {
    text: &'a str,
    problems: Vec<CalendarProblem>,
}

impl Reader<'_> {
    fn problem(&mut self, line: Option<usize>, place: &str, kind: CalendarProblemKind) {
        self.problems.push(CalendarProblem::new(line, place, kind));
    }

    fn line(&self, item: &Item) -> Option<usize> {
        item.span().map(|span| line_at(self.text, span.start))
    }

    fn year(&mut self, year: i32, line: Option<usize>, table: &dyn TableLike) -> Option<Draft> {
        let mut draft = Draft {
            year,
            notices_line: line,
            notices: Vec::new(),
            holidays: Vec::new(),
            workdays: Vec::new(),
        };
        let mut complete = true;
        for field in ["notices", "holidays", "workdays"] {
            if table.get(field).is_none() {
                self.problem(
                    line,
                    &format!("[{year}]"),
                    Kind::MissingField {
                        field: field.to_owned(),
                    },
                );
                complete = false;
            }
        }
        for (key, item) in table.iter() {
            let place = format!("[{year}] {key}");
            let line = self.line(item).or(line);
            match key {
                "notices" => match item.as_array() {
                    Some(array) => {
                        draft.notices_line = line;
                        for value in array.iter() {
                            match value.as_str() {
                                Some(text) => draft.notices.push(text.to_owned()),
                                None => self.problem(
                                    line,
                                    &place,
                                    wrong_type("notices", "文字列表，如 [\"通知标题（文号）\"]"),
                                ),
                            }
                        }
                    }
                    None => self.problem(
                        line,
                        &place,
                        wrong_type("notices", "文字列表，如 [\"通知标题（文号）\"]"),
                    ),
                },
                "holidays" => self.holidays(year, &place, line, item, &mut draft.holidays),
                "workdays" => match item.as_array() {
                    Some(array) => {
                        for (i, value) in array.iter().enumerate() {
                            let place = format!("{place} 第 {} 项", i + 1);
                            let line = value.span().map(|s| line_at(self.text, s.start)).or(line);
                            if let Some(date) = self.date(line, &place, "workdays", value) {
                                draft.workdays.push(Located {
                                    value: date,
                                    line,
                                    place,
                                });
                            }
                        }
                    }
                    None => self.problem(
                        line,
                        &place,
                        wrong_type("workdays", "日期列表，如 [\"2019-09-29\"]"),
                    ),
                },
                other => self.problem(
                    line,
                    &place,
                    Kind::UnknownField {
                        field: other.to_owned(),
                    },
                ),
            }
        }
        // A year missing a whole field is not checked further: its rules would mislead.
        complete.then_some(draft)
    }

    fn holidays(
        &mut self,
        year: i32,
        place: &str,
        line: Option<usize>,
        item: &Item,
        out: &mut Vec<Located<Holiday>>,
    ) {
        let entries: Vec<(&dyn TableLike, Option<usize>)> = if let Some(array) = item.as_array() {
            let mut entries = Vec::new();
            for (i, value) in array.iter().enumerate() {
                let line = value.span().map(|s| line_at(self.text, s.start)).or(line);
                match value.as_inline_table() {
                    Some(table) => entries.push((table as &dyn TableLike, line)),
                    None => {
                        let place = format!("{place} 第 {} 项", i + 1);
                        self.problem(
                            line,
                            &place,
                            wrong_type("holidays", "{ name = …, from = …, to = … } 的列表"),
                        );
                    }
                }
            }
            entries
        } else if let Some(tables) = item.as_array_of_tables() {
            tables
                .iter()
                .map(|t| {
                    (
                        t as &dyn TableLike,
                        t.span().map(|s| line_at(self.text, s.start)),
                    )
                })
                .collect()
        } else {
            self.problem(
                line,
                place,
                wrong_type("holidays", "{ name = …, from = …, to = … } 的列表"),
            );
            return;
        };
        for (i, (table, line)) in entries.into_iter().enumerate() {
            let place = format!("[{year}] holidays 第 {} 项", i + 1);
            if let Some(holiday) = self.holiday(&place, line, table) {
                out.push(Located {
                    value: holiday,
                    line,
                    place,
                });
            }
        }
    }

    fn holiday(
        &mut self,
        place: &str,
        line: Option<usize>,
        table: &dyn TableLike,
    ) -> Option<Holiday> {
        let (mut name, mut from, mut to) = (None, None, None);
        let mut readable = true;
        for (key, item) in table.iter() {
            let field_place = format!("{place} {key}");
            let line = self.line(item).or(line);
            match (key, item.as_value()) {
                ("name", Some(value)) => match value.as_str() {
                    Some(text) => name = Some(text.to_owned()),
                    None => {
                        self.problem(
                            line,
                            &field_place,
                            wrong_type("name", "文字，如 \"国庆节\""),
                        );
                        readable = false;
                    }
                },
                ("from", Some(value)) => from = self.date(line, &field_place, "from", value),
                ("to", Some(value)) => to = self.date(line, &field_place, "to", value),
                _ => {
                    self.problem(
                        line,
                        &field_place,
                        Kind::UnknownField {
                            field: key.to_owned(),
                        },
                    );
                    readable = false;
                }
            }
        }
        for (field, present) in [
            ("name", table.contains_key("name")),
            ("from", table.contains_key("from")),
            ("to", table.contains_key("to")),
        ] {
            if !present {
                self.problem(
                    line,
                    place,
                    Kind::MissingField {
                        field: field.to_owned(),
                    },
                );
            }
        }
        match (name, from, to) {
            (Some(name), Some(from), Some(to)) if readable => Some(Holiday { name, from, to }),
            _ => None,
        }
    }

    /// A date written as text (`"2019-10-01"`) or as a bare TOML date (`2019-10-01`).
    fn date(
        &mut self,
        line: Option<usize>,
        place: &str,
        field: &str,
        value: &Value,
    ) -> Option<Date> {
        let parsed = match value {
            Value::String(text) => text
                .value()
                .parse::<Date>()
                .map_err(|_| text.value().to_owned()),
            Value::Datetime(when) => {
                let when = when.value();
                match (when.date, when.time, when.offset) {
                    (Some(d), None, None) => Date::from_ymd(i32::from(d.year), d.month, d.day)
                        .ok_or_else(|| when.to_string()),
                    _ => Err(when.to_string()),
                }
            }
            _ => {
                self.problem(line, place, wrong_type(field, "日期，如 \"2019-10-01\""));
                return None;
            }
        };
        parsed
            .map_err(|text| self.problem(line, place, Kind::BadDate { text }))
            .ok()
    }
}

fn wrong_type(field: &str, expected: &str) -> CalendarProblemKind {
    Kind::WrongType {
        field: field.to_owned(),
        expected: expected.to_owned(),
    }
}

/// A four-digit year, as section names are written.
fn parse_year(key: &str) -> Option<i32> {
    if key.len() != 4 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = key.parse().ok()?;
    Date::from_ymd(year, 1, 1).map(|_| year)
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(super) fn to_toml(calendar: &Calendar) -> String {
    let quote = |text: &str| Value::from(text).to_string().trim().to_owned();
    let mut out = String::from("# 工作日日历：每个年份一节，格式见 docs/calendar.md。\n");
    for (year, arrangement) in &calendar.years {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "\n[{year}]\nnotices = [");
        for notice in &arrangement.notices {
            let _ = writeln!(out, "  {},", quote(notice));
        }
        out.push_str("]\nholidays = [\n");
        for h in &arrangement.holidays {
            let _ = writeln!(
                out,
                "  {{ name = {}, from = \"{}\", to = \"{}\" }},",
                quote(&h.name),
                h.from,
                h.to
            );
        }
        out.push_str("]\nworkdays = [\n");
        for date in &arrangement.workdays {
            let _ = writeln!(out, "  \"{date}\",");
        }
        out.push_str("]\n");
    }
    out
}
