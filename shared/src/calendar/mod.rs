//! The working-day calendar (工作日, 调休): which days count toward a publication period.
//!
//! A Monday–Friday is a working day unless it falls in an official holiday; a Saturday or
//! Sunday is not, unless the arrangement makes it a 调休 working day. The arrangement is data,
//! one section per year, kept by the administrator in TOML (see `docs/calendar.md`); the
//! built-in copy ([`Calendar::official`]) holds the 国务院办公厅 notices for 2019–2026. A date
//! in a year the data does not cover is an error ([`CalendarError::YearNotCovered`]), never a
//! guess.
//!
//! ```
//! use kaoping_shared::calendar::{Calendar, CalendarError};
//! use kaoping_shared::date::Date;
//!
//! let calendar = Calendar::official();
//! let d = |s: &str| s.parse::<Date>().unwrap();
//!
//! // Published on Friday 2019-09-27 for 5 working days: 09-27, Sunday 09-29 (调休),
//! // 09-30, then after National Day 10-08 and 10-09.
//! assert_eq!(calendar.add_working_days(d("2019-09-27"), 5), Ok(d("2019-10-09")));
//! assert_eq!(calendar.is_working_day(d("2019-10-01")), Ok(false));
//! assert_eq!(calendar.is_working_day(d("2019-09-29")), Ok(true));
//! assert_eq!(calendar.working_days_left(d("2019-09-30"), d("2019-10-09")), Ok(3));
//! assert_eq!(
//!     calendar.is_working_day(d("2027-03-01")),
//!     Err(CalendarError::YearNotCovered { year: 2027 })
//! );
//! ```

mod error;
mod load;
#[cfg(test)]
mod tests;

pub use error::{CalendarError, CalendarLoadError, CalendarProblem, CalendarProblemKind};

use crate::date::Date;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The built-in arrangement, as an administrator would edit it.
const OFFICIAL_TOML: &str = include_str!("official.toml");

/// One holiday of an arrangement: a named run of days off, both ends included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The name in the notice, e.g. `国庆节` or `国庆节、中秋节`.
    pub name: String,
    /// First day off.
    pub from: Date,
    /// Last day off, included.
    pub to: Date,
}

impl Holiday {
    /// Whether `date` is one of the holiday's days.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// The arrangement of one year: its sources, holidays and 调休 working days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearArrangement {
    /// The notices it follows (title and 文号).
    pub notices: Vec<String>,
    /// The holidays, sorted by first day.
    pub holidays: Vec<Holiday>,
    /// The Saturdays and Sundays that are working days.
    pub workdays: BTreeSet<Date>,
}

/// What kind of day a date is, for the calendar widget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// A Monday–Friday outside holidays, e.g. Friday 2019-09-27.
    Workday,
    /// A Saturday or Sunday made a working day (调休), e.g. Sunday 2019-09-29.
    AdjustedWorkday,
    /// An ordinary Saturday or Sunday, e.g. Saturday 2019-09-28.
    Weekend,
    /// A day of a holiday, weekend or not, e.g. 2019-10-01 in `国庆节`.
    Holiday {
        /// The holiday's name.
        name: String,
    },
}

impl DayKind {
    /// Whether a day of this kind counts as a working day.
    pub fn is_working_day(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::AdjustedWorkday)
    }
}

/// The working-day calendar: a validated arrangement for each covered year.
///
/// # Example
/// ```
/// use kaoping_shared::calendar::Calendar;
/// let calendar = Calendar::official();
/// assert_eq!(calendar.covered_years(), (2019..=2026).collect::<Vec<_>>());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Calendar {
    years: BTreeMap<i32, YearArrangement>,
}

