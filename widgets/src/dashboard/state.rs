//! What the committee view reads from the server and from the plugin.

use super::whatif::{Comparison, Knob};
use crate::decimal::Decimal;
use crate::json::{Fields, Json, raw_members};
use crate::plugin::{BrowserPlugin, HeldInput, reply, request};
use std::rc::Rc;
use yew::Reducible;

/// `GET /api/units/{unit}/committee-view?year=`.
#[derive(Clone, Debug, PartialEq)]
pub struct CommitteeContext {
    /// The evaluation's row id.
    pub evaluation: i64,
    /// `draft`, `published`, `final`.
    pub status: String,
    /// How many evaluated together.
    pub evaluated: u64,
    /// How each quota was filled.
    pub quotas: Vec<Quota>,
    /// The rule set's name.
    pub rule_set_name: String,
    /// The rule set's version.
    pub rule_set_version: String,
    /// The ranking as stored (after re-review).
    pub results: Vec<RankRow>,
    /// The unit's plugin, SHA-256.
    pub plugin: String,
    /// The rule set (edited by the what-if, passed to the plugin).
    pub rules: Json,
    /// The unit's evaluation input, as the server wrote it (JSON text): spliced into every
    /// plugin request as it is, never read or written again (20,000 cases are ~7 MB).
    pub input: Rc<str>,
}

/// How one quota was filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quota {
    /// The grade it awards.
    pub grade: String,
    /// Its places.
    pub places: u64,
    /// How many were awarded it.
    pub awarded: usize,
    /// How many wait for the committee.
    pub pending: usize,
}

impl CommitteeContext {
    /// Reads the server's answer; `input` is checked and kept as text.
    pub fn from_json(text: &str) -> Result<CommitteeContext, String> {
        let mut input = None;
        let mut members = Vec::new();
        for (key, raw) in raw_members(text)? {
            if key == "input" {
                input = Some(Rc::from(raw));
            } else {
                members.push((key, Json::parse(raw)?));
            }
        }
        let mut v = Json::Obj(members);
        let rules = v.get_mut("rules").map(std::mem::take).unwrap_or_default();
        let input = input.ok_or_else(|| crate::json::missing("input"))?;
        v.read(|v| CommitteeContext {
            evaluation: v.i64("evaluation"),
            status: v.string("status"),
            evaluated: v.u64("evaluated"),
            quotas: v.list("quotas", |q| Quota {
                grade: q.string("grade"),
                places: q.u64("places"),
                awarded: q.get("awarded").items().len(),
                pending: q.get("pending").items().len(),
            }),
            rule_set_name: v.object("rule_set", |r| r.string("name")),
            rule_set_version: v.object("rule_set", |r| r.string("version")),
            results: v.list("results", RankRow::read),
            plugin: v.string("plugin"),
            rules,
            input,
        })
    }

    /// The input's ballots (JSON text), for the plugin's tally.
    pub fn ballots(&self) -> Result<&str, String> {
        let members = raw_members(&self.input)?;
        Ok(members
            .into_iter()
            .find(|(key, _)| key == "ballots")
            .map_or("[]", |(_, raw)| raw))
    }
}

/// One line of a ranking: as stored, or as the plugin computed it.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    /// 检察官编号.
    pub prosecutor: String,
    /// 姓名.
    pub name: String,
    /// Total (string, two places).
    pub total: String,
    /// Rank.
    pub rank: u64,
    /// Grade.
    pub grade: String,
    /// 一票否决.
    pub vetoed: bool,
    /// 需党组研究决定.
    pub committee: Option<String>,
}

impl RankRow {
    fn read(r: &mut Fields) -> RankRow {
        RankRow {
            prosecutor: r.string("prosecutor"),
            name: r.string("name"),
            total: r.text("total"),
            rank: r.u64("rank"),
            grade: r.string("grade"),
            vetoed: r.get("vetoed").as_bool().unwrap_or(false),
            committee: r.optional("committee"),
        }
    }
}

/// The plugin's evaluation, each prosecutor in rank order, or why there is none.
pub fn evaluation_of(response: &[u8]) -> Result<Vec<RankRow>, String> {
    let evaluation = &reply(response)?["evaluation"];
    if evaluation.is_null() {
        return Err("评分插件的回答不是考评结果".to_owned());
    }
    evaluation
        .read(|e| e.list("results", RankRow::read))
        .map_err(|e| format!("评分插件的考评结果无法读取：{e}"))
}

/// The unit's plugin as the what-if uses it: an instance holding the unit's input when
/// the plugin can hold one (docs/plugin-abi.md, "Reusing an instance"), so an edit sends
/// only its draft rule set; otherwise the whole input with every edit.
#[derive(Debug)]
pub struct WhatIfPlugin {
    /// The plugin, for the other calls of the view.
    pub plugin: Rc<BrowserPlugin>,
    held: Option<HeldInput>,
}

