#!/usr/bin/env bash
# Benchmarks for `pm import-logs` (issue 3, §8; run by hand, never in CI), side by side with
# hyperfine on generated corpora:
#   1. a 2-hour window from one 1 GiB irssi log spanning five years, against
#      `grep -c '^--- Day changed'` on the same file (target: pm < 0.5x grep);
#   2. per-day archives (ZNC, Limnoria, Slack): five years against one week (target: about
#      the same cost);
#   3. peak memory (max RSS from /usr/bin/time -v) of the window import from the 1 GiB log
#      and from a 16 MiB slice of it (target: < 64 MiB whatever the log's size);
#   4. irclog2html on a 28-day slice of the same log (same days, same bytes per day), against
#      pm on that slice: the window, and every line of the slice;
#   verify: not a timing: pm's entry counts for windows all over the 1 GiB log (first and
#      last day, client restarts, across midnight) against awk over the same day's lines,
#      so a fast path that skips lines cannot silently lose any.
#
#   bash bench/import-logs.sh              # everything
#   bash bench/import-logs.sh window       # one part: window | archives | memory | irclog2html | verify
#
# Environment: BENCH_DIR (corpora, default /tmp/pm-bench-chat; generated once, reused),
# PM_BENCH_RUNS (hyperfine runs, default 10), PM_BENCH_SIZE (irssi log size, default 1G).
# Needs hyperfine, grep, GNU time (/usr/bin/time; Debian: apt-get install time), python3,
# and for part 4 irclog2html (pip install irclog2html).
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(verify window archives memory irclog2html)
dir=${BENCH_DIR:-/tmp/pm-bench-chat}
runs=${PM_BENCH_RUNS:-10}
size=${PM_BENCH_SIZE:-1G}
mkdir -p "$dir"

cargo build --release --quiet
cargo build --release --quiet --example gen-chatlog
pm=$PWD/target/release/pm
gen=$PWD/target/release/examples/gen-chatlog
id=2024-03-14-checkout-db-failover # the example postmortem: 14:00-15:30 UTC, 15m padding
export PM_NOW=2024-03-20T12:00:00Z

