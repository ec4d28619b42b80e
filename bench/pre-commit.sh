#!/usr/bin/env bash
# pm's hook (.pre-commit-hooks.yaml) under the real pre-commit framework, on a repository
# made by `pm init`: `pre-commit run --all-files` hands pm every tracked `.md` the hook's
# `files`/`exclude` let through, templates/postmortem.md among them, and must pass on a
# good postmortem and fail on a broken one. Run by .ci/run; takes seconds once pre-commit
# is installed (pip, into ${PM_PRECOMMIT_VENV:-/tmp/pm-pre-commit-venv}).
#
# The hook is used as written except its `language: rust` (pre-commit would build pm with
# `cargo install`, minutes): it runs as `language: system` with the pm just built. What
# decides which files pm is given (files, exclude, pass_filenames) is the hook's own.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
pm=$PWD/target/debug/pm
hooks=$PWD/.pre-commit-hooks.yaml
venv=${PM_PRECOMMIT_VENV:-/tmp/pm-pre-commit-venv}
if ! command -v python3 >/dev/null; then
  echo "SKIPPED: python3 is not installed, and pre-commit needs it"
  exit 0
fi
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pre-commit
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache PM_NOW=2026-11-24T12:00:00Z
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com

repo=$work/repo
mkdir "$repo"
cd "$repo"
"$pm" init >/dev/null 2>&1
"$pm" new "Checkout API returned 503s" --severity SEV2 --started-at "2026-11-24 09:12" --no-input >/dev/null 2>&1
"$venv/bin/python" - "$hooks" "$pm" <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
for hook in hooks:
    hook["language"] = "system"
    hook["entry"] = f"{sys.argv[2]} check"
yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, open(".pre-commit-config.yaml", "w"))
PY
git add -A

echo "== pre-commit run --all-files on a repository made by pm init"
if ! log=$("$venv/bin/pre-commit" run --all-files --verbose 2>&1); then
  echo "$log"
  echo "FAIL: the hook fails on a fresh pm init repository with one good postmortem" >&2
  exit 1
fi
grep -q "templates/postmortem.md is not under postmortems/" <<<"$log" || {
  echo "$log"
  echo "FAIL: no note that templates/postmortem.md was skipped" >&2
  exit 1
}
echo "ok: passes, templates/postmortem.md skipped with a note"

echo "== pre-commit run --all-files with a broken postmortem"
printf -- '---\ntitle: Broken\nstatus: nonsense\n---\n' >postmortems/2026-11-20-broken.md
git add -A
if log=$("$venv/bin/pre-commit" run --all-files 2>&1); then
  echo "$log"
  echo "FAIL: the hook passes a broken postmortem" >&2
  exit 1
fi
grep -q "2026-11-20-broken.md" <<<"$log" || {
  echo "$log"
  echo "FAIL: the broken postmortem is not named" >&2
  exit 1
}
echo "ok: fails and names the broken postmortem"