impl WhatIfPlugin {
    /// Sending the whole input with every edit (until [`WhatIfPlugin::holding`]).
    pub fn new(plugin: Rc<BrowserPlugin>) -> WhatIfPlugin {
        WhatIfPlugin { plugin, held: None }
    }

    /// Hands `input` (JSON text, as the server wrote it) to an instance that keeps it; a
    /// plugin without `hold`, or one that refuses this input, gets it with every edit.
    pub async fn holding(plugin: Rc<BrowserPlugin>, input: &str) -> WhatIfPlugin {
        let held = plugin.hold(input).await.ok().flatten();
        WhatIfPlugin { plugin, held }
    }

    /// One what-if recompute, as the widget does it on every edit: the draft rule set
    /// (`rules`, JSON text) through the plugin, the evaluation read back. `input` is the
    /// unit's input as the server wrote it, spliced in when nothing is held.
    pub async fn recompute(&self, rules: &str, input: &str) -> Result<Vec<RankRow>, String> {
        let response = match &self.held {
            Some(held) => held.what_if(rules)?,
            None => {
                let operation = self.plugin.live_operation();
                let request = request(operation, &[("rules", rules), ("input", input)]);
                self.plugin.call(&request).await?
            }
        };
        evaluation_of(&response)
    }
}

/// The what-if's last outcome: rows and milliseconds, or the plugin's refusal.
#[derive(Clone, Debug, PartialEq)]
pub enum WhatIf {
    /// No edit yet.
    Idle,
    /// The draft's ranking beside the stored one, and how long the plugin took.
    Computed(Rc<Vec<Comparison>>, u64),
    /// The edit or the plugin refused.
    Failed(String),
}

/// Everything the committee view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardState {
    /// The context, or why it could not be read; `None` while loading.
    pub context: Option<Result<Rc<CommitteeContext>, String>>,
    /// The plugin's `metrics` report.
    pub metrics: Option<Rc<Json>>,
    /// The plugin's `tally` of the democratic evaluation.
    pub tallies: Option<Rc<Json>>,
    /// The server's satisfaction tally.
    pub satisfaction: Option<Rc<Json>>,
    /// The what-if's edits as typed, in the order first made.
    pub edits: Vec<(Knob, String)>,
    /// Bumped by every edit; outcomes for older edits are dropped.
    pub seq: u64,
    /// The what-if's outcome for the latest edit.
    pub whatif: WhatIf,
    /// The version the draft is saved as.
    pub version: String,
    /// The saved draft's row id, or why saving failed.
    pub saved: Option<Result<i64, String>>,
}

impl Default for DashboardState {
    fn default() -> DashboardState {
        DashboardState {
            context: None,
            metrics: None,
            tallies: None,
            satisfaction: None,
            edits: Vec::new(),
            seq: 0,
            whatif: WhatIf::Idle,
            version: String::new(),
            saved: None,
        }
    }
}

impl DashboardState {
    /// The edit of `knob` as typed, if any.
    pub fn edit(&self, knob: Knob) -> Option<&str> {
        self.edits
            .iter()
            .find(|(k, _)| *k == knob)
            .map(|(_, v)| v.as_str())
    }
}

/// What happens to the committee view.
#[derive(Clone, Debug, PartialEq)]
pub enum DashboardAction {
    /// The context arrived, or could not be read.
    Loaded(Result<Rc<CommitteeContext>, String>),
    /// The satisfaction tally arrived.
    Satisfaction(Json),
    /// The plugin's metrics report.
    Metrics(Json),
    /// The plugin's tally.
    Tallies(Json),
    /// A knob was edited.
    Edit(Knob, String),
    /// The what-if for edit `seq` came out.
    WhatIf(u64, WhatIf),
    /// The version to save as.
    Version(String),
    /// The draft was saved, or not.
    Saved(Result<i64, String>),
}

impl Reducible for DashboardState {
    type Action = DashboardAction;

