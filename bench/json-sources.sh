#!/usr/bin/env bash
# Benchmarks for `pm import-logs` on the JSON chat sources (issue 14; run by hand, never in
# CI): a 2-hour window out of a 1 GiB export of DiscordChatExporter JSON, Element (Matrix)
# JSON, a Mattermost bulk export (JSON lines, four channels) and PagerDuty log entries
# (annotations, one a minute; a real incident has far fewer), against `grep -c` over the
# same bytes (target: pm at most 0.5x grep), and pm's peak memory (target: at most 64 MiB).
#
#   bash bench/json-sources.sh                 # all three formats
#   bash bench/json-sources.sh discord         # one of discord | matrix | mattermost | pagerduty
#
# Environment: BENCH_DIR (exports, default /tmp/pm-bench-json; generated once, reused),
# PM_BENCH_RUNS (hyperfine runs, default 10), PM_BENCH_MIB (export size, default 1024).
# Needs hyperfine, grep, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(discord matrix mattermost pagerduty)
dir=${BENCH_DIR:-/tmp/pm-bench-json}
runs=${PM_BENCH_RUNS:-10}
mib=${PM_BENCH_MIB:-1024}
mkdir -p "$dir"
cargo build --release --quiet
pm=$PWD/target/release/pm
export PM_NOW=2024-03-20T12:00:00Z

repo=$dir/repo
if [ ! -d "$repo/.git" ]; then
  mkdir -p "$repo" && (cd "$repo" && git init -q && "$pm" init >/dev/null)
  cat >"$repo/postmortems/2024-03-14-checkout.md" <<'DOC'
---
title: Checkout failover
status: draft
severity: SEV2
started_at: 2024-03-14T14:00:00Z
resolved_at: 2024-03-14T15:30:00Z
services: [checkout]
---
# Checkout failover

## Timeline
DOC
fi

for format in "${formats[@]}"; do
  ext=json
  [ "$format" = mattermost ] && ext=jsonl
  file=$dir/$format-$mib.$ext
  [ -f "$file" ] || python3 bench/gen-json-chat.py "$format" "$file" "$mib"
  cat "$file" >/dev/null
  pattern=timestamp
  [ "$format" = matrix ] && pattern=origin_server_ts
  [ "$format" = mattermost ] && pattern=create_at
  [ "$format" = pagerduty ] && pattern=created_at
  import=("$pm" -C "$repo" import-logs 2024-03-14-checkout --source "$file" --channel ops
    --format "$format" --since 2024-03-14T14:00:00Z --until 2024-03-14T16:00:00Z --dry-run)
  echo "== $format: $(du -h "$file" | cut -f1), $("${import[@]}" | head -1)"
  # --output=pipe: GNU grep stops at the first match when its output is /dev/null.
  hyperfine -N --output=pipe --style basic --warmup 2 --runs "$runs" --export-json "$dir/$format.json" \
    -n "grep -c $pattern" "grep -c $pattern $file" \
    -n "pm import-logs (2-hour window)" "${import[*]}"
  /usr/bin/time -f "peak RSS: %M KiB" "${import[@]}" >/dev/null
done
