//! What can go wrong loading a plugin ([`LoadError`]) and calling it ([`CallError`]).
//! Messages are for the person who installed the plugin: Chinese, and they say which import,
//! export or limit is at fault.

use std::time::Duration;

/// Why a module was refused at load time.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The bytes are not a WebAssembly binary at all.
    #[error("不是 WebAssembly 模块：文件开头应为 \\0asm，实际为 {found}")]
    NotWasm {
        /// The first bytes found, in hex.
        found: String,
    },
    /// A WebAssembly component (or another version) instead of a core module.
    #[error("不是 WebAssembly 核心模块（版本 {version:#010x}）：插件应为 wasm 核心模块，不是组件")]
    NotCoreModule {
        /// The version field found.
        version: u32,
    },
    /// The module is larger than allowed.
    #[error("插件过大：{size} 字节，上限 {limit} 字节")]
    TooLarge {
        /// Size of the module.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The module does not validate or compile.
    #[error("插件无法编译：{detail}")]
    Invalid {
        /// What the validator said.
        detail: String,
    },
    /// The module imports something; plugins may import nothing.
    #[error("插件导入了未允许的{}；插件不得有任何导入", imports.join("、"))]
    ForbiddenImports {
        /// Each import, as `函数 module::name`.
        imports: Vec<String>,
    },
    /// A required export is missing.
    #[error("插件缺少导出 {name}（应为{expected}）")]
    MissingExport {
        /// The export's name.
        name: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// A required export has the wrong kind or type.
    #[error("插件导出 {name} 的类型不对：应为{expected}，实际为{found}")]
    WrongExportType {
        /// The export's name.
        name: &'static str,
        /// What it should be.
        expected: &'static str,
        /// What it is.
        found: String,
    },
    /// `kaoping_abi` is not a version this host speaks.
    #[error("插件接口版本 kaoping_abi = {found}，本系统只支持 {supported}")]
    AbiVersion {
        /// The value found.
        found: i32,
        /// The version supported.
        supported: u32,
    },
    /// The module's initial memory is already above the memory limit.
    #[error("插件初始内存 {minimum} 字节，超过上限 {limit} 字节")]
    MemoryTooLarge {
        /// Initial size in bytes.
        minimum: u64,
        /// The limit.
        limit: usize,
    },
    /// Instantiating the module (to read `kaoping_abi`) failed.
    #[error("插件无法实例化：{source}")]
    Instantiate {
        /// Why.
        #[source]
        source: CallError,
    },
    /// The wasm engine could not be set up (a host problem, not the plugin's).
    #[error("无法创建 WebAssembly 引擎：{detail}")]
    Engine {
        /// What wasmtime said.
        detail: String,
    },
}

/// Why a call into a loaded plugin produced no response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The request is larger than allowed.
    #[error("请求过大：{len} 字节，上限 {limit} 字节")]
    RequestTooLarge {
        /// Request length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The fuel budget ran out (an endless or too long computation).
    #[error("插件计算量超出预算（燃料 {limit} 已用完），可能陷入死循环")]
    FuelExhausted {
        /// The fuel the call had.
        limit: u64,
    },
    /// The wall-clock deadline passed.
    #[error("插件运行超时（限时 {deadline:?}）")]
    Timeout {
        /// The deadline the call had.
        deadline: Duration,
    },
    /// The plugin asked for more linear memory than allowed.
    #[error("插件内存超出上限：申请 {requested} 字节，上限 {limit} 字节")]
    MemoryLimit {
        /// The size it asked to grow to.
        requested: usize,
        /// The limit.
        limit: usize,
    },
    /// The plugin asked for a bigger table than allowed.
    #[error("插件表超出上限：申请 {requested} 项，上限 {limit} 项")]
    TableLimit {
        /// The size it asked to grow to.
        requested: usize,
        /// The limit.
        limit: usize,
    },
    /// The plugin's call stack overflowed (too deep recursion).
    #[error("插件调用栈溢出（递归过深）")]
    StackOverflow,
    /// The plugin trapped (a bug in the plugin, or a panic).
    #[error("插件运行出错（{trap}）：{detail}")]
    Trap {
        /// The trap.
        #[source]
        trap: wasmtime::Trap,
        /// Where, with the wasm backtrace when known.
        detail: String,
    },
    /// `kaoping_alloc` returned 0.
    #[error("插件无法为 {len} 字节的请求分配内存（kaoping_alloc 返回 0）")]
    AllocFailed {
        /// Request length.
        len: usize,
    },
    /// A pointer and length from the plugin do not fit in its memory.
    #[error("插件返回的{what}位置越界：地址 {ptr}，长度 {len}，内存只有 {memory} 字节")]
    OutOfBounds {
        /// Which: `请求缓冲区` (from kaoping_alloc) or `响应` (from kaoping_call).
        what: &'static str,
        /// The pointer.
        ptr: u32,
        /// The length.
        len: u32,
        /// The memory size at that point.
        memory: usize,
    },
    /// The response is larger than allowed.
    #[error("插件响应过大：{len} 字节，上限 {limit} 字节")]
    ResponseTooLarge {
        /// Response length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The response is not the JSON envelope of `kaoping_shared::api`.
    #[error("插件响应不是有效的 JSON 响应：{detail}")]
    InvalidResponse {
        /// What the decoder said.
        detail: String,
    },
    /// Anything else from the runtime (e.g. all instance slots busy).
    #[error("插件运行环境出错：{detail}")]
    Runtime {
        /// What wasmtime said.
        detail: String,
    },
}
