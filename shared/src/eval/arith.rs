//! Checked decimal arithmetic: an overflow is an error for the committee, never a panic or
//! a silently wrong score.

use super::EvalError;
use rust_decimal::Decimal;

pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, EvalError> {
    a.checked_mul(b).ok_or(EvalError::Overflow {
        operation: "乘法"
    })
}

pub(crate) fn div(a: Decimal, b: Decimal) -> Result<Decimal, EvalError> {
    a.checked_div(b).ok_or(EvalError::Overflow {
        operation: "除法"
    })
}

pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, EvalError> {
    a.checked_add(b).ok_or(EvalError::Overflow {
        operation: "加法"
    })
}

pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, EvalError> {
    a.checked_sub(b).ok_or(EvalError::Overflow {
        operation: "减法"
    })
}

pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, EvalError> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// A count as a decimal.
pub(crate) fn count(n: impl Into<u64>) -> Decimal {
    Decimal::from(n.into())
}

/// A value for a calculation line: exact if short, else `≈` four places.
pub(crate) fn show(value: Decimal) -> String {
    let normal = value.normalize();
    if normal.scale() <= 4 {
        normal.to_string()
    } else {
        format!("≈{}", crate::decimal::round_half_up(value, 4).normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_overflow_errors_instead_of_panicking() {
        assert!(matches!(
            mul(Decimal::MAX, Decimal::TWO),
            Err(EvalError::Overflow { .. })
        ));
        assert!(matches!(
            add(Decimal::MAX, Decimal::MAX),
            Err(EvalError::Overflow { .. })
        ));
        assert!(matches!(
            div(Decimal::ONE, Decimal::ZERO),
            Err(EvalError::Overflow { .. })
        ));
    }

    #[test]
    fn shows_short_values_exactly_and_long_ones_approximately() {
        assert_eq!(show("1.50".parse().unwrap()), "1.5");
        assert_eq!(show(Decimal::from(5) / Decimal::from(3)), "≈1.6667");
    }
}
