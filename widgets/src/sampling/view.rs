//! `<kaoping-sampling unit token>`: draw on the server, show and print the list, verify a
//! pasted record in the browser.

use super::state::{Drawn, Field, SamplingAction, SamplingState, Verdict, read_verdict};
use crate::WidgetConfig;
use crate::api::paths::{encode, join};
use crate::chart::VIEWS_CSS;
use crate::json::Json;
use crate::markup::{Escaped, para, plain, raw, text_table, title};
use crate::net::{self, FetchError};
use crate::plugin::{self, BrowserPlugin};
use crate::task::{spawn, use_effect_on};
use kaoping_shared::ids::ProsecutorId;
use kaoping_shared::sampling::Scope;
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`SamplingWidget`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct SamplingProps {
    /// `unit`, `token`.
    pub config: WidgetConfig,
}

fn input(
    state: &UseReducerHandle<SamplingState>,
    field: Field,
    label: &str,
    value: &str,
    name: &'static str,
    hint: &'static str,
) -> Html {
    let dispatch = state.dispatcher();
    let oninput = Callback::from(move |e: InputEvent| {
        let el: HtmlInputElement = e.target_unchecked_into();
        dispatch.dispatch(SamplingAction::Edit(field, el.value()));
    });
    html! {
        <div class="kp-form-row">
            { plain("label", label) }
            <input type="text" data-kp={name} value={value.to_owned()} placeholder={hint} {oninput} />
        </div>
    }
}

/// A record's scope as the shared type says it: `检察官 P05`, `全院`.
fn scope_text(scope: &Json) -> String {
    let scope = match scope["type"].str() {
        "prosecutor" => Scope::prosecutor(scope["id"].str()),
        "prosecutors" => Scope::Prosecutors {
            ids: scope
                .strings_at("ids")
                .into_iter()
                .map(ProsecutorId)
                .collect(),
        },
        _ => Scope::Unit,
    };
    scope.to_string()
}

/// The drawn list from the proof record (its basis and reasons are the Chinese words);
/// display only.
fn drawn_list(d: &Drawn) -> Html {
    let p = &d.proof;
    let chosen = p["chosen"].items();
    let mut rows = String::new();
    for (i, c) in chosen.iter().enumerate() {
        let case = Escaped(c["case"].str());
        let _ = write!(
            rows,
            r#"<tr data-kp="chosen" data-case="{case}"><td>{}</td><td>{case}</td><td>{}</td><td>{}</td><td>"#,
            i + 1,
            Escaped(c["stratum"].str()),
            Escaped(c["basis"].str())
        );
        let _ = match c["hash"].as_str() {
            Some(hash) => write!(
                rows,
                r#"<span class="kp-hash" data-kp="hash">{}</span>"#,
                Escaped(hash)
            ),
            None => write!(
                rows,
                r#"<span data-kp="reasons">{}</span>"#,
                Escaped(&c.strings_at("reasons").join("、"))
            ),
        };
        rows.push_str("</td></tr>");
    }
    let window = &p["window"];
    let heads = [
        "序号",
        "案件编号",
        "类别",
        "抽取依据",
        "必查原因 / 哈希值 SHA-256(种子:案件编号)",
    ];
    raw(format!(
        r#"<div data-kp="drawn" data-count="{}"><h3>抽样结果（记录 {}）</h3><p class="kp-meta">{}</p><p class="kp-meta">总体摘要（SHA-256）：<span class="kp-hash" data-kp="digest">{}</span></p><div class="kp-scroll">{}</div><p class="kp-print-only kp-small">案件管理部门（签章）：＿＿＿＿＿＿　　监督人：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿</p></div>"#,
        chosen.len(),
        d.id,
        Escaped(&format!(
            "范围：{}；评查期间：{} 至 {}；随机种子：“{}”；N = {}；案件总体 {} 件，抽中 {} 件；算法 {} 第 {} 版",
            scope_text(&p["scope"]),
            window["start"].str(),
            window["end"].str(),
            p["seed"].str(),
            p["count"].dump(),
            p["population"].items().len(),
            chosen.len(),
            p["algorithm"].str(),
            p["version"].dump()
        )),
        Escaped(p["population_digest"].str()),
        text_table("kp-table", Some("chosen-list"), &heads, &rows)
    ))
}

