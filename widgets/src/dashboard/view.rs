//! `<kaoping-dashboard unit year token>`: the committee's page. Everything but the stored
//! ranking and the satisfaction votes is computed in the browser by the unit's plugin.

use super::state::{
    CommitteeContext, DashboardAction, DashboardState, WhatIf, WhatIfPlugin, case_ratio,
    distribution, percent,
};
use super::whatif::{apply, compare, knobs};
use crate::WidgetConfig;
use crate::api::paths::{encode, join};
use crate::chart::{Column, VIEWS_CSS, histogram};
use crate::json::{Json, object, raw_members};
use crate::markup::{Escaped, para, plain, raw, text_table, waiting};
use crate::net::{self, FetchError};
use crate::plugin::{self, reply, request};
use crate::task::{spawn, use_effect_on};
use kaoping_shared::model::Rating;
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`Dashboard`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct DashboardProps {
    /// `unit`, `year`, `token`.
    pub config: WidgetConfig,
}

/// Times `runs` what-if recomputes through the plugin `sha256` from `server`, as the widget
/// does one on every edit: `request` (`{"what_if": {"rules", "input"}}` as JSON) is split
/// once, like the committee view's context on load; each run writes the rule set, splices
/// it and the input into the request, calls the plugin and reads the evaluation. Returns
/// each run's milliseconds. Used by the browser benchmark with a 100-prosecutor unit.
#[wasm_bindgen(js_name = whatIfTimings)]
pub async fn what_if_timings(
    server: String,
    token: String,
    sha256: String,
    request: String,
    runs: u32,
) -> Result<js_sys::Array, JsValue> {
    let plugin = plugin::fetch(&server, Some(&token), &sha256).await?;
    let operation = raw_members(&request)?;
    let arguments = raw_members(operation.first().map_or("{}", |(_, raw)| raw))?;
    let argument = |name: &str| {
        arguments
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, raw)| *raw)
            .ok_or_else(|| format!("请求中没有 {name}"))
    };
    let rules = Json::parse(argument("rules")?)?;
    let input = argument("input")?;
    // As on load: the input is handed over once, before any edit.
    let what_if = WhatIfPlugin::holding(plugin, input).await;
    let out = js_sys::Array::new();
    for _ in 0..runs {
        let started = net::now_ms();
        what_if.recompute(&rules.dump(), input).await?;
        out.push(&(net::now_ms() - started).into());
    }
    Ok(out)
}

/// The heading, the ranking with its quotas, and the heading of the distribution below it.
fn ranking(c: &CommitteeContext, year: &str) -> Html {
    let places: u64 = c.quotas.iter().map(|q| q.places).sum();
    let awarded: usize = c.quotas.iter().map(|q| q.awarded).sum();
    let mut rows = String::new();
    for (i, r) in c.results.iter().enumerate() {
        let line = if i + 1 == awarded && awarded > 0 {
            r#" class="kp-line""#
        } else {
            ""
        };
        let (p, total, grade) = (Escaped(&r.prosecutor), Escaped(&r.total), Escaped(&r.grade));
        let veto = if r.vetoed { "（一票否决）" } else { "" };
        let _ = write!(
            rows,
            r#"<tr{line} data-kp="rank-row" data-prosecutor="{p}" data-rank="{rank}" data-total="{total}" data-grade="{grade}"><td data-kp="rank">{rank}</td><td>{}（{p}）</td><td data-kp="total">{total}</td><td data-kp="grade">{grade}{veto}</td><td>"#,
            Escaped(&r.name),
            rank = r.rank
        );
        if let Some(m) = &r.committee {
            let _ = write!(
                rows,
                r#"<span class="kp-mark" data-kp="committee">{}</span>"#,
                Escaped(m)
            );
        }
        rows.push_str("</td></tr>");
    }
    let quotas: Vec<String> = c
        .quotas
        .iter()
        .map(|q| {
            let mut s = format!("{}名额 {} 名（已定 {} 名）", q.grade, q.places, q.awarded);
            if q.pending > 0 {
                s.push_str(&format!("，待党组研究决定 {} 人", q.pending));
            }
            s
        })
        .collect();
    let status = match c.status.as_str() {
        "draft" => "未公示",
        "published" => "公示中",
        _ => "已确定",
    };
    raw(format!(
        r#"<h2 class="kp-title">{}年度检察官业绩考评 · 考核委员会</h2><p class="kp-meta">考评 {}（{status}）· 指标体系：{}（{} 版）</p><h3>排名与等次</h3><p class="kp-meta" data-kp="quota">共 {} 人参评；{}。双线以上为名额内（名额合计 {places} 名）。</p>{}<h3>总分分布</h3>"#,
        Escaped(year),
        c.evaluation,
        Escaped(&c.rule_set_name),
        Escaped(&c.rule_set_version),
        c.evaluated,
        Escaped(&quotas.join("；")),
        text_table(
            "kp-table",
            Some("ranking"),
            &["名次", "检察官", "总分", "等次", "需党组研究"],
            &rows
        )
    ))
}

