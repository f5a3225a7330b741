#!/usr/bin/env bash
# Measures the widget budgets of issue 5 and prints the BENCHMARKS.md table:
#   - the whole bundle (wasm + JS) gzip size, as served under /widgets/ (goal ≤ 150 KB);
#   - first render after load (ms from navigation start, median of 5, headless Chromium);
#   - recompute time per keystroke on a 60-indicator form (the in-browser plugin call and
#     reading its answer; median and max of 30 keystrokes; goal < 5 ms).
# Needs chromium and chromium-driver (apt-get install -y chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p kaoping-host --quiet
# The newest bundle (older build directories of kaoping-host may still be there).
bundle=$(dirname "$(ls -t target/debug/build/kaoping-host-*/out/widgets/kaoping-widgets_bg.wasm | head -1)")
js="$bundle/kaoping-widgets.js"
wasm="$bundle/kaoping-widgets_bg.wasm"
size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
js_raw=$(size "$js"); js_gz=$(gz "$js"); wasm_raw=$(size "$wasm"); wasm_gz=$(gz "$wasm")
total_gz=$((js_gz + wasm_gz))

cargo test -p kaoping-host --test browser --quiet -- --ignored --nocapture measure_budgets >/dev/null
report="target/tmp/browser/budgets.txt"
value() { awk -v k="$1" '$1 == k { print $2 }' "$report"; }

cat <<TABLE
| widget budget | measured | goal |
|---|---|---|
| bundle gzip (wasm + JS) | $(kb "$total_gz") KB (wasm $(kb "$wasm_gz") KB, JS $(kb "$js_gz") KB; raw $(kb "$wasm_raw") + $(kb "$js_raw") KB) | ≤ 150 KB |
| first render after load | $(value first_render_ms) ms | — |
| recompute per keystroke, 60-indicator form | median $(value recompute_ms_median) ms, max $(value recompute_ms_max) ms | < 5 ms |
TABLE
