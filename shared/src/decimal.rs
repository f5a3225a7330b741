//! Exact decimal helpers: 四舍五入 (half-up) rounding and fixed-scale display.
//!
//! `rust_decimal::Decimal::round_dp` rounds half to even (0.125 → 0.12), which is wrong
//! for official scores. Everything in this crate rounds through [`round_half_up`].

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero (四舍五入) to `dp` places and keeps exactly `dp` places.
///
/// # Example
/// ```
/// use kaoping_shared::decimal::round_half_up;
/// use rust_decimal::Decimal;
/// let d: Decimal = "0.125".parse().unwrap();
/// assert_eq!(round_half_up(d, 2).to_string(), "0.13");
/// assert_eq!(round_half_up(Decimal::from(30), 2).to_string(), "30.00");
/// ```
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(dp);
    rounded
}

/// Shows a decimal without trailing zeros (`1.50` → `1.5`, `30.00` → `30`), for formulas.
///
/// # Example
/// ```
/// use kaoping_shared::decimal::plain;
/// assert_eq!(plain("1.50".parse().unwrap()), "1.5");
/// ```
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Shows a ratio as a percentage with two places (`0.6667` → `66.67%`).
///
/// # Example
/// ```
/// use kaoping_shared::decimal::percent;
/// use rust_decimal::Decimal;
/// assert_eq!(percent(Decimal::new(2, 0) / Decimal::new(3, 0)), "66.67%");
/// ```
pub fn percent(ratio: Decimal) -> String {
    format!("{}%", round_half_up(ratio * Decimal::ONE_HUNDRED, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_table() {
        for (input, dp, expected) in [
            ("0.125", 2, "0.13"),
            ("0.135", 2, "0.14"),
            ("8.125", 2, "8.13"),
            ("2.665", 2, "2.67"),
            ("2.664999", 2, "2.66"),
            ("-0.125", 2, "-0.13"),
            ("5.3333333", 2, "5.33"),
            ("0.5", 0, "1"),
            ("1.5", 0, "2"),
            ("2.5", 0, "3"),
            ("7", 2, "7.00"),
        ] {
            let d: Decimal = input.parse().unwrap();
            assert_eq!(
                round_half_up(d, dp).to_string(),
                expected,
                "{input} to {dp}"
            );
        }
    }

    #[test]
    fn bankers_rounding_differs_from_ours() {
        let d: Decimal = "0.125".parse().unwrap();
        assert_eq!(d.round_dp(2).to_string(), "0.12");
        assert_ne!(d.round_dp(2), round_half_up(d, 2));
    }
}
