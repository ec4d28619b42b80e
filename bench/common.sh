# Shared by the corpus benchmarks (bench/run.sh, overdue.sh, language.sh): source it from
# the repository root. Builds pm and the corpus generator in release mode, and sets
# $pm, $gen and $out (${PM_BENCH_DIR:-/tmp}).
cargo build --release --quiet
cargo build --release --quiet --example gen-corpus
pm=$PWD/target/release/pm
gen=$PWD/target/release/examples/gen-corpus
out=${PM_BENCH_DIR:-/tmp}

# corpus N: generates $out/pm-bench-N once (seed 42, reused afterwards), warms the page
# cache so every tool reads from memory, and prints the folder.
corpus() {
  local dir=$out/pm-bench-$1
  [ -f "$dir/pm.yaml" ] || "$gen" --count "$1" --out "$dir" >/dev/null
  find "$dir/postmortems" -name '*.md' -exec cat {} + >/dev/null
  echo "$dir"
}

# summary JSON N DIR: one line of medians and their ratios to the first command (rg).
summary() {
  python3 - "$1" "$2" "$(du -sm "$3/postmortems" | cut -f1)" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] for r in data}
base = next(iter(med.values()))
print(f"{int(sys.argv[2]):>7} docs ({sys.argv[3]} MB): " + ", ".join(
    f"{name} {t*1000:.0f} ms ({t/base:.2f}x)" for name, t in med.items()))
PY
}
