//! The sandbox: one wasmtime engine per [`Runtime`], each plugin compiled once into an
//! [`InstancePre`], and a fresh instance from the pooling allocator for every call, so no
//! state survives from one call to the next.

use super::cache::ModuleCache;
use super::reaper::{self, Reaper};
use super::{CallError, Limits, LoadError, PluginId};
use kaoping_shared::api;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use wasmtime::{
    Config, Enabled, Engine, ExternType, InstanceAllocationStrategy, InstancePre, Linker, Module,
    ModuleExport, Mutability, PoolingAllocationConfig, ResourceLimiter, Store, Trap, TypedFunc,
    ValType,
};

const PAGE: u64 = 65_536;

/// Linear memory kept resident per warm pooling slot after a call (zeroed, not unmapped).
const KEEP_RESIDENT: usize = 64 << 20;

/// Unused pooling slots kept warm with their resident memory.
const WARM_SLOTS: u32 = 2;

/// A wasm engine configured for plugins: fuel, epoch deadline, NaN canonicalization,
/// pooling allocator. Cheap to clone; share one per process.
#[derive(Clone, Debug)]
pub struct Runtime {
    inner: Arc<RuntimeInner>,
}

#[derive(Debug)]
struct RuntimeInner {
    engine: Engine,
    limits: Limits,
    stop_ticker: Arc<AtomicBool>,
    cache: Option<ModuleCache>,
    reaper: Reaper<Store<CallState>>,
}

impl Drop for RuntimeInner {
    fn drop(&mut self) {
        self.stop_ticker.store(true, Ordering::Relaxed);
    }
}

/// A compiled plugin, ready to call. Cheap to clone; calls may run on many threads at once.
#[derive(Clone)]
pub struct Plugin {
    inner: Arc<PluginInner>,
}

struct PluginInner {
    id: PluginId,
    size: usize,
    compile_time: Duration,
    runtime: Arc<RuntimeInner>,
    pre: InstancePre<CallState>,
    memory: ModuleExport,
    alloc: ModuleExport,
    call: ModuleExport,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("id", &self.inner.id)
            .field("size", &self.inner.size)
            .finish()
    }
}

/// What one call cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    /// Fuel consumed (≈ wasm instructions executed).
    pub fuel_used: u64,
    /// Fuel the call was given.
    pub fuel_limit: u64,
    /// Largest linear memory the instance had, in bytes.
    pub peak_memory: usize,
    /// Wall time from creating the instance to reading the response.
    pub elapsed: Duration,
}

/// A response and what it cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The JSON response, already checked to be a `kaoping_shared::api::Response`.
    pub response: Vec<u8>,
    /// The cost.
    pub report: Report,
}

/// Per-call store data: the resource limiter.
struct CallState {
    limiter: Limiter,
}

/// Caps memory and tables, remembering the peak.
struct Limiter {
    memory_limit: usize,
    table_limit: usize,
    peak_memory: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("memory limit")]
struct MemoryLimitHit {
    requested: usize,
    limit: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("table limit")]
struct TableLimitHit {
    requested: usize,
    limit: usize,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_limit {
            // An error (not `Ok(false)`) traps at once: a plugin that ignores a failed
            // `memory.grow` cannot spin on it until the fuel runs out.
            return Err(wasmtime::Error::new(MemoryLimitHit {
                requested: desired,
                limit: self.memory_limit,
            }));
        }
        self.peak_memory = self.peak_memory.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.table_limit {
            return Err(wasmtime::Error::new(TableLimitHit {
                requested: desired,
                limit: self.table_limit,
            }));
        }
        Ok(true)
    }
}

impl Runtime {
    /// Sets up the engine and its epoch ticker thread; plugins are compiled on every load.
    pub fn new(limits: Limits) -> Result<Runtime, LoadError> {
        Runtime::build(limits, None)
    }

