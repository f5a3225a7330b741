//! Which engine answers a request: the native `kaoping-shared` code, or a wasm plugin.
//! Both speak the same JSON (`kaoping_shared::api`), so their answers are byte-identical.

use crate::plugin::{Plugin, PluginId};
use kaoping_shared::api;

/// The engine that computes results.
#[derive(Debug)]
pub enum Engine {
    /// `kaoping-shared` compiled into this binary.
    Native,
    /// A wasm plugin, run sandboxed under its runtime's limits (`crate::plugin`).
    Plugin(Plugin),
}

impl Engine {
    /// Sends one request and returns the raw JSON response.
    pub fn call_raw(&self, request: &[u8]) -> anyhow::Result<Vec<u8>> {
        match self {
            Engine::Native => Ok(api::handle(request)),
            Engine::Plugin(plugin) => Ok(plugin.call(request)?.response),
        }
    }

    /// Sends one request and decodes the response.
    pub fn call(&self, request: &api::Request) -> anyhow::Result<api::Response> {
        let bytes = serde_json::to_vec(request)?;
        let out = self.call_raw(&bytes)?;
        Ok(crate::plugin::decode(&out)?)
    }

    /// The plugin that computes this engine's results, for naming it in official results;
    /// `None` for the native engine (the built-in plugin is [`crate::plugin::builtin_id`]).
    pub fn plugin_id(&self) -> Option<&PluginId> {
        match self {
            Engine::Native => None,
            Engine::Plugin(plugin) => Some(plugin.id()),
        }
    }
}
