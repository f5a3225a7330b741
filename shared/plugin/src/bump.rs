//! The plugin's allocator: a bump allocator over linear memory.
//!
//! The host makes a fresh instance for every call and discards it afterwards, so memory
//! never needs to be given back. Allocating is then an addition, freeing the newest block
//! gives its bytes back, and a growing `Vec` or `String` that is the newest block grows in
//! place. Everything else freed is simply left behind.
//!
//! Measured on `synthetic::unit(100, 200, 1)` (20,000 cases): an `evaluate` allocates 47 MB in
//! all (331,000 allocations), a `what_if` 16 MB, against peaks of 36 MB and 16 MB with the
//! general-purpose dlmalloc it replaces, which spent about a sixth of the plugin's
//! instructions finding and coalescing free chunks. The memory cap (256 MiB by default)
//! stays far off for a unit of that size.
//!
//! [`Bump`] is the address bookkeeping alone, with no memory access, so that it is tested
//! natively; on `wasm32` the global allocator below feeds it `memory.grow`.

/// The bytes requested from the host at least at a time (16 wasm pages), so a call grows
/// its memory a few dozen times rather than once per allocation.
pub const GROW_AT_LEAST: usize = 1 << 20;

/// Where the next block goes, where the memory obtained so far ends, and from where on it
/// was never handed out (so still holds the zeros `memory.grow` gave it).
#[derive(Debug, Default)]
pub struct Bump {
    next: usize,
    end: usize,
    clean: usize,
}

/// Obtains at least `bytes` more bytes of memory: `Some((start, len))`, or `None` when the
/// memory cannot grow.
pub trait Grow {
    /// New memory of at least `bytes` bytes.
    fn grow(&mut self, bytes: usize) -> Option<(usize, usize)>;
}

impl Bump {
    /// No memory yet: the first allocation grows.
    pub const fn new() -> Bump {
        Bump {
            next: 0,
            end: 0,
            clean: 0,
        }
    }

    /// The address of a new block of `size` bytes aligned to `align` (a power of two).
    ///
    /// # Example
    /// ```
    /// use kaoping_plugin::bump::{Bump, Grow};
    /// struct Pages(usize);
    /// impl Grow for Pages {
    ///     fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
    ///         let start = self.0;
    ///         self.0 += bytes.max(4096);
    ///         Some((start, self.0 - start))
    ///     }
    /// }
    /// let (mut bump, mut memory) = (Bump::new(), Pages(1024));
    /// let a = bump.alloc(10, 8, &mut memory).unwrap();
    /// let b = bump.alloc(4, 4, &mut memory).unwrap();
    /// assert_eq!((a, b), (1024, 1036));
    /// ```
    pub fn alloc(&mut self, size: usize, align: usize, memory: &mut impl Grow) -> Option<usize> {
        self.alloc_zeroed(size, align, memory)
            .map(|(start, _)| start)
    }

    /// Like [`Bump::alloc`], also saying how many of the block's first bytes may hold old
    /// data and must be zeroed: none when the block lies in memory never handed out before.
    /// (The request block of every call is such memory: its 7.3 MB for a unit's evaluation
    /// need not be zeroed again.)
    ///
    /// # Example
    /// ```
    /// use kaoping_plugin::bump::{Bump, Grow};
    /// struct Pages(usize);
    /// impl Grow for Pages {
    ///     fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
    ///         let start = self.0;
    ///         self.0 += bytes.max(4096);
    ///         Some((start, self.0 - start))
    ///     }
    /// }
    /// let (mut bump, mut memory) = (Bump::new(), Pages(1024));
    /// assert_eq!(bump.alloc_zeroed(8, 1, &mut memory), Some((1024, 0)));
    /// let mark = bump.mark();
    /// assert_eq!(bump.alloc_zeroed(10, 1, &mut memory), Some((1032, 0)));
    /// bump.reset(mark);
    /// assert_eq!(bump.alloc_zeroed(16, 1, &mut memory), Some((1032, 10)));
    /// ```
    pub fn alloc_zeroed(
        &mut self,
        size: usize,
        align: usize,
        memory: &mut impl Grow,
    ) -> Option<(usize, usize)> {
        let start = self.fit(size, align, memory)?;
        self.next = start + size;
        let dirty = self.clean.saturating_sub(start).min(size);
        self.clean = self.clean.max(self.next);
        Some((start, dirty))
    }

    /// Where the next block would go: everything allocated so far lies below it.
    pub fn mark(&self) -> usize {
        self.next
    }

    /// Frees every block allocated since `mark` (from [`Bump::mark`]) at once. A mark above
    /// the blocks allocated now is ignored.
    pub fn reset(&mut self, mark: usize) {
        if mark <= self.next {
            self.next = mark;
        }
    }

    /// Frees the block at `ptr` of `size` bytes: only the newest block gives its bytes back.
    pub fn dealloc(&mut self, ptr: usize, size: usize) {
        if ptr.checked_add(size) == Some(self.next) {
            self.next = ptr;
        }
    }

