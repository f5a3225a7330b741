//! An on-disk cache of compiled plugins. Compiling the built-in plugin takes seconds (about
//! 13 s in an unoptimised build); loading it from the cache takes milliseconds.
//!
//! A cache file is named by the plugin's SHA-256 and a hash of the engine's compatibility
//! settings, so another plugin, wasmtime version or configuration never reads it. Loading
//! native code from a file is only sound if nobody else can write that file: the directory
//! is created private (mode 0700) and the cache is only ever written here.

use super::PluginId;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module};

/// Where compiled plugins are kept.
#[derive(Clone, Debug)]
pub(crate) struct ModuleCache {
    dir: PathBuf,
}

impl ModuleCache {
    /// A cache in `dir`, created private if missing.
    pub fn new(dir: &Path) -> std::io::Result<ModuleCache> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
        Ok(ModuleCache {
            dir: dir.to_owned(),
        })
    }

    fn path(&self, engine: &Engine, id: &PluginId) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        self.dir
            .join(format!("{id}-{:016x}.cwasm", hasher.finish()))
    }

    /// The compiled module from the cache, or compiled now and stored for next time.
    /// A cache that cannot be read or written only costs time, never correctness.
    pub fn load_or_compile(
        &self,
        engine: &Engine,
        id: &PluginId,
        bytes: &[u8],
    ) -> wasmtime::Result<Module> {
        let path = self.path(engine, id);
        if path.is_file() {
            // SAFETY: the file was written by `Module::serialize` below, from a module compiled
            // for an engine with the same compatibility hash (part of the file name), into a
            // directory created private to this user and written only by this function.
            // wasmtime also checks the version and settings recorded in the file and refuses
            // a mismatch, which we treat as a cache miss.
            if let Ok(module) = unsafe { Module::deserialize_file(engine, &path) } {
                return Ok(module);
            }
            let _ = std::fs::remove_file(&path);
        }
        let module = Module::new(engine, bytes)?;
        if let Ok(serialized) = module.serialize() {
            // Write then rename, so a concurrent reader never sees half a file.
            let partial = path.with_extension(format!("{}.partial", std::process::id()));
            if std::fs::write(&partial, serialized).is_ok()
                && std::fs::rename(&partial, &path).is_err()
            {
                let _ = std::fs::remove_file(&partial);
            }
        }
        Ok(module)
    }
}

/// The default cache directory for command-line use: `$KAOPING_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/kaoping`, else `$HOME/.cache/kaoping`.
pub fn default_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("KAOPING_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("kaoping")))
        .or_else(|| var("HOME").map(|d| d.join(".cache/kaoping")))
}
