//! What can go wrong in an import: a [`Problem`] per bad cell, row or column, all of them
//! gathered in one [`ImportError::Rejected`], and the file-level failures before that.

use std::fmt;
use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// One thing wrong with one cell, row or column, located as the user sees the sheet.
///
/// # Example
/// ```
/// use kaoping_host::import::{Problem, ProblemKind};
/// let problem = Problem::new(Some("cases.csv"), 3, "受理日期", "2019-13-01", ProblemKind::InvalidDate);
/// assert_eq!(
///     problem.to_string(),
///     "cases.csv 第3行，列“受理日期”：“2019-13-01”不是有效日期（应为 YYYY-MM-DD）"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file's name, when known, e.g. `cases.csv`.
    pub file: Option<String>,
    /// The row number as the user sees it in Excel: the header is row 1 (or lower if
    /// title rows stand above it), the first data row follows it.
    pub row: usize,
    /// The canonical (Chinese) column name, e.g. `受理日期`, whatever the file calls it.
    pub column: String,
    /// The cell's text as read (trimmed); empty when the cell is empty or missing.
    pub value: String,
    /// Why it was rejected, in Chinese; the display of [`Problem::kind`].
    pub reason: String,
    /// The reason as data, for code that reacts to it.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem whose reason is the display of `kind`.
    pub fn new(
        file: Option<&str>,
        row: usize,
        column: &str,
        value: &str,
        kind: ProblemKind,
    ) -> Problem {
        Problem {
            file: file.map(str::to_owned),
            row,
            column: column.to_owned(),
            value: value.to_owned(),
            reason: kind.to_string(),
            kind,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file} ")?;
        }
        write!(f, "第{}行，列“{}”：", self.row, self.column)?;
        if !self.value.is_empty() {
            write!(f, "“{}”", self.value)?;
        }
        f.write_str(&self.reason)
    }
}

/// Why a cell, row or column was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required column is not in the header row.
    #[error(
        "缺少此列（找到的表头：{}）；如本单位的导出使用其他列名，请在表头映射中指定",
        list(found)
    )]
    MissingColumn {
        /// The header cells that were found.
        found: Vec<String>,
    },
    /// The header that names this column appears more than once.
    #[error("表头出现了多次（第{}列），无法确定使用哪一列", columns.iter().map(usize::to_string).collect::<Vec<_>>().join("、"))]
    DuplicateHeader {
        /// The 1-based column positions where it appears.
        columns: Vec<usize>,
    },
    /// A cell that must be filled is empty.
    #[error("不能为空")]
    Empty,
    /// Not a date `YYYY-MM-DD`.
    #[error("不是有效日期（应为 YYYY-MM-DD）")]
    InvalidDate,
    /// A yes/no cell holding something else.
    #[error("应为“是”或“否”")]
    InvalidFlag,
    /// Not a whole number.
    #[error("不是有效的整数")]
    InvalidCount,
    /// A negative count, number of suspects or number of days.
    #[error("{quantity}不能为负数")]
    Negative {
        /// What is counted: `次数`, `人数` or `天数`.
        quantity: &'static str,
    },
    /// A 案件编号 already used on an earlier row.
    #[error("案件编号重复（与第{first_row}行相同）")]
    DuplicateCase {
        /// The row where the number first appears.
        first_row: usize,
    },
    /// A 检察官编号 already used on an earlier roster row.
    #[error("检察官编号重复（与第{first_row}行相同）")]
    DuplicateProsecutor {
        /// The row where the number first appears.
        first_row: usize,
    },
    /// Names nobody in the roster, by 检察官编号 or by 姓名.
    #[error("不在检察官名册中（请核对检察官编号或姓名）")]
    UnknownProsecutor,
    /// A 姓名 shared by several prosecutors of the roster.
    #[error("是多名检察官的姓名（{}），请改用检察官编号", list(ids))]
    AmbiguousName {
        /// Their 检察官编号.
        ids: Vec<String>,
    },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "无".to_owned()
    } else {
        items.join("、")
    }
}

/// Why an import failed. Nothing is imported when any error occurs.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A file could not be read.
    #[error("无法读取文件“{}”：{}", path.display(), io_reason(source))]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The bytes are not a table this import understands.
    #[error("无法读取表格“{file}”：{reason}")]
    Unreadable {
        /// The file's name, or `上传的文件`.
        file: String,
        /// Why, in Chinese, saying what to do.
        reason: String,
    },
    /// The workbook has no sheet of the requested name.
    #[error("工作簿“{file}”中没有名为“{sheet}”的工作表（现有：{}）", list(found))]
    SheetNotFound {
        /// The file's name, or `上传的文件`.
        file: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets the workbook has.
        found: Vec<String>,
    },
    /// Rows, cells or columns were rejected; every one of them is listed.
    #[error("导入失败，共 {} 处问题，未导入任何数据：\n{}", problems.len(), lines(problems))]
    Rejected {
        /// All problems found, in file and row order.
        problems: Vec<Problem>,
    },
}

impl ImportError {
    /// The problems of a [`ImportError::Rejected`]; empty for the other variants.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Rejected { problems } => problems,
            _ => &[],
        }
    }
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// An I/O error in Chinese, for the common cases; the system's text otherwise.
pub(crate) fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "文件不存在".to_owned(),
        io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
        io::ErrorKind::IsADirectory => "这是一个目录，不是文件".to_owned(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_display_as_users_read_them() {
        let cases = [
            (
                Problem::new(
                    Some("cases.csv"),
                    3,
                    "受理日期",
                    "2019-13-01",
                    ProblemKind::InvalidDate,
                ),
                "cases.csv 第3行，列“受理日期”：“2019-13-01”不是有效日期（应为 YYYY-MM-DD）",
            ),
            (
                Problem::new(None, 5, "测评对象", "", ProblemKind::Empty),
                "第5行，列“测评对象”：不能为空",
            ),
            (
                Problem::new(
                    Some("bonus.csv"),
                    4,
                    "次数",
                    "-1",
                    ProblemKind::Negative { quantity: "次数" },
                ),
                "bonus.csv 第4行，列“次数”：“-1”次数不能为负数",
            ),
        ];
        for (problem, expected) in cases {
            assert_eq!(problem.to_string(), expected);
        }
        let error = ImportError::Rejected {
            problems: vec![Problem::new(None, 2, "德", "", ProblemKind::Empty)],
        };
        assert_eq!(
            error.to_string(),
            "导入失败，共 1 处问题，未导入任何数据：\n第2行，列“德”：不能为空"
        );
    }

    #[test]
    fn io_errors_are_in_chinese_with_the_path() {
        let error = ImportError::Io {
            path: "/tmp/无此文件.csv".into(),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(
            error.to_string(),
            "无法读取文件“/tmp/无此文件.csv”：文件不存在"
        );
    }
}
