//! Civil dates (`YYYY-MM-DD`) and periods, with no clock and no time zone.
//!
//! Days between two dates are calendar days: `2019-03-01 − 2019-02-01 = 28`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A calendar date in the proleptic Gregorian calendar.
///
/// # Example
/// ```
/// use kaoping_shared::date::Date;
/// let a: Date = "2019-02-01".parse().unwrap();
/// let b: Date = "2019-03-01".parse().unwrap();
/// assert_eq!(b.days_since(a), 28);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` or not a real day.
    #[error("“{text}”不是有效日期（应为 YYYY-MM-DD）")]
    Invalid {
        /// The text as given.
        text: String,
    },
    /// A period whose end is before its start.
    #[error("期间“{text}”的结束日期早于开始日期")]
    Reversed {
        /// The text as given.
        text: String,
    },
}

/// Day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    /// 星期一
    Monday,
    /// 星期二
    Tuesday,
    /// 星期三
    Wednesday,
    /// 星期四
    Thursday,
    /// 星期五
    Friday,
    /// 星期六
    Saturday,
    /// 星期日
    Sunday,
}

impl Weekday {
    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }

    /// The Chinese name, e.g. `星期五`.
    pub fn chinese(self) -> &'static str {
        match self {
            Weekday::Monday => "星期一",
            Weekday::Tuesday => "星期二",
            Weekday::Wednesday => "星期三",
            Weekday::Thursday => "星期四",
            Weekday::Friday => "星期五",
            Weekday::Saturday => "星期六",
            Weekday::Sunday => "星期日",
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date from its parts, if it exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it); Howard Hinnant's `days_from_civil`.
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `ordinal` days after 1970-01-01.
    pub fn from_ordinal(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Calendar days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.ordinal() - earlier.ordinal()
    }

    /// The date `days` later (earlier if negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_ordinal(self.ordinal() + days)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.ordinal() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let invalid = || DateError::Invalid {
            text: text.to_owned(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, DateError> {
            bytes[range]
                .iter()
                .try_fold(0u32, |n, &b| {
                    b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
                })
                .ok_or_else(invalid)
        };
        let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
        Date::from_ymd(y as i32, m as u8, d as u8).ok_or_else(invalid)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `YYYY-MM-DD` written digit by digit: going through `Display` and the formatter
        // cost a thousand instructions a date, and a unit's cases carry 40,000 of them.
        let mut text = *b"0000-00-00";
        let digits = |n: u32, out: &mut [u8]| {
            let mut n = n;
            for byte in out.iter_mut().rev() {
                *byte = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        match u32::try_from(self.year) {
            Ok(year) if year <= 9999 => digits(year, &mut text[0..4]),
            _ => return serializer.collect_str(self),
        }
        digits(u32::from(self.month), &mut text[5..7]);
        digits(u32::from(self.day), &mut text[8..10]);
        // Only ASCII digits and dashes were written.
        serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        /// Reads the text in place: 40,000 dates in a unit's cases, none copied.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// An inclusive range of dates, written `2019-01-01..2019-12-31`.
///
/// # Example
/// ```
/// use kaoping_shared::date::Period;
/// let p: Period = "2019-01-01..2019-12-31".parse().unwrap();
/// assert!(p.contains("2019-06-30".parse().unwrap()));
/// assert!(!p.contains("2018-12-28".parse().unwrap()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, included.
    pub start: Date,
    /// Last day, included.
    pub end: Date,
}

impl Period {
    /// Whether `date` lies in the period, ends included.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

impl FromStr for Period {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Period, DateError> {
        let (start, end) = text.split_once("..").ok_or_else(|| DateError::Invalid {
            text: text.to_owned(),
        })?;
        let period = Period {
            start: start.trim().parse()?,
            end: end.trim().parse()?,
        };
        if period.end < period.start {
            return Err(DateError::Reversed {
                text: text.to_owned(),
            });
        }
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn json_text_is_the_display_text_and_reads_back() {
        for days in (-800_000..800_000).step_by(997) {
            let date = Date::from_ordinal(days);
            let json = serde_json::to_string(&date).unwrap();
            assert_eq!(json, format!("\"{date}\""));
            let read = serde_json::from_str::<Date>(&json).ok();
            assert_eq!(read, date.to_string().parse().ok());
            if (1000..=9999).contains(&date.year) {
                assert_eq!(read, Some(date));
            }
        }
        for bad in [
            "\"2019-1-01\"",
            "\"2019-02-30\"",
            "\"20190101xx\"",
            "\"2019-0a-01\"",
            "7",
        ] {
            assert!(serde_json::from_str::<Date>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(d("2019-02-28").to_string(), "2019-02-28");
        for bad in [
            "2019-13-01",
            "2019-02-29",
            "2019-2-1",
            "20190201",
            "",
            "2019-00-10",
            "２０１９-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!("2020-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(d("2019-03-01").days_since(d("2019-02-01")), 28);
        assert_eq!(d("1970-01-01").ordinal(), 0);
        for days in -800_000..800_000i64 {
            if days % 997 == 0 {
                assert_eq!(Date::from_ordinal(days).ordinal(), days);
            }
        }
        assert_eq!(d("2019-12-31").add_days(1), d("2020-01-01"));
    }

    #[test]
    fn weekdays() {
        assert_eq!(d("2019-09-27").weekday(), Weekday::Friday);
        assert_eq!(d("2019-09-29").weekday(), Weekday::Sunday);
        assert_eq!(d("2026-11-22").weekday(), Weekday::Sunday);
    }

    #[test]
    fn periods() {
        let p: Period = "2019-01-01..2019-12-31".parse().unwrap();
        assert_eq!(p.to_string(), "2019-01-01..2019-12-31");
        assert!(matches!(
            "2019-12-31..2019-01-01".parse::<Period>(),
            Err(DateError::Reversed { .. })
        ));
    }
}
