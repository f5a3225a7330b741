//! # kaoping-shared: the 考评 core
//!
//! Pure, exact logic shared by the intranet server, the browser widgets and the sandboxed
//! scoring plugin: indicator systems as data ([`rules`]), the evaluation with its
//! explanation trail ([`eval`]), case sampling ([`sampling`]), ballots ([`ballot`]),
//! metrics ([`metrics`]) and the working-day calendar ([`calendar`]). No I/O, no clock, no
//! randomness: the same inputs give the same bytes on every machine, years later.
//!
//! Scores are [`rust_decimal::Decimal`], rounded 四舍五入 (half-up) by
//! [`decimal::round_half_up`]; never `f64`.
//!
//! ```
//! use kaoping_shared::decimal::round_half_up;
//! assert_eq!(round_half_up("8.125".parse().unwrap(), 2).to_string(), "8.13");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod ballot;
pub mod calendar;
pub mod date;
pub mod decimal;
pub mod eval;
pub mod ids;
pub mod metrics;
pub mod model;
pub mod rules;
pub mod sampling;
pub mod synthetic;
