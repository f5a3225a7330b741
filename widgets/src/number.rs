//! Reading the numbers reviewers type: exact decimals, full-width digits accepted, every
//! refusal explained in Chinese.

use crate::decimal::Decimal;
use crate::json::Json;
use std::str::FromStr;

/// A decimal as JSON carries it: a string (`"8.5"`) or a number as written.
///
/// # Example
/// ```
/// use kaoping_widgets::{json::Json, number::decimal};
/// assert_eq!(decimal(&Json::parse(r#""8.50""#).unwrap()).unwrap().to_string(), "8.50");
/// assert_eq!(decimal(&Json::parse("7").unwrap()).unwrap().to_string(), "7");
/// assert_eq!(decimal(&Json::Null), None);
/// ```
pub fn decimal(value: &Json) -> Option<Decimal> {
    Decimal::from_str(value.text()?).ok()
}

/// Why a typed score is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing typed.
    Empty,
    /// Not a decimal number.
    NotANumber(String),
    /// More than two decimal places.
    TooPrecise(String),
    /// Outside `min..=max`.
    OutOfRange {
        /// What was typed, normalised.
        value: Decimal,
        /// Lowest allowed.
        min: Decimal,
        /// Highest allowed.
        max: Decimal,
    },
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberError::Empty => f.write_str("请填写分数"),
            NumberError::NotANumber(text) => write!(f, "“{text}”不是有效的数字"),
            NumberError::TooPrecise(text) => write!(f, "“{text}”最多保留两位小数"),
            NumberError::OutOfRange { value, min, max } => write!(
                f,
                "{} 超出范围（应在 {} 至 {} 之间）",
                value.normalize(),
                min.normalize(),
                max.normalize()
            ),
        }
    }
}

/// Reads a typed decimal: trims, maps full-width digits and `．` to ASCII, at most two
/// places.
///
/// # Example
/// ```
/// use kaoping_widgets::number::parse;
/// assert_eq!(parse(" ８．５ ").unwrap().to_string(), "8.5");
/// assert!(parse("8.555").is_err());
/// ```
pub fn parse(text: &str) -> Result<Decimal, NumberError> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            other => other,
        })
        .collect();
    if ascii.is_empty() {
        return Err(NumberError::Empty);
    }
    let plain = ascii
        .strip_prefix('-')
        .unwrap_or(&ascii)
        .split_once('.')
        .map_or(!ascii.is_empty(), |(int, frac)| {
            !int.is_empty() && !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit())
        });
    let digits_ok = ascii
        .strip_prefix('-')
        .unwrap_or(&ascii)
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.');
    if !plain || !digits_ok {
        return Err(NumberError::NotANumber(text.trim().to_owned()));
    }
    let value =
        Decimal::from_str(&ascii).map_err(|_| NumberError::NotANumber(text.trim().to_owned()))?;
    if value.scale() > 2 {
        return Err(NumberError::TooPrecise(text.trim().to_owned()));
    }
    Ok(value)
}

/// [`parse`], then checks `min <= value <= max`.
///
/// # Example
/// ```
/// use kaoping_widgets::number::parse_in;
/// let (min, max) = (0.into(), 10.into());
/// assert!(parse_in("10", min, max).is_ok());
/// assert_eq!(parse_in("10.5", min, max).unwrap_err().to_string(), "10.5 超出范围（应在 0 至 10 之间）");
/// ```
pub fn parse_in(text: &str, min: Decimal, max: Decimal) -> Result<Decimal, NumberError> {
    let value = parse(text)?;
    if value < min || value > max {
        return Err(NumberError::OutOfRange { value, min, max });
    }
    Ok(value)
}

/// A score as shown: exactly two places (`86` → `86.00`), like the server's results.
///
/// # Example
/// ```
/// assert_eq!(kaoping_widgets::number::cents("86".parse().unwrap()), "86.00");
/// ```
pub fn cents(value: Decimal) -> String {
    let mut v = value;
    v.rescale(2);
    v.to_string()
}

/// Milliseconds with `places` decimals, without float formatting (it would add ~20 KB of
/// wasm).
///
/// # Example
/// ```
/// assert_eq!(kaoping_widgets::number::millis(1.23456, 3), "1.235");
/// assert_eq!(kaoping_widgets::number::millis(12.0, 1), "12.0");
/// ```
pub fn millis(value: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let scaled = (value.max(0.0) * scale as f64).round() as u64;
    if places == 0 {
        return scaled.to_string();
    }
    format!(
        "{}.{:0width$}",
        scaled / scale,
        scaled % scale,
        width = places as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_table() {
        let ok = [
            ("8", "8"),
            ("8.5", "8.5"),
            (" 0.25 ", "0.25"),
            ("１０", "10"),
            ("９．７５", "9.75"),
            ("-1", "-1"),
        ];
        for (text, want) in ok {
            assert_eq!(parse(text).unwrap().to_string(), want, "row {text:?}");
        }
        let bad = [
            ("", NumberError::Empty),
            ("  ", NumberError::Empty),
            ("abc", NumberError::NotANumber("abc".into())),
            ("8.", NumberError::NotANumber("8.".into())),
            (".5", NumberError::NotANumber(".5".into())),
            ("1e3", NumberError::NotANumber("1e3".into())),
            ("8.5.1", NumberError::NotANumber("8.5.1".into())),
            ("8.125", NumberError::TooPrecise("8.125".into())),
        ];
        for (text, want) in bad {
            assert_eq!(parse(text), Err(want), "row {text:?}");
        }
    }

    #[test]
    fn range_is_inclusive_and_explained() {
        let (min, max) = (Decimal::ZERO, Decimal::TEN);
        assert!(parse_in("0", min, max).is_ok());
        assert!(parse_in("10.00", min, max).is_ok());
        let err = parse_in("-0.5", min, max).unwrap_err();
        assert_eq!(err.to_string(), "-0.5 超出范围（应在 0 至 10 之间）");
    }

    #[test]
    fn cents_pads_and_rounds_never_silently() {
        assert_eq!(cents("97.5".parse().unwrap()), "97.50");
        assert_eq!(cents("97.51".parse().unwrap()), "97.51");
    }
}
