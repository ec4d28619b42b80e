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
out=${PM_BENCH_DIR:-/tmp}

cargo build --release --quiet
cargo build --release --quiet --example gen-corpus
pm=$PWD/target/release/pm
gen=$PWD/target/release/examples/gen-corpus

for n in "${sizes[@]}"; do
  dir=$out/pm-bench-$n
  if [ ! -f "$dir/pm.yaml" ]; then
    "$gen" --count "$n" --out "$dir" >/dev/null
  fi
  find "$dir/postmortems" -name '*.md' -exec cat {} + >/dev/null
  hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out/pm-overdue-$n.json" \
    -n "rg -c database" "rg -c database $dir" \
    -n "pm overdue" "$pm -C $dir overdue --as-of 2026-11-24 >/dev/null" \
    -n "pm overdue --format json" "$pm -C $dir overdue --as-of 2026-11-24 --due-within 7d --format json >/dev/null" \
    >/dev/null
  python3 - "$out/pm-overdue-$n.json" "$n" "$(du -sm "$dir/postmortems" | cut -f1)" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] for r in data}
base = med["rg -c database"]
print(f"{int(sys.argv[2]):>7} docs ({sys.argv[3]} MB): " + ", ".join(
    f"{name} {t*1000:.0f} ms ({t/base:.2f}x)" for name, t in med.items()))
PY
done
