//! A small JSON reader and writer for everything the widgets exchange with the server and
//! the plugin. No serde in the bundle: its code, generated per type and per reader, was most
//! of the wasm. Numbers are kept as written, so decimals and ids never pass through `f64`.
//!
//! ```
//! use kaoping_widgets::json::Json;
//! let v = Json::parse(r#"{"total": "86.00", "rank": 2, "tags": ["甲", null]}"#).unwrap();
//! assert_eq!(v["total"].as_str(), Some("86.00"));
//! assert_eq!(v["rank"].as_u64(), Some(2));
//! assert!(v["tags"][1].is_null() && v["missing"]["deeper"].is_null());
//! assert_eq!(v.dump(), r#"{"total":"86.00","rank":2,"tags":["甲",null]}"#);
//! ```

use std::ops::Index;

/// A JSON value. Objects keep their members in the order written.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Json {
    /// `null` (also what a missing member or item reads as).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, exactly as written.
    Num(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object.
    Obj(Vec<(String, Json)>),
}

static NULL: Json = Json::Null;

/// Nesting deeper than this is refused (a pasted text must not exhaust the stack).
const MAX_DEPTH: usize = 128;

impl Json {
    /// Reads a whole text (nothing but whitespace after the value).
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        };
        let value = p.value(0)?;
        p.end()?;
        Ok(value)
    }

    /// The member `key` of an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    /// The member `key` of an object for writing, added as `null` when absent; `None` when
    /// `self` is not an object.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        let Json::Obj(members) = self else {
            return None;
        };
        let i = match members.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                members.push((key.to_owned(), Json::Null));
                members.len() - 1
            }
        };
        Some(&mut members[i].1)
    }

    /// Item `i` of an array for writing; `None` when absent.
    pub fn item_mut(&mut self, i: usize) -> Option<&mut Json> {
        match self {
            Json::Arr(items) => items.get_mut(i),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string, or `""`.
    pub fn str(&self) -> &str {
        self.as_str().unwrap_or("")
    }

    /// The string, or the number as written (decimals travel as either).
    pub fn text(&self) -> Option<&str> {
        match self {
            Json::Str(s) | Json::Num(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array (none when not an array).
    pub fn items(&self) -> &[Json] {
        match self {
            Json::Arr(items) => items,
            _ => &[],
        }
    }

    /// The members of an object (none when not an object).
    pub fn members(&self) -> &[(String, Json)] {
        match self {
            Json::Obj(members) => members,
            _ => &[],
        }
    }

    /// A whole number that fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// A whole number that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Num(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Whether this is `null` (or missing).
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Reads this object with `read` through [`Fields`]: the value, or the first member
    /// that was missing or of the wrong type.
    pub fn read<T>(&self, read: impl FnOnce(&mut Fields) -> T) -> Result<T, String> {
        let mut fields = Fields {
            json: self,
            error: None,
        };
        let value = read(&mut fields);
        match fields.error {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }

    /// The strings of the array member `key` (others skipped).
    pub fn strings_at(&self, key: &str) -> Vec<String> {
        self.get(key)
            .items()
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    }

    /// Compact JSON text.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends compact JSON text to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => write_str(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// JSON text indented by two spaces, for people to read.
    ///
    /// # Example
    /// ```
    /// let v = kaoping_widgets::json::Json::parse(r#"{"a":[1,{}],"b":[]}"#).unwrap();
    /// assert_eq!(v.pretty(), "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
    /// ```
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        let (open, close, len) = match self {
            Json::Arr(items) => ('[', ']', items.len()),
            Json::Obj(members) => ('{', '}', members.len()),
            _ => return self.write(out),
        };
        out.push(open);
        if len > 0 {
            for i in 0..len {
                out.push_str(if i > 0 { ",\n" } else { "\n" });
                indent(out, depth + 1);
                match self {
                    Json::Arr(items) => items[i].write_pretty(out, depth + 1),
                    Json::Obj(members) => {
                        write_str(out, &members[i].0);
                        out.push_str(": ");
                        members[i].1.write_pretty(out, depth + 1);
                    }
                    _ => {}
                }
            }
            out.push('\n');
            indent(out, depth);
        }
        out.push(close);
    }
}

/// An object from its members, in this order.
///
/// # Example
/// ```
/// use kaoping_widgets::json::{object, Json};
/// assert_eq!(object(vec![("a", "x".into()), ("b", Json::Null)]).dump(), r#"{"a":"x","b":null}"#);
/// ```
pub fn object(members: Vec<(&str, Json)>) -> Json {
    Json::Obj(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// An object's members read one by one into a struct: a member that is missing or of the
/// wrong type reads as empty and is remembered, and [`Json::read`] answers with the first
/// one. A struct is built whole, with no early return per member, which keeps the wasm
/// small (each `?` between two members needs its own clean-up code).
///
/// ```
/// use kaoping_widgets::json::Json;
/// let v = Json::parse(r#"{"name": "张三", "rank": 2}"#).unwrap();
/// let read = |f: &mut kaoping_widgets::json::Fields| (f.string("name"), f.u64("rank"));
/// assert_eq!(v.read(read), Ok(("张三".to_owned(), 2)));
/// let read = |f: &mut kaoping_widgets::json::Fields| (f.string("name"), f.u64("grade"));
/// assert_eq!(v.read(read), Err("缺少“grade”或其格式不对".to_owned()));
/// ```
#[derive(Debug)]
pub struct Fields<'a> {
    json: &'a Json,
    error: Option<String>,
}

impl<'a> Fields<'a> {
    /// The object itself, for members read another way.
    pub fn json(&self) -> &'a Json {
        self.json
    }

    /// The member `key` (`Null` when absent).
    pub fn get(&self, key: &str) -> &'a Json {
        self.json.get(key)
    }

    /// Remembers `error` unless an earlier one is remembered already.
    pub fn fail(&mut self, error: String) {
        self.error.get_or_insert(error);
    }

    /// `value`, or `T::default()` with `key` remembered as missing.
    pub fn require<T: Default>(&mut self, key: &str, value: Option<T>) -> T {
        value.unwrap_or_else(|| {
            self.fail(missing(key));
            T::default()
        })
    }

    /// The string member `key`.
    pub fn string(&mut self, key: &str) -> String {
        let value = self.get(key).as_str().map(str::to_owned);
        self.require(key, value)
    }

    /// The whole-number member `key`.
    pub fn u64(&mut self, key: &str) -> u64 {
        let value = self.get(key).as_u64();
        self.require(key, value)
    }

    /// The signed whole-number member `key`.
    pub fn i64(&mut self, key: &str) -> i64 {
        let value = self.get(key).as_i64();
        self.require(key, value)
    }

    /// The string or number member `key` as written (decimals travel as either).
    pub fn text(&mut self, key: &str) -> String {
        let value = self.get(key).text().map(str::to_owned);
        self.require(key, value)
    }

    /// The boolean member `key`.
    pub fn bool(&mut self, key: &str) -> bool {
        let value = self.get(key).as_bool();
        self.require(key, value)
    }

    /// The decimal member `key` (a string, or a number as written).
    pub fn decimal(&mut self, key: &str) -> crate::decimal::Decimal {
        let value = crate::number::decimal(self.get(key));
        self.require(key, value)
    }

    /// The string member `key`, `None` when absent or not a string.
    pub fn optional(&self, key: &str) -> Option<String> {
        self.get(key).as_str().map(str::to_owned)
    }

    /// The object member `key` as `read` reads it.
    pub fn object<T>(&mut self, key: &str, read: fn(&mut Fields) -> T) -> T {
        let mut fields = Fields {
            json: self.get(key),
            error: None,
        };
        let value = read(&mut fields);
        if let Some(e) = fields.error {
            self.fail(e);
        }
        value
    }

    /// Each item of the array member `key` as `read` reads it (none when absent); reading
    /// stops at the first item with an error.
    pub fn list<T>(&mut self, key: &str, read: fn(&mut Fields) -> T) -> Vec<T> {
        let mut out = Vec::new();
        self.each(key, &mut |item| out.push(read(item)));
        out
    }

    /// `read` for each item of the array member `key`: the loop of [`Fields::list`], once
    /// for every item type.
    fn each(&mut self, key: &str, read: &mut dyn FnMut(&mut Fields)) {
        for item in self.get(key).items() {
            let mut fields = Fields {
                json: item,
                error: None,
            };
            read(&mut fields);
            if let Some(e) = fields.error {
                self.fail(e);
                break;
            }
        }
    }
}

/// The error for a member that is missing or of the wrong kind.
pub fn missing(key: &str) -> String {
    format!("缺少“{key}”或其格式不对")
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

impl Index<&str> for Json {
    type Output = Json;
    fn index(&self, key: &str) -> &Json {
        self.get(key)
    }
}

impl Index<usize> for Json {
    type Output = Json;
    fn index(&self, i: usize) -> &Json {
        self.items().get(i).unwrap_or(&NULL)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

/// Appends `s` as a JSON string literal.
///
/// # Example
/// ```
/// let mut out = String::new();
/// kaoping_widgets::json::write_str(&mut out, "“引号” \"a\\b\"\n");
/// assert_eq!(out, r#""“引号” \"a\\b\"\n""#);
/// ```
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The members of the object `text`, each value left as its JSON text (checked, not
/// built): a large member such as a unit's evaluation input is kept as the server wrote it
/// and spliced into plugin requests without being read or written again.
///
/// # Example
/// ```
/// let members = kaoping_widgets::json::raw_members(r#" {"a": [1, 2], "b" : "x"} "#).unwrap();
/// assert_eq!(members, [("a".to_owned(), "[1, 2]"), ("b".to_owned(), r#""x""#)]);
/// ```
pub fn raw_members(text: &str) -> Result<Vec<(String, &str)>, String> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut out = Vec::new();
    p.ws();
    p.expect(b'{')?;
    p.ws();
    if !p.eat(b'}') {
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.expect(b':')?;
            p.ws();
            let start = p.pos;
            p.skip(0)?;
            out.push((key, &text[start..p.pos]));
            p.ws();
            if p.eat(b'}') {
                break;
            }
            p.expect(b',')?;
        }
    }
    p.end()?;
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("JSON 第 {} 个字节处{what}", self.pos + 1))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect(&mut self, b: u8) -> Result<(), String> {
        if self.eat(b) {
            Ok(())
        } else {
            self.fail(&format!("应为“{}”", b as char))
        }
    }

    fn end(&mut self) -> Result<(), String> {
        self.ws();
        if self.pos < self.bytes.len() {
            return self.fail("有多余的内容");
        }
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            self.fail("不是有效的值")
        }
    }

    /// Reads a value and builds it.
    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return self.fail("嵌套过深");
        }
        self.ws();
        Ok(match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.ws();
                        self.expect(b':')?;
                        members.push((key, self.value(depth + 1)?));
                        self.ws();
                        if self.eat(b'}') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Json::Obj(members)
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        if self.eat(b']') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Json::Arr(items)
            }
            Some(b'"') => Json::Str(self.string()?),
            Some(b't') => self.literal("true").map(|()| Json::Bool(true))?,
            Some(b'f') => self.literal("false").map(|()| Json::Bool(false))?,
            Some(b'n') => self.literal("null").map(|()| Json::Null)?,
            _ => {
                let start = self.pos;
                self.number()?;
                Json::Num(self.text[start..self.pos].to_owned())
            }
        })
    }

    /// Checks a value and moves past it without building it.
    fn skip(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return self.fail("嵌套过深");
        }
        match self.peek() {
            Some(open @ (b'{' | b'[')) => {
                self.pos += 1;
                self.ws();
                let close = if open == b'{' { b'}' } else { b']' };
                if self.eat(close) {
                    return Ok(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.skip_string()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                    }
                    self.skip(depth + 1)?;
                    self.ws();
                    if self.eat(close) {
                        return Ok(());
                    }
                    self.expect(b',')?;
                }
            }
            Some(b'"') => self.skip_string(),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Result<(), String> {
        let start = self.pos;
        self.eat(b'-');
        let int = self.digits();
        if int == 0 || (int > 1 && self.bytes[self.pos - int] == b'0') {
            self.pos = start;
            return self.fail("不是有效的值");
        }
        if self.eat(b'.') && self.digits() == 0 {
            return self.fail("不是有效的数字");
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return self.fail("不是有效的数字");
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Moves past a string literal, checking it as [`Parser::string`] does.
    fn skip_string(&mut self) -> Result<(), String> {
        self.string_with(None)
    }

    fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        self.string_with(Some(&mut out))?;
        Ok(out)
    }

    fn string_with(&mut self, mut out: Option<&mut String>) -> Result<(), String> {
        self.expect(b'"')?;
        let mut start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return self.fail("字符串没有结束");
            };
            match b {
                b'"' | b'\\' => {
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(&self.text[start..self.pos]);
                    }
                    self.pos += 1;
                    if b == b'"' {
                        return Ok(());
                    }
                    let c = self.escape()?;
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                    start = self.pos;
                }
                0..=0x1f => return self.fail("字符串中有控制字符"),
                _ => self.pos += 1,
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let Some(b) = self.peek() else {
            return self.fail("字符串没有结束");
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return self.fail("代理对不完整");
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return self.fail("代理对不完整");
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return self.fail("代理对不完整"),
                }
            }
            _ => return self.fail("转义字符无效"),
        })
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| (b as char).to_digit(16));
            let Some(digit) = digit else {
                return self.fail("\\u 后应为四位十六进制数");
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back_what_serde_json_writes() {
        let value = serde_json::json!({
            "a": [1, -2.5, 1e-3, true, false, null, "x\"y\\z\n\t\u{1}/é😀"],
            "b": {"nested": {"empty": [], "obj": {}}},
            "c": "长文本"
        });
        let text = value.to_string();
        let parsed = Json::parse(&text).unwrap();
        assert_eq!(parsed.dump(), text);
        assert_eq!(
            parsed.pretty(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let escaped = Json::parse(r#""\u00e9\ud83d\ude00\/\b\f""#).unwrap();
        assert_eq!(escaped.as_str(), Some("é😀/\u{8}\u{c}"));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "{} x",
            "\"\u{1}\"",
            "[1 2]",
        ] {
            assert!(Json::parse(bad).is_err(), "{bad:?} was read");
        }
        let deep = "[".repeat(500) + &"]".repeat(500);
        assert!(Json::parse(&deep).unwrap_err().contains("嵌套过深"));
        assert!(raw_members(&deep).is_err());
    }

    #[test]
    fn raw_members_check_what_they_skip() {
        assert!(raw_members(r#"{"a": [1, }"#).is_err());
        assert!(raw_members("[1]").is_err());
        assert_eq!(raw_members(" {} ").unwrap(), []);
        let members = raw_members(r#"{"k\"ey": {"x": "\"}"}, "n": -0.5e+3}"#).unwrap();
        assert_eq!(members[0], ("k\"ey".to_owned(), r#"{"x": "\"}"}"#));
        assert_eq!(members[1].1, "-0.5e+3");
    }

    #[test]
    fn members_are_added_and_replaced_in_place() {
        let mut v = Json::parse(r#"{"a": 1, "b": [{"c": 2}]}"#).unwrap();
        *v.get_mut("a").unwrap() = "x".into();
        *v.get_mut("b")
            .and_then(|b| b.item_mut(0))
            .and_then(|c| c.get_mut("d"))
            .unwrap() = Json::Bool(true);
        assert!(v.get_mut("a").unwrap().get_mut("z").is_none());
        assert_eq!(v.dump(), r#"{"a":"x","b":[{"c":2,"d":true}]}"#);
    }
}
