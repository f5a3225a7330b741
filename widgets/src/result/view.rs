//! `<kaoping-result unit year prosecutor token>`: loads the prosecutor's published result
//! and shows it; files objections and confirmations.

use super::explain::{explanation, versus_average};
use super::state::{ResultAction, ResultContext, ResultState, Stage};
use crate::WidgetConfig;
use crate::api::paths::{encode, join};
use crate::chart::{Chart, VIEWS_CSS, bars, radar};
use crate::json::{Json, object};
use crate::markup::{Escaped, para, plain, raw, text_table, waiting};
use crate::net::{self, FetchError};
use crate::task::{spawn, use_effect_on};
use std::fmt::Write;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`ResultWidget`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ResultProps {
    /// `unit`, `year`, `prosecutor`, `token`.
    pub config: WidgetConfig,
}

fn context_path(config: &WidgetConfig) -> Option<String> {
    Some(format!(
        "api/units/{}/result-view/{}?year={}",
        encode(config.unit.as_deref()?),
        encode(config.prosecutor.as_deref()?),
        encode(config.year.as_deref()?)
    ))
}

fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

fn send(
    config: &WidgetConfig,
    dispatch: UseReducerDispatcher<ResultState>,
    path: String,
    body: Json,
    done: ResultAction,
) {
    let url = join(&config.server, &path);
    let token = config.token.clone();
    dispatch.dispatch(ResultAction::Send);
    spawn(async move {
        match net::post_json(&url, token.as_deref(), &body).await {
            Ok(_) => dispatch.dispatch(done),
            Err(e) => dispatch.dispatch(ResultAction::SendFailed(e.to_string())),
        }
    });
}

