//! Exact decimals as the widgets need them: read from the strings the server and the plugin
//! write (`"86.00"`), compared, added, rounded and shown with their scale, like
//! `rust_decimal`'s `Decimal`, whose arithmetic and tables the bundle does without. Every
//! score itself comes from the plugin; these only show, check and compare.
//!
//! ```
//! use kaoping_widgets::decimal::Decimal;
//! let a: Decimal = "86.00".parse().unwrap();
//! assert_eq!(a, "86".parse().unwrap());
//! assert_eq!((a - "1.5".parse().unwrap()).to_string(), "84.50");
//! assert_eq!(a.normalize().to_string(), "86");
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

/// The largest scale, as in `rust_decimal`.
const MAX_SCALE: u32 = 28;

/// `units / 10^scale`, exactly.
#[derive(Clone, Copy, Debug, Default)]
pub struct Decimal {
    units: i128,
    scale: u32,
}

fn pow10(n: u32) -> i128 {
    10i128.saturating_pow(n)
}

impl Decimal {
    /// 0.
    pub const ZERO: Decimal = Decimal::new(0, 0);
    /// 10.
    pub const TEN: Decimal = Decimal::new(10, 0);
    /// 100.
    pub const ONE_HUNDRED: Decimal = Decimal::new(100, 0);

    /// `units / 10^scale`, e.g. `Decimal::new(1, 2)` is 0.01.
    pub const fn new(units: i64, scale: u32) -> Decimal {
        Decimal {
            units: units as i128,
            scale,
        }
    }

    /// `hundredths / 100`, e.g. `8650` is 86.50.
    pub fn from_hundredths(hundredths: i128) -> Decimal {
        Decimal {
            units: hundredths,
            scale: 2,
        }
    }

    /// Digits after the point, trailing zeros included.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Whether this is 0.
    pub fn is_zero(&self) -> bool {
        self.units == 0
    }

    /// The same value without trailing zeros (`30.00` → `30`).
    #[must_use]
    pub fn normalize(&self) -> Decimal {
        let mut d = *self;
        while d.scale > 0 && d.units % 10 == 0 {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }

    /// Sets the scale, rounding half away from zero when digits are dropped
    /// (`rust_decimal`'s `rescale`).
    ///
    /// # Example
    /// ```
    /// let mut d: kaoping_widgets::decimal::Decimal = "2.345".parse().unwrap();
    /// d.rescale(2);
    /// assert_eq!(d.to_string(), "2.35");
    /// d.rescale(4);
    /// assert_eq!(d.to_string(), "2.3500");
    /// ```
    pub fn rescale(&mut self, scale: u32) {
        let scale = scale.min(MAX_SCALE);
        if scale >= self.scale {
            self.units = self.units.saturating_mul(pow10(scale - self.scale));
        } else {
            let divisor = pow10(self.scale - scale);
            let (quotient, remainder) = (self.units / divisor, self.units % divisor);
            self.units = quotient + (remainder.abs() * 2 >= divisor) as i128 * self.units.signum();
        }
        self.scale = scale;
    }

    /// The whole part, rounded toward zero.
    pub fn trunc(&self) -> i128 {
        self.units / pow10(self.scale)
    }

    /// Both as whole numbers of the finer scale, if they fit.
    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        Some((
            self.units.checked_mul(pow10(scale - self.scale))?,
            other.units.checked_mul(pow10(scale - other.scale))?,
            scale,
        ))
    }

    /// `self * 1000 / max`, rounded half to even (0 when `max` is 0 or it does not fit).
    ///
    /// # Example
    /// ```
    /// let d = |s: &str| s.parse::<kaoping_widgets::decimal::Decimal>().unwrap();
    /// assert_eq!(d("2.67").thousandths_of(d("10")), 267);
    /// assert_eq!(d("1").thousandths_of(d("0.016")), 62500);
    /// assert_eq!(d("0.0025").thousandths_of(d("1")), 2);
    /// ```
    pub fn thousandths_of(self, max: Decimal) -> i128 {
        let Some((value, max, _)) = self.aligned(max) else {
            return 0;
        };
        let Some(numerator) = value.checked_mul(1000) else {
            return 0;
        };
        if max == 0 {
            return 0;
        }
        let (quotient, remainder) = (numerator / max, numerator % max);
        let twice = remainder.abs() * 2;
        let up = twice > max.abs() || (twice == max.abs() && quotient % 2 != 0);
        quotient + up as i128 * (numerator.signum() * max.signum())
    }

