//! Plain-text tables that line up in a terminal, counting a CJK character as two columns.

/// A table of text cells.
#[derive(Debug)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

impl Table {
    /// A table with a header row.
    pub fn new(header: Vec<String>) -> Table {
        Table { rows: vec![header] }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The table, columns separated by two spaces, trailing spaces trimmed.
    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| width(s))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - width(cell) + 2));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_as_double_width() {
        let mut table = Table::new(vec!["姓名".into(), "总分".into()]);
        table.push(vec!["张三丰".into(), "86.00".into()]);
        assert_eq!(table.render(), "姓名    总分\n张三丰  86.00\n");
    }
}