    /// Grows or shrinks the newest block in place: `true` when the block at `ptr` (of
    /// `old` bytes) now has `new` bytes; `false` when the caller must allocate and copy.
    pub fn resize_in_place(
        &mut self,
        ptr: usize,
        old: usize,
        new: usize,
        memory: &mut impl Grow,
    ) -> bool {
        if ptr.checked_add(old) != Some(self.next) {
            return false;
        }
        let Some(stop) = ptr.checked_add(new) else {
            return false;
        };
        if stop > self.end {
            match memory.grow(stop - self.end) {
                Some((start, len)) if start == self.end => self.end += len,
                Some((start, len)) => {
                    // Not adjacent (another user of memory.grow): use it for what follows.
                    self.next = start;
                    self.end = start + len;
                    self.clean = start;
                    return false;
                }
                None => return false,
            }
        }
        self.next = stop;
        self.clean = self.clean.max(stop);
        true
    }

    /// The aligned start of a block of `size` bytes, growing the memory when needed.
    fn fit(&mut self, size: usize, align: usize, memory: &mut impl Grow) -> Option<usize> {
        let start = self.next.checked_next_multiple_of(align)?;
        let stop = start.checked_add(size)?;
        if stop <= self.end {
            return Some(start);
        }
        // Enough for the block even if the new memory does not follow on from ours.
        let (new_start, len) = memory.grow((stop - self.end).max(size + align))?;
        if new_start == self.end && self.end != 0 {
            self.end += len;
            return Some(start);
        }
        // Fresh, non-adjacent memory (the first growth, or someone else grew it).
        self.next = new_start;
        self.end = new_start + len;
        self.clean = new_start;
        let start = new_start.checked_next_multiple_of(align)?;
        (start.checked_add(size)? <= self.end).then_some(start)
    }
}

#[cfg(target_arch = "wasm32")]
pub use global::{mark, reset};

#[cfg(target_arch = "wasm32")]
mod global {
    use super::{Bump, GROW_AT_LEAST, Grow};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32::memory_grow;
    use core::cell::RefCell;

    const PAGE: usize = 65_536;

    struct LinearMemory;