    /// Like [`Runtime::new`], keeping compiled plugins in `dir` (created private) so a
    /// later process loads them in milliseconds instead of compiling again.
    pub fn with_cache(limits: Limits, dir: &std::path::Path) -> Result<Runtime, LoadError> {
        let cache = ModuleCache::new(dir).map_err(|e| LoadError::Engine {
            detail: format!("无法创建插件缓存目录“{}”：{e}", dir.display()),
        })?;
        Runtime::build(limits, Some(cache))
    }

    fn build(limits: Limits, cache: Option<ModuleCache>) -> Result<Runtime, LoadError> {
        let mut pool = PoolingAllocationConfig::new();
        // Slots for the calls that run at once and for finished ones the reaper still resets.
        let slots = limits.concurrency().saturating_add(reaper::BACKLOG);
        // No `max_memory_size` here: the limiter enforces the cap with a clear error, and
        // `check_exports` refuses an initial memory above it at load.
        pool.total_core_instances(slots)
            .total_memories(slots)
            .total_tables(slots)
            .max_memories_per_module(1)
            .max_tables_per_module(1)
            .table_elements(limits.table_elements())
            // A unit's evaluation touches ~37 MB of linear memory. Handing it back to the
            // kernel after every call made the next call fault every page in again (a sixth
            // of the call in this VM); instead the pages a call dirtied are zeroed and kept,
            // for a few warm slots only, so an idle server keeps at most ~128 MiB.
            .linear_memory_keep_resident(KEEP_RESIDENT)
            .pagemap_scan(Enabled::Auto)
            .max_unused_warm_slots(WARM_SLOTS);
        let mut config = Config::new();
        config
            .consume_fuel(true)
            .epoch_interruption(true)
            .cranelift_nan_canonicalization(true)
            // Only what a browser's own engine runs too, and nothing nondeterministic.
            .wasm_relaxed_simd(false)
            .wasm_memory64(false)
            .wasm_multi_memory(false)
            .wasm_custom_page_sizes(false)
            .wasm_wide_arithmetic(false)
            .wasm_stack_switching(false)
            .wasm_gc(false)
            .max_wasm_stack(512 * 1024)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&config).map_err(|e| LoadError::Engine {
            detail: format!("{e:#}"),
        })?;
        let stop_ticker = Arc::new(AtomicBool::new(false));
        spawn_ticker(&engine, Arc::clone(&stop_ticker))?;
        let reaper = Reaper::spawn().map_err(|e| LoadError::Engine {
            detail: format!("无法启动回收线程：{e}"),
        })?;
        Ok(Runtime {
            inner: Arc::new(RuntimeInner {
                engine,
                limits,
                stop_ticker,
                cache,
                reaper,
            }),
        })
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Validates, compiles and checks a module against the plugin ABI v1.
    pub fn load(&self, bytes: &[u8]) -> Result<Plugin, LoadError> {
        let limits = &self.inner.limits;
        check_header(bytes, limits)?;
        let started = Instant::now();
        let id = PluginId::of(bytes);
        let module = match &self.inner.cache {
            Some(cache) => cache.load_or_compile(&self.inner.engine, &id, bytes),
            None => Module::new(&self.inner.engine, bytes),
        }
        .map_err(|e| LoadError::Invalid {
            detail: format!("{e:#}"),
        })?;
        let compile_time = started.elapsed();

        let imports: Vec<String> = module
            .imports()
            .map(|import| {
                format!(
                    "{} {}::{}",
                    kind_name(&import.ty()),
                    import.module(),
                    import.name()
                )
            })
            .collect();
        if !imports.is_empty() {
            return Err(LoadError::ForbiddenImports { imports });
        }
        check_exports(&module, limits)?;

        let linker = Linker::new(&self.inner.engine);
        let pre = linker
            .instantiate_pre(&module)
            .map_err(|e| LoadError::Invalid {
                detail: format!("{e:#}"),
            })?;
        let export = |name: &'static str| {
            module
                .get_export_index(name)
                .ok_or(LoadError::MissingExport { name, expected: "" })
        };
        let plugin = Plugin {
            inner: Arc::new(PluginInner {
                id,
                size: bytes.len(),
                compile_time,
                runtime: Arc::clone(&self.inner),
                memory: export("memory")?,
                alloc: export("kaoping_alloc")?,
                call: export("kaoping_call")?,
                pre,
            }),
        };
        let found = plugin
            .abi_version()
            .map_err(|source| LoadError::Instantiate { source })?;
        if found != api::ABI_VERSION as i32 {
            return Err(LoadError::AbiVersion {
                found,
                supported: api::ABI_VERSION,
            });
        }
        Ok(plugin)
    }
}

