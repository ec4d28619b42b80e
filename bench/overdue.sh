#!/usr/bin/env bash
# Benchmark for `pm overdue` (issue 4): the weekly review over a generated corpus, side by
# side with `rg -c WORD` on the same tree (target: at most 2x). Run by hand, never in CI.
#
#   bash bench/overdue.sh            # 10,000 documents
#   bash bench/overdue.sh 1000 100000
#
# Needs hyperfine, ripgrep and python3. Corpora go to ${PM_BENCH_DIR:-/tmp}/pm-bench-N
# (shared with bench/run.sh) and are reused. `--as-of` fixes the day, so every run lists
# the same items whatever today is.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
runs=${PM_BENCH_RUNS:-10}
source bench/common.sh

for n in "${sizes[@]}"; do
  dir=$(corpus "$n")
  hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out/pm-overdue-$n.json" \
    -n "rg -c database" "rg -c database $dir" \
    -n "pm overdue" "$pm -C $dir overdue --as-of 2026-11-24 >/dev/null" \
    -n "pm overdue --format json" "$pm -C $dir overdue --as-of 2026-11-24 --due-within 7d --format json >/dev/null" \
    >/dev/null
  summary "$out/pm-overdue-$n.json" "$n" "$dir"
done
