//! The explanation a prosecutor reads, as the engine gives it: each dimension, each
//! indicator's rule, inputs, each case with what it contributed, the calculation, the
//! rounding — the same content as `kaoping explain`, in HTML.

use crate::decimal::Decimal;
use crate::json::{Fields, Json};
use yew::prelude::*;

/// What the view shows of a prosecutor's result (`kaoping_shared::eval::result::
/// ProsecutorResult` as JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    /// 检察官编号.
    pub prosecutor: String,
    /// 姓名.
    pub name: String,
    /// 部门.
    pub department: String,
    /// Rank.
    pub rank: u64,
    /// Why this grade.
    pub grade_reason: String,
    /// 需党组研究决定, and why.
    pub committee: Option<String>,
    /// Each dimension with its indicators.
    pub dimensions: Vec<DimensionExplained>,
}

/// A dimension's score, how it came about, and its indicators.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionExplained {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Score (rounded).
    pub score: Decimal,
    /// Score before rounding.
    pub exact: Decimal,
    /// Sum before the cap.
    pub uncapped: Decimal,
    /// Nominal points.
    pub points: Decimal,
    /// Cap.
    pub max: Decimal,
    /// Department average.
    pub department_average: Decimal,
    /// Indicators.
    pub indicators: Vec<IndicatorExplained>,
}

/// An indicator's score and its trail.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorExplained {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Score.
    pub score: Decimal,
    /// The rule in words.
    pub formula: String,
    /// The calculation in words.
    pub calculation: String,
    /// Facts read: label and value.
    pub inputs: Vec<(String, String)>,
    /// Cases: id, note, contribution.
    pub cases: Vec<(String, String, Decimal)>,
    /// Notes.
    pub notes: Vec<String>,
}

impl Explained {
    /// Reads the engine's result.
    pub fn from_json(r: &Json) -> Result<Explained, String> {
        r.read(Explained::read)
    }

    /// Reads the engine's result, member by member.
    pub fn read(r: &mut Fields) -> Explained {
        Explained {
            prosecutor: r.string("prosecutor"),
            name: r.string("name"),
            department: r.string("department"),
            rank: r.u64("rank"),
            grade_reason: r.get("grade_reason").str().to_owned(),
            committee: r.optional("committee"),
            dimensions: r.list("dimensions", |d| DimensionExplained {
                key: d.string("key"),
                name: d.string("name"),
                score: d.decimal("score"),
                exact: d.decimal("exact"),
                uncapped: d.decimal("uncapped"),
                points: d.decimal("points"),
                max: d.decimal("max"),
                department_average: d.decimal("department_average"),
                indicators: d.list("indicators", IndicatorExplained::read),
            }),
        }
    }
}

impl IndicatorExplained {
    fn read(i: &mut Fields) -> IndicatorExplained {
        IndicatorExplained {
            key: i.string("key"),
            name: i.string("name"),
            score: i.decimal("score"),
            formula: i.get("formula").str().to_owned(),
            calculation: i.get("calculation").str().to_owned(),
            inputs: i.list("inputs", |f| (f.string("label"), f.string("value"))),
            cases: i.list("cases", |c| {
                (c.string("case"), c.string("note"), c.decimal("value"))
            }),
            notes: i.json().strings_at("notes"),
        }
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// A contribution with its sign: `+1.4`, `−1`, `0`.
///
/// # Example
/// ```
/// use kaoping_widgets::result::explain::signed;
/// assert_eq!(signed("-1".parse().unwrap()), "−1");
/// assert_eq!(signed("1.40".parse().unwrap()), "+1.4");
/// ```
pub fn signed(value: Decimal) -> String {
    let v = value.normalize();
    if v > Decimal::ZERO {
        format!("+{v}")
    } else if v < Decimal::ZERO {
        format!("−{}", -v)
    } else {
        "0".to_owned()
    }
}

/// The difference to the department average, e.g. `高于平均 8.05` or `低于平均 1.33`.
///
/// # Example
/// ```
/// use kaoping_widgets::result::explain::versus_average;
/// assert_eq!(versus_average("36.00".parse().unwrap(), "27.95".parse().unwrap()), "高于平均 8.05");
/// assert_eq!(versus_average("5".parse().unwrap(), "5.00".parse().unwrap()), "与平均持平");
/// ```
pub fn versus_average(score: Decimal, average: Decimal) -> String {
    let diff = score - average;
    if diff > Decimal::ZERO {
        format!("高于平均 {diff}")
    } else if diff < Decimal::ZERO {
        format!("低于平均 {}", -diff)
    } else {
        "与平均持平".to_owned()
    }
}

fn dimension(n: usize, d: &DimensionExplained) -> Html {
    let cap = if d.max != d.points {
        format!("，上限 {}", d.max.normalize())
    } else {
        String::new()
    };
    let indicators = d.indicators.iter().map(|i| {
        let facts: Vec<String> = i.inputs.iter().map(|(label, value)| format!("{label} {value}")).collect();
        let cases = i.cases.iter().map(|(case, note, value)| {
            let class = if *value < Decimal::ZERO { "kp-minus" } else { "kp-plus" };
            html! {
                <li data-kp="case" data-case={case.clone()}>
                    { "· " }<strong>{ case }</strong>{ "：" }{ note }
                    { "（" }<span class={class}>{ signed(*value) }</span>{ "）" }
                </li>
            }
        });
        html! {
            <div class="kp-explain" data-kp={format!("indicator-{}", i.key)}>
                <div><strong>{ format!("【{}】", i.name) }</strong>{ format!("得分 {}", i.score.normalize()) }</div>
                <div class="kp-rule">{ format!("规则：{}", i.formula) }</div>
                if !facts.is_empty() { <div class="kp-rule">{ format!("数据：{}", facts.join("；")) }</div> }
                if !i.cases.is_empty() { <ul>{ for cases }</ul> }
                if !i.calculation.is_empty() { <div>{ format!("计算：{}", i.calculation) }</div> }
                { for i.notes.iter().map(|note| html! { <div class="kp-rule">{ format!("说明：{note}") }</div> }) }
            </div>
        }
    });
    html! {
        <section data-kp={format!("explain-{}", d.key)}>
            <h3>{ format!("{}、{} {} 分（分值 {}{cap}；部门平均 {}）", NUMERALS.get(n).copied().unwrap_or(""), d.name, d.score, d.points.normalize(), d.department_average) }</h3>
            { for indicators }
            if d.uncapped > d.max { <p class="kp-rule">{ format!("本板块合计超过上限 {}，按上限计", d.max.normalize()) }</p> }
            if d.exact != d.score { <p class="kp-rule">{ format!("四舍五入：{} → {}", d.exact.normalize(), d.score) }</p> }
        </section>
    }
}

/// Every dimension's explanation.
pub fn explanation(result: &Explained) -> Html {
    html! {
        <div data-kp="explanation">
            { for result.dimensions.iter().enumerate().map(|(n, d)| dimension(n, d)) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_trailing_zeros() {
        assert_eq!(signed(Decimal::ZERO), "0");
        assert_eq!(signed("3.00".parse().unwrap()), "+3");
        assert_eq!(
            versus_average("2.67".parse().unwrap(), "5.67".parse().unwrap()),
            "低于平均 3.00"
        );
    }
}