impl Calendar {
    /// The built-in arrangement: the 国务院办公厅 notices for 2019 through 2026.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let day = "2026-02-14".parse().unwrap(); // a Saturday, 调休 before 春节
    /// assert_eq!(Calendar::official().is_working_day(day), Ok(true));
    /// ```
    pub fn official() -> Calendar {
        static OFFICIAL: OnceLock<Calendar> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| {
                // A unit test loads the same text, so this cannot fail in a tested build.
                Calendar::from_toml(OFFICIAL_TOML).expect("the built-in calendar data is valid")
            })
            .clone()
    }

    /// The built-in data file, as a starting point for an administrator's copy.
    pub fn official_toml() -> &'static str {
        OFFICIAL_TOML
    }

    /// A calendar from arrangements built in code, checked as [`Calendar::from_toml`] checks
    /// text (problems carry no line numbers).
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::{Calendar, YearArrangement};
    /// let year = YearArrangement {
    ///     notices: vec!["示例通知".into()],
    ///     holidays: vec![],
    ///     workdays: ["2027-02-08".parse().unwrap()].into(), // a Monday
    /// };
    /// let err = Calendar::from_years([(2027, year)].into()).unwrap_err();
    /// assert_eq!(err.problems().len(), 1);
    /// ```
    pub fn from_years(
        years: BTreeMap<i32, YearArrangement>,
    ) -> Result<Calendar, CalendarLoadError> {
        load::from_years(years)
    }

    /// Reads and checks an arrangement written in TOML, reporting every problem at once.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let text = r#"
    /// [2027]
    /// notices = ["示例通知"]
    /// holidays = [{ name = "元旦", from = "2027-01-01", to = "2027-01-03" }]
    /// workdays = ["2026-12-27", "2027-13-01"]
    /// "#;
    /// let err = Calendar::from_toml(text).unwrap_err();
    /// assert_eq!(err.problems().len(), 2); // a date of 2026, and no 13th month
    /// ```
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarLoadError> {
        load::from_toml(text)
    }

    /// The arrangement as TOML that [`Calendar::from_toml`] reads back to the same calendar
    /// (comments of the original are not kept).
    pub fn to_toml(&self) -> String {
        load::to_toml(self)
    }

    /// The years the data covers, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// The arrangement of one year, if covered.
    pub fn year(&self, year: i32) -> Option<&YearArrangement> {
        self.years.get(&year)
    }

    fn arrangement(&self, year: i32) -> Result<&YearArrangement, CalendarError> {
        self.years
            .get(&year)
            .ok_or(CalendarError::YearNotCovered { year })
    }

    /// What kind of day `date` is.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::{Calendar, DayKind};
    /// let kind = Calendar::official().day_kind("2019-10-05".parse().unwrap());
    /// assert_eq!(kind, Ok(DayKind::Holiday { name: "国庆节".into() }));
    /// ```
    pub fn day_kind(&self, date: Date) -> Result<DayKind, CalendarError> {
        let year = self.arrangement(date.year())?;
        if let Some(holiday) = year.holidays.iter().find(|h| h.contains(date)) {
            return Ok(DayKind::Holiday {
                name: holiday.name.clone(),
            });
        }
        Ok(
            match (date.weekday().is_weekend(), year.workdays.contains(&date)) {
                (false, _) => DayKind::Workday,
                (true, true) => DayKind::AdjustedWorkday,
                (true, false) => DayKind::Weekend,
            },
        )
    }

    /// Whether `date` is a working day.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let calendar = Calendar::official();
    /// assert_eq!(calendar.is_working_day("2019-10-12".parse().unwrap()), Ok(true)); // Saturday, 调休
    /// assert_eq!(calendar.is_working_day("2019-10-07".parse().unwrap()), Ok(false)); // Monday, 国庆节
    /// ```
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_working_day())
    }

    /// The last day of a period of `days` working days starting at `start`: `start` counts
    /// if it is a working day, otherwise counting begins at the next working day.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let calendar = Calendar::official();
    /// // Starting on a holiday: the first working day after it is day 1.
    /// let end = calendar.add_working_days("2019-10-01".parse().unwrap(), 1);
    /// assert_eq!(end, Ok("2019-10-08".parse().unwrap()));
    /// ```
    pub fn add_working_days(&self, start: Date, days: u32) -> Result<Date, CalendarError> {
        if days == 0 {
            return Err(CalendarError::ZeroWorkingDays { start });
        }
        // Ends: every step either counts a day or moves on, and leaving the covered years
        // is an error, so at most the covered days are visited.
        let mut counted = 0;
        let mut date = start;
        loop {
            if self.is_working_day(date)? {
                counted += 1;
                if counted == days {
                    return Ok(date);
                }
            }
            date = date.add_days(1);
        }
    }

    /// The number of working days from `from` to `to`, both included; 0 if `to` is earlier.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let calendar = Calendar::official();
    /// let n = calendar.working_days_between("2019-09-27".parse().unwrap(), "2019-10-09".parse().unwrap());
    /// assert_eq!(n, Ok(5));
    /// ```
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let mut count = 0;
        let mut date = from;
        while date <= to {
            if self.is_working_day(date)? {
                count += 1;
            }
            date = date.add_days(1);
        }
        Ok(count)
    }

    /// Working days left in a period ending on `end`, counting `today` (the period ends at
    /// the end of its last day); 0 once `end` has passed.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::Calendar;
    /// let calendar = Calendar::official();
    /// let end = "2019-10-09".parse().unwrap();
    /// assert_eq!(calendar.working_days_left("2019-10-09".parse().unwrap(), end), Ok(1));
    /// assert_eq!(calendar.working_days_left("2019-10-10".parse().unwrap(), end), Ok(0));
    /// ```
    pub fn working_days_left(&self, today: Date, end: Date) -> Result<u32, CalendarError> {
        self.working_days_between(today, end)
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Calendar, D::Error> {
        let years = BTreeMap::<i32, YearArrangement>::deserialize(deserializer)?;
        Calendar::from_years(years).map_err(serde::de::Error::custom)
    }
}
