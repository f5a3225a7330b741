//! The unit's scoring plugin, run in the browser's own WebAssembly engine under the ABI of
//! `docs/plugin-abi.md`: the same bytes the server runs, checked by SHA-256, a fresh
//! instance per call, an empty import object.
//!
//! The pure parts (checking the hash, unpacking the result, reading `describe`) are
//! tested natively; the rest runs only in a browser.

use crate::json::{Json, write_str};
use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Lowercase hex SHA-256, as plugins are named.
///
/// # Example
/// ```
/// assert!(kaoping_widgets::plugin::sha256_hex(b"").starts_with("e3b0c442"));
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    crate::sha256::digest(bytes)
        .iter()
        .flat_map(|b| {
            [
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

/// Splits `kaoping_call`'s result into `(out_ptr, out_len)`.
///
/// # Example
/// ```
/// assert_eq!(kaoping_widgets::plugin::unpack(0x0000_0010_0000_0075), (16, 117));
/// ```
pub fn unpack(packed: i64) -> (u32, u32) {
    let bits = packed as u64;
    ((bits >> 32) as u32, bits as u32)
}

/// The request `{"<operation>": {"<name>": <value>, …}}` from JSON texts, spliced as
/// they are: a unit's input of 20,000 cases is copied, not read and written again.
///
/// # Example
/// ```
/// let request = kaoping_widgets::plugin::request("tally", &[("ballots", "[]")]);
/// assert_eq!(request, br#"{"tally":{"ballots":[]}}"#);
/// ```
pub fn request(operation: &str, arguments: &[(&str, &str)]) -> Vec<u8> {
    let size: usize = arguments.iter().map(|(k, v)| k.len() + v.len() + 4).sum();
    let mut out = String::with_capacity(operation.len() + size + 8);
    out.push('{');
    write_str(&mut out, operation);
    out.push_str(":{");
    for (i, (name, value)) in arguments.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(&mut out, name);
        out.push(':');
        out.push_str(value);
    }
    out.push_str("}}");
    out.into_bytes()
}

/// The `result` of a plugin's answer (`{"evaluation": …}`, `{"verified": …}` …), or its
/// error in Chinese with every problem listed.
///
/// # Example
/// ```
/// use kaoping_widgets::plugin::reply;
/// let ok = reply(br#"{"status":"ok","result":{"verified":{"chosen":3}}}"#).unwrap();
/// assert_eq!(ok["verified"]["chosen"].as_u64(), Some(3));
/// let err = r#"{"status":"error","error":{"code":"x","message":"有 2 处问题","problems":["甲","乙"]}}"#;
/// assert_eq!(reply(err.as_bytes()).unwrap_err(), "有 2 处问题：甲；乙");
/// ```
pub fn reply(response: &[u8]) -> Result<Json, String> {
    let text = std::str::from_utf8(response).map_err(|e| e.to_string());
    let mut response = text
        .and_then(Json::parse)
        .map_err(|e| format!("评分插件的回答无法读取：{e}"))?;
    if response["status"].as_str() == Some("ok") {
        return Ok(response
            .get_mut("result")
            .map(std::mem::take)
            .unwrap_or_default());
    }
    let error = &response["error"];
    let mut message = error["message"].str().to_owned();
    if message.is_empty() {
        message = "评分插件的回答既不是结果也不是错误".to_owned();
    }
    let problems = error.strings_at("problems");
    if !problems.is_empty() {
        message = format!("{message}：{}", problems.join("；"));
    }
    Err(message)
}

/// Reads the answer to `"describe"`: engine name and version, operations; ABI 1 only.
pub fn read_description(response: &[u8]) -> Result<(String, String, Vec<String>), String> {
    let result = reply(response).map_err(|e| format!("评分插件对 describe 的回答无法读取：{e}"))?;
    let d = &result["description"];
    match d["abi"].as_u64() {
        Some(1) => Ok((
            d["engine"].str().to_owned(),
            d["version"].str().to_owned(),
            d.strings_at("operations"),
        )),
        Some(abi) => Err(format!("评分插件的接口版本为 {abi}，本页面只支持版本 1")),
        None => Err("评分插件对 describe 的回答不是插件说明".to_owned()),
    }
}

/// Checks downloaded bytes against the SHA-256 the server announced.
pub fn verify(bytes: &[u8], expected: &str) -> Result<(), String> {
    let actual = sha256_hex(bytes);
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "评分插件校验失败：服务器声明的 SHA-256 为 {expected}，下载内容为 {actual}"
        ))
    }
}

