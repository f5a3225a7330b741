//! The working-day calendar (工作日, 调休). Being written: see the helper's brief.
