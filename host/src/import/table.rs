//! A sheet as text: rows of trimmed cells, each with the row number the user sees.
//!
//! CSV and Excel workbooks are read into the same [`Table`]; the format comes from the
//! caller, the file's first bytes (XLSX is a zip, `PK\x03\x04`; XLS an OLE file) or its
//! extension, in that order, and is CSV otherwise.

use super::ImportError;
use super::{text, workbook};

/// A spreadsheet format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Comma- or tab-separated text in UTF-8 (BOM or not), UTF-16 with BOM, or GB18030.
    Csv,
    /// Excel 2007 and later.
    Xlsx,
    /// Excel 97–2003.
    Xls,
}

impl Format {
    /// The format a file name's extension says, if it says one.
    ///
    /// # Example
    /// ```
    /// use kaoping_host::import::Format;
    /// assert_eq!(Format::from_name("案件.XLSX"), Some(Format::Xlsx));
    /// assert_eq!(Format::from_name("cases"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Format> {
        let (_, extension) = name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            _ => None,
        }
    }

    /// The format the first bytes prove, if they prove one.
    ///
    /// # Example
    /// ```
    /// use kaoping_host::import::Format;
    /// assert_eq!(Format::sniff(b"PK\x03\x04rest"), Some(Format::Xlsx));
    /// assert_eq!(Format::sniff("案件编号,承办人".as_bytes()), None);
    /// ```
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"PK\x03\x04") {
            Some(Format::Xlsx)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some(Format::Xls)
        } else {
            None
        }
    }
}

/// How to read a table: which format and which sheet, when not the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    format: Option<Format>,
    sheet: Option<String>,
}

impl ReadOptions {
    /// Detect the format; read a workbook's first sheet.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Read as `format` whatever the bytes or the name say.
    pub fn with_format(mut self, format: Format) -> ReadOptions {
        self.format = Some(format);
        self
    }

    /// Read the workbook sheet named `sheet` instead of the first one.
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> ReadOptions {
        self.sheet = Some(sheet.into());
        self
    }
}

/// One non-blank row of a sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// The row number the user sees (1 = the sheet's first row).
    pub row: usize,
    /// The cells, trimmed, as the user sees them (dates `YYYY-MM-DD`, `3.0` as `3`).
    pub cells: Vec<String>,
}

/// A sheet's non-blank rows, header rows included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The file's name, for problems, e.g. `cases.csv`.
    pub file: Option<String>,
    /// The rows with at least one non-empty cell, in order.
    pub rows: Vec<TableRow>,
}

impl Table {
    /// The file's name for messages: its name or `上传的文件`.
    pub fn display_name(&self) -> &str {
        display_name(self.file.as_deref())
    }

    /// Adds a row unless all of its cells are empty.
    pub(crate) fn push(&mut self, row: usize, cells: Vec<String>) {
        if cells.iter().any(|cell| !cell.is_empty()) {
            self.rows.push(TableRow { row, cells });
        }
    }
}

/// The caller's choice, else what the bytes prove, else the extension, else CSV.
fn choose_format(options: &ReadOptions, bytes: &[u8], file: Option<&str>) -> Format {
    options
        .format
        .or_else(|| Format::sniff(bytes))
        .or_else(|| file.and_then(Format::from_name))
        .unwrap_or(Format::Csv)
}

pub(crate) fn display_name(file: Option<&str>) -> &str {
    file.unwrap_or("上传的文件")
}

/// Reads a table from a file's bytes; `file` is its name, for the format and for messages.
///
/// # Example
/// ```
/// use kaoping_host::import::{read_table, ReadOptions};
/// let table = read_table("编号,次数\nP01, 3 \n,\n".as_bytes(), Some("bonus.csv"), &ReadOptions::new())?;
/// assert_eq!(table.rows.len(), 2); // the blank row is dropped
/// assert_eq!(table.rows[1].row, 2);
/// assert_eq!(table.rows[1].cells, ["P01", "3"]);
/// # Ok::<(), kaoping_host::import::ImportError>(())
/// ```
pub fn read_table(
    bytes: &[u8],
    file: Option<&str>,
    options: &ReadOptions,
) -> Result<Table, ImportError> {
    let format = choose_format(options, bytes, file);
    match format {
        Format::Csv => text::read_csv(bytes, file),
        Format::Xlsx | Format::Xls => {
            workbook::read_workbook(bytes, file, format, options.sheet.as_deref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_option_then_bytes_then_name() {
        let zip: &[u8] = b"PK\x03\x04";
        let text: &[u8] = b"a,b";
        let cases = [
            (text, Some("x.csv"), None, Format::Csv),
            (zip, Some("x.csv"), None, Format::Xlsx),
            (text, Some("x.xls"), None, Format::Xls),
            (text, None, None, Format::Csv),
            (zip, None, Some(Format::Csv), Format::Csv),
        ];
        for (bytes, name, forced, expected) in cases {
            let options = match forced {
                Some(format) => ReadOptions::new().with_format(format),
                None => ReadOptions::new(),
            };
            assert_eq!(choose_format(&options, bytes, name), expected, "{name:?}");
        }
    }

    #[test]
    fn a_named_xlsx_that_is_not_a_zip_is_unreadable() {
        let result = read_table(b"not a zip", Some("cases.xlsx"), &ReadOptions::new());
        assert!(
            matches!(result, Err(ImportError::Unreadable { file, .. }) if file == "cases.xlsx")
        );
    }
}