/// A metrics line's 办结案件, 案-件比 and 认罪认罚从宽适用率, as shown.
fn line(l: &Json) -> (u64, String, String) {
    let count = |v: &Json| v.as_u64().unwrap_or(0);
    let ratio = &l["case_ratio"];
    let plea = &l["plea_rate"];
    (
        count(&l["cases"]),
        case_ratio(count(&ratio["matters"]), count(&ratio["proceedings"])),
        percent(count(&plea["plea"]), count(&plea["total"])),
    )
}

/// The plugin's `metrics` report (`kaoping_shared::metrics::MetricsReport` as JSON).
fn metrics_table(m: &Json) -> Html {
    let mut rows = String::new();
    for (month, l) in m["months"].members() {
        let (cases, ratio, plea) = line(l);
        if cases > 0 {
            let _ = write!(
                rows,
                r#"<tr data-kp="month"><td>{}</td><td>{cases}</td><td>{}</td><td>{}</td></tr>"#,
                Escaped(month),
                Escaped(&ratio),
                Escaped(&plea)
            );
        }
    }
    let (cases, ratio, plea) = line(&m["unit"]);
    let _ = write!(
        rows,
        r#"<tr><td>全年</td><td>{cases}</td><td data-kp="unit-ratio">{}</td><td data-kp="unit-plea">{}</td></tr>"#,
        Escaped(&ratio),
        Escaped(&plea)
    );
    let columns: Vec<Column> = m["months"]
        .members()
        .iter()
        .map(|(month, l)| Column {
            label: format!(
                "{}月",
                month.get(5..).unwrap_or(month).trim_start_matches('0')
            ),
            count: line(l).0,
        })
        .collect();
    let heads = ["月份", "办结案件", "案-件比", "认罪认罚从宽适用率"];
    raw(format!(
        "<h3>案-件比与认罪认罚从宽适用率（按办结月份）</h3>{}{}",
        histogram("每月办结案件数", &columns, "months-chart"),
        text_table("kp-table", Some("metrics"), &heads, &rows)
    ))
}

