//! The explanation a prosecutor reads, as the engine gives it: each dimension, each
//! indicator's rule, inputs, each case with what it contributed, the calculation, the
//! rounding — the same content as `kaoping explain`, in HTML.

use crate::decimal::Decimal;
use crate::json::{Fields, Json};
use crate::markup::{Escaped, raw};
use std::fmt::Write;
use yew::Html;

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

fn dimension(out: &mut String, n: usize, d: &DimensionExplained) {
    let cap = if d.max != d.points {
        format!("，上限 {}", d.max.normalize())
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<section data-kp="explain-{}"><h3>{}、{} {} 分（分值 {}{cap}；部门平均 {}）</h3>"#,
        Escaped(&d.key),
        NUMERALS.get(n).copied().unwrap_or(""),
        Escaped(&d.name),
        d.score,
        d.points.normalize(),
        d.department_average
    );
    for i in &d.indicators {
        let _ = write!(
            out,
            r#"<div class="kp-explain" data-kp="indicator-{}"><div><strong>【{}】</strong>得分 {}</div><div class="kp-rule">规则：{}</div>"#,
            Escaped(&i.key),
            Escaped(&i.name),
            i.score.normalize(),
            Escaped(&i.formula)
        );
        if !i.inputs.is_empty() {
            out.push_str(r#"<div class="kp-rule">数据："#);
            for (k, (label, value)) in i.inputs.iter().enumerate() {
                let separator = if k > 0 { "；" } else { "" };
                let _ = write!(out, "{separator}{} {}", Escaped(label), Escaped(value));
            }
            out.push_str("</div>");
        }
        if !i.cases.is_empty() {
            out.push_str("<ul>");
            for (case, note, value) in &i.cases {
                let class = if *value < Decimal::ZERO {
                    "kp-minus"
                } else {
                    "kp-plus"
                };
                let _ = write!(
                    out,
                    r#"<li data-kp="case" data-case="{0}">· <strong>{0}</strong>：{1}（<span class="{class}">{2}</span>）</li>"#,
                    Escaped(case),
                    Escaped(note),
                    signed(*value)
                );
            }
            out.push_str("</ul>");
        }
        if !i.calculation.is_empty() {
            let _ = write!(out, "<div>计算：{}</div>", Escaped(&i.calculation));
        }
        for note in &i.notes {
            let _ = write!(out, r#"<div class="kp-rule">说明：{}</div>"#, Escaped(note));
        }
        out.push_str("</div>");
    }
    if d.uncapped > d.max {
        let _ = write!(
            out,
            r#"<p class="kp-rule">本板块合计超过上限 {}，按上限计</p>"#,
            d.max.normalize()
        );
    }
    if d.exact != d.score {
        let _ = write!(
            out,
            r#"<p class="kp-rule">四舍五入：{} → {}</p>"#,
            d.exact.normalize(),
            d.score
        );
    }
    out.push_str("</section>");
}

/// Every dimension's explanation (display only: written as HTML text, see [`crate::markup`]).
pub fn explanation(result: &Explained) -> Html {
    let mut out = String::from(r#"<div data-kp="explanation">"#);
    for (n, d) in result.dimensions.iter().enumerate() {
        dimension(&mut out, n, d);
    }
    out.push_str("</div>");
    raw(out)
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
