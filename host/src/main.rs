//! The `kaoping` command.
fn main() {}
