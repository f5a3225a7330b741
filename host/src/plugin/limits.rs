//! The budgets a plugin call runs under. Fuel (deterministic: one unit per wasm
//! instruction, roughly) is the real budget; the wall-clock deadline is only a backstop.
//! Both scale with the size of the request, so a big evaluation gets a big budget and a
//! `describe` a small one.

use std::time::Duration;

const MIB: usize = 1024 * 1024;

/// Budgets for loading and calling plugins, built with `new()` + `with_*`.
///
/// # Example
/// ```
/// use kaoping_host::plugin::Limits;
/// use std::time::Duration;
/// let limits = Limits::new().with_fuel(1_000, 10).with_deadline(Duration::from_secs(1), Duration::ZERO);
/// assert_eq!(limits.fuel_for(100), 2_000);
/// assert_eq!(limits.deadline_for(100), Duration::from_secs(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    fuel_base: u64,
    fuel_per_byte: u64,
    deadline_base: Duration,
    deadline_per_byte: Duration,
    memory: usize,
    table_elements: usize,
    max_request: usize,
    max_response: usize,
    max_module: usize,
    concurrency: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

impl Limits {
    /// The defaults: fuel 100 M + 10 k per request byte; deadline 2 s + 20 µs per byte;
    /// 256 MiB of linear memory; requests and responses up to 64 MiB; modules up to
    /// 32 MiB; 64 calls at once.
    pub const fn new() -> Limits {
        Limits {
            fuel_base: 100_000_000,
            fuel_per_byte: 10_000,
            deadline_base: Duration::from_secs(2),
            deadline_per_byte: Duration::from_micros(20),
            memory: 256 * MIB,
            table_elements: 100_000,
            max_request: 64 * MIB,
            max_response: 64 * MIB,
            max_module: 32 * MIB,
            concurrency: 64,
        }
    }

    /// Fuel for a call: `base + per_byte × request length`.
    pub const fn with_fuel(mut self, base: u64, per_byte: u64) -> Limits {
        self.fuel_base = base;
        self.fuel_per_byte = per_byte;
        self
    }

    /// Wall-clock backstop for a call: `base + per_byte × request length`, checked every
    /// few milliseconds (see [`Limits::EPOCH_TICK`]).
    pub const fn with_deadline(mut self, base: Duration, per_byte: Duration) -> Limits {
        self.deadline_base = base;
        self.deadline_per_byte = per_byte;
        self
    }

    /// The most linear memory a plugin instance may have, in bytes.
    pub const fn with_memory(mut self, bytes: usize) -> Limits {
        self.memory = bytes;
        self
    }

    /// The most elements a plugin's table may have.
    pub const fn with_table_elements(mut self, elements: usize) -> Limits {
        self.table_elements = elements;
        self
    }

    /// The largest request accepted, in bytes (at most `i32::MAX`).
    pub const fn with_max_request(mut self, bytes: usize) -> Limits {
        self.max_request = bytes;
        self
    }

    /// The largest response accepted, in bytes.
    pub const fn with_max_response(mut self, bytes: usize) -> Limits {
        self.max_response = bytes;
        self
    }

    /// The largest module accepted at load, in bytes.
    pub const fn with_max_module(mut self, bytes: usize) -> Limits {
        self.max_module = bytes;
        self
    }

    /// How many calls may run at once (pooling-allocator slots; the pool has a few more for
    /// finished calls whose memory is still being reset, see `reaper.rs`).
    pub const fn with_concurrency(mut self, calls: u32) -> Limits {
        self.concurrency = calls;
        self
    }

    /// How often the deadline is checked.
    pub const EPOCH_TICK: Duration = Duration::from_millis(5);

    /// Fuel for a request of `len` bytes (saturating).
    pub fn fuel_for(&self, len: usize) -> u64 {
        self.fuel_per_byte
            .saturating_mul(len as u64)
            .saturating_add(self.fuel_base)
    }

    /// Wall-clock deadline for a request of `len` bytes (saturating).
    pub fn deadline_for(&self, len: usize) -> Duration {
        let per = self
            .deadline_per_byte
            .saturating_mul(u32::try_from(len).unwrap_or(u32::MAX));
        self.deadline_base.saturating_add(per)
    }

    /// The deadline in epoch ticks, rounded up.
    pub(crate) fn deadline_ticks(&self, len: usize) -> u64 {
        let nanos = self.deadline_for(len).as_nanos();
        let tick = Self::EPOCH_TICK.as_nanos();
        u64::try_from(nanos.div_ceil(tick))
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// Linear-memory cap, in bytes.
    pub fn memory(&self) -> usize {
        self.memory
    }

    /// Table-size cap, in elements.
    pub fn table_elements(&self) -> usize {
        self.table_elements
    }

    /// Request-size cap, in bytes (never above `i32::MAX`, the ABI's limit).
    pub fn max_request(&self) -> usize {
        self.max_request.min(i32::MAX as usize)
    }

    /// Response-size cap, in bytes.
    pub fn max_response(&self) -> usize {
        self.max_response
    }

    /// Module-size cap, in bytes.
    pub fn max_module(&self) -> usize {
        self.max_module
    }

    /// Calls that may run at once.
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_scale_with_request_size() {
        let limits = Limits::new();
        assert!(limits.fuel_for(1_000_000) > limits.fuel_for(10));
        assert!(limits.deadline_for(1_000_000) > limits.deadline_for(10));
        assert_eq!(limits.fuel_for(0), 100_000_000);
    }

    #[test]
    fn huge_budgets_saturate_instead_of_overflowing() {
        let limits = Limits::new().with_fuel(u64::MAX - 1, u64::MAX);
        assert_eq!(limits.fuel_for(usize::MAX), u64::MAX);
        let limits = Limits::new().with_deadline(Duration::MAX, Duration::MAX);
        assert_eq!(limits.deadline_for(usize::MAX), Duration::MAX);
        assert!(limits.deadline_ticks(10) > 0);
    }

    #[test]
    fn deadline_ticks_round_up() {
        let limits = Limits::new().with_deadline(Duration::from_millis(11), Duration::ZERO);
        assert_eq!(limits.deadline_ticks(0), 3);
    }
}