fn spawn_ticker(engine: &Engine, stop: Arc<AtomicBool>) -> Result<(), LoadError> {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("kaoping-plugin-epoch".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Limits::EPOCH_TICK);
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => return,
                }
            }
        })
        .map(drop)
        .map_err(|e| LoadError::Engine {
            detail: format!("无法启动计时线程：{e}"),
        })
}

fn check_header(bytes: &[u8], limits: &Limits) -> Result<(), LoadError> {
    if bytes.len() > limits.max_module() {
        return Err(LoadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_module(),
        });
    }
    if !bytes.starts_with(b"\0asm") {
        let found = bytes
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ");
        let found = if found.is_empty() {
            "空文件".to_owned()
        } else {
            found
        };
        return Err(LoadError::NotWasm { found });
    }
    if let Some(version) = bytes.get(4..8) {
        let version = u32::from_le_bytes(version.try_into().unwrap_or_default());
        if version != 1 {
            return Err(LoadError::NotCoreModule { version });
        }
    }
    Ok(())
}

const MEMORY: &str = "内存（32 位，非共享）";
const ABI_GLOBAL: &str = "不可变的 i32 全局变量";
const ALLOC_SIG: &str = "函数 (i32) -> i32";
const CALL_SIG: &str = "函数 (i32, i32) -> i64";

fn check_exports(module: &Module, limits: &Limits) -> Result<(), LoadError> {
    let get = |name: &'static str, expected: &'static str| {
        module
            .get_export(name)
            .ok_or(LoadError::MissingExport { name, expected })
    };
    let wrong = |name, expected, ty: &ExternType| LoadError::WrongExportType {
        name,
        expected,
        found: describe(ty),
    };

    match get("memory", MEMORY)? {
        ExternType::Memory(memory) if !memory.is_64() && !memory.is_shared() => {
            let minimum = memory.minimum().saturating_mul(PAGE);
            if minimum > limits.memory() as u64 {
                return Err(LoadError::MemoryTooLarge {
                    minimum,
                    limit: limits.memory(),
                });
            }
        }
        other => return Err(wrong("memory", MEMORY, &other)),
    }
    match get("kaoping_abi", ABI_GLOBAL)? {
        ExternType::Global(global)
            if global.content().is_i32() && global.mutability() == Mutability::Const => {}
        other => return Err(wrong("kaoping_abi", ABI_GLOBAL, &other)),
    }
    for (name, expected, signature) in [
        ("kaoping_alloc", ALLOC_SIG, "(i32) -> i32"),
        ("kaoping_call", CALL_SIG, "(i32, i32) -> i64"),
    ] {
        let ty = get(name, expected)?;
        if describe(&ty) != format!("函数 {signature}") {
            return Err(wrong(name, expected, &ty));
        }
    }
    Ok(())
}

fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "函数",
        ExternType::Global(_) => "全局变量",
        ExternType::Memory(_) => "内存",
        ExternType::Table(_) => "表",
        ExternType::Tag(_) => "异常标签",
    }
}

fn describe(ty: &ExternType) -> String {
    let list = |types: &mut dyn ExactSizeIterator<Item = ValType>| {
        types.map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
    };
    match ty {
        ExternType::Func(func) => {
            let params = list(&mut func.params());
            let results = list(&mut func.results());
            let results = if func.results().len() == 1 {
                results
            } else {
                format!("({results})")
            };
            format!("函数 ({params}) -> {results}")
        }
        ExternType::Global(global) => {
            let mutability = if global.mutability() == Mutability::Var {
                "可变"
            } else {
                "不可变"
            };
            format!("{mutability}的 {} 全局变量", global.content())
        }
        ExternType::Memory(memory) => {
            let bits = if memory.is_64() { 64 } else { 32 };
            let shared = if memory.is_shared() {
                "共享"
            } else {
                "非共享"
            };
            format!("内存（{bits} 位，{shared}）")
        }
        other => kind_name(other).to_owned(),
    }
}

