//! Reading a rule set from TOML, with every problem reported at once.
//!
//! Decimals may be written as TOML numbers (`0.2`) or strings (`"0.2"`): numbers are read
//! from their written text, never through binary floating point. Unknown fields are
//! reported as problems, not ignored.

use super::RuleSet;
use super::validate::{Problem, validate};
use thiserror::Error;
use toml_edit::{DocumentMut, Item, Value};

/// Why a rule-set text cannot be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RulesError {
    /// The text is not valid TOML, or a value has the wrong type.
    #[error("指标体系文件格式错误：{message}")]
    Syntax {
        /// The parser's message, with line and column.
        message: String,
    },
    /// The rule set parses but breaks rules; every problem is listed.
    #[error("指标体系有 {} 处问题：\n{}", problems.len(), list(problems))]
    Invalid {
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("- {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses and validates a rule set.
///
/// # Example
/// ```
/// use kaoping_shared::rules::load::{from_toml, RulesError};
/// let text = kaoping_shared::rules::builtin::R2019_TOML.replace("points = 30\nmax = 36", "points = 31\nmax = 36");
/// let Err(RulesError::Invalid { problems }) = from_toml(&text) else { panic!() };
/// assert!(problems.iter().any(|p| p.message.contains("合计")));
/// ```
pub fn from_toml(text: &str) -> Result<RuleSet, RulesError> {
    let mut document: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| RulesError::Syntax {
                message: e.to_string(),
            })?;
    floats_to_text(document.as_item_mut());
    let mut unknown = Vec::new();
    let deserializer = toml_edit::de::Deserializer::from(document);
    let rules: RuleSet = serde_ignored::deserialize(deserializer, |path| {
        unknown.push(Problem::new(
            path.to_string(),
            "未知字段（拼写错误，或本版本不支持）",
        ))
    })
    .map_err(|e| RulesError::Syntax {
        message: e.to_string(),
    })?;
    let mut problems = unknown;
    if let Err(found) = validate(&rules) {
        problems.extend(found);
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(RulesError::Invalid { problems })
    }
}

/// Replaces every float with a string of its written text, so `0.2` stays exactly 0.2.
fn floats_to_text(item: &mut Item) {
    match item {
        Item::Value(value) => value_floats_to_text(value),
        Item::Table(table) => table.iter_mut().for_each(|(_, item)| floats_to_text(item)),
        Item::ArrayOfTables(array) => array
            .iter_mut()
            .for_each(|table| table.iter_mut().for_each(|(_, item)| floats_to_text(item))),
        Item::None => {}
    }
}

fn value_floats_to_text(value: &mut Value) {
    match value {
        Value::Float(float) => {
            let written = float
                .as_repr()
                .and_then(|repr| repr.as_raw().as_str())
                .map(|raw| raw.trim().replace('_', ""))
                .unwrap_or_else(|| float.value().to_string());
            *value = Value::from(written);
        }
        Value::Array(array) => array.iter_mut().for_each(value_floats_to_text),
        Value::InlineTable(table) => table.iter_mut().for_each(|(_, v)| value_floats_to_text(v)),
        _ => {}
    }
}

/// Writes a rule set as TOML (decimals as strings), for export and round trips.
pub fn to_toml(rules: &RuleSet) -> String {
    toml_edit::ser::to_string_pretty(rules).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin::R2019_TOML;

    #[test]
    fn float_text_is_kept_exactly() {
        let rules = from_toml(R2019_TOML).unwrap();
        let quota = &rules.grading.quotas[0];
        assert_eq!(quota.share.to_string(), "0.2");
        assert_eq!(rules.share_rules[0].min_share.to_string(), "0.7");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let err = from_toml("id = \n").unwrap_err();
        let RulesError::Syntax { message } = err else {
            panic!("{err:?}")
        };
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn unknown_fields_are_problems() {
        let text = R2019_TOML.replace("name = \"办案数量\"", "name = \"办案数量\"\nweigth = 3");
        let Err(RulesError::Invalid { problems }) = from_toml(&text) else {
            panic!()
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "dimensions.0.weigth");
    }

    #[test]
    fn round_trips_through_toml() {
        let rules = from_toml(R2019_TOML).unwrap();
        let again = from_toml(&to_toml(&rules)).unwrap();
        assert_eq!(rules, again);
    }
}
