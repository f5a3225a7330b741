//! `memcmp` for the plugin, eight bytes at a time.
//!
//! Every string comparison in the plugin ends here: case filters matching 审查起诉 against
//! a case's kind, map keys, sorting by name. The `memcmp` that wasm32 gets from
//! `compiler-builtins` compares one byte per loop turn, and in the sandbox every loop turn
//! also pays for a fuel check and an epoch check: on a unit's evaluation (20,000 cases) it
//! was 6 % of the plugin's instructions, for 172,000 comparisons of mostly 6–20 bytes. This
//! one compares eight bytes per turn and needs no loop below sixteen bytes.
//!
//! [`compare`] is plain Rust, tested natively against `Ord` for byte slices; on `wasm32`
//! the crate exports it as `memcmp`, which takes the place of the `compiler-builtins` one
//! (a weak symbol there).

/// `memcmp(a, b, n)`: negative, zero or positive as the first `n` bytes at `a` sort before,
/// equal or after those at `b`, as unsigned bytes.
///
/// # Safety
/// `a` and `b` must each be valid for reads of `n` bytes.
///
/// # Example
/// ```
/// use kaoping_plugin::memcmp::compare;
/// let (a, b) = ("审查起诉".as_bytes(), "审查逮捕".as_bytes());
/// assert!(unsafe { compare(a.as_ptr(), b.as_ptr(), a.len()) } < 0);
/// assert_eq!(unsafe { compare(a.as_ptr(), a.as_ptr(), a.len()) }, 0);
/// ```
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY (all reads below): every offset read from lies within `0..n`, and the caller
    // guarantees `n` readable bytes at both pointers.
    unsafe {
        if n >= 8 {
            let mut i = 0;
            while i + 8 < n {
                let (x, y) = (word(a, i), word(b, i));
                if x != y {
                    return first_difference(x, y);
                }
                i += 8;
            }
            // The last eight bytes, overlapping bytes already found equal.
            let (x, y) = (word(a, n - 8), word(b, n - 8));
            if x != y {
                return first_difference(x, y);
            }
            0
        } else if n >= 4 {
            let (x, y) = (half(a, 0), half(b, 0));
            if x != y {
                return first_difference(x, y);
            }
            let (x, y) = (half(a, n - 4), half(b, n - 4));
            if x != y {
                return first_difference(x, y);
            }
            0
        } else {
            let mut i = 0;
            while i < n {
                let (x, y) = (*a.add(i), *b.add(i));
                if x != y {
                    return i32::from(x) - i32::from(y);
                }
                i += 1;
            }
            0
        }
    }
}

/// Eight bytes at `p + i`, the first in the lowest bits.
unsafe fn word(p: *const u8, i: usize) -> u64 {
    // SAFETY: the caller guarantees `p + i .. p + i + 8` is readable.
    u64::from_le_bytes(unsafe { p.add(i).cast::<[u8; 8]>().read_unaligned() })
}

/// Four bytes at `p + i`, the first in the lowest bits.
unsafe fn half(p: *const u8, i: usize) -> u64 {
    // SAFETY: the caller guarantees `p + i .. p + i + 4` is readable.
    u64::from(u32::from_le_bytes(unsafe {
        p.add(i).cast::<[u8; 4]>().read_unaligned()
    }))
}

/// The order of two different words by their first (lowest) differing byte.
fn first_difference(x: u64, y: u64) -> i32 {
    let shift = (x ^ y).trailing_zeros() & !7;
    ((x >> shift) & 0xff) as i32 - ((y >> shift) & 0xff) as i32
}

#[cfg(target_arch = "wasm32")]
mod export {
    /// The C `memcmp`, for everything the plugin links.
    ///
    /// # Safety
    /// As C's: `a` and `b` readable for `n` bytes.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's guarantee is `compare`'s.
        unsafe { super::compare(a, b, n) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn sign(a: &[u8], b: &[u8]) -> Ordering {
        assert_eq!(a.len(), b.len());
        // SAFETY: both slices have `a.len()` bytes.
        unsafe { compare(a.as_ptr(), b.as_ptr(), a.len()) }.cmp(&0)
    }

    #[test]
    fn agrees_with_slice_order_at_every_length_and_position() {
        for n in 0..40 {
            let base: Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(sign(&base, &base), Ordering::Equal);
            for at in 0..n {
                for delta in [1u8, 0x7f, 0x80, 0xff] {
                    let mut other = base.clone();
                    other[at] = other[at].wrapping_add(delta);
                    assert_eq!(sign(&base, &other), base.cmp(&other), "n {n} at {at}");
                    assert_eq!(sign(&other, &base), other.cmp(&base), "n {n} at {at}");
                }
            }
        }
    }

    #[test]
    fn the_first_difference_decides_not_a_later_one() {
        // Differences in both halves of a word and in the overlapping tail.
        let a = b"abcdefghijk\x01";
        let b = b"abcdefghijj\xff";
        assert_eq!(sign(a, b), a.as_slice().cmp(b.as_slice()));
        let a = b"ab\x00defgh";
        let b = b"ab\xffdefg\x00";
        assert_eq!(sign(a, b), Ordering::Less);
    }

    #[test]
    fn chinese_labels_compare_as_their_bytes() {
        for (a, b) in [("审查起诉", "审查逮捕"), ("无罪", "有罪"), ("起诉", "起诉")]
        {
            assert_eq!(sign(a.as_bytes(), b.as_bytes()), a.cmp(b), "{a} {b}");
        }
    }
}
