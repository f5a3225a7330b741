//! The component every mounted widget renders through: a pooled yew app shows one widget,
//! or nothing while it waits in the pool for the next mount.

use crate::WidgetConfig;
use crate::ballot::BallotWidget;
use crate::score_form::ScoreForm;
use yew::prelude::*;

/// Which widget a custom element shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetKind {
    /// `<kaoping-score-form>`.
    ScoreForm,
    /// `<kaoping-ballot>`.
    Ballot,
    /// `<kaoping-result>`.
    Result,
    /// `<kaoping-sampling>`.
    Sampling,
    /// `<kaoping-dashboard>`.
    Dashboard,
}

impl WidgetKind {
    /// From the name the JS bootstrap passes (`score-form`, `ballot`).
    ///
    /// # Example
    /// ```
    /// use kaoping_widgets::root::WidgetKind;
    /// assert_eq!(WidgetKind::from_name("ballot"), Some(WidgetKind::Ballot));
    /// assert_eq!(WidgetKind::from_name("x"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<WidgetKind> {
        match name {
            "score-form" => Some(WidgetKind::ScoreForm),
            "ballot" => Some(WidgetKind::Ballot),
            "result" => Some(WidgetKind::Result),
            "sampling" => Some(WidgetKind::Sampling),
            "dashboard" => Some(WidgetKind::Dashboard),
            _ => None,
        }
    }
}

/// What a pooled app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// Distinct per mount: the widget starts afresh even in a reused app.
    pub generation: u64,
    /// Which widget.
    pub kind: WidgetKind,
    /// Its attributes.
    pub config: WidgetConfig,
}

/// Properties of [`Root`].
#[derive(Clone, Debug, Default, PartialEq, Properties)]
pub struct RootProps {
    /// `None` while pooled.
    pub content: Option<Content>,
}

/// Renders the mounted widget, keyed by its generation.
#[function_component(Root)]
pub fn root(props: &RootProps) -> Html {
    let Some(c) = &props.content else {
        return Html::default();
    };
    let (key, config) = (c.generation.to_string(), c.config.clone());
    match c.kind {
        WidgetKind::ScoreForm => html! { <ScoreForm {key} {config} /> },
        WidgetKind::Ballot => html! { <BallotWidget {key} {config} /> },
        WidgetKind::Result => html! { <crate::result::ResultWidget {key} {config} /> },
        WidgetKind::Sampling => html! { <crate::sampling::SamplingWidget {key} {config} /> },
        WidgetKind::Dashboard => html! { <crate::dashboard::Dashboard {key} {config} /> },
    }
}
