#!/usr/bin/env bash
# Benchmark for `pm stats` (issue 13): the figures over a generated corpus, side by side
# with `rg -c WORD` on the same tree (target: at most 2x). Run by hand, never in CI.
#
#   bash bench/stats.sh            # 10,000 documents
#   bash bench/stats.sh 1000 100000
#
# Prints hyperfine's wall-clock medians, then CPU time (user + sys, bench/cpu.py) and
# peak RSS medians over the same runs count. Needs hyperfine, ripgrep and python3. Corpora go to ${PM_BENCH_DIR:-/tmp}/pm-bench-N
# (shared with bench/run.sh) and are reused. PM_NOW fixes today, so every run counts the
# same overdue items whatever the date.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
runs=${PM_BENCH_RUNS:-10}
source bench/common.sh
export PM_NOW=2026-11-24T12:00:00Z

for n in "${sizes[@]}"; do
  dir=$(corpus "$n")
  hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out/pm-stats-$n.json" \
    -n "rg -c database" "rg -c database $dir" \
    -n "pm stats" "$pm -C $dir stats >/dev/null" \
    -n "pm stats --by month --by severity --format json" "$pm -C $dir stats --by month --by severity --format json >/dev/null" \
    >/dev/null
  summary "$out/pm-stats-$n.json" "$n" "$dir"
  # CPU time (user + sys) and peak RSS, the fair measure on a loaded machine.
  python3 bench/cpu.py "$runs" \
    "rg -c database=rg -c database $dir" \
    "pm stats=$pm -C $dir stats" \
    "pm stats --by month --by severity --format json=$pm -C $dir stats --by month --by severity --format json"
done
