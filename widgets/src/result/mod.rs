//! `<kaoping-result>`: a prosecutor's own result — total, rank, grade, each dimension
//! against the department average (radar and bars), and the explanation down to each case
//! and point; during publication the working days left and an objection form, afterwards
//! the decision and the confirmation. Prints on A4.

pub mod explain;
pub mod state;
pub mod view;

pub use view::ResultWidget;
