//! 民主测评: the ballot widget, `<kaoping-ballot>`.

mod confirm;
mod sheet;
pub mod state;
mod view;

pub use view::{BallotProps, BallotWidget};
