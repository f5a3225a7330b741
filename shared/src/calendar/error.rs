//! Errors of the calendar: asking about a day, and loading the data.

use crate::date::Date;
use std::fmt;
use thiserror::Error;

/// Why a question about working days cannot be answered.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarError {
    /// The date lies in a year the data does not cover; the calendar never guesses.
    ///
    /// # Example
    /// ```
    /// use kaoping_shared::calendar::{Calendar, CalendarError};
    /// let day = "2030-05-06".parse().unwrap();
    /// let err = Calendar::official().is_working_day(day).unwrap_err();
    /// assert_eq!(err, CalendarError::YearNotCovered { year: 2030 });
    /// ```
    #[error("日历未包含 {year} 年的节假日安排，请管理员先录入")]
    YearNotCovered {
        /// The year that is missing.
        year: i32,
    },
    /// A period of zero working days has no last day.
    #[error("从 {start} 起的期限为 0 个工作日，没有最后一天；期限应至少为 1 个工作日，请检查设置")]
    ZeroWorkingDays {
        /// The first day asked for.
        start: Date,
    },
}

/// Why the calendar data could not be loaded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarLoadError {
    /// The text is not TOML at all, so nothing else could be checked.
    #[error("日历数据{}不是有效的 TOML（{message}），请检查引号、方括号、花括号和逗号", at_line(*.line))]
    Syntax {
        /// 1-based line of the fault, when the parser knows it.
        line: Option<usize>,
        /// The parser's own words.
        message: String,
    },
    /// The text is TOML but the arrangement has problems; every one found is listed.
    #[error("日历数据有 {} 处问题，请逐条修正后再导入：\n{}", .problems.len(), list(.problems))]
    Invalid {
        /// All the problems, in the order of the text.
        problems: Vec<CalendarProblem>,
    },
}

impl CalendarLoadError {
    /// The problems found, empty for a syntax error.
    pub fn problems(&self) -> &[CalendarProblem] {
        match self {
            CalendarLoadError::Invalid { problems } => problems,
            CalendarLoadError::Syntax { .. } => &[],
        }
    }
}

fn at_line(line: Option<usize>) -> String {
    line.map(|line| format!("第 {line} 行")).unwrap_or_default()
}

fn list(problems: &[CalendarProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| format!("- {p}")).collect();
    lines.join("\n")
}

/// One problem in the calendar data, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CalendarProblem {
    /// 1-based line in the TOML text; `None` when the data did not come from text.
    pub line: Option<usize>,
    /// Where in the data, e.g. `[2019] holidays 第 3 项 from`.
    pub place: String,
    /// What is wrong.
    pub kind: CalendarProblemKind,
}

impl CalendarProblem {
    pub(crate) fn new(
        line: Option<usize>,
        place: impl Into<String>,
        kind: CalendarProblemKind,
    ) -> Self {
        CalendarProblem {
            line,
            place: place.into(),
            kind,
        }
    }
}

impl fmt::Display for CalendarProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "第 {line} 行（{}）：{}", self.place, self.kind),
            None => write!(f, "{}：{}", self.place, self.kind),
        }
    }
}

impl std::error::Error for CalendarProblem {}

/// What is wrong at one place of the calendar data.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarProblemKind {
    /// A section name that is not a year, e.g. `[二〇二七]` or `[27]`.
    #[error("“{key}”不是年份，每节的标题应为四位年份，如 [2027]")]
    BadYear {
        /// The section name as written.
        key: String,
    },
    /// A field this format does not have (often a misspelling).
    #[error(
        "没有“{field}”这一项（年份下可用 notices、holidays、workdays；假期可用 name、from、to），请检查拼写"
    )]
    UnknownField {
        /// The field as written.
        field: String,
    },
    /// A field that must be present is missing.
    #[error("缺少“{field}”，请补上")]
    MissingField {
        /// The missing field.
        field: String,
    },
    /// A field of the wrong kind, e.g. a number where a list is expected.
    #[error("“{field}”应为{expected}")]
    WrongType {
        /// The field.
        field: String,
        /// What it should be, in words.
        expected: String,
    },
    /// A date that does not parse, e.g. `2019-13-01`.
    #[error("“{text}”不是有效日期（应为 YYYY-MM-DD）")]
    BadDate {
        /// The text as written.
        text: String,
    },
    /// A date filed under another year's section.
    #[error("{date} 不属于 {year} 年，请移到 [{}] 下；跨年的假期请拆成两段，分别录入", .date.year())]
    WrongYear {
        /// The date.
        date: Date,
        /// The section it was filed under.
        year: i32,
    },
    /// A holiday that ends before it starts.
    #[error("假期的结束日期 {to} 早于开始日期 {from}，请对调或改正")]
    Reversed {
        /// The first day as written.
        from: Date,
        /// The last day as written.
        to: Date,
    },
    /// A day listed both as a holiday and as a 调休 working day.
    #[error("{date} 既在假期“{holiday}”内，又列为调休上班日，请删去其一")]
    HolidayAndWorkday {
        /// The day.
        date: Date,
        /// The holiday that contains it.
        holiday: String,
    },
    /// A Monday–Friday listed as a 调休 working day: it already is one, so it is likely a typo.
    #[error("{date} 是{weekday}，本来就是工作日；调休上班日只填星期六或星期日，请核对日期")]
    WorkdayNotWeekend {
        /// The day.
        date: Date,
        /// Its weekday in Chinese, e.g. `星期一`.
        weekday: String,
    },
    /// The same 调休 working day listed twice.
    #[error("调休上班日 {date} 重复列出，请删去一处")]
    DuplicateWorkday {
        /// The day.
        date: Date,
    },
    /// Two holidays sharing a day.
    #[error("假期“{first}”与“{second}”在 {date} 重叠，请合并或改正")]
    Overlap {
        /// The first shared day.
        date: Date,
        /// The earlier holiday's name.
        first: String,
        /// The later holiday's name.
        second: String,
    },
    /// A holiday with an empty name.
    #[error("假期名称为空，请填写，如“国庆节”")]
    EmptyName,
    /// A year with no notice named as its source.
    #[error("未注明依据的通知，请在 notices 中填写通知标题和文号")]
    NoNotice,
}
