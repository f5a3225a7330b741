//! Scoring plugins, run sandboxed by wasmtime (issue 3; the ABI is `docs/plugin-abi.md`).
//!
//! A plugin is a core wasm module with no imports: JSON request in, JSON response out
//! (`kaoping_shared::api`). Each call gets a fresh instance under a fuel budget, a
//! wall-clock deadline, a memory cap and size caps ([`Limits`]), and reports what it cost
//! ([`Report`]). The built-in engine ships as a plugin too ([`builtin_wasm`]), and a plugin
//! is named by the SHA-256 of its bytes ([`PluginId`]).
//!
//! ```no_run
//! use kaoping_host::plugin::{Limits, PluginRegistry, Runtime};
//! let registry = PluginRegistry::new(Runtime::new(Limits::new())?)?;
//! let outcome = registry.builtin().call(br#""describe""#)?;
//! assert!(outcome.response.starts_with(br#"{"status":"ok""#));
//! println!("{} used {} fuel", registry.builtin().id(), outcome.report.fuel_used);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
mod error;
mod limits;
mod reaper;
mod registry;
mod runtime;

pub use cache::default_cache_dir;
pub use error::{CallError, LoadError};
pub use limits::Limits;
pub use registry::PluginRegistry;
pub use runtime::{Outcome, Plugin, Report, Runtime, decode};
/// The kind of a wasm trap, as in [`CallError::Trap`].
pub use wasmtime::Trap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The built-in plugin: `shared/plugin` compiled to wasm by `host/build.rs`.
static BUILTIN_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kaoping_builtin.wasm"));

/// The bytes of the built-in plugin (`kaoping plugin export` writes them).
pub fn builtin_wasm() -> &'static [u8] {
    BUILTIN_WASM
}

/// The SHA-256 of the built-in plugin.
pub fn builtin_id() -> &'static PluginId {
    static ID: OnceLock<PluginId> = OnceLock::new();
    ID.get_or_init(|| PluginId::of(BUILTIN_WASM))
}

/// A plugin's name: the lowercase hex SHA-256 of its module bytes.
///
/// # Example
/// ```
/// use kaoping_host::plugin::PluginId;
/// let id = PluginId::of(b"");
/// assert_eq!(id.as_str(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// assert_eq!(id.as_str().parse::<PluginId>().unwrap(), id);
/// assert!("E3B0".parse::<PluginId>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PluginId(String);

impl PluginId {
    /// The id of these module bytes.
    pub fn of(bytes: &[u8]) -> PluginId {
        let digest = Sha256::digest(bytes);
        PluginId(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PluginId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string that is not 64 lowercase hex digits.
#[derive(Debug, thiserror::Error)]
#[error("插件标识应为 64 位小写十六进制 SHA-256，实际为 {found:?}")]
pub struct PluginIdError {
    /// The string given.
    pub found: String,
}

impl std::str::FromStr for PluginId {
    type Err = PluginIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if ok {
            Ok(PluginId(s.to_owned()))
        } else {
            Err(PluginIdError {
                found: s.to_owned(),
            })
        }
    }
}

impl TryFrom<String> for PluginId {
    type Error = PluginIdError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PluginId> for String {
    fn from(id: PluginId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_plugin_is_embedded_with_the_abi_global() {
        let wasm = builtin_wasm();
        assert!(wasm.starts_with(b"\0asm\x01\0\0\0"));
        let name = b"kaoping_abi";
        assert!(wasm.windows(name.len()).any(|w| w == name));
        assert_eq!(builtin_id(), &PluginId::of(wasm));
    }

    #[test]
    fn plugin_id_round_trips_through_json() {
        let id = PluginId::of(b"abc");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<PluginId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<PluginId>(r#""xyz""#).is_err());
    }
}
