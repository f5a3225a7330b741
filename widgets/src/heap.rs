//! The wasm's global allocator: one free list per power-of-two size class.
//!
//! A request is rounded up to a power of two (at least 8 bytes, at least its alignment) and
//! served from that class's free list. An empty class up to 64 KiB splits a block of the
//! next class in two and keeps the second half; a larger class (and the 64 KiB class when it
//! is empty) takes fresh pages from `memory.grow`. Blocks up to 64 KiB are therefore aligned
//! to their own size, larger ones to the 64 KiB page. A freed block goes back to the head of
//! its class's list; blocks are never merged, and wasm memory never shrinks anyway.
//!
//! Why not std's allocator (dlmalloc): it is ~8 KB of the bundle's wasm, and the widgets
//! need nothing it does better. Every operation here is a few loads and stores; growing a
//! `Vec` or `String` within its class (up to double its first size) does not move it. The
//! cost is memory: a block is up to twice its request (the committee view's ~7 MB input
//! text takes an 8 MB block), and memory freed in one class serves only that class.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ptr::null_mut;

/// log₂ of a wasm page (64 KiB).
const PAGE_CLASS: usize = 16;
/// Classes 0 ..= 31: blocks up to 2 GiB (classes below 3 stay empty).
const CLASSES: usize = 32;

/// Asks for `pages` more pages of 64 KiB: their address, 64 KiB aligned, or null.
pub type Grow = fn(pages: usize) -> *mut u8;

/// The allocator; [`Heap::new`] with [`memory_grow`] in the wasm.
#[derive(Debug)]
pub struct Heap {
    free: [Cell<*mut u8>; CLASSES],
    grow: Grow,
}

// wasm32-unknown-unknown without the `atomics` feature runs one thread: no `Heap` is ever
// shared between threads.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for Heap {}

/// `memory.grow` of the wasm's own memory.
#[cfg(target_arch = "wasm32")]
pub fn memory_grow(pages: usize) -> *mut u8 {
    match core::arch::wasm32::memory_grow(0, pages) {
        usize::MAX => null_mut(),
        old => std::ptr::with_exposed_provenance_mut(old << PAGE_CLASS),
    }
}

/// The class of `layout`: log₂ of its block size.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl Heap {
    /// An empty heap that takes its pages from `grow`.
    pub const fn new(grow: Grow) -> Heap {
        Heap {
            free: [const { Cell::new(null_mut()) }; CLASSES],
            grow,
        }
    }

    /// A block of class `class`, or null when memory is exhausted.
    fn take(&self, class: usize) -> *mut u8 {
        let Some(list) = self.free.get(class) else {
            return null_mut();
        };
        let head = list.get();
        if !head.is_null() {
            // A free block holds the address of the next one.
            list.set(unsafe { head.cast::<*mut u8>().read() });
            return head;
        }
        if class >= PAGE_CLASS {
            return (self.grow)(1 << (class - PAGE_CLASS));
        }
        let block = self.take(class + 1);
        if !block.is_null() {
            self.put(class, unsafe { block.add(1 << class) });
        }
        block
    }

    /// Returns a block of class `class` to its list.
    fn put(&self, class: usize, block: *mut u8) {
        let list = &self.free[class];
        unsafe { block.cast::<*mut u8>().write(list.get()) };
        list.set(block);
    }
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.take(class(layout))
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        self.put(class(layout), block);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Safety: the caller guarantees a valid size for this alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let (old, new) = (class(layout), class(new_layout));
        if old == new {
            return block;
        }
        let moved = self.take(new);
        if !moved.is_null() {
            unsafe {
                moved.copy_from_nonoverlapping(block, layout.size().min(new_size));
            }
            self.put(old, block);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages from the test process's own allocator, 64 KiB aligned, never freed.
    fn leak_pages(pages: usize) -> *mut u8 {
        let layout = Layout::from_size_align(pages << PAGE_CLASS, 1 << PAGE_CLASS).unwrap();
        unsafe { std::alloc::alloc(layout) }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn sizes_round_up_to_a_power_of_two_of_at_least_eight() {
        assert_eq!(class(layout(1, 1)), 3);
        assert_eq!(class(layout(8, 8)), 3);
        assert_eq!(class(layout(9, 1)), 4);
        assert_eq!(class(layout(4, 64)), 6);
        assert_eq!(class(layout(65536, 8)), 16);
        assert_eq!(class(layout(65537, 8)), 17);
        assert_eq!(class(layout(7 << 20, 1)), 23);
    }

    #[test]
    fn blocks_are_aligned_distinct_and_reused_after_free() {
        let heap = Heap::new(leak_pages);
        let mut live: Vec<(*mut u8, Layout)> = Vec::new();
        // Sizes and alignments as a widget asks for them, plus some large ones.
        let shapes = [
            (1, 1),
            (12, 4),
            (24, 8),
            (100, 4),
            (64, 64),
            (3000, 8),
            (70_000, 8),
            (200_000, 4),
            (16, 16),
        ];
        for round in 0..50u8 {
            for (i, &(size, align)) in shapes.iter().enumerate() {
                let l = layout(size, align);
                let p = unsafe { heap.alloc(l) };
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "{size}/{align}");
                unsafe { p.write_bytes(round ^ i as u8, size) };
                live.push((p, l));
            }
            // Free every other block, oldest first, and check the rest kept their bytes.
            let mut keep = Vec::new();
            for (n, (p, l)) in live.drain(..).enumerate() {
                if n % 2 == 0 {
                    unsafe { heap.dealloc(p, l) };
                } else {
                    keep.push((p, l));
                }
            }
            live = keep;
        }
        let mut spans: Vec<(usize, usize)> = live
            .iter()
            .map(|&(p, l)| (p as usize, p as usize + (1 << class(l))))
            .collect();
        spans.sort_unstable();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "blocks overlap");
        // A freed block is the next one of its class.
        let (p, l) = live.pop().unwrap();
        unsafe { heap.dealloc(p, l) };
        assert_eq!(unsafe { heap.alloc(l) }, p);
    }

    #[test]
    fn realloc_keeps_the_block_within_its_class_and_moves_the_bytes_otherwise() {
        let heap = Heap::new(leak_pages);
        let l = layout(40, 8);
        let p = unsafe { heap.alloc(l) };
        unsafe { p.copy_from_nonoverlapping(b"0123456789".as_ptr(), 10) };
        assert_eq!(unsafe { heap.realloc(p, l, 64) }, p);
        let q = unsafe { heap.realloc(p, layout(64, 8), 65) };
        assert_ne!(q, p);
        assert_eq!(unsafe { std::slice::from_raw_parts(q, 10) }, b"0123456789");
        let r = unsafe { heap.realloc(q, layout(65, 8), 3 << 20) };
        assert_eq!(unsafe { std::slice::from_raw_parts(r, 10) }, b"0123456789");
        let s = unsafe { heap.realloc(r, layout(3 << 20, 8), 5) };
        assert_eq!(unsafe { std::slice::from_raw_parts(s, 5) }, b"01234");
    }

    #[test]
    fn exhausted_memory_is_a_null_block() {
        let heap = Heap::new(|_| null_mut());
        assert!(unsafe { heap.alloc(layout(8, 8)) }.is_null());
        assert!(unsafe { heap.alloc(layout(1 << 20, 8)) }.is_null());
        let huge = Heap::new(leak_pages);
        assert!(unsafe { huge.alloc(layout(1 << 33, 8)) }.is_null());
    }
}
