//! Rule sets shipped with kaoping, as TOML text a committee can copy and edit.

use super::RuleSet;
use super::load::from_toml;

/// The TOML text of the reference indicator system R-2019 (DOMAIN.md).
pub const R2019_TOML: &str = include_str!("r-2019.toml");

/// Names of the built-in rule sets, for `--rules NAME`.
pub const NAMES: [&str; 1] = ["r-2019"];

/// The reference indicator system R-2019.
///
/// # Example
/// ```
/// let rules = kaoping_shared::rules::builtin::r2019();
/// assert_eq!(rules.dimensions.len(), 6);
/// assert_eq!(rules.dimensions[0].name, "办案数量");
/// ```
pub fn r2019() -> RuleSet {
    // The shipped text is checked by this crate's tests, so it always loads.
    from_toml(R2019_TOML).unwrap_or_else(|e| panic!("built-in r-2019 is invalid: {e}"))
}

/// A built-in rule set by name.
pub fn by_name(name: &str) -> Option<RuleSet> {
    match name {
        "r-2019" => Some(r2019()),
        _ => None,
    }
}
