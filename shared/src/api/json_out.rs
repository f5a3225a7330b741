//! The response encoder: byte for byte the compact JSON `serde_json::to_vec` writes, with
//! strings checked and copied eight bytes at a time.
//!
//! A unit's evaluation answers with 4.7 MB of JSON, nearly all of it strings (case numbers,
//! the notes of the explanation trail, decimals). `serde_json` looks every string byte up
//! in its escape table, one loop turn per byte; in the sandbox every loop turn also pays for
//! a fuel check and an epoch check, and encoding was a fifth of the plugin's instructions.
//! Here a string is taken eight bytes at a time: a SWAR test says whether any of them needs
//! escaping (a control character, `"` or `\`), and if none does, the eight bytes are
//! copied as one word.
//!
//! Everything else follows `serde_json`'s compact format exactly (tests compare the two
//! on every kind of value the API has, and on generated evaluations): `null` for `None`
//! and units, externally tagged enum variants as `{"variant":…}`, map keys as strings
//! (integer, `bool` and `char` keys quoted), floats as `serde_json` writes them. Any other
//! map key is an error: sequences and maps, as in `serde_json`, and also floats, which
//! `serde_json` would quote (no type of the API has float keys, or floats at all).

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Encodes `value` as compact JSON.
///
/// # Example
/// ```
/// use kaoping_shared::api::json_out::to_vec;
/// let value = ("合成0001号", "犯罪嫌疑人2人\n疑难复杂", Some(3u8), None::<bool>);
/// assert_eq!(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
/// ```
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(256);
    value.serialize(Writer { out: &mut out })?;
    Ok(out)
}

/// Why a value could not be encoded: a map key that is not a string, or a `Serialize`
/// implementation that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

/// `0x01` in every byte.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The top bit of every byte.
const HIGH: u64 = ONES << 7;

/// Whether any byte in `word` must be escaped: below 0x20, `"` or `\`. A word of fewer than
/// eight bytes is padded with spaces. (Each term is the classic "has a byte less than n"
/// test, exact for n ≤ 0x80.)
fn needs_escape(word: u64) -> bool {
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGH != 0
}

/// Writes `text` as a JSON string, escaped as `serde_json` escapes it.
///
/// Words without anything to escape are copied whole. A string's last bytes are taken as
/// the word (or half word) ending at its end, which overlaps bytes already copied: those
/// are taken back first (they are the same bytes), so there is no byte-by-byte loop unless
/// something must be escaped or the string is shorter than four bytes.
fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Whether the last word was copied as it is (so its bytes may be taken back).
    let mut verbatim = false;
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let word: [u8; 8] = chunk.try_into().unwrap_or_default();
        verbatim = !needs_escape(u64::from_le_bytes(word));
        if verbatim {
            out.extend_from_slice(&word);
        } else {
            word.iter().for_each(|&byte| write_byte(out, byte));
        }
    }
    let rest = words.remainder();
    let len = bytes.len();
    let r = rest.len();
    if r > 0 && verbatim {
        let last: [u8; 8] = bytes[len - 8..].try_into().unwrap_or_default();
        if !needs_escape(u64::from_le_bytes(last)) {
            out.truncate(out.len() - (8 - r));
            out.extend_from_slice(&last);
            return out.push(b'"');
        }
    } else if r >= 4 {
        let first: [u8; 4] = rest[..4].try_into().unwrap_or_default();
        let last: [u8; 4] = rest[r - 4..].try_into().unwrap_or_default();
        if !needs_escape(padded(first)) && !needs_escape(padded(last)) {
            out.extend_from_slice(&first);
            out.truncate(out.len() - (8 - r));
            out.extend_from_slice(&last);
            return out.push(b'"');
        }
    }
    rest.iter().for_each(|&byte| write_byte(out, byte));
    out.push(b'"');
}

/// Four bytes as a word padded with spaces (which need no escaping).
fn padded(half: [u8; 4]) -> u64 {
    u64::from(u32::from_le_bytes(half)) | (ONES * u64::from(b' ')) << 32
}

