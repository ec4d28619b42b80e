#!/usr/bin/env bash
# Seed every target's corpus and run targets for a while each, a few at a time, then print
# a table of executions, exec/s and peak RSS read off libFuzzer's final line.
#   bash fuzz/run.sh [SECONDS [PARALLEL [TARGET...]]]     (defaults: 600 s, 2 at a time, all)
# Logs go to fuzz/logs/TARGET.log; crashes to fuzz/artifacts/TARGET/. FUZZ_NICE sets the
# niceness (default 19, so builds running beside it keep the machine).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}; par=${2:-2}; shift 2 2>/dev/null || shift $#
all=(front_matter document config sections slack redact transcript remediation_edit language
     irssi weechat znc hexchat limnoria irclogs textual)
targets=("${@:-${all[@]}}")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

seed() { # target -> copies the seeds fuzz/README.md lists into corpus/target
  local t=$1 c=corpus/$1; mkdir -p "$c"
  case $t in
    front_matter|document) cp ../postmortems/*.md ../templates/*.md "$c"/
      [ $t = document ] && find ../tests/fixtures/check -name '*.md' -exec cp {} "$c"/ \; 2>/dev/null || true ;;
    config) cp ../pm.yaml "$c"/; find ../tests/fixtures -name '*.yaml' -exec cp {} "$c"/ \; 2>/dev/null || true ;;
    sections|language) cp ../postmortems/*.md "$c"/ ;;
    transcript) cp ../postmortems/*.md ../tests/fixtures/chatlogs/irssi/*.log "$c"/ ;;
    remediation_edit) for f in ../postmortems/*.md; do { printf 'A'; cat "$f"; } > "$c/$(basename "$f")"; done ;;
    slack) for f in ../tests/fixtures/chatlogs/slack/*/*/*.json; do cp "$f" "$c/$(echo "$f" | tr / _)"; done 2>/dev/null || true ;;
    redact) printf 'password=hunter2hunter2\nAuthorization: Bearer abcdefghijklmnop\nAKIAABCDEFGHIJKLMNOP\n' > "$c/seed" ;;
    *) cp ../tests/fixtures/chatlogs/$t/* "$c"/ 2>/dev/null || true
       [ $t = irclogs ] && cp ../tests/fixtures/chatlogs/irclogs/2026/03/29/* "$c"/ 2>/dev/null || true ;;
  esac
}
extra() { # target -> extra arguments: dictionaries and read-only seed folders
  case $1 in
    front_matter|document|config|remediation_edit) echo "-dict=yaml.dict" ;;
    slack) echo "-dict=slack.dict" ;;
    redact) echo "-dict=redact.dict" ;;
    irssi|weechat|znc|hexchat|limnoria|irclogs|textual) echo "-dict=chatlog.dict" ;;
  esac
}
mkdir -p logs
run() {
  local t=$1 more=""; seed "$t"; [ "$t" = language ] && more=seeds/language
  # shellcheck disable=SC2046
  RUSTC_BOOTSTRAP=1 nice -n "${FUZZ_NICE:-19}" cargo fuzz run "$t" "corpus/$t" $more -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 $(extra "$t") >"logs/$t.log" 2>&1 || true
}
running=0
for t in "${targets[@]}"; do
  run "$t" & running=$((running + 1))
  if [ $running -ge "$par" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true
printf '| Target | Seconds | Executions | exec/s | peak RSS | Result |\n|---|---:|---:|---:|---:|---|\n'
for t in "${targets[@]}"; do
  done_line=$(grep -a 'DONE' "logs/$t.log" | tail -1 || true)
  secs_line=$(grep -a -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | tail -1 || true)
  n=$(echo "$done_line" | sed -n 's/^#\([0-9]*\).*/\1/p'); s=$(echo "$secs_line" | awk '{print $5}')
  eps=$(echo "$done_line" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p'); rss=$(echo "$done_line" | sed -n 's/.*rss: \([0-9]*Mb\).*/\1/p')
  res="0 crashes"; grep -aq -E 'ERROR: libFuzzer|SUMMARY: AddressSanitizer|panicked' "logs/$t.log" && res="CRASH: see logs/$t.log"
  printf '| `%s` | %s | %s | %s | %s | %s |\n' "$t" "${s:-?}" "${n:-?}" "${eps:-?}" "${rss:-?}" "$res"
done
