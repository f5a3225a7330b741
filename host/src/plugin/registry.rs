//! The plugins this process knows, by SHA-256, each compiled once. The built-in plugin is
//! always there. (Persisting installed plugins comes with the server.)

use super::{LoadError, Plugin, PluginId, Runtime, builtin_wasm};
use std::collections::BTreeMap;
use std::sync::RwLock;

/// Compiled plugins keyed by [`PluginId`].
#[derive(Debug)]
pub struct PluginRegistry {
    runtime: Runtime,
    builtin: Plugin,
    plugins: RwLock<BTreeMap<PluginId, Plugin>>,
}

impl PluginRegistry {
    /// A registry holding the built-in plugin, compiled for `runtime`.
    pub fn new(runtime: Runtime) -> Result<PluginRegistry, LoadError> {
        let builtin = runtime.load(builtin_wasm())?;
        let plugins = BTreeMap::from([(builtin.id().clone(), builtin.clone())]);
        Ok(PluginRegistry {
            runtime,
            builtin,
            plugins: RwLock::new(plugins),
        })
    }

    /// The runtime plugins run in.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// The built-in plugin.
    pub fn builtin(&self) -> &Plugin {
        &self.builtin
    }

    /// Loads a module, or returns the already compiled plugin with the same bytes.
    pub fn install(&self, bytes: &[u8]) -> Result<Plugin, LoadError> {
        let id = PluginId::of(bytes);
        if let Some(plugin) = self.get(&id) {
            return Ok(plugin);
        }
        let plugin = self.runtime.load(bytes)?;
        let mut plugins = self
            .plugins
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        Ok(plugins.entry(id).or_insert(plugin).clone())
    }

    /// The plugin with this id, if installed.
    pub fn get(&self, id: &PluginId) -> Option<Plugin> {
        let plugins = self
            .plugins
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        plugins.get(id).cloned()
    }

    /// Every installed plugin's id, sorted.
    pub fn ids(&self) -> Vec<PluginId> {
        let plugins = self
            .plugins
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        plugins.keys().cloned().collect()
    }
}