/// One byte of a string, escaped if it must be.
fn write_byte(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        0x00..=0x1f => {
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]);
            return out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
        }
        _ => return out.push(byte),
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Writes the decimal digits of `value`, with a `-` first if `negative`.
fn write_integer(out: &mut Vec<u8>, negative: bool, mut value: u128) {
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    if negative {
        start -= 1;
        digits[start] = b'-';
    }
    out.extend_from_slice(&digits[start..]);
}

/// `serialize_i8` … `serialize_u128` of a serializer, each handing its value to the
/// serializer's own `integer(negative, magnitude)`.
macro_rules! integers {
    () => {
        integers!(@signed serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_i128: i128);
        integers!(@unsigned serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_u128: u128);
    };
    (@signed $($method:ident: $ty:ty),*) => {$(
        fn $method(self, value: $ty) -> Result<(), Error> {
            let value = i128::from(value);
            self.integer(value < 0, value.unsigned_abs())
        }
    )*};
    (@unsigned $($method:ident: $ty:ty),*) => {$(
        fn $method(self, value: $ty) -> Result<(), Error> {
            self.integer(false, u128::from(value))
        }
    )*};
}

/// Floats as `serde_json` writes them (none of the API's types has one).
fn write_float<T: Serialize>(out: &mut Vec<u8>, value: T) -> Result<(), Error> {
    serde_json::to_writer(out, &value).map_err(|e| Error(e.to_string()))
}

/// The serializer for values.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn integer(self, negative: bool, magnitude: u128) -> Result<(), Error> {
        write_integer(self.out, negative, magnitude);
        Ok(())
    }
}

/// A sequence, map or struct being written: whether an element was written yet, and what
/// closes it (`]`, `}`, or `]}` / `}}` for an enum variant's).
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    fn open(out: &'a mut Vec<u8>, open: &[u8], close: &'static [u8]) -> Compound<'a> {
        out.extend_from_slice(open);
        Compound {
            out,
            first: true,
            close,
        }
    }

    /// Opens `{"variant":` and then `open`, closed by `close`.
    fn variant(
        out: &'a mut Vec<u8>,
        variant: &str,
        open: u8,
        close: &'static [u8],
    ) -> Compound<'a> {
        out.push(b'{');
        write_str(out, variant);
        out.push(b':');
        out.push(open);
        Compound {
            out,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(Writer { out: self.out })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        write_str(self.out, key);
        self.out.push(b':');
        value.serialize(Writer { out: self.out })
    }

    fn close(self) -> Result<(), Error> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    integers!();

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        write_float(self.out, value)
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        write_float(self.out, value)
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self.out, b"[", b"]");
        for byte in value {
            seq.element(byte)?;
        }
        seq.close()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = Compound::open(self.out, b"{", b"}");
        map.field(variant, value)?;
        map.close()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b"[", b"]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(Compound::variant(self.out, variant, b'[', b"]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b"{", b"}"))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(Compound::variant(self.out, variant, b'{', b"}}"))
    }
}

