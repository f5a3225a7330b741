//! The request's UTF-8 check, eight bytes at a time where the text is ASCII.
//!
//! Every request is checked as UTF-8 as a whole before it is parsed. `core`'s check takes
//! ASCII a word (four bytes on wasm32) at a time only from aligned addresses and falls back
//! to one byte per loop turn near every Chinese character, and in the sandbox each loop
//! turn also pays for a fuel check and an epoch check: for a unit's 7.3 MB request (one byte
//! in nine is part of a Chinese character) it was 8 % of the plugin's instructions. This
//! check takes eight bytes per turn, jumps straight to the first non-ASCII byte of a word,
//! and decodes each multi-byte character in one turn.
//!
//! It only says yes or no; a request it refuses goes the usual way, so `core` finds where
//! the bad byte is and the error message is the same as the native engine's.

/// The top bit of every byte.
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// `bytes` as text, if they are valid UTF-8 (exactly when `std::str::from_utf8` accepts
/// them).
///
/// # Example
/// ```
/// use kaoping_plugin::utf8::text;
/// assert_eq!(text("审查起诉 ok".as_bytes()), Some("审查起诉 ok"));
/// assert_eq!(text(b"\xe5\xae"), None);
/// ```
pub fn text(bytes: &[u8]) -> Option<&str> {
    if is_valid(bytes) {
        // SAFETY: `is_valid` accepts exactly the byte strings `from_utf8` accepts (tested
        // below, exhaustively up to three bytes and on generated text).
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        None
    }
}

/// Whether `bytes` are valid UTF-8: no overlong forms, no surrogates, nothing above
/// U+10FFFF, no character cut off.
pub fn is_valid(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + 32) {
            let words = block.chunks_exact(8).fold(0, |all, chunk| {
                all | u64::from_le_bytes(chunk.try_into().unwrap_or_default())
            });
            if words & HIGH == 0 {
                i += 32;
                continue;
            }
        }
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let high = word & HIGH;
            if high == 0 {
                i += 8;
                continue;
            }
            // Past the ASCII bytes before the first one with its top bit set.
            i += (high.trailing_zeros() / 8) as usize;
        } else if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        // `bytes[i]` starts a multi-byte character: its length and the range of its second
        // byte (narrower after E0, ED, F0 and F4), as in the Unicode standard's table 3-7.
        let (len, low, high) = match bytes[i] {
            0xc2..=0xdf => (2, 0x80, 0xbf),
            0xe0 => (3, 0xa0, 0xbf),
            0xe1..=0xec | 0xee..=0xef => (3, 0x80, 0xbf),
            0xed => (3, 0x80, 0x9f),
            0xf0 => (4, 0x90, 0xbf),
            0xf1..=0xf3 => (4, 0x80, 0xbf),
            0xf4 => (4, 0x80, 0x8f),
            _ => return false,
        };
        let Some(character) = bytes.get(i..i + len) else {
            return false;
        };
        let continuation = |byte: u8| byte & 0xc0 == 0x80;
        let valid = match *character {
            [_, second] => (low..=high).contains(&second),
            [_, second, third] => (low..=high).contains(&second) && continuation(third),
            [_, second, third, fourth] => {
                (low..=high).contains(&second) && continuation(third) && continuation(fourth)
            }
            _ => false,
        };
        if !valid {
            return false;
        }
        i += len;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agrees(bytes: &[u8]) {
        assert_eq!(
            is_valid(bytes),
            std::str::from_utf8(bytes).is_ok(),
            "{bytes:02x?}"
        );
    }

    #[test]
    fn every_sequence_of_up_to_three_bytes_is_judged_as_core_judges_it() {
        for a in 0..=255u8 {
            agrees(&[a]);
            for b in 0..=255u8 {
                agrees(&[a, b]);
                if a >= 0xc0 {
                    for c in 0..=255u8 {
                        agrees(&[a, b, c]);
                    }
                }
            }
        }
    }

    #[test]
    fn four_byte_characters_at_the_edges_of_their_ranges() {
        for a in 0xf0..=0xf5u8 {
            for b in [0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0] {
                for c in [0x7f, 0x80, 0xbf, 0xc0] {
                    for d in [0x7f, 0x80, 0xbf, 0xc0] {
                        agrees(&[a, b, c, d]);
                    }
                }
            }
        }
    }

    #[test]
    fn a_bad_byte_anywhere_in_long_text_is_found() {
        let text =
            "合成0049-0177号 审查起诉 ok; 犯罪嫌疑人2人，疑难复杂 → 权重 1.8 😀 end".as_bytes();
        agrees(text);
        for at in 0..text.len() {
            for bad in [0x80u8, 0xc0, 0xed, 0xff, b'a'] {
                let mut broken = text.to_vec();
                broken[at] = bad;
                agrees(&broken);
            }
            agrees(&text[..at]);
            agrees(&text[at..]);
        }
    }
}