/// `<kaoping-sampling>`.
#[function_component(SamplingWidget)]
pub fn sampling_widget(props: &SamplingProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(SamplingState::default);
    let plugin: Rc<RefCell<Option<Rc<BrowserPlugin>>>> = use_mut_ref(|| None);
    {
        let dispatch = state.dispatcher();
        let config = config.clone();
        let plugin = plugin.clone();
        use_effect_on(0, move |_| {
            spawn(async move {
                let token = config.token.as_deref();
                let unit = config.unit.clone().unwrap_or_else(|| "1".to_owned());
                let url = join(&config.server, &format!("api/units/{}", encode(&unit)));
                let sha = match net::get_json(&url, token).await {
                    Ok(v) => v["active_plugin"].str().to_owned(),
                    Err(e) => {
                        dispatch.dispatch(SamplingAction::Plugin(Err(format!(
                            "无法读取单位信息：{e}"
                        ))));
                        return;
                    }
                };
                match plugin::fetch(&config.server, token, &sha).await {
                    Ok(p) => {
                        let name = format!(
                            "{} {}（SHA-256 {}…）",
                            p.engine,
                            p.version,
                            &p.sha256[..12.min(p.sha256.len())]
                        );
                        *plugin.borrow_mut() = Some(p);
                        dispatch.dispatch(SamplingAction::Plugin(Ok(name)));
                    }
                    Err(e) => dispatch.dispatch(SamplingAction::Plugin(Err(e))),
                }
            });
        });
    }
    let on_draw = {
        let state = state.clone();
        let config = config.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = state.dispatcher();
            let request = match state.request() {
                Ok(r) => r,
                Err(message) => {
                    dispatch.dispatch(SamplingAction::DrawFailed(message));
                    return;
                }
            };
            let unit = config.unit.clone().unwrap_or_else(|| "1".to_owned());
            let url = join(
                &config.server,
                &format!("api/units/{}/samples", encode(&unit)),
            );
            let token = config.token.clone();
            dispatch.dispatch(SamplingAction::Draw);
            spawn(async move {
                let drawn = net::post_json(&url, token.as_deref(), &request)
                    .await
                    .and_then(|v| Drawn::from_json(v).map_err(FetchError::Decode));
                match drawn {
                    Ok(d) => dispatch.dispatch(SamplingAction::Drawn(Rc::new(d))),
                    Err(e) => {
                        dispatch.dispatch(SamplingAction::DrawFailed(format!("抽样失败：{e}")))
                    }
                }
            });
        })
    };
    let on_verify = {
        let state = state.clone();
        let plugin = plugin.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = state.dispatcher();
            let bytes = match state.verify_request() {
                Ok(b) => b,
                Err(message) => {
                    dispatch.dispatch(SamplingAction::Verdict(Verdict::Refused(message)));
                    return;
                }
            };
            let Some(p) = plugin.borrow().clone() else {
                dispatch.dispatch(SamplingAction::Verdict(Verdict::Refused(
                    "评分插件尚未就绪，请稍候再试".to_owned(),
                )));
                return;
            };
            dispatch.dispatch(SamplingAction::Check);
            spawn(async move {
                let verdict = match p.call(&bytes).await {
                    Ok(response) => read_verdict(&response),
                    Err(e) => Verdict::Refused(e),
                };
                dispatch.dispatch(SamplingAction::Verdict(verdict));
            });
        })
    };
    let on_copy = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(SamplingAction::CopyProof))
    };
    let on_print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let on_paste = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(SamplingAction::Edit(Field::Proof, el.value()));
        })
    };
    let plugin_line = match &state.plugin {
        None => "<span>正在载入评分插件…</span>".to_owned(),
        Some(Ok(name)) => format!(
            r#"<span data-kp="plugin">核验由本单位评分插件在浏览器中完成：{}</span>"#,
            Escaped(name)
        ),
        Some(Err(e)) => format!(r#"<span class="kp-minus">{}</span>"#, Escaped(e)),
    };
    let verdict = state.verdict.as_ref().map(|v| match v {
        Verdict::Checking => para("kp-notice kp-warn", r#" data-kp="verdict""#, "正在核验…"),
        Verdict::Honest(n) => para(
            "kp-notice kp-ok",
            r#" data-kp="verdict" data-ok="true""#,
            &format!("核验通过：按记录中的种子、期间和案件总体重新计算，抽中的 {n} 件案件及其顺序、原因、哈希值与记录完全一致。"),
        ),
        Verdict::Refused(why) => para(
            "kp-notice kp-error",
            r#" data-kp="verdict" data-ok="false""#,
            &format!("核验未通过：{why}"),
        ),
    });
    html! {
        <section class="kp" data-kp="sampling">
            <style>{ VIEWS_CSS }</style>
            { title("案件评查抽样") }
            <div class="kp-no-print">
                { para("kp-meta", "", "按会上公布的随机种子抽取：必查案件全部入选，其余按 SHA-256(种子:案件编号) 升序补足 N 件；不足 N 件的全部评查。") }
                <div class="kp-grid-2">
                    { input(&state, Field::Prosecutor, "检察官编号", &state.prosecutor, "prosecutor", "留空为全院") }
                    { input(&state, Field::Seed, "随机种子", &state.seed, "seed", "会上公布的种子") }
                    { input(&state, Field::Start, "评查期间自", &state.start, "start", "YYYY-MM-DD") }
                    { input(&state, Field::End, "至", &state.end, "end", "YYYY-MM-DD") }
                    { input(&state, Field::Count, "抽取数量 N", &state.count, "count", "20") }
                </div>
                <div class="kp-actions">
                    <button class="kp-primary" data-kp="draw" disabled={state.drawing} onclick={on_draw}>{ if state.drawing { "正在抽取…" } else { "抽取" } }</button>
                    if state.drawn.is_some() {
                        <button data-kp="print" onclick={on_print}>{ "打印清单（A4）" }</button>
                        <button data-kp="copy-proof" onclick={on_copy}>{ "将抽样记录放入核验框" }</button>
                    }
                </div>
                if let Some(e) = &state.error { { para("kp-notice kp-error", r#" role="alert" data-kp="notice""#, e) } }
            </div>
            if let Some(d) = &state.drawn { { drawn_list(d) } }
            <div class="kp-no-print" data-kp="verify-box">
                { raw(format!(r#"<h3>核验抽样记录</h3><p class="kp-meta">任何人都可以粘贴公布的抽样记录（JSON），在本机重新计算并核对。{plugin_line}</p>"#)) }
                <textarea class="kp-wide" data-kp="verify-text" value={state.proof_text.clone()} oninput={on_paste} placeholder="在此粘贴抽样记录" />
                <div class="kp-actions">
                    <button class="kp-primary" data-kp="verify" onclick={on_verify}>{ "核验" }</button>
                </div>
                { for verdict }
            </div>
        </section>
    }
}