/// A compiled plugin, ready for calls.
#[derive(Debug)]
pub struct BrowserPlugin {
    module: WebAssembly::Module,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Engine name from `describe`.
    pub engine: String,
    /// Engine version from `describe`.
    pub version: String,
    /// Operations from `describe`.
    pub operations: Vec<String>,
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

fn export(exports: &Object, name: &str) -> Result<JsValue, String> {
    let value = Reflect::get(exports, &JsValue::from_str(name)).map_err(|e| js_message(&e))?;
    if value.is_undefined() {
        Err(format!("评分插件缺少导出 {name}"))
    } else {
        Ok(value)
    }
}

impl BrowserPlugin {
    /// Compiles `bytes` after checking them against `sha256`, checks `kaoping_abi`, and asks
    /// the plugin to describe itself.
    pub async fn load(bytes: &[u8], sha256: &str) -> Result<BrowserPlugin, String> {
        verify(bytes, sha256)?;
        let module = JsFuture::from(WebAssembly::compile(&Uint8Array::from(bytes).into()))
            .await
            .map_err(|e| format!("浏览器无法编译评分插件：{}", js_message(&e)))?;
        let module: WebAssembly::Module = module.unchecked_into();
        let mut plugin = BrowserPlugin {
            module,
            sha256: sha256.to_owned(),
            engine: String::new(),
            version: String::new(),
            operations: Vec::new(),
        };
        let instance = plugin.instantiate().await?;
        let abi = export(&instance.exports(), "kaoping_abi")?
            .dyn_into::<WebAssembly::Global>()
            .map_err(|_| "评分插件的 kaoping_abi 不是全局变量".to_owned())?
            .value()
            .as_f64();
        if abi != Some(1.0) {
            return Err("评分插件的 kaoping_abi 不是 1（本页面只支持接口版本 1）".to_owned());
        }
        let described = plugin.call(br#""describe""#).await?;
        (plugin.engine, plugin.version, plugin.operations) = read_description(&described)?;
        Ok(plugin)
    }

    async fn instantiate(&self) -> Result<WebAssembly::Instance, String> {
        // No imports at all: a plugin that imports anything fails here, as on the server.
        // The synchronous constructor saves a trip through the task queue on every
        // keystroke; where a browser refuses it on the main thread, the promise is used.
        if let Ok(instance) = WebAssembly::Instance::new(&self.module, &Object::new()) {
            return Ok(instance);
        }
        let instance = JsFuture::from(WebAssembly::instantiate_module(
            &self.module,
            &Object::new(),
        ))
        .await
        .map_err(|e| format!("评分插件无法实例化：{}", js_message(&e)))?;
        Ok(instance.unchecked_into())
    }

    /// The operation for live totals: `what_if` (scores without the explanation trail) when
    /// the plugin has it, else `evaluate`. Both give the same scores.
    pub fn live_operation(&self) -> &'static str {
        if self.operations.iter().any(|o| o == "what_if") {
            "what_if"
        } else {
            "evaluate"
        }
    }

    /// One ABI call on a fresh instance: request bytes in, response bytes out.
    pub async fn call(&self, request: &[u8]) -> Result<Vec<u8>, String> {
        Exchange::of(&self.instantiate().await?)?.call(request)
    }

    /// An instance holding `input` (a unit's input as JSON) for what-if recomputes that
    /// send only their rule set (docs/plugin-abi.md, "Reusing an instance"); `None` when the
    /// plugin has no `hold`, and every recompute then sends the whole input.
    pub async fn hold(&self, input: &str) -> Result<Option<HeldInput>, String> {
        let supported = ["hold", "what_if_held"]
            .iter()
            .all(|op| self.operations.iter().any(|o| o == op));
        if !supported {
            return Ok(None);
        }
        let exchange = Exchange::of(&self.instantiate().await?)?;
        let mut request = String::with_capacity(input.len() + 20);
        request.push_str(r#"{"hold":{"input":"#);
        request.push_str(input);
        request.push_str("}}");
        let answer = exchange.call(request.as_bytes())?;
        reply(&answer)?;
        Ok(Some(HeldInput { exchange }))
    }
}

/// An instance that holds a unit's input (from [`BrowserPlugin::hold`]).
#[derive(Debug)]
pub struct HeldInput {
    exchange: Exchange,
}

impl HeldInput {
    /// `what_if_held` with `rules` (a rule set as JSON): the same answer as `what_if` with
    /// the held input, without sending and reading the input again.
    pub fn what_if(&self, rules: &str) -> Result<Vec<u8>, String> {
        let mut request = String::with_capacity(rules.len() + 30);
        request.push_str(r#"{"what_if_held":{"rules":"#);
        request.push_str(rules);
        request.push_str("}}");
        self.exchange.call(request.as_bytes())
    }
}

/// The exports of one instance, and the ABI's steps 2–5 over them.
#[derive(Debug)]
struct Exchange {
    memory: WebAssembly::Memory,
    alloc: Function,
    call: Function,
}

impl Exchange {
    fn of(instance: &WebAssembly::Instance) -> Result<Exchange, String> {
        let exports = instance.exports();
        Ok(Exchange {
            memory: export(&exports, "memory")?
                .dyn_into()
                .map_err(|_| "评分插件的 memory 不是内存".to_owned())?,
            alloc: export(&exports, "kaoping_alloc")?
                .dyn_into()
                .map_err(|_| "评分插件的 kaoping_alloc 不是函数".to_owned())?,
            call: export(&exports, "kaoping_call")?
                .dyn_into()
                .map_err(|_| "评分插件的 kaoping_call 不是函数".to_owned())?,
        })
    }

