#!/usr/bin/env bash
# Redaction's cost in `pm import-logs` (issue 11 §5; run by hand, never in CI): a
# 100,000-line irssi log of one day (bench/gen-redact-log.py: 1% secrets, 5% lines that
# mention a password or a token without one) imported into the example repository's
# `notifications` postmortem with --stdout, with redaction and with --no-redact, and
# against an older pm binary when one is given.
#
#   bash bench/redact.sh [OLD_PM]
#
# Needs hyperfine and python3. Environment: PM_BENCH_RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${PM_BENCH_RUNS:-10}
dir=${BENCH_DIR:-/tmp/pm-bench-redact}
mkdir -p "$dir"
log="$dir/#ops.log"
[ -e "$log" ] || python3 bench/gen-redact-log.py "$log" 100000
cargo build --release --quiet
pm=$PWD/target/release/pm
args="import-logs notifications --source '$log' --format irssi --since 2026-11-18T00:00:00Z --until 2026-11-19T00:00:00Z --stdout"
cmds=("$pm $args" "$pm $args --no-redact")
[ $# -gt 0 ] && cmds+=("$1 $args")
hyperfine -N --warmup 2 --runs "$runs" "${cmds[@]}"
