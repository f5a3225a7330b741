//! End-to-end tests, one module per area.

mod plugin_abi;
mod plugin_hostile;
