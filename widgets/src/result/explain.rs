//! The explanation a prosecutor reads, as the engine gives it: each dimension, each
//! indicator's rule, inputs, each case with what it contributed, the calculation, the
//! rounding — the same content as `kaoping explain`, in HTML.

use kaoping_shared::eval::result::{DimensionResult, ProsecutorResult};
use rust_decimal::Decimal;
use yew::prelude::*;

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

/// Properties of [`Explanation`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ExplanationProps {
    /// The result with its trail.
    pub result: ProsecutorResult,
}

fn dimension(n: usize, d: &DimensionResult) -> Html {
    let cap = if d.max != d.points {
        format!("，上限 {}", d.max.normalize())
    } else {
        String::new()
    };
    let indicators = d.indicators.iter().map(|i| {
        let facts: Vec<String> = i.inputs.iter().map(|f| format!("{} {}", f.label, f.value)).collect();
        let cases = i.cases.iter().map(|c| {
            let class = if c.value < Decimal::ZERO { "kp-minus" } else { "kp-plus" };
            html! {
                <li data-kp="case" data-case={c.case.to_string()}>
                    { "· " }<strong>{ c.case.to_string() }</strong>{ "：" }{ &c.note }
                    { "（" }<span class={class}>{ signed(c.value) }</span>{ "）" }
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
#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    html! {
        <div data-kp="explanation">
            { for props.result.dimensions.iter().enumerate().map(|(n, d)| dimension(n, d)) }
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
