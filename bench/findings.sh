#!/usr/bin/env bash
# pm check over a corpus whose documents have findings (issue 17), against rg -c should over
# the same tree: the human, json and github formats side by side with hyperfine, then each
# one's peak memory (/usr/bin/time -v), findings and output size. Run by hand:
#   bash bench/findings.sh [N]        # default 10000 documents
# The corpus is gen-corpus --prose (seed 42): language findings in most documents, trigger
# words in neutral use, long lines, tables, quotes. bench/run.sh measures the corpus without.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
source bench/common.sh
dir=$out/pm-bench-prose-$n
[ -f "$dir/pm.yaml" ] || "$gen" --prose --count "$n" --out "$dir"
find "$dir/postmortems" -name '*.md' -exec cat {} + >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# -i: pm check exits 1 when a finding is an error; the work measured is the same.
# Output to a pipe read by cat (as in CI), so nothing short-cuts on /dev/null.
hyperfine -N -i --style basic --warmup 2 --runs "${PM_BENCH_RUNS:-10}" --output=pipe \
  --export-json "$out/pm-bench-prose-$n.json" \
  -n "rg -c should" "rg -c should $dir" \
  -n "pm check" "$pm -C $dir check" \
  -n "pm check --format json" "$pm -C $dir check --format json" \
  -n "pm check --format github" "$pm -C $dir check --format github"
summary "$out/pm-bench-prose-$n.json" "$n" "$dir"
for format in human json github; do
  /usr/bin/time -v -o "$out/pm-bench-time" "$pm" -C "$dir" check --format "$format" \
    >"$out/pm-bench-out" 2>&1 || true
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.1f", $2/1024}' "$out/pm-bench-time")
  echo "$format: peak RSS $rss MiB, output $(wc -c <"$out/pm-bench-out") bytes"
done
"$pm" -C "$dir" check --format json | python3 -c '
import collections, json, sys
r = json.load(sys.stdin)
by = collections.Counter(d["rule"] for d in r["diagnostics"])
files = len({d["path"] for d in r["diagnostics"]})
print(f"findings: {r[\"summary\"]}, in {files} documents; by rule: {dict(by)}")'
