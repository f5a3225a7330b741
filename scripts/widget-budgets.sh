#!/usr/bin/env bash
# Measures the widget budgets of issue 5 and prints the BENCHMARKS.md table:
#   - the whole bundle (wasm + JS) gzip size as served under /widgets/ (goal ≤ 150 KB): the
#     server sends the copies the build gzipped with zopfli (host/build/compress.rs) to every
#     browser that accepts gzip; `gzip -9` of the same files is shown for comparison;
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
gz9() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
js_raw=$(size "$js"); wasm_raw=$(size "$wasm")
js_gz=$(size "$js.gz"); wasm_gz=$(size "$wasm.gz")
js_gz9=$(gz9 "$js"); wasm_gz9=$(gz9 "$wasm")
total_gz=$((js_gz + wasm_gz)); total_gz9=$((js_gz9 + wasm_gz9))

cargo test -p kaoping-host --test browser --quiet -- --ignored --nocapture measure_budgets >/dev/null
report="target/tmp/browser/budgets.txt"
value() { awk -v k="$1" '$1 == k { print $2 }' "$report"; }

cat <<TABLE
| widget budget | measured | goal |
|---|---|---|
| bundle gzip as served (wasm + JS, zopfli) | $(kb "$total_gz") KB (wasm $(kb "$wasm_gz") KB, JS $(kb "$js_gz") KB; \`gzip -9\`: $(kb "$total_gz9") KB = $(kb "$wasm_gz9") + $(kb "$js_gz9") KB; raw $(kb "$wasm_raw") + $(kb "$js_raw") KB) | ≤ 150 KB |
| first render after load | $(value first_render_ms) ms | — |
| recompute per keystroke, 60-indicator form | median $(value recompute_ms_median) ms, max $(value recompute_ms_max) ms | < 5 ms |
TABLE
