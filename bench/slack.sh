#!/usr/bin/env bash
# Slack export and redaction benchmarks (run by hand, never in CI).
#
#   bash bench/slack.sh
#
# 1. A 2-hour window out of a 1-week export and out of a 5-year export (same channel, same
#    messages per day): only the day files near the window are opened, so both should take
#    about the same time.
# 2. Redaction over every line of a chat log against `rg -c password` on the same file.
#
# Needs hyperfine and ripgrep. Data goes to ${PM_BENCH_DIR:-/tmp}/pm-slack-* and is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${PM_BENCH_RUNS:-10}
out=${PM_BENCH_DIR:-/tmp}

cargo build --release --quiet --example slack-bench
bench=$PWD/target/release/examples/slack-bench

[ -d "$out/pm-slack-week" ] || "$bench" gen "$out/pm-slack-week" 7 500
[ -d "$out/pm-slack-5y" ] || "$bench" gen "$out/pm-slack-5y" 1826 500
window=(2026-03-14T09:00:00Z 2026-03-14T11:00:00Z)
hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$out/pm-slack-window.json" \
  -n "1 week (7 day files)" "$bench read $out/pm-slack-week/ops ${window[*]}" \
  -n "5 years (1,826 day files)" "$bench read $out/pm-slack-5y/ops ${window[*]}"

# A chat log of the 5-year export's messages as plain lines, with a secret every 1,000 lines.
log=$out/pm-slack-lines.txt
if [ ! -f "$log" ]; then
  cat "$out"/pm-slack-5y/ops/*.json | rg -o '"text": "[^"]*"' \
    | awk '{ print } NR % 1000 == 0 { print "password=hunter2 AKIAIOSFODNN7EXAMPLE" }' >"$log"
fi
cat "$log" >/dev/null
hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out/pm-slack-redact.json" \
  -n "rg -c password" "rg -c password $log" \
  -n "redact every line" "$bench redact $log"
