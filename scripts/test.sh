#!/usr/bin/env bash
# Runs every test of the workspace, on a fresh machine too (only rustup and cargo needed):
# installs the pinned toolchain with its wasm target, then checks formatting and lints,
# then runs all tests. `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# rust-toolchain.toml pins rustc 1.95.0 and lists wasm32-unknown-unknown; RUSTUP_AUTO_INSTALL=0
# on these machines, so install explicitly (seconds when already there).
rustup toolchain install

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
