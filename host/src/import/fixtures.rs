//! Test data: the reference CSVs of DOMAIN.md, and the same data as an XLSX workbook with
//! real date and number cells.

use super::table::{Table, read_table};
use super::{ReadOptions, text};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

pub(crate) const REFERENCE_ROSTER: &[u8] =
    include_bytes!("../../tests/fixtures/import/reference/roster.csv");
pub(crate) const REFERENCE_CASES: &[u8] =
    include_bytes!("../../tests/fixtures/import/reference/cases.csv");
pub(crate) const REFERENCE_BONUS: &[u8] =
    include_bytes!("../../tests/fixtures/import/reference/bonus.csv");
pub(crate) const REFERENCE_BALLOTS: &[u8] =
    include_bytes!("../../tests/fixtures/import/reference/ballots.csv");

/// The reference files with their sheet names.
pub(crate) const REFERENCE: [(&str, &[u8]); 4] = [
    ("cases", REFERENCE_CASES),
    ("roster", REFERENCE_ROSTER),
    ("bonus", REFERENCE_BONUS),
    ("ballots", REFERENCE_BALLOTS),
];

/// A table from CSV text, named `test.csv`.
pub(crate) fn csv(text: &str) -> Table {
    read_table(text.as_bytes(), Some("test.csv"), &ReadOptions::new()).expect("test CSV")
}

/// The four reference tables as sheets of one workbook: dates as date cells (one with a
/// time of day, as case systems export them), whole numbers as number cells.
pub(crate) fn reference_xlsx() -> Vec<u8> {
    let date_format = CellFormat::new().set_num_format("yyyy-mm-dd");
    let mut workbook = Workbook::new();
    for (sheet, bytes) in REFERENCE {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet).expect("sheet name");
        let source = text::decode(bytes).expect("reference CSV is UTF-8");
        for (row, line) in source.lines().enumerate() {
            for (col, cell) in line.split(',').enumerate() {
                let (row, col) = (row as u32, col as u16);
                let written = if cell.is_empty() {
                    Ok(&mut *worksheet)
                } else if row > 0 && cell.len() == 10 && cell.as_bytes()[4] == b'-' {
                    // 09:30 on the 受理日期 of 临检刑诉〔2019〕3号: the time must be ignored.
                    let when = if cell == "2019-05-06" {
                        "2019-05-06T09:30:00"
                    } else {
                        cell
                    };
                    let date = ExcelDateTime::parse_from_str(when).expect("date");
                    worksheet.write_datetime_with_format(row, col, date, &date_format)
                } else if let (true, Ok(number)) = (row > 0, cell.parse::<f64>()) {
                    worksheet.write_number(row, col, number)
                } else {
                    worksheet.write_string(row, col, cell)
                };
                written.expect("cell");
            }
        }
    }
    workbook.save_to_buffer().expect("workbook")
}
