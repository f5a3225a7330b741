//! End-to-end tests, one module per area.

mod plugin_abi;
mod plugin_cache;
mod plugin_differential;
mod plugin_hostile;
mod plugin_session;
