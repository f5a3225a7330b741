//! The what-if (试算): edits to a draft rule set — a dimension's weight or cap, a grade
//! threshold, a quota — applied to the rule set's JSON, and the comparison of the draft's
//! evaluation with the stored one. The plugin does the computing (see [`super::view`]).

use super::state::RankRow;
use crate::number;
use kaoping_shared::eval::result::Evaluation;
use serde_json::Value;
use std::collections::BTreeMap;

/// One thing the committee may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Knob {
    /// Dimension `i`'s points (its weight); a single indicator's points follow it.
    Points(usize),
    /// Dimension `i`'s cap (`max`); a single volume indicator's cap follows it.
    Max(usize),
    /// Grade band `i`'s lowest total.
    Band(usize),
    /// Quota `i`'s share of those evaluated.
    QuotaShare(usize),
    /// Quota `i`'s lowest total.
    QuotaMin(usize),
}

/// A knob with its label and current value in the rule set.
#[derive(Clone, Debug, PartialEq)]
pub struct KnobView {
    /// Which.
    pub knob: Knob,
    /// e.g. `办案数量 分值`.
    pub label: String,
    /// As the rule set has it.
    pub value: String,
    /// `data-kp` name for tests, e.g. `knob-points-quantity`.
    pub name: String,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Every knob of a rule set, in display order.
pub fn knobs(rules: &Value) -> Vec<KnobView> {
    let mut out = Vec::new();
    let empty = Vec::new();
    for (i, d) in rules["dimensions"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        let name = d["name"].as_str().unwrap_or("");
        let key = d["key"].as_str().unwrap_or("");
        out.push(KnobView {
            knob: Knob::Points(i),
            label: format!("{name} 分值"),
            value: text(&d["points"]),
            name: format!("knob-points-{key}"),
        });
        if !d["max"].is_null() {
            out.push(KnobView {
                knob: Knob::Max(i),
                label: format!("{name} 上限"),
                value: text(&d["max"]),
                name: format!("knob-max-{key}"),
            });
        }
    }
    let grading = &rules["grading"];
    for (i, q) in grading["quotas"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        let grade = q["grade"].as_str().unwrap_or("");
        out.push(KnobView {
            knob: Knob::QuotaShare(i),
            label: format!("{grade} 名额比例"),
            value: text(&q["share"]),
            name: format!("knob-quota-share-{i}"),
        });
        out.push(KnobView {
            knob: Knob::QuotaMin(i),
            label: format!("{grade} 最低分"),
            value: text(&q["min_total"]),
            name: format!("knob-quota-min-{i}"),
        });
    }
    for (i, b) in grading["bands"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        if text(&b["min_total"]) == "0" {
            continue;
        }
        out.push(KnobView {
            knob: Knob::Band(i),
            label: format!("{} 分数线", b["grade"].as_str().unwrap_or("")),
            value: text(&b["min_total"]),
            name: format!("knob-band-{i}"),
        });
    }
    out
}

/// The draft: `rules` with `edits` applied (decimals written as strings), or what is wrong
/// with an edit.
///
/// # Example
/// ```
/// use kaoping_widgets::dashboard::whatif::{apply, Knob};
/// let rules = serde_json::json!({"dimensions": [{"name": "办案效果", "points": "10",
///     "indicators": [{"points": "10"}]}], "grading": {}});
/// let edits = [(Knob::Points(0), "30".to_owned())].into_iter().collect();
/// let draft = apply(&rules, &edits).unwrap();
/// assert_eq!(draft["dimensions"][0]["indicators"][0]["points"], "30");
/// ```
pub fn apply(rules: &Value, edits: &BTreeMap<Knob, String>) -> Result<Value, String> {
    let mut draft = rules.clone();
    for (knob, typed) in edits {
        let value = number::parse(typed)
            .map_err(|e| format!("{e}"))?
            .normalize()
            .to_string();
        let value = Value::String(value);
        let slot = match *knob {
            Knob::Points(i) => {
                let d = &mut draft["dimensions"][i];
                if d["indicators"].as_array().is_some_and(|a| a.len() == 1) {
                    d["indicators"][0]["points"] = value.clone();
                }
                &mut d["points"]
            }
            Knob::Max(i) => {
                // A single volume indicator carries the same cap (R-2019: 36 of 30).
                let d = &mut draft["dimensions"][i];
                if d["indicators"].as_array().is_some_and(|a| a.len() == 1)
                    && d["indicators"][0]["rule"]["volume"]["cap"].is_string()
                {
                    d["indicators"][0]["rule"]["volume"]["cap"] = value.clone();
                }
                &mut d["max"]
            }
            Knob::Band(i) => &mut draft["grading"]["bands"][i]["min_total"],
            Knob::QuotaShare(i) => &mut draft["grading"]["quotas"][i]["share"],
            Knob::QuotaMin(i) => &mut draft["grading"]["quotas"][i]["min_total"],
        };
        *slot = value;
    }
    Ok(draft)
}

/// One prosecutor: as stored, and under the draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// 检察官编号.
    pub prosecutor: String,
    /// 姓名.
    pub name: String,
    /// Stored total, rank, grade.
    pub before: (String, u32, String),
    /// Draft total, rank, grade.
    pub after: (String, u32, String),
    /// Draft total − stored total, signed.
    pub delta: String,
    /// The draft marks it for the committee.
    pub committee: bool,
}