fn stage_block(
    context: &ResultContext,
    state: &UseReducerHandle<ResultState>,
    config: &WidgetConfig,
) -> Html {
    let start = context.publication_start.clone().unwrap_or_default();
    let end = context.publication_end.clone().unwrap_or_default();
    match context.stage() {
        Stage::Draft => raw(
            r#"<p class="kp-notice kp-warn" data-kp="stage">考评结果尚未公示（仅考核委员会可见）</p>"#
                .to_owned(),
        ),
        Stage::Publicity { days_left } => {
            let on_input = {
                let dispatch = state.dispatcher();
                Callback::from(move |e: InputEvent| {
                    let area: HtmlTextAreaElement = e.target_unchecked_into();
                    dispatch.dispatch(ResultAction::EditObjection(area.value()));
                })
            };
            let on_object = {
                let dispatch = state.dispatcher();
                let config = config.clone();
                let text = state.objection.trim().to_owned();
                let id = context.evaluation;
                Callback::from(move |_: MouseEvent| {
                    send(
                        &config,
                        dispatch.clone(),
                        format!("api/evaluations/{id}/objections"),
                        object(vec![("text", text.as_str().into())]),
                        ResultAction::Objected,
                    );
                })
            };
            let problem = state.objection_problem();
            html! { <>
                { raw(format!(
                    r#"<p class="kp-notice kp-warn" data-kp="stage" data-days-left="{days_left}">公示期 {} 至 {}，尚余 <strong data-kp="days-left">{days_left}</strong> 个工作日。对结果有异议的，请在公示期内提出。</p>"#,
                    Escaped(&start),
                    Escaped(&end)
                )) }
                <div class="kp-no-print" data-kp="objection-form">
                    { plain("h3", "提出异议") }
                    <textarea class="kp-wide kp-short" data-kp="objection-text" rows="3" placeholder="请写明异议的事实和理由（涉及的案件编号、指标）"
                        value={state.objection.clone()} oninput={on_input} />
                    <div class="kp-actions">
                        <button class="kp-primary" data-kp="object" disabled={problem.is_some()} onclick={on_object}>{ "提交异议" }</button>
                        if let Some(p) = problem { <span class="kp-meta">{ p }</span> }
                    </div>
                </div>
            </> }
        }
        Stage::AwaitingDecision => raw(format!(
            r#"<p class="kp-notice kp-warn" data-kp="stage">公示期 {} 至 {} 已届满，等待院党组确定结果</p>"#,
            Escaped(&start),
            Escaped(&end)
        )),
        Stage::Final => {
            let confirmed = context.confirmed_at.clone();
            let on_confirm = {
                let dispatch = state.dispatcher();
                let config = config.clone();
                let id = context.evaluation;
                let who = context.explanation.prosecutor.clone();
                Callback::from(move |_: MouseEvent| {
                    send(
                        &config,
                        dispatch.clone(),
                        format!("api/evaluations/{id}/results/{}/confirm", encode(&who)),
                        Json::Obj(Vec::new()),
                        ResultAction::Confirmed,
                    );
                })
            };
            html! {
                <div class="kp-notice kp-ok" data-kp="stage">
                    { raw(format!(
                        r#"<div data-kp="decision">考评结果已确定：总分 {}，等次 {}</div>"#,
                        Escaped(&context.total),
                        Escaped(&context.grade)
                    )) }
                    if let Some(at) = confirmed {
                        { raw(format!(r#"<div data-kp="confirmed">本人已于 {} 签字确认</div>"#, Escaped(&at))) }
                    } else {
                        <button class="kp-primary kp-no-print" data-kp="confirm" onclick={on_confirm}>{ "本人确认" }</button>
                    }
                </div>
            }
        }
    }
}

/// The heading, the total, rank and grade, and each dimension against the department
/// average (display only).
fn summary(c: &ResultContext, year: &str) -> Html {
    let r = &c.explanation;
    let mut out = format!(
        r#"<h2 class="kp-title">{}年度检察官业绩考评结果 · {}（{}）</h2><p class="kp-meta">{} · 考评期间 {} · 指标体系：{}（{} 版）</p><div class="kp-summary"><div>总分<strong data-kp="total">{}</strong></div><div>排名<strong data-kp="rank">第 {} 名</strong><span class="kp-meta">共 {} 人</span></div><div>等次<strong data-kp="grade">{}</strong></div></div><p class="kp-meta" data-kp="grade-reason">等次依据：{}</p>"#,
        Escaped(year),
        Escaped(&r.name),
        Escaped(&r.prosecutor),
        Escaped(&r.department),
        Escaped(&c.period_text()),
        Escaped(&c.rule_set_name),
        Escaped(&c.rule_set_version),
        Escaped(&c.total),
        r.rank,
        c.evaluated,
        Escaped(&c.grade),
        Escaped(&r.grade_reason)
    );
    if let Some(committee) = &r.committee {
        let _ = write!(
            out,
            r#"<p class="kp-notice kp-warn">※ {}</p>"#,
            Escaped(committee)
        );
    }
    let mut rows = String::new();
    for d in &r.dimensions {
        let _ = write!(
            rows,
            r#"<tr data-kp="dim-{}"><td>{}</td><td data-kp="score">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            Escaped(&d.key),
            Escaped(&d.name),
            d.score,
            d.max.normalize(),
            d.department_average,
            versus_average(d.score, d.department_average)
        );
    }
    let heads = ["板块", "得分", "上限", "部门平均", "比较"];
    let _ = write!(
        out,
        "<h3>各板块得分与部门平均</h3>{}",
        text_table("kp-table", Some("dimensions"), &heads, &rows)
    );
    raw(out)
}

/// The re-review changes and the prosecutor's objections, if any (display only).
fn history(c: &ResultContext) -> Html {
    let mut out = String::new();
    if !c.changes.is_empty() {
        out.push_str(r#"<h3>复核变更记录</h3><ul data-kp="changes">"#);
        for ch in &c.changes {
            let field = if ch.field == "grade" {
                "等次"
            } else {
                "总分"
            };
            let _ = write!(
                out,
                "<li>{field}：{} → {}（{}，{}）</li>",
                Escaped(&ch.old_value),
                Escaped(&ch.new_value),
                Escaped(&ch.reason),
                Escaped(&ch.changed_at)
            );
        }
        out.push_str("</ul>");
    }
    if !c.objections.is_empty() {
        out.push_str(r#"<h3>本人异议</h3><ul data-kp="objections">"#);
        for o in &c.objections {
            let status = if o.status == "open" {
                "待复核"
            } else {
                "已复核"
            };
            let _ = write!(
                out,
                "<li>{} 提出：{}（{status}",
                Escaped(&o.filed_at),
                Escaped(&o.text)
            );
            if let Some(reason) = &o.decision_reason {
                let _ = write!(out, "：{}", Escaped(reason));
            }
            out.push_str("）</li>");
        }
        out.push_str("</ul>");
    }
    raw(out)
}

/// `<kaoping-result>`.
#[function_component(ResultWidget)]
pub fn result_widget(props: &ResultProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(ResultState::default);
    {
        let dispatch = state.dispatcher();
        let config = config.clone();
        use_effect_on(u64::from(state.reload), move |_| {
            spawn(async move {
                let Some(path) = context_path(&config) else {
                    dispatch.dispatch(ResultAction::LoadFailed(
                        "页面没有指定考评结果（须有 unit、year、prosecutor 属性）".to_owned(),
                    ));
                    return;
                };
                let url = join(&config.server, &path);
                let context = net::get_json(&url, config.token.as_deref())
                    .await
                    .and_then(|v| ResultContext::from_json(&v).map_err(FetchError::Decode));
                match context {
                    Ok(c) => dispatch.dispatch(ResultAction::Loaded(Rc::new(c))),
                    Err(e) => dispatch
                        .dispatch(ResultAction::LoadFailed(format!("无法读取考评结果：{e}"))),
                }
            });
        });
    }
    let (Some(c), None) = (state.context.clone(), &state.load_error) else {
        let error = state.load_error.as_deref();
        let css = Some(VIEWS_CSS);
        return waiting("kp", "result", css, "考评结果", error, "正在读取考评结果…");
    };
    let r = &c.explanation;
    let year = config.year.clone().unwrap_or_default();
    let series = c.series();
    let chart = Chart {
        title: "",
        series: &series,
        value_label: "本人得分",
        average_label: "部门平均",
    };
    let notice = state.notice.as_ref().map(|(ok, text)| {
        let class = if *ok {
            "kp-notice kp-ok"
        } else {
            "kp-notice kp-error"
        };
        para(class, r#" role="status" data-kp="notice""#, text)
    });
    html! {
        <section class="kp" data-kp="result" data-prosecutor={r.prosecutor.clone()}>
            <style>{ VIEWS_CSS }</style>
            { summary(&c, &year) }
            <div class="kp-charts">
                { raw(radar(Chart { title: "各板块得分雷达图（本人与部门平均）", ..chart })) }
                { raw(bars(Chart { title: "各板块得分条形图（满格为板块上限）", ..chart })) }
            </div>
            { stage_block(&c, &state, &config) }
            { for notice }
            { plain("h3", "得分说明") }
            { explanation(r) }
            { history(&c) }
            <div class="kp-actions kp-no-print">
                <button data-kp="print" onclick={Callback::from(|_: MouseEvent| print_page())}>{ "打印（A4）" }</button>
            </div>
            <p class="kp-print-only kp-small">{ "被考评检察官签字：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿" }</p>
        </section>
    }
}
