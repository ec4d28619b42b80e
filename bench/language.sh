#!/usr/bin/env bash
# pm check with the language rules on and off, against rg -c, over the same generated tree
# (issue 5: at most 4x rg). Run by hand: bash bench/language.sh [N] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
source bench/common.sh
dir=$(corpus "$n")
off=$out/pm-bench-$n-language-off
mkdir -p "$off"
ln -sfn "$dir/postmortems" "$off/postmortems"
{ cat "$dir/pm.yaml"; printf 'lint:\n  disable: [counterfactual, blame, root-cause, root-cause-heading, hindsight, training-remediation, suppression]\n'; } > "$off/pm.yaml"
hyperfine -i --warmup 2 --runs "${PM_BENCH_RUNS:-10}" \
  -n "rg -c database" "rg -c database $dir" \
  -n "pm check" "target/release/pm -C $dir check" \
  -n "pm check, language rules off" "target/release/pm -C $off check"
# proselint (pip install proselint) on the same documents is too slow for 10,000; the
# ratio in BENCHMARKS.md was measured at 2076388 on the first 100, like this:
#   mkdir -p /tmp/pm-bench-prose/postmortems && cp $dir/pm.yaml /tmp/pm-bench-prose/
#   ls $dir/postmortems/*.md | head -100 | xargs -I{} cp {} /tmp/pm-bench-prose/postmortems/
#   hyperfine -i --warmup 1 --runs 5 "proselint check /tmp/pm-bench-prose/postmortems" \
#     "target/release/pm -C /tmp/pm-bench-prose check"
