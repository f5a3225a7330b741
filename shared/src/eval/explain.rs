//! The explanation a prosecutor reads: every dimension, every indicator, every case and
//! every point gained or lost, in Chinese plain text.

use super::result::{Evaluation, ProsecutorResult};
use crate::decimal::plain;
use std::fmt::Write;

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Renders one prosecutor's result as text.
///
/// # Example
/// See `kaoping explain`; the reference example's P01 text names
/// `临检刑诉〔2019〕2号` under 评查瑕疵.
pub fn render(evaluation: &Evaluation, result: &ProsecutorResult) -> String {
    let mut out = String::new();
    let rules = &evaluation.rule_set;
    let _ = writeln!(
        out,
        "{}（{}） {}",
        result.name, result.prosecutor, result.department
    );
    let _ = writeln!(
        out,
        "考评期间：{} 至 {}；指标体系：{}（{} 版）",
        evaluation.period.start, evaluation.period.end, rules.name, rules.version
    );
    let _ = writeln!(
        out,
        "总分 {}，排名第 {} 名（共 {} 人），等次：{}",
        result.total, result.rank, evaluation.evaluated, result.grade
    );
    let _ = writeln!(out, "等次依据：{}", result.grade_reason);
    if let Some(committee) = &result.committee {
        let _ = writeln!(out, "※ {committee}");
    }
    for (n, dimension) in result.dimensions.iter().enumerate() {
        let _ = writeln!(out);
        let numeral = NUMERALS.get(n).copied().unwrap_or("");
        let cap = if dimension.max != dimension.points {
            format!("，上限 {}", plain(dimension.max))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{numeral}、{} {} 分（分值 {}{cap}；部门平均 {}）",
            dimension.name,
            dimension.score,
            plain(dimension.points),
            dimension.department_average
        );
        for indicator in &dimension.indicators {
            let _ = writeln!(out, "  【{}】规则：{}", indicator.name, indicator.formula);
            if !indicator.inputs.is_empty() {
                let facts: Vec<String> = indicator
                    .inputs
                    .iter()
                    .map(|f| format!("{} {}", f.label, f.value))
                    .collect();
                let _ = writeln!(out, "    数据：{}", facts.join("；"));
            }
            for line in &indicator.cases {
                let _ = writeln!(out, "    · {}：{}", line.case, line.note);
            }
            if !indicator.calculation.is_empty() {
                let _ = writeln!(out, "    计算：{}", indicator.calculation);
            }
            for note in &indicator.notes {
                let _ = writeln!(out, "    说明：{note}");
            }
        }
        if dimension.uncapped > dimension.max {
            let _ = writeln!(
                out,
                "  本板块合计超过上限 {}，按上限计",
                plain(dimension.max)
            );
        }
        if dimension.exact != dimension.score {
            let _ = writeln!(
                out,
                "  四舍五入：{} → {}",
                super::arith::show(dimension.exact),
                dimension.score
            );
        }
    }
    out
}