# Generates a corpus once: `corpus NAME OUT KIND ARGS...` writes OUT (inside $dir/NAME) and
# remembers the arguments, so changing them regenerates it.
corpus() {
  local name=$1 out=$2
  shift 2
  local stamp="$dir/.$name.args"
  if [ ! -e "$out" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$*" ]; then
    rm -rf "${dir:?}/$name"
    "$gen" "$@" --out "$out" >&2
    echo "$*" >"$stamp"
  fi
}

# An example postmortem repository whose pm.yaml reads SOURCE as FORMAT.
repo() {
  local name=$1 source=$2 format=$3
  if [ ! -f "$dir/$name/pm.yaml" ] || ! grep -qF "$source\"" "$dir/$name/pm.yaml"; then
    rm -rf "${dir:?}/$name"
    "$gen" repo --out "$dir/$name" --source "$source" --format "$format" >/dev/null
  fi
}

# Every hyperfine run uses --output=pipe: GNU grep notices a stdout of /dev/null (hyperfine's
# default) and stops at the first match, which would time 1 ms instead of a full scan.

# Reads every file under the paths once, so every tool reads from the page cache.
warm() { find "$@" -type f -exec cat {} + >/dev/null; }

# Medians and ratios of a hyperfine JSON export: `summary FILE [BASE]` (BASE: the command
# name the ratios are against; default the first).
summary() {
  python3 - "$@" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = next((r for r in results if len(sys.argv) < 3 or r["command"] == sys.argv[2]), results[0])
for r in results:
    print(f"  {r['command']:<48} median {r['median']*1000:9.1f} ms"
          f"  (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs)"
          f"  {r['median']/base['median']:6.2f}x {base['command']}")
PY
}

log=$dir/irssi-5y/ops.log
need_irssi() {
  corpus irssi-5y "$log" irssi --size "$size" --start 2021-01-01 --days 1826
  repo repo-irssi "$log" irssi
}

# 28 days of the same log, byte for byte (same seed, same bytes per day).
slice=$dir/irssi-slice/ops.log
need_slice() {
  local per_day=$(($(numfmt --from=iec "$size") / 1826))
  corpus irssi-slice "$slice" irssi --size "$((per_day * 28))" --start 2024-03-01 --days 28
  repo repo-irssi-slice "$slice" irssi
}

echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pm $(git rev-parse --short HEAD), $(hyperfine --version), $(grep --version | head -1)"

for part in "${parts[@]}"; do
  case $part in
  window)
    need_irssi
    warm "$log"
    echo "== 2-hour window from $(du -h "$log" | cut -f1) irssi log ($(grep -c '^--- Day changed' "$log") day changes)"
    hyperfine --style none --output=pipe --warmup 2 --runs "$runs" --export-json "$dir/window.json" \
      -n "grep -c '^--- Day changed'" "grep -c '^--- Day changed' $log" \
      -n "pm import-logs --stdout" "$pm -C $dir/repo-irssi import-logs $id --stdout" >/dev/null
    summary "$dir/window.json"
    ;;
  archives)
    for kind in znc limnoria slack; do
      corpus "$kind-week" "$dir/$kind-week" "$kind" --start 2024-03-11 --days 7
      corpus "$kind-5y" "$dir/$kind-5y" "$kind" --start 2021-01-01 --days 1826
      # A Slack source is one channel's folder of the export.
      sub=""
      [ "$kind" = slack ] && sub=/ops
      repo "repo-$kind-week" "$dir/$kind-week$sub" "$kind"
      repo "repo-$kind-5y" "$dir/$kind-5y$sub" "$kind"
      warm "$dir/$kind-week" "$dir/$kind-5y"
      echo "== per-day $kind files: $(find "$dir/$kind-5y" -type f | wc -l) files ($(du -sh "$dir/$kind-5y" | cut -f1)) vs $(find "$dir/$kind-week" -type f | wc -l) ($(du -sh "$dir/$kind-week" | cut -f1))"
      hyperfine --style none --output=pipe --warmup 2 --runs "$runs" --export-json "$dir/archives-$kind.json" \
        -n "pm $kind 1 week" "$pm -C $dir/repo-$kind-week import-logs $id --stdout" \
        -n "pm $kind 5 years" "$pm -C $dir/repo-$kind-5y import-logs $id --stdout" >/dev/null
      summary "$dir/archives-$kind.json"
    done
    ;;
  memory)
    need_irssi
    need_slice
    warm "$log" "$slice"
    echo "== peak memory of the window import (max RSS, 3 runs each)"
    for name in irssi irssi-slice; do
      for _ in 1 2 3; do
        /usr/bin/time -v "$pm" -C "$dir/repo-$name" import-logs "$id" --stdout 2>&1 >/dev/null |
          awk -v w="$name" '/Maximum resident set size/ {rss = $6}
                            /Elapsed \(wall clock\)/ {wall = $8}
                            END {printf "  %-12s max RSS %6.1f MiB, wall %s\n", w, rss/1024, wall}'
      done
    done
    ;;
  irclog2html)
    need_slice
    warm "$slice"
    echo "== irclog2html on a $(du -h "$slice" | cut -f1) slice (28 days of the same log)"
    hyperfine --style none --output=pipe --warmup 1 --runs "${PM_BENCH_SLOW_RUNS:-3}" --export-json "$dir/irclog2html.json" \
      -n "irclog2html" "irclog2html -o $dir/irclog2html-out.html $slice" \
      -n "pm import-logs, all 28 days" "$pm -C $dir/repo-irssi-slice import-logs $id --stdout --since 2024-03-01T00:00:00Z --until 2024-03-29T00:00:00Z" \
      -n "pm import-logs, 2-hour window" "$pm -C $dir/repo-irssi-slice import-logs $id --stdout" \
      -n "grep -c '^--- Day changed'" "grep -c '^--- Day changed' $slice" >/dev/null
    summary "$dir/irclog2html.json" irclog2html
    ;;
  verify)
    need_irssi
    echo "== entries in windows of the irssi log: pm against awk"
    bad=0
    for w in "2021-01-01 00:00 02:00" "2021-01-11 08:30 10:30" "2021-07-27 06:00 08:00" \
      "2022-02-28 22:00 23:59" "2023-06-15 12:00 14:00" "2024-02-29 10:00 12:00" \
      "2024-03-14 13:45 15:45" "2025-12-31 22:00 23:59" "2023-06-14 23:00 +01:00"; do
      read -r day from to <<<"$w"
      # The day's lines: from its marker (Day changed, or the first Log opened) to the next
      # Day changed; a window ending at +HH:MM runs into the next day.
      lines() { # DAY: that day's timed lines, as "HH:MM"
        local marker
        marker="^--- (Day changed $(date -u -d "$1" '+%a %b %d %Y')|Log opened $(date -u -d "$1" '+%a %b %d') .* $(date -u -d "$1" +%Y))\$"
        awk -v m="$marker" '$0 ~ m {on = 1; next} on && /^--- Day changed/ {exit} on && $1 ~ /^[0-9][0-9]:[0-9][0-9]$/ {print $1}' "$log"
      }
      if [ "${to:0:1}" = + ]; then
        next=$(date -u -d "$day + 1 day" +%F)
        expect=$(( $(lines "$day" | awk -v f="$from" '$1 >= f' | wc -l) + $(lines "$next" | awk -v t="${to:1}" '$1 <= t' | wc -l) ))
        until="${next}T${to:1}:00Z"
      else
        expect=$(lines "$day" | awk -v f="$from" -v t="$to" '$1 >= f && $1 <= t' | wc -l)
        until="${day}T${to}:00Z"
      fi
      got=$("$pm" -C "$dir/repo-irssi" import-logs "$id" --dry-run --since "${day}T${from}:00Z" --until "$until" 2>&1 |
        sed -n 's/^#ops: \([0-9]*\) entries imported.*/\1/p')
      verdict=ok
      [ "$got" = "$expect" ] || { verdict=MISMATCH; bad=1; }
      echo "  $day $from to $to: awk $expect, pm ${got:-none}: $verdict"
    done
    [ $bad = 0 ] || { echo "pm lost or added entries" >&2; exit 1; }
    ;;
  *)
    echo "unknown part '$part' (window | archives | memory | irclog2html | verify)" >&2
    exit 2
    ;;
  esac
done