/// The plugin's `tally` (`kaoping_shared::ballot::SubjectTally` per subject, as JSON).
fn tallies_table(t: &Json, c: &CommitteeContext) -> Html {
    let mut rows = String::new();
    for (subject, s) in t.members() {
        let stored = c.results.iter().find(|r| r.prosecutor == *subject);
        let name = stored.map_or(subject.as_str(), |r| r.name.as_str());
        for (group, g) in s["groups"].members() {
            let ratings = &g["fields"]["overall"]["ratings"];
            let count = |r: Rating| ratings[r.chinese()]["count"].as_u64().unwrap_or(0);
            let number = |key: &str| g[key].as_u64().unwrap_or(0);
            let _ = write!(
                rows,
                r#"<tr data-kp="tally"><td>{}（{}）</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                Escaped(name),
                Escaped(subject),
                Escaped(group),
                number("ballots"),
                number("valid"),
                number("invalid"),
                count(Rating::Excellent),
                count(Rating::Competent),
                count(Rating::Incompetent)
            );
        }
    }
    let heads = [
        "测评对象",
        "投票人类别",
        "票数",
        "有效",
        "无效",
        "优秀",
        "称职",
        "不称职",
    ];
    raw(format!(
        "<h3>民主测评（总体评价，按投票人类别）</h3>{}",
        text_table("kp-table", Some("tallies"), &heads, &rows)
    ))
}

fn satisfaction(v: &Json) -> Html {
    let subjects = v["subjects"].items();
    if subjects.is_empty() {
        return raw(
            r#"<h3>满意度测评</h3><p class="kp-meta" data-kp="satisfaction">本年度尚无满意度测评票。满意票不超过有效票三分之二的，人大常委会将启动进一步监督。</p>"#
                .to_owned(),
        );
    }
    let mut rows = String::new();
    for s in subjects {
        let t = &s["tally"];
        let (class, verdict) = if s["further_supervision"].as_bool().unwrap_or(false) {
            ("kp-mark", "满意票未超过三分之二：启动进一步监督")
        } else {
            ("", "满意票超过三分之二")
        };
        let _ = write!(
            rows,
            r#"<tr data-kp="satisfaction-row"><td>{}</td><td>{}</td><td>{}</td><td class="{class}">{verdict}</td></tr>"#,
            Escaped(s["subject"].str()),
            Escaped(&t["valid"].dump()),
            Escaped(&t["satisfied"].dump())
        );
    }
    let heads = ["测评对象", "有效票", "满意", "三分之二标准"];
    raw(format!(
        "<h3>满意度测评</h3>{}",
        text_table("kp-table", Some("satisfaction"), &heads, &rows)
    ))
}

