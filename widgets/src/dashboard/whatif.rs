//! The what-if (试算): edits to a draft rule set — a dimension's weight or cap, a grade
//! threshold, a quota — applied to the rule set's JSON, and the comparison of the draft's
//! evaluation with the stored one. The plugin does the computing (see [`super::view`]).

use super::state::RankRow;
use crate::decimal::Decimal;
use crate::json::Json;
use crate::number;

/// One thing the committee may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

fn text(v: &Json) -> String {
    v.text().unwrap_or_default().to_owned()
}

/// Every knob of a rule set, in display order.
pub fn knobs(rules: &Json) -> Vec<KnobView> {
    let mut out = Vec::new();
    for (i, d) in rules["dimensions"].items().iter().enumerate() {
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
    for (i, q) in grading["quotas"].items().iter().enumerate() {
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
    for (i, b) in grading["bands"].items().iter().enumerate() {
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

/// One step of a path into a rule set's JSON.
enum Step {
    Key(&'static str),
    Item(usize),
}

/// Sets the value at `path` (a missing member is added); an error when the path is not
/// there.
fn set(root: &mut Json, path: &[Step], value: &Json) -> Result<(), String> {
    let slot = path.iter().try_fold(root, |v, step| match *step {
        Step::Key(key) => v.get_mut(key),
        Step::Item(i) => v.item_mut(i),
    });
    *slot.ok_or("指标体系中没有这一项")? = value.clone();
    Ok(())
}

/// The draft: `rules` with `edits` applied (decimals written as strings), or what is wrong
/// with an edit.
///
/// # Example
/// ```
/// use kaoping_widgets::dashboard::whatif::{apply, Knob};
/// use kaoping_widgets::json::Json;
/// let rules = Json::parse(r#"{"dimensions": [{"name": "办案效果", "points": "10",
///     "indicators": [{"points": "10"}]}], "grading": {}}"#).unwrap();
/// let draft = apply(&rules, &[(Knob::Points(0), "30".to_owned())]).unwrap();
/// assert_eq!(draft["dimensions"][0]["indicators"][0]["points"].as_str(), Some("30"));
/// ```
pub fn apply(rules: &Json, edits: &[(Knob, String)]) -> Result<Json, String> {
    use Step::{Item, Key};
    let mut draft = rules.clone();
    for (knob, typed) in edits {
        let value = number::parse(typed)
            .map_err(|e| e.to_string())?
            .normalize()
            .to_string();
        let value = Json::Str(value);
        let single = |i: usize| draft["dimensions"][i]["indicators"].items().len() == 1;
        match *knob {
            Knob::Points(i) => {
                // A single indicator's points follow its dimension's.
                if single(i) {
                    let path = [
                        Key("dimensions"),
                        Item(i),
                        Key("indicators"),
                        Item(0),
                        Key("points"),
                    ];
                    set(&mut draft, &path, &value)?;
                }
                set(
                    &mut draft,
                    &[Key("dimensions"), Item(i), Key("points")],
                    &value,
                )?;
            }
            Knob::Max(i) => {
                // A single volume indicator carries the same cap (R-2019: 36 of 30).
                let indicator = &draft["dimensions"][i]["indicators"][0];
                if single(i) && indicator["rule"]["volume"]["cap"].as_str().is_some() {
                    let path = [
                        Key("dimensions"),
                        Item(i),
                        Key("indicators"),
                        Item(0),
                        Key("rule"),
                        Key("volume"),
                        Key("cap"),
                    ];
                    set(&mut draft, &path, &value)?;
                }
                set(
                    &mut draft,
                    &[Key("dimensions"), Item(i), Key("max")],
                    &value,
                )?;
            }
            Knob::Band(i) => {
                let path = [Key("grading"), Key("bands"), Item(i), Key("min_total")];
                set(&mut draft, &path, &value)?;
            }
            Knob::QuotaShare(i) => {
                let path = [Key("grading"), Key("quotas"), Item(i), Key("share")];
                set(&mut draft, &path, &value)?;
            }
            Knob::QuotaMin(i) => {
                let path = [Key("grading"), Key("quotas"), Item(i), Key("min_total")];
                set(&mut draft, &path, &value)?;
            }
        }
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
    pub before: (String, u64, String),
    /// Draft total, rank, grade.
    pub after: (String, u64, String),
    /// Draft total − stored total, signed.
    pub delta: String,
    /// The draft marks it for the committee.
    pub committee: bool,
}

/// The draft's rows in its rank order, each beside the stored result.
pub fn compare(stored: &[RankRow], draft: &[RankRow]) -> Vec<Comparison> {
    draft
        .iter()
        .map(|r| {
            let old = stored.iter().find(|s| s.prosecutor == r.prosecutor);
            let before = old.map_or_else(
                || (String::new(), 0, String::new()),
                |s| (s.total.clone(), s.rank, s.grade.clone()),
            );
            let delta = old
                .and_then(|s| {
                    Some((
                        r.total.parse::<Decimal>().ok()?,
                        s.total.parse::<Decimal>().ok()?,
                    ))
                })
                .map(|(new, old)| {
                    let d = new - old;
                    if d > Decimal::ZERO {
                        format!("+{d}")
                    } else {
                        d.to_string()
                    }
                })
                .unwrap_or_default();
            Comparison {
                prosecutor: r.prosecutor.clone(),
                name: r.name.clone(),
                before,
                after: (r.total.clone(), r.rank, r.grade.clone()),
                delta,
                committee: r.committee.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::state::evaluation_of;
    use super::*;
    use kaoping_shared::rules::builtin::r2019;

    fn r2019_json() -> Json {
        Json::parse(&serde_json::to_string(&r2019()).unwrap()).unwrap()
    }

    fn reference_evaluation(rules: &Json) -> Result<Vec<RankRow>, String> {
        let input = include_str!("../../tests/reference_input.json");
        let request =
            crate::plugin::request("evaluate", &[("rules", &rules.dump()), ("input", input)]);
        evaluation_of(&kaoping_shared::api::handle(&request))
    }

    #[test]
    fn r2019_has_weights_caps_and_thresholds() {
        let names: Vec<String> = knobs(&r2019_json()).into_iter().map(|k| k.name).collect();
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
        let edits = [(Knob::Points(0), "三十".to_owned())];
        assert!(
            apply(&r2019_json(), &edits)
                .unwrap_err()
                .contains("不是有效的数字")
        );
    }

    #[test]
    fn a_cap_follows_into_a_single_volume_indicator() {
        let rules = r2019_json();
        let edits = [(Knob::Max(0), "40".to_owned())];
        let draft = apply(&rules, &edits).unwrap();
        let quantity = &draft["dimensions"][0];
        assert_eq!(quantity["max"].as_str(), Some("40"));
        assert_eq!(
            quantity["indicators"][0]["rule"]["volume"]["cap"].as_str(),
            Some("40")
        );
        let edits = [(Knob::QuotaMin(0), "85.5".to_owned())];
        let draft = apply(&rules, &edits).unwrap();
        assert_eq!(
            draft["grading"]["quotas"][0]["min_total"].as_str(),
            Some("85.5")
        );
    }

    #[test]
    fn moving_weight_from_quantity_and_skills_to_quality_reorders_the_reference_unit() {
        let rules = r2019_json();
        let stored = reference_evaluation(&rules).unwrap();
        let edits = [
            (Knob::Points(0), "10".to_owned()),
            (Knob::Max(0), "12".to_owned()),
            (Knob::Points(1), "59".to_owned()),
            (Knob::Points(4), "1".to_owned()),
        ];
        let draft = reference_evaluation(&apply(&rules, &edits).unwrap()).unwrap();
        let table = compare(&stored, &draft);
        let p01 = table.iter().find(|c| c.prosecutor == "P01").unwrap();
        assert_eq!(p01.before.1, 2);
        assert_eq!(p01.after.1, 3);
        let unchanged = compare(&stored, &stored);
        assert!(unchanged.iter().all(|c| c.before == c.after));
    }
}