impl Plugin {
    /// The plugin's SHA-256.
    pub fn id(&self) -> &PluginId {
        &self.inner.id
    }

    /// The module's size in bytes.
    pub fn size(&self) -> usize {
        self.inner.size
    }

    /// How long compiling the module took.
    pub fn compile_time(&self) -> Duration {
        self.inner.compile_time
    }

    /// The limits calls run under.
    pub fn limits(&self) -> &Limits {
        &self.inner.runtime.limits
    }

    /// Sends one JSON request, in a fresh instance, under the limits.
    pub fn call(&self, request: &[u8]) -> Result<Outcome, CallError> {
        let limits = self.inner.runtime.limits;
        if request.len() > limits.max_request() {
            return Err(CallError::RequestTooLarge {
                len: request.len(),
                limit: limits.max_request(),
            });
        }
        let started = Instant::now();
        let mut store = self.store(request.len());
        let fuel_limit = limits.fuel_for(request.len());
        let result = self.exchange(&mut store, request);
        let report = Report {
            fuel_used: fuel_limit.saturating_sub(store.get_fuel().unwrap_or(0)),
            fuel_limit,
            peak_memory: store.data().limiter.peak_memory,
            elapsed: started.elapsed(),
        };
        // Resetting the memory the call touched need not hold up its answer.
        self.inner.runtime.reaper.retire(store);
        result.map(|response| Outcome { response, report })
    }

    /// Creates and drops one instance without calling it: the fixed cost of every call.
    pub fn instantiate_only(&self) -> Result<Duration, CallError> {
        let started = Instant::now();
        let mut store = self.store(0);
        self.inner
            .pre
            .instantiate(&mut store)
            .map_err(|e| self.classify(e, 0))?;
        Ok(started.elapsed())
    }

    fn store(&self, request_len: usize) -> Store<CallState> {
        let limits = &self.inner.runtime.limits;
        let limiter = Limiter {
            memory_limit: limits.memory(),
            table_limit: limits.table_elements(),
            peak_memory: 0,
        };
        let mut store = Store::new(&self.inner.runtime.engine, CallState { limiter });
        store.limiter(|state| &mut state.limiter);
        // Both only fail when fuel / epochs are not enabled, and `Runtime::new` enables them.
        let _ = store.set_fuel(limits.fuel_for(request_len));
        store.set_epoch_deadline(limits.deadline_ticks(request_len));
        store.epoch_deadline_trap();
        store
    }

    fn abi_version(&self) -> Result<i32, CallError> {
        let mut store = self.store(0);
        let instance = self
            .inner
            .pre
            .instantiate(&mut store)
            .map_err(|e| self.classify(e, 0))?;
        let global = instance
            .get_global(&mut store, "kaoping_abi")
            .ok_or_else(|| CallError::Runtime {
                detail: "缺少 kaoping_abi".into(),
            })?;
        global
            .get(&mut store)
            .i32()
            .ok_or_else(|| CallError::Runtime {
                detail: "kaoping_abi 不是 i32".into(),
            })
    }

