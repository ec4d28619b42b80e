#!/usr/bin/env bash
# Benchmarks for pm (run by hand, never in CI): `pm check` and `pm list` against
# `rg -c WORD` over the same generated tree, side by side with hyperfine.
#
#   bash bench/run.sh                 # 1,000 / 10,000 / 100,000 documents
#   bash bench/run.sh 10000           # one size
#
# Needs hyperfine and ripgrep (Debian: apt-get install hyperfine ripgrep) and python3 for
# the summary. Corpora go to ${PM_BENCH_DIR:-/tmp}/pm-bench-N and are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${PM_BENCH_RUNS:-5}
source bench/common.sh

for n in "${sizes[@]}"; do
  dir=$(corpus "$n")
  # -i: pm check exits 1 when the corpus has findings; the work measured is the same.
  hyperfine -i --style none --warmup 2 --runs "$runs" --export-json "$out/pm-bench-$n.json" \
    -n "rg -c database" "rg -c database $dir" \
    -n "pm check" "$pm -C $dir check" \
    -n "pm list" "$pm -C $dir list >/dev/null" >/dev/null
  summary "$out/pm-bench-$n.json" "$n" "$dir"
done
