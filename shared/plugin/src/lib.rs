//! # kaoping-plugin: the built-in scoring engine as a plugin
//!
//! `kaoping-shared` behind the plugin ABI v1 (`docs/plugin-abi.md`), for
//! `wasm32-unknown-unknown`. The host's build (`host/build.rs`) compiles this crate to wasm,
//! adds the `kaoping_abi` global (a Rust `static` would export its address, not its value)
//! and embeds the result, so the built-in engine runs in the same sandbox as any unit's own
//! plugin and every result can name it by SHA-256.
//!
//! The exports exist only on `wasm32`; natively this crate is the bookkeeping below, which
//! the unit tests exercise:
//!
//! ```
//! let mut arena = kaoping_plugin::Arena::default();
//! let block = arena.alloc(3).unwrap();
//! assert!(arena.contains(block.as_ptr() as usize, 3));
//! assert!(!arena.contains(block.as_ptr() as usize + 1, 3));
//! ```
//!
//! Memory: the server makes a fresh instance for each call and throws it away afterwards,
//! so nothing needs freeing. The request block and the response are leaked on purpose (a
//! leaked block is never reused while the host still reads it), the request and its answer
//! are not freed either ([`kaoping_shared::api::handle_once`]), and the global allocator is
//! a bump allocator ([`bump`]). A host that keeps one instance after a `hold` (the
//! browser's what-if) gets each exchange's memory back at the next `kaoping_alloc`.

pub mod bump;
pub mod memcmp;
pub mod utf8;

/// The plugin interface version this crate implements (the value of the `kaoping_abi`
/// global the build adds).
pub const ABI_VERSION: u32 = kaoping_shared::api::ABI_VERSION;

/// The blocks handed out by `kaoping_alloc`, so `kaoping_call` only ever reads memory it
/// allocated and initialised itself. A fixed table rather than a `Vec`, so that it lives
/// outside the memory a reused instance gives back between calls.
#[derive(Debug, Default)]
pub struct Arena {
    blocks: [(usize, usize); Arena::CAPACITY],
    len: usize,
}

impl Arena {
    /// The most blocks handed out at once (a host asks for one per call).
    pub const CAPACITY: usize = 8;

    /// No blocks.
    pub const fn new() -> Arena {
        Arena {
            blocks: [(0, 0); Arena::CAPACITY],
            len: 0,
        }
    }

    /// Allocates `len` zeroed bytes and leaks them; `None` if `len` is zero or the table
    /// is full.
    pub fn alloc(&mut self, len: usize) -> Option<&'static mut [u8]> {
        if len == 0 || self.len == Arena::CAPACITY {
            return None;
        }
        let block: &'static mut [u8] = Vec::leak(vec![0u8; len]);
        self.blocks[self.len] = (block.as_ptr() as usize, len);
        self.len += 1;
        Some(block)
    }

    /// How many blocks were handed out.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no block was handed out.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets every block after the first `len` (their memory was given back).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// Whether `[ptr, ptr + len)` lies inside one block this arena handed out.
    pub fn contains(&self, ptr: usize, len: usize) -> bool {
        let Some(end) = ptr.checked_add(len) else {
            return false;
        };
        self.blocks[..self.len]
            .iter()
            .any(|&(start, size)| ptr >= start && end <= start + size)
    }
}

/// Packs a response location as `kaoping_call` returns it: `(ptr << 32) | len`.
///
/// # Example
/// ```
/// assert_eq!(kaoping_plugin::pack(0x10, 3), 0x0000_0010_0000_0003);
/// ```
pub fn pack(ptr: u32, len: u32) -> i64 {
    ((u64::from(ptr) << 32) | u64::from(len)) as i64
}