    impl Grow for LinearMemory {
        fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
            let pages = bytes.max(GROW_AT_LEAST).div_ceil(PAGE);
            let old = memory_grow(0, pages);
            (old != usize::MAX).then(|| (old * PAGE, pages * PAGE))
        }
    }

    /// The global allocator: one [`Bump`] (wasm32-unknown-unknown has one thread).
    struct BumpAllocator(RefCell<Bump>);

    // SAFETY: this target has no threads, so the RefCell is never shared between threads.
    unsafe impl Sync for BumpAllocator {}

    #[global_allocator]
    static ALLOCATOR: BumpAllocator = BumpAllocator(RefCell::new(Bump::new()));

    /// [`Bump::mark`] of the global allocator.
    pub fn mark() -> usize {
        ALLOCATOR.0.borrow().mark()
    }

    /// [`Bump::reset`] of the global allocator.
    ///
    /// # Safety
    /// Nothing allocated since `mark` may be used afterwards: every such block is handed
    /// out again.
    pub unsafe fn reset(mark: usize) {
        ALLOCATOR.0.borrow_mut().reset(mark);
    }

    // SAFETY: blocks come from memory obtained by `memory.grow` and never handed out twice:
    // `Bump` only moves `next` forward past a block, or back over the newest block when it
    // is freed or shrunk, and wasm memory never shrinks.
    unsafe impl GlobalAlloc for BumpAllocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let mut bump = self.0.borrow_mut();
            match bump.alloc(layout.size(), layout.align(), &mut LinearMemory) {
                Some(address) => address as *mut u8,
                None => core::ptr::null_mut(),
            }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let mut bump = self.0.borrow_mut();
            match bump.alloc_zeroed(layout.size(), layout.align(), &mut LinearMemory) {
                Some((address, dirty)) => {
                    // SAFETY: the block's first `dirty` bytes are part of the block, which
                    // was just handed out and is valid for writes; the rest is memory no
                    // block ever covered, still zero since `memory.grow` added it.
                    unsafe { core::ptr::write_bytes(address as *mut u8, 0, dirty) };
                    address as *mut u8
                }
                None => core::ptr::null_mut(),
            }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            self.0.borrow_mut().dealloc(ptr as usize, layout.size());
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let mut bump = self.0.borrow_mut();
            if bump.resize_in_place(ptr as usize, layout.size(), new_size, &mut LinearMemory) {
                return ptr;
            }
            let Some(address) = bump.alloc(new_size, layout.align(), &mut LinearMemory) else {
                return core::ptr::null_mut();
            };
            drop(bump);
            let new = address as *mut u8;
            // SAFETY: both blocks are valid for the copied length, and the new block lies
            // past the old one's end (bump addresses only increase), so they do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Memory that grows by `step`-sized chunks from `start`, up to `limit`.
    struct Fake {
        end: usize,
        step: usize,
        limit: usize,
        grows: usize,
    }

    impl Fake {
        fn new(start: usize, step: usize, limit: usize) -> Fake {
            Fake {
                end: start,
                step,
                limit,
                grows: 0,
            }
        }
    }

    impl Grow for Fake {
        fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
            let len = bytes.max(self.step).next_multiple_of(self.step);
            if self.end + len > self.limit {
                return None;
            }
            let start = self.end;
            self.end += len;
            self.grows += 1;
            Some((start, len))
        }
    }

    #[test]
    fn blocks_are_aligned_and_never_overlap() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(1000, 64, 1 << 20));
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for (i, size) in [1usize, 7, 16, 3, 100, 0, 33, 64, 200]
            .into_iter()
            .enumerate()
        {
            let align = 1 << (i % 4);
            let at = bump.alloc(size, align, &mut memory).unwrap();
            assert_eq!(at % align, 0, "alignment {align}");
            for &(start, len) in &blocks {
                assert!(at >= start + len || at + size <= start, "overlap");
            }
            blocks.push((at, size));
        }
        assert!(blocks.iter().all(|&(start, len)| start + len <= memory.end));
    }

    #[test]
    fn freeing_the_newest_block_reuses_its_bytes_and_older_ones_stay() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(0, 4096, 1 << 20));
        let a = bump.alloc(100, 8, &mut memory).unwrap();
        let b = bump.alloc(50, 8, &mut memory).unwrap();
        bump.dealloc(a, 100); // not the newest: left behind
        assert_eq!(bump.alloc(8, 8, &mut memory).unwrap(), b + 56);
        bump.dealloc(b + 56, 8); // the newest: given back
        assert_eq!(bump.alloc(8, 8, &mut memory).unwrap(), b + 56);
    }

    #[test]
    fn the_newest_block_grows_in_place_across_memory_growth() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(0, 1024, 1 << 20));
        let v = bump.alloc(16, 1, &mut memory).unwrap();
        let mut size = 16;
        for new in [32, 1000, 5000, 70_000, 60_000] {
            assert!(
                bump.resize_in_place(v, size, new, &mut memory),
                "{size} → {new}"
            );
            size = new;
        }
        assert!(bump.resize_in_place(v, size, 70_000, &mut memory));
        let older = bump.alloc(4, 1, &mut memory).unwrap();
        assert!(
            !bump.resize_in_place(v, 70_000, 80_000, &mut memory),
            "no longer newest"
        );
        assert!(older >= v + 70_000);
    }

    #[test]
    fn exhausted_memory_is_a_refusal_not_a_wrong_address() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(0, 1024, 4096));
        assert!(bump.alloc(4000, 1, &mut memory).is_some());
        assert_eq!(bump.alloc(200, 1, &mut memory), None);
        assert_eq!(bump.alloc(usize::MAX, 1, &mut memory), None);
        assert!(
            bump.alloc(50, 1, &mut memory).is_some(),
            "still serves what fits"
        );
    }

    #[test]
    fn a_reset_hands_out_again_what_came_after_the_mark_and_keeps_what_came_before() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(0, 4096, 1 << 20));
        let kept = bump.alloc(100, 8, &mut memory).unwrap();
        let mark = bump.mark();
        let first = bump.alloc(300, 8, &mut memory).unwrap();
        assert!(first >= kept + 100);
        bump.reset(mark);
        assert_eq!(bump.alloc(300, 8, &mut memory).unwrap(), first);
        bump.reset(mark + 10_000); // above what is allocated: ignored
        assert!(bump.alloc(8, 8, &mut memory).unwrap() >= first + 300);
    }

    #[test]
    fn only_bytes_handed_out_before_are_reported_for_zeroing() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(64, 4096, 1 << 20));
        let (a, dirty) = bump.alloc_zeroed(100, 8, &mut memory).unwrap();
        assert_eq!(dirty, 0, "fresh memory");
        bump.dealloc(a, 100);
        assert_eq!(bump.alloc_zeroed(40, 8, &mut memory), Some((a, 40)));
        // Bytes 40..100 were handed out before; past 100 never.
        assert_eq!(bump.alloc_zeroed(100, 1, &mut memory), Some((a + 40, 60)));
        let mark = bump.mark();
        let (b, _) = bump.alloc_zeroed(8, 8, &mut memory).unwrap();
        assert!(
            bump.resize_in_place(b, 8, 10_000, &mut memory),
            "grows across pages"
        );
        bump.reset(mark);
        assert_eq!(bump.alloc_zeroed(20_000, 8, &mut memory).unwrap().1, 10_000);
        assert_eq!(bump.alloc_zeroed(16, 8, &mut memory).unwrap().1, 0);
    }

    #[test]
    fn memory_grows_in_chunks_not_per_block() {
        let (mut bump, mut memory) = (Bump::new(), Fake::new(0, GROW_AT_LEAST, usize::MAX));
        for _ in 0..10_000 {
            bump.alloc(24, 8, &mut memory).unwrap();
        }
        assert_eq!(memory.grows, 1);
    }
}
