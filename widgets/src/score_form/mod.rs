//! 案件评查: the case-review form, `<kaoping-score-form>`.

mod case_review;
mod manual_item;
mod row;
pub mod state;
mod totals;
mod view;

pub use view::{ScoreForm, ScoreFormProps};