    /// The sum, saturating at the largest representable value.
    #[must_use]
    pub fn saturating_add(self, other: Decimal) -> Decimal {
        self + other
    }
}

impl From<i64> for Decimal {
    fn from(n: i64) -> Decimal {
        Decimal::new(n, 0)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        if let Some((a, b, _)) = self.aligned(*other) {
            return a.cmp(&b);
        }
        // Too many digits to align: whole parts first, then the fractions.
        let scale = self.scale.max(other.scale);
        let fraction = |d: &Decimal| (d.units % pow10(d.scale)) * pow10(scale - d.scale);
        self.trunc()
            .cmp(&other.trunc())
            .then(fraction(self).cmp(&fraction(other)))
    }
}

impl Add for Decimal {
    type Output = Decimal;
    fn add(self, other: Decimal) -> Decimal {
        match self.aligned(other) {
            Some((a, b, scale)) => Decimal {
                units: a.saturating_add(b),
                scale,
            },
            None => self.max(other),
        }
    }
}

impl Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal {
            units: -self.units,
            scale: self.scale,
        }
    }
}

impl Sub for Decimal {
    type Output = Decimal;
    fn sub(self, other: Decimal) -> Decimal {
        self + -other
    }
}

/// Text that is not a plain decimal (`-12.50`; no exponent, at most 28 places).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADecimal;

impl FromStr for Decimal {
    type Err = NotADecimal;

    fn from_str(text: &str) -> Result<Decimal, NotADecimal> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() || (digits.contains('.') && fraction.is_empty()) {
            return Err(NotADecimal);
        }
        let scale = u32::try_from(fraction.len()).map_err(|_| NotADecimal)?;
        if scale > MAX_SCALE || whole.len() + fraction.len() > 38 {
            return Err(NotADecimal);
        }
        let mut units: i128 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            if !b.is_ascii_digit() {
                return Err(NotADecimal);
            }
            units = units * 10 + i128::from(b - b'0');
        }
        Ok(Decimal {
            units: if negative { -units } else { units },
            scale,
        })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = Vec::new();
        let mut rest = self.units.unsigned_abs();
        while rest > 0 || digits.len() <= self.scale as usize {
            digits.push(b'0' + (rest % 10) as u8);
            rest /= 10;
        }
        let mut out = String::with_capacity(digits.len() + 2);
        if self.units < 0 {
            out.push('-');
        }
        for (i, digit) in digits.iter().rev().enumerate() {
            if i == digits.len() - self.scale as usize {
                out.push('.');
            }
            out.push(*digit as char);
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_and_shows_like_rust_decimal() {
        for text in [
            "0",
            "0.00",
            "86.00",
            "-1.5",
            "0.05",
            "-0.05",
            "100",
            "27.95",
            "1.125",
            "-2.345",
            "33.333333333333333333333333333",
        ] {
            let ours = d(text);
            let theirs: rust_decimal::Decimal = text.parse().unwrap();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert_eq!(ours.normalize().to_string(), theirs.normalize().to_string());
            for places in [0, 1, 2, 4] {
                let (mut a, mut b) = (ours, theirs);
                a.rescale(places);
                b.rescale(places);
                // rust_decimal keeps the sign of a negative value rounded to zero (`-0`).
                let b = if b.is_zero() { b.abs() } else { b };
                assert_eq!(a.to_string(), b.to_string(), "{text} to {places} places");
            }
        }
        let largest = "79228162514264337593543950335";
        assert_eq!(d(largest).to_string(), largest);
        for bad in [
            "",
            "-",
            "1.",
            ".5",
            "1e3",
            "1.2.3",
            "a",
            "--1",
            "1.00000000000000000000000000000",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn compares_and_adds_across_scales() {
        assert_eq!(d("86.00"), d("86"));
        assert!(d("-0.5") < d("0.2") && d("36") > d("35.999"));
        assert_eq!((d("1.5") + d("0.25")).to_string(), "1.75");
        assert_eq!((d("86.00") - d("84.5")).to_string(), "1.50");
        assert_eq!((d("5") - d("5.00")).to_string(), "0.00");
        let long = d("79228162514264337593543950335");
        let fine = d("0.0000000000000000000000000001");
        assert!(long > fine && -long < fine && d("1.5") > d("1.4999999999999999999999999999"));
        assert_eq!(d("250").trunc(), 250);
    }
}
