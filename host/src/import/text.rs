//! CSV files as Windows users have them: UTF-8 with or without BOM, GB18030 (what Excel
//! writes on a Chinese Windows), UTF-16 with BOM (Excel's "Unicode 文本", tab-separated).

use super::ImportError;
use super::table::{Table, display_name};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// Decodes the bytes of a text table into a string.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest);
        Cow::Borrowed(text.map_err(|_| "文件标明为 UTF-8 编码，但其中有无效字符".to_owned())?)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Cow::Borrowed(text)
    } else {
        let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (UTF_16LE, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (UTF_16BE, rest)
        } else {
            (GB18030, bytes)
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            return Err(format!(
                "文件编码无法识别（按 {} 解码失败）；请另存为 UTF-8 或 GB18030 编码的 CSV，或 XLSX",
                encoding.name()
            ));
        }
        text
    };
    if text.trim_start().starts_with('<') {
        return Err(
            "文件是网页（HTML/XML）格式，不是表格；请在 Excel 中打开后另存为 XLSX 或 CSV"
                .to_owned(),
        );
    }
    Ok(text)
}

/// Line breaks as Excel counts them: `\r\n`, `\n` or a lone `\r`.
fn line_breaks(text: &str) -> usize {
    text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count()
}

/// Tab if the first line has more tabs than commas (Excel's "Unicode 文本"), else comma.
fn delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let tabs = first.matches('\t').count();
    if tabs > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Reads a CSV file into a table, numbering rows as Excel shows them.
pub(crate) fn read_csv(bytes: &[u8], file: Option<&str>) -> Result<Table, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: display_name(file).to_owned(),
        reason,
    };
    let text = decode(bytes).map_err(unreadable)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut table = Table {
        file: file.map(str::to_owned),
        rows: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    // The csv crate skips blank lines, which Excel shows as rows; and a quoted cell may span
    // lines, which Excel shows as one row. Count both so row numbers match what users see.
    let mut row = 0;
    let mut after_cr = false;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(unreadable(format!("CSV 格式错误：{error}"))),
        }
        let end = reader.position().byte() as usize;
        let raw = text.get(start..end).unwrap_or("");
        // A `\r\n` terminator may be consumed as `\r` now and `\n` with the next record.
        let raw = if after_cr {
            raw.strip_prefix('\n').unwrap_or(raw)
        } else {
            raw
        };
        after_cr = raw.ends_with('\r');
        let inner: usize = record.iter().map(line_breaks).sum();
        let terminator = usize::from(raw.ends_with('\n') || after_cr);
        row += 1 + line_breaks(raw).saturating_sub(inner + terminator);
        table.push(
            row,
            record.iter().map(|cell| cell.trim().to_owned()).collect(),
        );
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &Table) -> Vec<(usize, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|r| (r.row, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn decodes_the_encodings_excel_writes() {
        let text = "案件编号,承办人\n临检刑诉〔2019〕3号,P01\n";
        let (gb, _, _) = GB18030.encode(text);
        let utf16le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &with_bom, &gb, &utf16le] {
            assert_eq!(decode(bytes).unwrap(), text);
        }
    }

    #[test]
    fn rejects_what_is_not_a_text_table() {
        assert!(decode(b"\xEF\xBB\xBF\xFF\xFE").is_err());
        assert!(decode(b"\x81\x20\x81").is_err()); // invalid GB18030 lead bytes
        assert!(decode(b"<html><table>").is_err());
    }

    #[test]
    fn numbers_rows_as_excel_shows_them() {
        let csv = "a,b\r\n\r\n 1 ,\"x\r\ny\"\r\n,\r\n2,3";
        let table = read_csv(csv.as_bytes(), Some("t.csv")).unwrap();
        assert_eq!(
            rows(&table),
            [
                (1, vec!["a", "b"]),
                (3, vec!["1", "x\r\ny"]),
                (5, vec!["2", "3"])
            ]
        );
    }

    #[test]
    fn reads_tab_separated_text() {
        let table = read_csv("a\tb\n1\t2,5\n".as_bytes(), None).unwrap();
        assert_eq!(rows(&table), [(1, vec!["a", "b"]), (2, vec!["1", "2,5"])]);
    }
}