/// The JSON error response for a request the host placed outside any allocated block.
pub fn misplaced_request() -> Vec<u8> {
    let response = kaoping_shared::api::Response::Error {
        error: kaoping_shared::api::ApiError {
            code: "bad_request".to_owned(),
            message: "请求不在 kaoping_alloc 分配的内存中（宿主应先调用 kaoping_alloc 再写入请求）"
                .to_owned(),
            problems: Vec::new(),
        },
    };
    // Encoding this envelope cannot fail (no maps, no non-string keys).
    serde_json::to_vec(&response).unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
mod abi {
    use super::{Arena, bump, misplaced_request, pack, utf8};
    use kaoping_shared::api::Session;
    use std::sync::Mutex;

    /// Everything that outlives a call in this instance.
    struct State {
        arena: Arena,
        session: Session,
        /// Set once the session holds an input: the allocator's mark and the arena's length
        /// just after it, which every later exchange returns to (see `kaoping_alloc`).
        held_at: Option<(usize, usize)>,
    }

    static STATE: Mutex<State> = Mutex::new(State {
        arena: Arena::new(),
        session: Session::new(),
        held_at: None,
    });

    fn state() -> std::sync::MutexGuard<'static, State> {
        // A poisoned lock only means an earlier call panicked; with panic=abort that
        // cannot happen, and the state is still consistent if it did.
        STATE.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    /// `kaoping_alloc(len: i32) -> i32`: a block of `len` zeroed bytes for the request, or 0
    /// if `len` is not positive or memory is exhausted.
    ///
    /// On an instance that holds an input, this starts a new exchange: the previous
    /// exchange's memory (its request, its work, its response, which the host has read) is
    /// given back, so a long what-if session stays within the memory of one.
    #[unsafe(no_mangle)]
    pub extern "C" fn kaoping_alloc(len: i32) -> i32 {
        let Ok(len) = usize::try_from(len) else {
            return 0;
        };
        let mut state = state();
        if let Some((mark, blocks)) = state.held_at {
            // SAFETY: what lies above the mark belongs to the previous exchange, which is
            // over: its request block is forgotten below, its response was read by the
            // host, and the held input and this state lie below the mark or outside the heap.
            unsafe { bump::reset(mark) };
            state.arena.truncate(blocks);
        }
        match state.arena.alloc(len) {
            Some(block) => block.as_mut_ptr() as usize as i32,
            None => 0,
        }
    }

    /// `kaoping_call(ptr: i32, len: i32) -> i64`: answers the request at `ptr..ptr+len`,
    /// returning `(out_ptr << 32) | out_len`.
    #[unsafe(no_mangle)]
    pub extern "C" fn kaoping_call(ptr: i32, len: i32) -> i64 {
        let (ptr, len) = (ptr as u32 as usize, len as u32 as usize);
        let mut state = state();
        let held = state.session.holds();
        let response = if len == 0 {
            // An empty request (kaoping_alloc(0) gives no block): answer it as such.
            state.session.handle_once(&[])
        } else if state.arena.contains(ptr, len) {
            // SAFETY: `[ptr, ptr + len)` lies inside a block `kaoping_alloc` allocated,
            // zero-initialised and leaked in this exchange, so it is valid, initialised and
            // not handed out again before the next exchange; nothing holds a reference to
            // it. The host writes into it only before this call, while no wasm code runs.
            let request = unsafe { std::slice::from_raw_parts(ptr as *const u8, len) };
            match utf8::text(request) {
                Some(text) => state.session.handle_text_once(text),
                // Not UTF-8: the usual way, which says where.
                None => state.session.handle_once(request),
            }
        } else {
            misplaced_request()
        };
        let response: &'static [u8] = Vec::leak(response);
        if !held && state.session.holds() {
            // Everything so far, the held input and this response included, stays.
            state.held_at = Some((bump::mark(), state.arena.len()));
        }
        pack(response.as_ptr() as usize as u32, response.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_forgets_truncated_blocks_and_refuses_when_full() {
        let mut arena = Arena::new();
        let first = arena.alloc(4).unwrap().as_ptr() as usize;
        let second = arena.alloc(4).unwrap().as_ptr() as usize;
        arena.truncate(1);
        assert!(arena.contains(first, 4));
        assert!(!arena.contains(second, 4));
        while arena.len() < Arena::CAPACITY {
            arena.alloc(1).unwrap();
        }
        assert!(arena.alloc(1).is_none());
    }

    #[test]
    fn arena_refuses_ranges_it_did_not_hand_out() {
        let mut arena = Arena::default();
        assert!(arena.alloc(0).is_none());
        let block = arena.alloc(8).unwrap();
        let start = block.as_ptr() as usize;
        assert!(arena.contains(start, 8));
        assert!(arena.contains(start + 2, 6));
        assert!(!arena.contains(start, 9));
        assert!(!arena.contains(start.wrapping_sub(1), 2));
        assert!(!arena.contains(usize::MAX, 2));
    }

    #[test]
    fn pack_puts_pointer_high_and_length_low() {
        let packed = pack(0xdead_beef, 0x0102_0304) as u64;
        assert_eq!(packed >> 32, 0xdead_beef);
        assert_eq!(packed as u32, 0x0102_0304);
    }

    #[test]
    fn misplaced_request_is_a_structured_error() {
        let text = String::from_utf8(misplaced_request()).unwrap();
        assert!(text.starts_with(r#"{"status":"error""#), "{text}");
        assert!(text.contains("bad_request"));
    }
}