    fn call(&self, request: &[u8]) -> Result<Vec<u8>, String> {
        let len = i32::try_from(request.len()).map_err(|_| "请求过大".to_owned())?;
        let trap = |e: JsValue| format!("评分插件运行出错：{}", js_message(&e));

        let ptr = self
            .alloc
            .call1(&JsValue::UNDEFINED, &JsValue::from(len))
            .map_err(trap)?
            .as_f64()
            .ok_or("kaoping_alloc 没有返回地址")? as i32 as u32;
        if ptr == 0 && len > 0 {
            return Err("评分插件无法分配请求内存".to_owned());
        }
        let heap = Uint8Array::new(&self.memory.buffer());
        let end = u64::from(ptr) + request.len() as u64;
        if end > u64::from(heap.length()) {
            return Err("评分插件给出的请求缓冲区越界".to_owned());
        }
        heap.subarray(ptr, end as u32).copy_from(request);

        let packed = self
            .call
            .call2(
                &JsValue::UNDEFINED,
                &JsValue::from(ptr as i32),
                &JsValue::from(len),
            )
            .map_err(trap)?;
        let packed = i64::try_from(packed).map_err(|_| "kaoping_call 没有返回 i64".to_owned())?;
        let (out_ptr, out_len) = unpack(packed);
        // The call may have grown memory: take the buffer again.
        let heap = Uint8Array::new(&self.memory.buffer());
        let end = u64::from(out_ptr) + u64::from(out_len);
        if end > u64::from(heap.length()) {
            return Err("评分插件的响应越界".to_owned());
        }
        Ok(heap.subarray(out_ptr, end as u32).to_vec())
    }
}

thread_local! {
    /// Compiled plugins by SHA-256: widgets on one page share them. Bounded by the number
    /// of distinct plugins the server names.
    static CACHE: RefCell<Vec<Rc<BrowserPlugin>>> = const { RefCell::new(Vec::new()) };
}

/// The plugin named `sha256`, fetched from `server` once per page.
pub async fn fetch(
    server: &str,
    token: Option<&str>,
    sha256: &str,
) -> Result<Rc<BrowserPlugin>, String> {
    let cached = CACHE.with(|c| c.borrow().iter().find(|p| p.sha256 == sha256).cloned());
    if let Some(plugin) = cached {
        return Ok(plugin);
    }
    let url = crate::api::paths::join(server, &crate::api::paths::plugin(sha256));
    let bytes = crate::net::get_bytes(&url, token)
        .await
        .map_err(|e| format!("无法下载评分插件：{e}"))?;
    let plugin = Rc::new(BrowserPlugin::load(&bytes, sha256).await?);
    CACHE.with(|c| c.borrow_mut().push(plugin.clone()));
    Ok(plugin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpack_reads_both_halves_unsigned() {
        assert_eq!(unpack(-1), (u32::MAX, u32::MAX));
        assert_eq!(unpack(0x8000_0000_0000_0001u64 as i64), (0x8000_0000, 1));
    }

    #[test]
    fn a_wrong_hash_is_refused_with_both_values() {
        let err = verify(b"abc", &"0".repeat(64)).unwrap_err();
        assert!(err.contains(&sha256_hex(b"abc")), "{err}");
        assert!(verify(b"abc", &sha256_hex(b"abc")).is_ok());
    }

    #[test]
    fn describe_answers_are_read_and_checked() {
        let ok = kaoping_shared::api::handle(br#""describe""#);
        let (engine, _, operations) = read_description(&ok).unwrap();
        assert_eq!(engine, kaoping_shared::api::ENGINE_NAME);
        assert!(operations.iter().any(|o| o == "what_if"));
        let wrong = br#"{"status":"ok","result":{"description":{"engine":"x","version":"1","abi":2,"operations":[]}}}"#;
        assert!(read_description(wrong).unwrap_err().contains("版本 1"));
        assert!(read_description(b"nonsense").is_err());
    }
}