/// The draft's rows in its rank order, each beside the stored result.
pub fn compare(stored: &[RankRow], draft: &Evaluation) -> Vec<Comparison> {
    draft
        .results
        .iter()
        .map(|r| {
            let old = stored
                .iter()
                .find(|s| s.prosecutor == r.prosecutor.as_str());
            let before = old.map_or_else(
                || (String::new(), 0, String::new()),
                |s| (s.total.clone(), s.rank, s.grade.clone()),
            );
            let delta = old
                .and_then(|s| s.total.parse::<rust_decimal::Decimal>().ok())
                .map(|t| {
                    let d = r.total - t;
                    if d > rust_decimal::Decimal::ZERO {
                        format!("+{d}")
                    } else {
                        d.to_string()
                    }
                })
                .unwrap_or_default();
            Comparison {
                prosecutor: r.prosecutor.to_string(),
                name: r.name.clone(),
                before,
                after: (r.total.to_string(), r.rank, r.grade.clone()),
                delta,
                committee: r.committee.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoping_shared::rules::builtin::r2019;

    fn reference_evaluation(rules: &Value) -> Result<Evaluation, String> {
        let input = serde_json::from_str::<Value>(include_str!("../../tests/reference_input.json"))
            .map_err(|e| e.to_string())?;
        let request = serde_json::json!({"evaluate": {"rules": rules, "input": input}});
        super::super::state::evaluation_of(&kaoping_shared::api::handle(
            &serde_json::to_vec(&request).unwrap(),
        ))
    }

    #[test]
    fn r2019_has_weights_caps_and_thresholds() {
        let rules = serde_json::to_value(r2019()).unwrap();
        let names: Vec<String> = knobs(&rules).into_iter().map(|k| k.name).collect();
        assert!(names.contains(&"knob-points-quantity".to_owned()));
        assert!(names.contains(&"knob-max-quantity".to_owned()));
        assert!(names.contains(&"knob-quota-min-0".to_owned()));
        assert!(names.contains(&"knob-band-0".to_owned()));
        assert!(
            !names.iter().any(|n| n == "knob-band-2"),
            "the 0 band is fixed"
        );
    }

    #[test]
    fn a_bad_number_is_refused_in_chinese() {
        let rules = serde_json::to_value(r2019()).unwrap();
        let edits = [(Knob::Points(0), "三十".to_owned())].into_iter().collect();
        assert!(
            apply(&rules, &edits)
                .unwrap_err()
                .contains("不是有效的数字")
        );
    }

    #[test]
    fn moving_weight_from_quantity_and_skills_to_quality_reorders_the_reference_unit() {
        let rules = serde_json::to_value(r2019()).unwrap();
        let stored = reference_evaluation(&rules).unwrap();
        let rows: Vec<RankRow> = stored
            .results
            .iter()
            .map(|r| RankRow {
                prosecutor: r.prosecutor.to_string(),
                name: r.name.clone(),
                total: r.total.to_string(),
                rank: r.rank,
                grade: r.grade.clone(),
                vetoed: r.vetoed,
                committee: None,
            })
            .collect();
        let edits = [
            (Knob::Points(0), "10".to_owned()),
            (Knob::Max(0), "12".to_owned()),
            (Knob::Points(1), "59".to_owned()),
            (Knob::Points(4), "1".to_owned()),
        ]
        .into_iter()
        .collect();
        let draft = reference_evaluation(&apply(&rules, &edits).unwrap()).unwrap();
        let table = compare(&rows, &draft);
        let p01 = table.iter().find(|c| c.prosecutor == "P01").unwrap();
        assert_eq!(p01.before.1, 2);
        assert_eq!(p01.after.1, 3);
        let unchanged = compare(&rows, &stored);
        assert!(unchanged.iter().all(|c| c.before == c.after));
    }
}
