//! The form: loads its context and the unit's plugin, recomputes on every edit, saves.

use super::case_review::CaseReviewProps;
use super::manual_item::ManualItemProps;
use super::row::{FormRow, Row};
use super::state::{Computed, FormAction, FormState, PluginState, SubmitState};
use super::totals::totals;
use crate::WidgetConfig;
use crate::api::{FormContext, FormSaved, paths};
use crate::markup::{Escaped, para, plain, raw, table, waiting};
use crate::net::{self, FetchError};
use crate::number::cents;
use crate::plugin::{self, BrowserPlugin};
use crate::task::{spawn, use_effect_on};
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`ScoreForm`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ScoreFormProps {
    /// Server address, reviewer token, form id.
    pub config: WidgetConfig,
}

fn form_path(config: &WidgetConfig) -> Option<String> {
    Some(paths::form(
        config.unit.as_deref()?,
        config.year.as_deref()?,
        config.prosecutor.as_deref()?,
    ))
}

/// What is still missing or wrong, at most eight lines (display only).
fn problem_list(problems: &[String]) -> Html {
    if problems.is_empty() {
        return Html::default();
    }
    let mut out = r#"<ul class="kp-problems" data-kp="problems">"#.to_owned();
    for p in problems.iter().take(8) {
        let _ = write!(out, "<li>{}</li>", Escaped(p));
    }
    if problems.len() > 8 {
        let _ = write!(out, "<li>另有 {} 处…</li>", problems.len() - 8);
    }
    out.push_str("</ul>");
    raw(out)
}

