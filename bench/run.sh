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
  # Warm the page cache so every tool reads from memory.
  cat "$dir"/postmortems/*.md >/dev/null 2>&1 || find "$dir/postmortems" -name '*.md' -exec cat {} + >/dev/null
  hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out/pm-bench-$n.json" \
    -n "rg -c database" "rg -c database $dir" \
    -n "pm check" "$pm -C $dir check" \
    -n "pm list" "$pm -C $dir list >/dev/null" >/dev/null
  python3 - "$out/pm-bench-$n.json" "$n" "$(du -sm "$dir/postmortems" | cut -f1)" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] for r in data}
base = med["rg -c database"]
print(f"{int(sys.argv[2]):>7} docs ({sys.argv[3]} MB): " + ", ".join(
    f"{name} {t*1000:.0f} ms ({t/base:.1f}x)" for name, t in med.items()))
PY
done
