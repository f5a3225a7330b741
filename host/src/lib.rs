//! # kaoping-host: the intranet server and the `kaoping` CLI
//!
//! Reads users' spreadsheets ([`import`]), runs the scoring engine natively or as a
//! sandboxed wasm plugin ([`engine`]), and answers the command line ([`cli`]).

pub mod assets;
pub mod cli;
pub mod demo;
pub mod engine;
pub mod import;
pub mod plugin;
pub mod reference;
pub mod server;
pub mod store;
