//! `<kaoping-dashboard>` for the evaluation committee: the ranking with grades, the quota
//! line and committee marks, the distribution of totals, 案-件比 and 认罪认罚适用率 by month,
//! democratic-evaluation tallies by voter group, the satisfaction two-thirds flag, and the
//! what-if (试算): edit a weight, a cap or a threshold and see every total, rank and grade
//! recomputed in the browser by the unit's plugin, then save the draft as a new version.

pub mod state;
pub mod view;
pub mod whatif;

pub use view::Dashboard;
