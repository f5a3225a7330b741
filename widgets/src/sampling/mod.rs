//! `<kaoping-sampling>`: the case-management office enters the window, N and the seed
//! announced at the meeting, draws on the server, sees each case's reasons or hash and
//! prints the list; anyone signed in pastes a proof record and has the draw verified in
//! the browser by the unit's plugin (`verify_sample`), with no server round trip.

pub mod state;
pub mod view;

pub use view::SamplingWidget;