    fn reduce(self: Rc<Self>, action: DashboardAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        let some = |v: Json| (!v.is_null()).then(|| Rc::new(v));
        match action {
            DashboardAction::Loaded(context) => {
                if let Ok(c) = &context {
                    next.version = format!("{}-试算", c.rule_set_version);
                }
                next.context = Some(context);
            }
            DashboardAction::Satisfaction(v) => next.satisfaction = some(v),
            DashboardAction::Metrics(v) => next.metrics = some(v),
            DashboardAction::Tallies(v) => next.tallies = some(v),
            DashboardAction::Edit(knob, text) => {
                match next.edits.iter_mut().find(|(k, _)| *k == knob) {
                    Some(slot) => slot.1 = text,
                    None => next.edits.push((knob, text)),
                }
                next.seq += 1;
            }
            DashboardAction::WhatIf(seq, outcome) => {
                if seq == next.seq {
                    next.whatif = outcome;
                }
            }
            DashboardAction::Version(v) => next.version = v,
            DashboardAction::Saved(outcome) => next.saved = Some(outcome),
        }
        Rc::new(next)
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
            (t.trunc() / 10 - 4).min(5) as usize
        };
        bins[i].1 += 1;
    }
    bins
}

/// 案-件比 as `1 : x` (half up, two places), `—` without 案: as
/// `kaoping_shared::metrics::CaseRatio` shows it.
///
/// # Example
/// ```
/// assert_eq!(kaoping_widgets::dashboard::state::case_ratio(8, 9), "1 : 1.13");
/// assert_eq!(kaoping_widgets::dashboard::state::case_ratio(0, 0), "—");
/// ```
pub fn case_ratio(matters: u64, proceedings: u64) -> String {
    if matters == 0 {
        return "—".to_owned();
    }
    let (m, p) = (i128::from(matters), i128::from(proceedings));
    format!("1 : {}", Decimal::from_hundredths((p * 200 + m) / (2 * m)))
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
    // A whole percent as it is (`50%`), any other to two places (`12.50%`, `66.67%`), as
    // `rust_decimal` divides and rounds.
    let (part, whole) = (i128::from(part), i128::from(whole));
    if part * 100 % whole == 0 {
        return format!("{}%", (part * 100 / whole) as u64);
    }
    format!(
        "{}%",
        Decimal::from_hundredths((part * 20_000 + whole) / (2 * whole))
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
    fn the_input_is_kept_as_the_server_wrote_it() {
        let text = r#"{"evaluation": 3, "status": "draft", "evaluated": 2, "quotas": [],
            "rule_set": {"id": "r", "name": "R", "version": "1"}, "rule_set_row": 1,
            "results": [], "plugin": "ab", "rules": {"id": "r"},
            "input": {"cases": [ 1, 2 ], "ballots": [{"x": "y"}]}}"#;
        let c = CommitteeContext::from_json(text).unwrap();
        assert_eq!(&*c.input, r#"{"cases": [ 1, 2 ], "ballots": [{"x": "y"}]}"#);
        assert_eq!(c.ballots().unwrap(), r#"[{"x": "y"}]"#);
        assert_eq!(c.rules.dump(), r#"{"id":"r"}"#);
        assert!(CommitteeContext::from_json(&text.replace("[ 1, 2 ]", "[1,")).is_err());
        assert!(CommitteeContext::from_json(&text.replace("\"input\"", "\"inputs\"")).is_err());
    }

    #[test]
    fn ratios_and_rates_read_as_the_shared_code_and_rust_decimal_write_them() {
        use kaoping_shared::metrics::CaseRatio;
        for whole in 0..40u64 {
            for part in 0..=45u64 {
                let shared = CaseRatio {
                    matters: whole,
                    proceedings: part,
                }
                .to_string();
                assert_eq!(case_ratio(whole, part), shared, "{part}/{whole}");
                if whole > 0 {
                    let d = rust_decimal::Decimal::from;
                    let p = (d(part) * d(100) / d(whole)).round_dp_with_strategy(
                        2,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    );
                    assert_eq!(percent(part, whole), format!("{p}%"), "{part}/{whole}");
                }
            }
        }
    }

    #[test]
    fn edits_replace_their_knob_and_stale_outcomes_are_dropped() {
        let s = Rc::new(DashboardState::default())
            .reduce(DashboardAction::Edit(Knob::Points(0), "30".into()))
            .reduce(DashboardAction::Edit(Knob::Band(1), "85".into()))
            .reduce(DashboardAction::Edit(Knob::Points(0), "31".into()));
        assert_eq!(s.edit(Knob::Points(0)), Some("31"));
        assert_eq!(s.edits.len(), 2);
        assert_eq!(s.seq, 3);
        let s = s.reduce(DashboardAction::WhatIf(2, WhatIf::Failed("旧".into())));
        assert_eq!(s.whatif, WhatIf::Idle);
        let s = s.reduce(DashboardAction::WhatIf(3, WhatIf::Failed("新".into())));
        assert_eq!(s.whatif, WhatIf::Failed("新".into()));
    }

    #[test]
    fn boundaries_fall_in_the_upper_band() {
        let d = distribution(&["50.00", "59.99", "100.00", "49.99"]);
        let counts: Vec<u64> = d.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, [1, 2, 0, 0, 0, 1]);
    }
}