/// `<kaoping-dashboard>`.
#[function_component(Dashboard)]
pub fn dashboard(props: &DashboardProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(DashboardState::default);
    let plugin: Rc<RefCell<Option<Rc<WhatIfPlugin>>>> = use_mut_ref(|| None);
    let unit = config.unit.clone().unwrap_or_else(|| "1".to_owned());
    let year = config.year.clone().unwrap_or_else(|| "2019".to_owned());
    {
        let dispatch = state.dispatcher();
        let plugin = plugin.clone();
        let (config, unit, year) = (config.clone(), unit.clone(), year.clone());
        use_effect_on(0, move |_| {
            spawn(async move {
                let token = config.token.as_deref();
                let url = join(
                    &config.server,
                    &format!(
                        "api/units/{}/committee-view?year={}",
                        encode(&unit),
                        encode(&year)
                    ),
                );
                let c = net::get_text(&url, token).await.and_then(|text| {
                    CommitteeContext::from_json(&text).map_err(FetchError::Decode)
                });
                let c = match c {
                    Ok(c) => Rc::new(c),
                    Err(e) => {
                        let message = format!("无法读取考评结果：{e}");
                        dispatch.dispatch(DashboardAction::Loaded(Err(message)));
                        return;
                    }
                };
                dispatch.dispatch(DashboardAction::Loaded(Ok(c.clone())));
                let url = join(
                    &config.server,
                    &format!(
                        "api/units/{}/satisfaction/tally?year={}",
                        encode(&unit),
                        encode(&year)
                    ),
                );
                if let Ok(v) = net::get_json(&url, token).await {
                    dispatch.dispatch(DashboardAction::Satisfaction(v));
                }
                let Ok(p) = plugin::fetch(&config.server, token, &c.plugin).await else {
                    return;
                };
                *plugin.borrow_mut() = Some(Rc::new(WhatIfPlugin::new(p.clone())));
                // The input is spliced in as the server wrote it, never read again.
                let asked = p.call(&request("metrics", &[("input", &c.input)])).await;
                if let Ok(mut result) = asked.and_then(|r| reply(&r)) {
                    let m = result.get_mut("metrics").map(std::mem::take);
                    dispatch.dispatch(DashboardAction::Metrics(m.unwrap_or_default()));
                }
                let Ok(ballots) = c.ballots() else {
                    return;
                };
                let asked = p.call(&request("tally", &[("ballots", ballots)])).await;
                if let Ok(mut result) = asked.and_then(|r| reply(&r)) {
                    let t = result.get_mut("tally").map(std::mem::take);
                    dispatch.dispatch(DashboardAction::Tallies(t.unwrap_or_default()));
                }
                // From now on an edit sends only its draft rule set.
                let holding = WhatIfPlugin::holding(p, &c.input).await;
                *plugin.borrow_mut() = Some(Rc::new(holding));
            });
        });
    }
    {
        // Every edit: the draft through the plugin, compared with the stored ranking.
        let (state, plugin) = (state.clone(), plugin.clone());
        use_effect_on(state.seq, move |seq| {
            let ready = match (&state.context, plugin.borrow().clone()) {
                (Some(Ok(c)), Some(p)) if !state.edits.is_empty() => Some((c.clone(), p)),
                _ => None,
            };
            if let Some((c, p)) = ready {
                match apply(&c.rules, &state.edits) {
                    Err(e) => state.dispatch(DashboardAction::WhatIf(seq, WhatIf::Failed(e))),
                    Ok(draft) => spawn(async move {
                        let started = net::now_ms();
                        let outcome = match p.recompute(&draft.dump(), &c.input).await {
                            Ok(rows) => WhatIf::Computed(
                                Rc::new(compare(&c.results, &rows)),
                                (net::now_ms() - started) as u64,
                            ),
                            Err(e) => WhatIf::Failed(e),
                        };
                        state.dispatch(DashboardAction::WhatIf(seq, outcome));
                    }),
                }
            }
        });
    }
    let c = match &state.context {
        Some(Ok(c)) => c.clone(),
        other => {
            let error = other
                .as_ref()
                .and_then(|c| c.as_ref().err())
                .map(String::as_str);
            let css = Some(VIEWS_CSS);
            return waiting("kp", "dashboard", css, "考核委员会", error, "正在读取…");
        }
    };
    let totals: Vec<&str> = c.results.iter().map(|r| r.total.as_str()).collect();
    let columns: Vec<Column> = distribution(&totals)
        .into_iter()
        .map(|(label, count)| Column { label, count })
        .collect();
    let knob_inputs = knobs(&c.rules).into_iter().map(|k| {
        let value = state.edit(k.knob).map_or(k.value, str::to_owned);
        let dispatch = state.dispatcher();
        let knob = k.knob;
        let oninput = Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(DashboardAction::Edit(knob, el.value()));
        });
        html! {
            <div class="kp-form-row">
                { plain("label", &k.label) }
                <input type="text" class="kp-num" data-kp={k.name} value={value} {oninput} />
            </div>
        }
    });
    let whatif_view = match &state.whatif {
        WhatIf::Idle => para(
            "kp-meta",
            "",
            "修改任一权重、上限或分数线，下表即由本单位评分插件在浏览器中重新计算。",
        ),
        WhatIf::Failed(e) => para("kp-notice kp-error", r#" data-kp="whatif-error""#, e),
        WhatIf::Computed(rows, ms) => {
            let mut body = format!(
                r#"<p class="kp-meta" data-kp="whatif-ms" data-ms="{ms}">浏览器内重新计算用时 {ms} 毫秒</p>"#
            );
            let mut lines = String::new();
            for r in rows.iter() {
                let changed = if r.before != r.after {
                    r#" class="kp-changed""#
                } else {
                    ""
                };
                let (p, after_total, after_grade) = (
                    Escaped(&r.prosecutor),
                    Escaped(&r.after.0),
                    Escaped(&r.after.2),
                );
                let committee = if r.committee {
                    "（需党组研究）"
                } else {
                    ""
                };
                let _ = write!(
                    lines,
                    r#"<tr{changed} data-kp="whatif-row" data-prosecutor="{p}" data-rank="{after_rank}" data-total="{after_total}" data-grade="{after_grade}"><td>{}（{p}）</td><td>{}</td><td>{after_total}</td><td>{}</td><td>{}</td><td>{after_rank}</td><td>{}</td><td>{after_grade}{committee}</td></tr>"#,
                    Escaped(&r.name),
                    Escaped(&r.before.0),
                    Escaped(&r.delta),
                    r.before.1,
                    Escaped(&r.before.2),
                    after_rank = r.after.1
                );
            }
            let heads = [
                "检察官",
                "现总分",
                "试算总分",
                "增减",
                "现名次",
                "试算名次",
                "现等次",
                "试算等次",
            ];
            body.push_str(&text_table("kp-table", Some("whatif"), &heads, &lines));
            raw(body)
        }
    };
    let on_version = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(DashboardAction::Version(el.value()));
        })
    };
    let on_save = {
        let (state, c, config, unit) = (state.clone(), c.clone(), config.clone(), unit.clone());
        Callback::from(move |_: MouseEvent| {
            let dispatch = state.dispatcher();
            let mut draft = match apply(&c.rules, &state.edits) {
                Ok(d) => d,
                Err(e) => return dispatch.dispatch(DashboardAction::Saved(Err(e))),
            };
            if let Some(slot) = draft.get_mut("version") {
                *slot = state.version.trim().into();
            }
            let url = join(
                &config.server,
                &format!("api/units/{}/rule-sets/draft", encode(&unit)),
            );
            let token = config.token.clone();
            spawn(async move {
                let body = object(vec![("rules", draft)]);
                let answer = net::post_json(&url, token.as_deref(), &body).await;
                dispatch.dispatch(DashboardAction::Saved(
                    answer
                        .map(|v| v["id"].as_i64().unwrap_or(0))
                        .map_err(|e| format!("保存失败：{e}")),
                ));
            });
        })
    };
    let can_save =
        matches!(&state.whatif, WhatIf::Computed(..)) && !state.version.trim().is_empty();
    html! {
        <section class="kp" data-kp="dashboard">
            <style>{ VIEWS_CSS }</style>
            { ranking(&c, &year) }
            { raw(histogram("总分分布（人数）", &columns, "histogram")) }
            if let Some(m) = &state.metrics { { metrics_table(m) } }
            if let Some(t) = &state.tallies { { tallies_table(t, &c) } }
            if let Some(s) = &state.satisfaction { { satisfaction(s) } }
            <div class="kp-no-print" data-kp="whatif-box">
                { plain("h3", "试算（草案，不影响已存结果）") }
                <div class="kp-grid-2">{ for knob_inputs }</div>
                { whatif_view }
                <div class="kp-form-row">
                    { plain("label", "另存为版本") }
                    <input type="text" data-kp="version" value={state.version.clone()} oninput={on_version} />
                    <button class="kp-primary" data-kp="save-draft" disabled={!can_save} onclick={on_save}>{ "保存为新版本" }</button>
                </div>
                { match &state.saved {
                    Some(Ok(id)) => para("kp-notice kp-ok", &format!(r#" data-kp="saved" data-row="{id}""#), &format!("已保存为指标体系版本“{}”（编号 {id}），可用它运行考评", state.version)),
                    Some(Err(e)) => para("kp-notice kp-error", r#" data-kp="saved-error""#, e),
                    None => Html::default(),
                } }
            </div>
        </section>
    }
}
