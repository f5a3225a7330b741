//! The header-map file a unit keeps beside its exports, TOML or JSON:
//!
//! ```toml
//! [cases]
//! "承办检察官" = ["主办检察官", "主办人"]   # several headers, tried in order
//! "受理日期" = "收案日期"                    # or one
//!
//! [roster]
//! "检察官编号" = "工号"
//! ```
//!
//! Sections are `roster`, `cases`, `bonus`, `ballots`; keys are canonical column names,
//! in double quotes (TOML 1.0 allows only ASCII in bare keys). Every unknown column is
//! reported at once.

use super::error::io_reason;
use super::header::{HeaderMap, TableKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a header map could not be loaded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum HeaderMapError {
    /// The file could not be read.
    #[error("无法读取表头映射文件“{}”：{}", path.display(), io_reason(source))]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Not valid TOML or JSON, or not of the expected shape.
    #[error("表头映射文件不是有效的 {format}：{message}")]
    Syntax {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// Columns that the named table does not have.
    #[error("表头映射中有未知的列：{}", describe(unknown))]
    UnknownColumns {
        /// Each table and the column name given for it.
        unknown: Vec<(TableKind, String)>,
    },
}

fn describe(unknown: &[(TableKind, String)]) -> String {
    let each = unknown.iter().map(|(table, column)| {
        let known: Vec<&str> = table.columns().iter().map(|spec| spec.name).collect();
        format!(
            "[{}] “{column}”（{}的列为：{}）",
            table.key(),
            table.chinese(),
            known.join("、")
        )
    });
    each.collect::<Vec<_>>().join("；")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    #[serde(default)]
    roster: BTreeMap<String, Names>,
    #[serde(default)]
    cases: BTreeMap<String, Names>,
    #[serde(default)]
    bonus: BTreeMap<String, Names>,
    #[serde(default)]
    ballots: BTreeMap<String, Names>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

impl MapFile {
    fn into_map(self) -> Result<HeaderMap, HeaderMapError> {
        let tables = [
            (TableKind::Roster, self.roster),
            (TableKind::Cases, self.cases),
            (TableKind::Bonus, self.bonus),
            (TableKind::Ballots, self.ballots),
        ];
        let mut map = HeaderMap::new();
        let mut unknown = Vec::new();
        for (table, columns) in tables {
            for (column, names) in columns {
                let Some(spec) = table.column(column.trim()) else {
                    unknown.push((table, column));
                    continue;
                };
                let names = match names {
                    Names::One(name) => vec![name],
                    Names::Many(names) => names,
                };
                map.custom
                    .entry((table, spec.name))
                    .or_default()
                    .extend(names);
            }
        }
        if unknown.is_empty() {
            Ok(map)
        } else {
            Err(HeaderMapError::UnknownColumns { unknown })
        }
    }
}

impl HeaderMap {
    /// A header map from TOML text.
    pub fn from_toml(text: &str) -> Result<HeaderMap, HeaderMapError> {
        let file: MapFile = toml_edit::de::from_str(text).map_err(|error| {
            let mut message = error.to_string();
            if message.contains("invalid unquoted key") {
                message.push_str("（中文列名须加英文双引号，例如 \"承办检察官\" = \"主办人\"）");
            }
            HeaderMapError::Syntax {
                format: "TOML",
                message,
            }
        })?;
        file.into_map()
    }

    /// A header map from JSON text, e.g. `{"cases": {"承办检察官": "主办人"}}`.
    ///
    /// # Example
    /// ```
    /// use kaoping_host::import::{HeaderMap, TableKind};
    /// let map = HeaderMap::from_json(r#"{"roster": {"检察官编号": ["工号"]}}"#)?;
    /// assert_eq!(map.names(TableKind::Roster, "检察官编号")[0], "工号");
    /// # Ok::<(), kaoping_host::import::HeaderMapError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<HeaderMap, HeaderMapError> {
        let file: MapFile = serde_json::from_str(text).map_err(|error| HeaderMapError::Syntax {
            format: "JSON",
            message: error.to_string(),
        })?;
        file.into_map()
    }

    /// A header map from a file: JSON if it is named `*.json`, TOML otherwise.
    pub fn load(path: &Path) -> Result<HeaderMap, HeaderMapError> {
        let text = std::fs::read_to_string(path).map_err(|source| HeaderMapError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if is_json {
            HeaderMap::from_json(text)
        } else {
            HeaderMap::from_toml(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_give_the_same_map() {
        let toml = "[cases]\n\"承办检察官\" = [\"主办人\", \"主办检察官\"]\n\"受理日期\" = \"收案日期\"\n[bonus]\n\"次数\" = \"数量\"\n";
        let json = r#"{"cases": {"承办检察官": ["主办人", "主办检察官"], "受理日期": "收案日期"}, "bonus": {"次数": "数量"}}"#;
        let expected = HeaderMap::new()
            .with_alias(TableKind::Cases, "承办检察官", "主办人")
            .and_then(|m| m.with_alias(TableKind::Cases, "承办检察官", "主办检察官"))
            .and_then(|m| m.with_alias(TableKind::Cases, "受理日期", "收案日期"))
            .and_then(|m| m.with_alias(TableKind::Bonus, "次数", "数量"))
            .unwrap();
        assert_eq!(HeaderMap::from_toml(toml).unwrap(), expected);
        assert_eq!(HeaderMap::from_json(json).unwrap(), expected);
    }

    #[test]
    fn every_unknown_column_is_reported() {
        let toml = "[cases]\n\"受理日其\" = \"收案日期\"\n[roster]\n\"工号\" = \"编号\"\n";
        match HeaderMap::from_toml(toml) {
            Err(HeaderMapError::UnknownColumns { unknown }) => assert_eq!(
                unknown,
                [
                    (TableKind::Roster, "工号".to_owned()),
                    (TableKind::Cases, "受理日其".to_owned())
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_files_are_syntax_errors() {
        let unquoted = HeaderMap::from_toml("[cases]\n承办检察官 = \"主办人\"\n");
        assert!(
            matches!(unquoted, Err(HeaderMapError::Syntax { message, .. }) if message.contains("双引号"))
        );
        for toml in [
            "[cases\n",
            "[\"案件\"]\n\"承办检察官\" = \"x\"\n",
            "[cases]\n\"承办检察官\" = 3\n",
        ] {
            assert!(
                matches!(
                    HeaderMap::from_toml(toml),
                    Err(HeaderMapError::Syntax { format: "TOML", .. })
                ),
                "{toml}"
            );
        }
        assert!(matches!(
            HeaderMap::from_json("{"),
            Err(HeaderMapError::Syntax { format: "JSON", .. })
        ));
    }

    #[test]
    fn missing_file_is_an_io_error_with_the_path() {
        let error = HeaderMap::load(Path::new("/nonexistent/表头.toml")).unwrap_err();
        assert!(
            matches!(&error, HeaderMapError::Io { path, .. } if path == Path::new("/nonexistent/表头.toml"))
        );
    }
}