    fn exchange(&self, store: &mut Store<CallState>, request: &[u8]) -> Result<Vec<u8>, CallError> {
        let len = request.len();
        let limits = self.inner.runtime.limits;
        let classify = |e| self.classify(e, len);
        let instance = self.inner.pre.instantiate(&mut *store).map_err(classify)?;
        let missing = |what: &str| CallError::Runtime {
            detail: format!("实例缺少 {what}"),
        };
        let memory = instance
            .get_module_export(&mut *store, &self.inner.memory)
            .and_then(|e| e.into_memory())
            .ok_or_else(|| missing("memory"))?;
        let alloc: TypedFunc<i32, i32> = instance
            .get_module_export(&mut *store, &self.inner.alloc)
            .and_then(|e| e.into_func())
            .ok_or_else(|| missing("kaoping_alloc"))?
            .typed(&*store)
            .map_err(classify)?;
        let call: TypedFunc<(i32, i32), i64> = instance
            .get_module_export(&mut *store, &self.inner.call)
            .and_then(|e| e.into_func())
            .ok_or_else(|| missing("kaoping_call"))?
            .typed(&*store)
            .map_err(classify)?;

        // `max_request()` is at most i32::MAX.
        let len32 = i32::try_from(len).map_err(|_| CallError::RequestTooLarge {
            len,
            limit: limits.max_request(),
        })?;
        let ptr = alloc.call(&mut *store, len32).map_err(classify)? as u32;
        if ptr == 0 && len > 0 {
            return Err(CallError::AllocFailed { len });
        }
        let size = memory.data_size(&*store);
        let range = span(ptr, len as u32, size).ok_or(CallError::OutOfBounds {
            what: "请求缓冲区",
            ptr,
            len: len as u32,
            memory: size,
        })?;
        memory.data_mut(&mut *store)[range].copy_from_slice(request);

        let packed = call
            .call(&mut *store, (ptr as i32, len32))
            .map_err(classify)? as u64;
        let (out_ptr, out_len) = ((packed >> 32) as u32, packed as u32);
        if out_len as usize > limits.max_response() {
            return Err(CallError::ResponseTooLarge {
                len: out_len as usize,
                limit: limits.max_response(),
            });
        }
        let size = memory.data_size(&*store);
        let range = span(out_ptr, out_len, size).ok_or(CallError::OutOfBounds {
            what: "响应",
            ptr: out_ptr,
            len: out_len,
            memory: size,
        })?;
        let response = memory.data(&*store)[range].to_vec();
        api::check_envelope(&response).map_err(|e| CallError::InvalidResponse {
            detail: e.to_string(),
        })?;
        Ok(response)
    }

    fn classify(&self, error: wasmtime::Error, request_len: usize) -> CallError {
        let limits = &self.inner.runtime.limits;
        for cause in error.chain() {
            if let Some(hit) = cause.downcast_ref::<MemoryLimitHit>() {
                return CallError::MemoryLimit {
                    requested: hit.requested,
                    limit: hit.limit,
                };
            }
            if let Some(hit) = cause.downcast_ref::<TableLimitHit>() {
                return CallError::TableLimit {
                    requested: hit.requested,
                    limit: hit.limit,
                };
            }
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::OutOfFuel) => CallError::FuelExhausted {
                limit: limits.fuel_for(request_len),
            },
            Some(Trap::Interrupt) => CallError::Timeout {
                deadline: limits.deadline_for(request_len),
            },
            Some(Trap::StackOverflow) => CallError::StackOverflow,
            Some(&trap) => CallError::Trap {
                trap,
                detail: format!("{error:?}"),
            },
            None => CallError::Runtime {
                detail: format!("{error:#}"),
            },
        }
    }
}

/// `ptr..ptr+len` if it lies within `size` bytes.
fn span(ptr: u32, len: u32, size: usize) -> Option<std::ops::Range<usize>> {
    let start = ptr as usize;
    let end = start.checked_add(len as usize)?;
    (end <= size).then_some(start..end)
}

/// Decodes a response (from a plugin or the native engine) into the API's types; a
/// response that does not decode is the plugin's fault, reported as
/// [`CallError::InvalidResponse`].
pub fn decode(response: &[u8]) -> Result<api::Response, CallError> {
    serde_json::from_slice(response).map_err(|e| CallError::InvalidResponse {
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn span_refuses_ranges_past_the_end_or_wrapping() {
        assert_eq!(span(0, 4, 4), Some(0..4));
        assert_eq!(span(4, 0, 4), Some(4..4));
        assert_eq!(span(1, 4, 4), None);
        assert_eq!(
            span(u32::MAX, u32::MAX, usize::MAX >> 1),
            Some(u32::MAX as usize..2 * u32::MAX as usize)
        );
        assert_eq!(span(u32::MAX, 1, 65_536), None);
    }
}
