#!/usr/bin/env bash
# Runs every test of the workspace, on a fresh machine too (only rustup and cargo needed; the
# browser prerequisites come from Debian's packages, so run as root or with sudo available).
# `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# rust-toolchain.toml pins rustc 1.95.0 and lists wasm32-unknown-unknown; RUSTUP_AUTO_INSTALL=0
# on these machines, so install explicitly (seconds when already there).
rustup toolchain install

# Headless browser tests: Debian's Chromium and ChromeDriver, and a CJK font so screenshots
# show Chinese rather than empty boxes.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! fc-list 2>/dev/null | grep -qi "wqy"; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

# The runner for the widgets' wasm-bindgen tests, the same version as the wasm-bindgen crate.
bindgen_version=0.2.130
if [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $bindgen_version" ]; then
  cargo install wasm-bindgen-cli --version "=$bindgen_version" --quiet
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p kaoping-widgets --target wasm32-unknown-unknown --test browser --locked
