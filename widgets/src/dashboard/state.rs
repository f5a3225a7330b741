//! What the committee view reads from the server and from the plugin.

use kaoping_shared::api::{Reply, Response};
use kaoping_shared::eval::result::{Evaluation, QuotaOutcome, RuleSetRef};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

/// `GET /api/units/{unit}/committee-view?year=`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CommitteeContext {
    /// The evaluation's row id.
    pub evaluation: i64,
    /// `draft`, `published`, `final`.
    pub status: String,
    /// How many evaluated together.
    pub evaluated: u32,
    /// How each quota was filled.
    pub quotas: Vec<QuotaOutcome>,
    /// The rule set evaluated with.
    pub rule_set: RuleSetRef,
    /// Its row id.
    pub rule_set_row: i64,
    /// The ranking as stored (after re-review).
    pub results: Vec<RankRow>,
    /// The unit's plugin, SHA-256.
    pub plugin: String,
    /// The rule set as JSON (edited by the what-if, passed to the plugin).
    pub rules: Value,
    /// The unit's evaluation input as JSON.
    pub input: Value,
}

/// One line of the stored ranking.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RankRow {
    /// 检察官编号.
    pub prosecutor: String,
    /// 姓名.
    pub name: String,
    /// Total (string, two places).
    pub total: String,
    /// Rank.
    pub rank: u32,
    /// Grade.
    pub grade: String,
    /// 一票否决.
    #[serde(default)]
    pub vetoed: bool,
    /// 需党组研究决定.
    #[serde(default)]
    pub committee: Option<String>,
}

/// The plugin's answer: the reply, or the error with every problem, in Chinese.
pub fn reply_of(response: &[u8]) -> Result<Reply, String> {
    match serde_json::from_slice::<Response>(response) {
        Ok(Response::Ok { result }) => Ok(result),
        Ok(Response::Error { error }) => {
            let mut message = error.message;
            if !error.problems.is_empty() {
                message = format!("{message}：{}", error.problems.join("；"));
            }
            Err(message)
        }
        Err(e) => Err(format!("评分插件的回答无法读取：{e}")),
    }
}

/// The plugin's evaluation, or why there is none.
pub fn evaluation_of(response: &[u8]) -> Result<Evaluation, String> {
    match reply_of(response)? {
        Reply::Evaluation(e) => Ok(e),
        _ => Err("评分插件的回答不是考评结果".to_owned()),
    }
}

/// Totals counted in bands of ten points, `<50` and `50–59` … `90–100`.
///
/// # Example
/// ```
/// use kaoping_widgets::dashboard::state::distribution;
/// let d = distribution(&["97.51", "86.00", "72.18", "56.55", "40"]);
/// let counts: Vec<u64> = d.iter().map(|(_, n)| *n).collect();
/// assert_eq!(counts, [1, 1, 0, 1, 1, 1]);
/// ```
pub fn distribution(totals: &[&str]) -> Vec<(String, u64)> {
    let mut bins: Vec<(String, u64)> = ["50以下", "50–59", "60–69", "70–79", "80–89", "90–100"]
        .iter()
        .map(|l| ((*l).to_owned(), 0))
        .collect();
    for total in totals {
        let Ok(t) = total.parse::<Decimal>() else {
            continue;
        };
        let i = if t < Decimal::from(50) {
            0
        } else {
            let tens = (t / Decimal::from(10)).floor();
            (tens.to_string().parse::<usize>().unwrap_or(9) - 4).min(5)
        };
        bins[i].1 += 1;
    }
    bins
}

/// `84.00%` from a part and a whole (exact, half-up to two places), `—` without a whole.
///
/// # Example
/// ```
/// assert_eq!(kaoping_widgets::dashboard::state::percent(2, 3), "66.67%");
/// assert_eq!(kaoping_widgets::dashboard::state::percent(1, 0), "—");
/// ```
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    let p = Decimal::from(part) * Decimal::from(100) / Decimal::from(whole);
    format!(
        "{}%",
        p.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plugin_error_lists_its_problems() {
        let bad = kaoping_shared::api::handle(br#"{"evaluate": {"rules": {}, "input": {}}}"#);
        assert!(evaluation_of(&bad).is_err());
        assert!(evaluation_of(b"junk").unwrap_err().contains("无法读取"));
    }

    #[test]
    fn boundaries_fall_in_the_upper_band() {
        let d = distribution(&["50.00", "59.99", "100.00", "49.99"]);
        let counts: Vec<u64> = d.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, [1, 2, 0, 0, 0, 1]);
    }
}