/// `<kaoping-score-form>`: a reviewer's case-review form with live totals.
#[function_component(ScoreForm)]
pub fn score_form(props: &ScoreFormProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(FormState::default);
    let plugin: Rc<RefCell<Option<Rc<BrowserPlugin>>>> = use_mut_ref(|| None);

    {
        let dispatch = state.dispatcher();
        let config = config.clone();
        let plugin = plugin.clone();
        use_effect_on(0, move |_| {
            net::mark_once("kaoping-first-render");
            spawn(async move {
                let Some(form) = form_path(&config) else {
                    dispatch.dispatch(FormAction::LoadFailed(
                        "页面没有指定评查表（须有 unit、year、prosecutor 属性）".to_owned(),
                    ));
                    return;
                };
                let token = config.token.as_deref();
                let url = paths::join(&config.server, &form);
                let context = net::get_text(&url, token)
                    .await
                    .and_then(|text| FormContext::from_json(&text).map_err(FetchError::Decode));
                let context = match context {
                    Ok(c) => Rc::new(c),
                    Err(e) => {
                        dispatch.dispatch(FormAction::LoadFailed(format!("无法读取评查表：{e}")));
                        return;
                    }
                };
                let sha = context.plugin.clone();
                dispatch.dispatch(FormAction::Loaded(context));
                match plugin::fetch(&config.server, token, &sha).await {
                    Ok(p) => {
                        let ready = FormAction::PluginReady {
                            sha256: p.sha256.clone(),
                            engine: p.engine.clone(),
                            version: p.version.clone(),
                        };
                        *plugin.borrow_mut() = Some(p);
                        dispatch.dispatch(ready);
                    }
                    Err(e) => dispatch.dispatch(FormAction::PluginFailed(e)),
                }
            });
        });
    }
    {
        // Every edit: ask the plugin, on a fresh instance, for the whole unit's result.
        let state = state.clone();
        let plugin = plugin.borrow().clone();
        use_effect_on(state.seq, move |seq| {
            let context = state.context.clone();
            if let (Some(plugin), Some(context)) = (plugin, context) {
                spawn(async move {
                    let started = net::now_ms();
                    let outcome = match state.request_for(plugin.live_operation()) {
                        Some(request) => plugin.call(&request).await,
                        None => return,
                    };
                    let action = outcome
                        .and_then(|response| {
                            Computed::from_response(
                                seq,
                                &response,
                                &context.prosecutor,
                                net::now_ms() - started,
                            )
                        })
                        .map_or_else(
                            |message| FormAction::ComputeFailed { seq, message },
                            FormAction::Computed,
                        );
                    state.dispatch(action);
                });
            }
        });
    }

    let on_save = {
        let state = state.clone();
        let config = config.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(body) = state.submission() else {
                return;
            };
            let Some(form) = form_path(&config) else {
                return;
            };
            let dispatch = state.dispatcher();
            let config = config.clone();
            dispatch.dispatch(FormAction::Submitting);
            spawn(async move {
                let url = paths::join(&config.server, &form);
                let saved = net::post_json(&url, config.token.as_deref(), &body.to_json())
                    .await
                    .and_then(|v| FormSaved::from_json(&v).map_err(FetchError::Decode));
                match saved {
                    Ok(saved) => dispatch.dispatch(FormAction::Saved(saved)),
                    Err(e) => dispatch.dispatch(FormAction::SubmitFailed(e.to_string())),
                }
            });
        })
    };

    let (Some(context), None) = (state.context.clone(), &state.load_error) else {
        let error = state.load_error.as_deref();
        return waiting(
            "kp kp-form",
            "form",
            None,
            "案件评查",
            error,
            "正在读取评查表…",
        );
    };

    // The heading and the plugin line (display only).
    let plugin_line = match &state.plugin {
        PluginState::Loading => "<span>正在载入评分插件…</span>".to_owned(),
        PluginState::Ready {
            sha256,
            engine,
            version,
        } => format!(
            r#"<span data-kp="plugin" data-sha256="{0}" title="{0}">评分插件：{1} {2}（SHA-256 {3}…）</span>"#,
            Escaped(sha256),
            Escaped(engine),
            Escaped(version),
            Escaped(&sha256[..12.min(sha256.len())])
        ),
        PluginState::Failed(e) => format!(
            r#"<span class="kp-error" role="alert">评分插件不可用：{}</span>"#,
            Escaped(e)
        ),
    };
    let heading = raw(format!(
        r#"<h2 class="kp-title">{}</h2><p class="kp-meta">{plugin_line}　指标体系：{} {}</p>"#,
        Escaped(&context.title),
        Escaped(&context.rules.name),
        Escaped(&context.rules.version)
    ));
    let problems = state.problems();
    let can_save = state.submission().is_some() && state.submit != SubmitState::Sending;
    let rules = &context.rules;
    let scale = Rc::new(rules.review_scale.clone());
    let cases = state.reviews.iter().enumerate().map(|(i, review)| {
        html! {
            <FormRow row={Row::Case(CaseReviewProps {
                index: i,
                review: review.clone(),
                scale: scale.clone(),
                deducted: state.deducted(i),
                dispatch: state.dispatcher(),
            })} />
        }
    });
    let manual = state.manual.iter().enumerate().map(|(i, item)| {
        html! { <FormRow row={Row::Manual(ManualItemProps {
            index: i,
            item: item.clone(),
            dispatch: state.dispatcher(),
        })} /> }
    });
    let submit_line = match &state.submit {
        SubmitState::Idle => html! {},
        SubmitState::Sending => para("kp-meta", "", "正在保存…"),
        SubmitState::Failed(e) => para(
            "kp-notice kp-error",
            r#" role="alert" data-kp="save-error""#,
            &format!("保存失败：{e}"),
        ),
        SubmitState::Saved {
            saved,
            shown,
            used_plugin,
        } => {
            let total = cents(saved.total);
            let mut lines = format!(
                r#"<p class="kp-notice kp-ok" data-kp="saved" data-total="{total}">已保存。服务器计算的总分为 {total}。</p>"#
            );
            if &saved.plugin != used_plugin {
                let _ = write!(
                    lines,
                    r#"<p class="kp-notice kp-warn" role="alert" data-kp="plugin-changed">服务器的评分插件已更换（现为 SHA-256 {}…），本页是用旧插件计算的。请刷新页面后重新核对。</p>"#,
                    Escaped(&saved.plugin[..12.min(saved.plugin.len())])
                );
            }
            if saved.total != *shown {
                let _ = write!(
                    lines,
                    r#"<p class="kp-notice kp-warn" role="alert" data-kp="total-differs">服务器计算的总分 {total} 与本页显示的 {} 不一致，请刷新页面后重新核对。</p>"#,
                    cents(*shown)
                );
            }
            raw(lines)
        }
    };

    html! {
        <section class="kp kp-form" data-kp="form">
            { heading }
            <div class="kp-columns">
                <div class="kp-main">
                    { plain("h3", &format!("案件评查（{} 件）", state.reviews.len())) }
                    { for cases }
                    if !state.manual.is_empty() {
                        { plain("h3", "人工评分项") }
                        { table("kp-table kp-manual", None, &["板块", "指标", "范围", "评分", "理由"], manual.collect()) }
                    }
                </div>
                { totals(&state) }
            </div>
            { problem_list(&problems) }
            <div class="kp-actions">
                <button type="button" class="kp-primary" data-kp="save" disabled={!can_save} onclick={on_save}>
                    { "保存评分" }
                </button>
            </div>
            { submit_line }
        </section>
    }
}
