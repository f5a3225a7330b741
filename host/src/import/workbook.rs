//! Excel workbooks (XLSX, XLS) through calamine, each cell turned into the text the user
//! sees: a date cell as `YYYY-MM-DD`, the number `3.0` as `3`.

use super::ImportError;
use super::table::{Format, Table, display_name};
use calamine::{Data, Reader, Xls, Xlsx, open_workbook_from_rs};
use std::io::Cursor;

/// Reads one sheet (the named one, else the first) of a workbook.
pub(crate) fn read_workbook(
    bytes: &[u8],
    file: Option<&str>,
    format: Format,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xls => read_sheet(open::<Xls<_>>(cursor, file, "XLS")?, file, sheet),
        _ => read_sheet(open::<Xlsx<_>>(cursor, file, "XLSX")?, file, sheet),
    }
}

fn unreadable(file: Option<&str>, reason: String) -> ImportError {
    ImportError::Unreadable {
        file: display_name(file).to_owned(),
        reason,
    }
}

fn open<'a, R>(cursor: Cursor<&'a [u8]>, file: Option<&str>, kind: &str) -> Result<R, ImportError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    open_workbook_from_rs(cursor).map_err(|error| {
        unreadable(
            file,
            format!("不是有效的 {kind} 工作簿（{error}）；请在 Excel 中打开后重新保存"),
        )
    })
}

fn read_sheet<'a, R>(
    mut workbook: R,
    file: Option<&str>,
    sheet: Option<&str>,
) -> Result<Table, ImportError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.trim() == wanted.trim())
            .ok_or_else(|| ImportError::SheetNotFound {
                file: display_name(file).to_owned(),
                sheet: wanted.to_owned(),
                found: names.clone(),
            })?,
        None => names
            .first()
            .ok_or_else(|| unreadable(file, "工作簿中没有工作表".to_owned()))?,
    }
    .clone();
    let range = workbook
        .worksheet_range(&name)
        .map_err(|error| unreadable(file, format!("无法读取工作表“{name}”（{error}）")))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut table = Table {
        file: file.map(str::to_owned),
        rows: Vec::new(),
    };
    for (index, cells) in range.rows().enumerate() {
        table.push(first_row + index + 1, cells.iter().map(cell_text).collect());
    }
    Ok(table)
}

/// The text a user sees in the cell, trimmed.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_owned(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => float_text(*number),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = datetime.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(duration) => float_text(duration.as_f64()),
        Data::DateTimeIso(text) => {
            let text = text.trim().replace('T', " ");
            text.strip_suffix(" 00:00:00")
                .map(str::to_owned)
                .unwrap_or(text)
        }
        Data::DurationIso(text) => text.trim().to_owned(),
        Data::Error(error) => error.to_string(),
    }
}

/// A whole float as an integer (`3.0` → `3`), any other as its shortest exact text.
fn float_text(number: f64) -> String {
    // 2^53: beyond it a float is not an exact integer any more.
    if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_read_as_users_see_them() {
        let date = |serial| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        let cases = [
            (Data::Float(3.0), "3"),
            (Data::Float(-2.0), "-2"),
            (Data::Float(2.5), "2.5"),
            (Data::Int(45), "45"),
            (Data::String("  是 ".into()), "是"),
            (Data::Empty, ""),
            (date(43591.0), "2019-05-06"),
            (date(43591.5), "2019-05-06 12:00:00"),
            (
                Data::DateTimeIso("2019-05-06T00:00:00".into()),
                "2019-05-06",
            ),
            (Data::Bool(true), "TRUE"),
        ];
        for (cell, expected) in cases {
            assert_eq!(cell_text(&cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn a_missing_sheet_names_the_sheets_there_are() {
        let bytes = super::super::fixtures::reference_xlsx();
        let result = read_workbook(&bytes, Some("x.xlsx"), Format::Xlsx, Some("案件表"));
        match result {
            Err(ImportError::SheetNotFound { sheet, found, .. }) => {
                assert_eq!(sheet, "案件表");
                assert_eq!(found, ["cases", "roster", "bonus", "ballots"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