/// The sequence-shaped parts: each element after a comma.
macro_rules! sequence_parts {
    ($($part:ident :: $method:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

sequence_parts!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The struct-shaped parts: each field as `"key":value` after a comma.
macro_rules! struct_parts {
    ($($part:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

struct_parts!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(KeyWriter { out: self.out })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(b':');
        value.serialize(Writer { out: self.out })
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// The serializer for map keys: strings, and numbers, `bool`s and `char`s in quotes.
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl KeyWriter<'_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        self.out.push(b'"');
        write(self.out);
        self.out.push(b'"');
        Ok(())
    }

    fn integer(self, negative: bool, magnitude: u128) -> Result<(), Error> {
        self.quoted(|out| write_integer(out, negative, magnitude))
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.quoted(|out| out.extend_from_slice(if value { b"true" } else { b"false" }))
    }

    integers!();

    fn serialize_f32(self, _value: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_f64(self, _value: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value);
        Ok(())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Encodes `value` both ways and requires the same bytes.
    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_vec(value).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn every_byte_is_escaped_as_serde_json_does_at_every_place_in_a_word() {
        for c in (0u32..0x100).filter_map(char::from_u32).chain(['审', '😀']) {
            for before in 0..17 {
                for after in 0..10 {
                    same(&format!("{}{c}{}", "a".repeat(before), "起".repeat(after)));
                    same(&format!("{}{c}{}", "a".repeat(before), "b".repeat(after)));
                }
            }
        }
    }

    #[test]
    fn strings_of_escapes_and_of_chinese_alone() {
        same("\"\\\u{0}\u{1f}\n\r\t\u{8}\u{c}\u{7f}");
        same("犯罪嫌疑人2人，疑难复杂 → 权重 1.8");
        same("");
    }

    #[test]
    fn integers_at_their_limits() {
        same(&(i8::MIN, i8::MAX, i16::MIN, i32::MIN, i64::MIN, i64::MAX));
        same(&(u8::MAX, u16::MAX, u32::MAX, u64::MAX, 0u64, -1i32, 10u32));
        same(&(i128::MIN, i128::MAX, u128::MAX));
    }

    #[test]
    fn floats_options_units_chars_and_bytes() {
        same(&(1.5f64, -0.0f64, f64::NAN, 1e300f64, 0.1f32));
        same(&(Some(1), None::<u8>, (), 'x', '"'));
        same(serde_bytes_like(&[0u8, 1, 255]));
    }

    fn serde_bytes_like(bytes: &[u8]) -> &impl Serialize {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Box::leak(Box::new(Bytes(bytes)))
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(String);

    #[derive(Serialize)]
    struct Tuple(u8, &'static str);

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    #[serde(rename_all = "snake_case")]
    enum Key {
        First,
        SecondKey,
    }

    #[derive(Serialize)]
    enum External {
        Unit,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { a: u8, b: Vec<u8> },
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Internal {
        Plain { x: i32 },
        Wrapped(Tuple2),
    }

    #[derive(Serialize)]
    struct Tuple2 {
        y: &'static str,
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    enum Untagged {
        Number(u8),
        Text(&'static str),
    }

    #[derive(Serialize)]
    struct Everything {
        unit: Unit,
        newtype: Newtype,
        tuple: Tuple,
        empty: Vec<u8>,
        nested: Vec<Vec<u8>>,
        external: Vec<External>,
        internal: Vec<Internal>,
        untagged: Vec<Untagged>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        flattened: BTreeMap<String, u8>,
        by_enum: BTreeMap<Key, bool>,
        by_number: BTreeMap<i32, &'static str>,
        by_newtype: BTreeMap<String, Unit>,
        empty_map: BTreeMap<u8, u8>,
    }

    #[test]
    fn structs_enums_maps_and_sequences_of_every_shape() {
        same(&Everything {
            unit: Unit,
            newtype: Newtype("新\"型".into()),
            tuple: Tuple(7, "元组"),
            empty: vec![],
            nested: vec![vec![], vec![1, 2]],
            external: vec![
                External::Unit,
                External::Newtype(3),
                External::Tuple(4, 5),
                External::Struct { a: 6, b: vec![7] },
            ],
            internal: vec![
                Internal::Plain { x: -1 },
                Internal::Wrapped(Tuple2 { y: "包" }),
            ],
            untagged: vec![Untagged::Number(1), Untagged::Text("文")],
            skipped: None,
            flattened: [("extra".to_owned(), 1)].into(),
            by_enum: [(Key::First, true), (Key::SecondKey, false)].into(),
            by_number: [(-3, "负"), (2019, "年")].into(),
            by_newtype: [("k".to_owned(), Unit)].into(),
            empty_map: BTreeMap::new(),
        });
    }

    #[test]
    fn map_keys_serde_json_quotes_are_quoted_and_others_refused() {
        same(&BTreeMap::from([(true, 1), (false, 2)]));
        same(&BTreeMap::from([('c', 1)]));
        same(&BTreeMap::from([(u128::MAX, 1)]));
        let refused = BTreeMap::from([(vec![1u8], 1)]);
        assert!(to_vec(&refused).is_err());
        assert!(serde_json::to_vec(&refused).is_err());
    }
}
