#!/usr/bin/env bash
# The Scan step of action.yml, runnable outside GitHub (action/action_test.go runs it).
#
# Reads the action's inputs from INPUT_RESOURCES, INPUT_RESOURCES_FILE, INPUT_CLOUDFLARE_ZONE,
# INPUT_PATH, INPUT_HISTORY, INPUT_SINCE, INPUT_FAIL_ON, INPUT_SARIF_FILE and INPUT_CATEGORY, and
# the binary from SHIELDSCAN (default: shieldscan on PATH). Writes a SARIF report (and the job
# summary, when shieldscan can) and a JSON report, then appends to $GITHUB_OUTPUT (stdout when
# unset): sarif-file, category, mode, declared, unknown, historical, obfuscated and exit-code.
#
# It exits 0 whatever shieldscan found, so that the SARIF upload still runs; action.yml fails
# the job afterwards from exit-code. It exits non-zero only when it cannot write its outputs.
set -euo pipefail

shieldscan=${SHIELDSCAN:-shieldscan}
output_file=${GITHUB_OUTPUT:-/dev/stdout}

output() { printf '%s=%s\n' "$1" "$2" >>"$output_file"; }

# fail reports a mistake in the inputs the way shieldscan reports its own: exit-code 2.
fail() {
  echo "::error title=shieldscan::$*"
  output sarif-file ""
  output exit-code 2
  exit 0
}

path=${INPUT_PATH:-.}
fail_on=${INPUT_FAIL_ON:-error}
since=${INPUT_SINCE:-}
[ "$since" = none ] && since=""

args=()

# Resources: one or more per line; "#" at the start or after white space starts a comment.
# (The ${a[@]+"${a[@]}"} form keeps empty arrays working under set -u in bash 3.2, on macOS.)
while IFS= read -r line; do
  line=$(printf '%s' "$line" | sed -E 's/(^|[[:space:]])#.*$//')
  words=()
  read -ra words <<<"$line" || true
  for w in ${words[@]+"${words[@]}"}; do args+=(--resource "$w"); done
done <<<"${INPUT_RESOURCES:-}"

while IFS= read -r line; do
  line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
  [ -n "$line" ] && args+=(--resources-file "$line")
done <<<"${INPUT_RESOURCES_FILE:-}"

"$shieldscan" version >/dev/null 2>&1 || fail "cannot run $shieldscan"

if [ -n "${INPUT_CLOUDFLARE_ZONE:-}" ]; then
  [ -n "${CLOUDFLARE_API_TOKEN:-}" ] ||
    fail "cloudflare-zone: set CLOUDFLARE_API_TOKEN in the step's env from a secret (env: CLOUDFLARE_API_TOKEN: \${{ secrets.CLOUDFLARE_API_TOKEN }})"
  args+=(--cloudflare-zone "$INPUT_CLOUDFLARE_ZONE")
fi

case "${INPUT_HISTORY:-false}" in
true)
  mode=history
  args+=(--history)
  ;;
false | "")
  mode=tree
  if [ -n "$since" ]; then
    mode=change
    git -C "$path" rev-parse --verify --quiet "${since}^{commit}" >/dev/null ||
      fail "since: commit $since is not in the clone of $path: check out with fetch-depth: 0 (or give since: none)"
    args+=(--since "$since")
  fi
  ;;
*) fail "history: want true or false, not \"$INPUT_HISTORY\"" ;;
esac
args+=(--fail-on "$fail_on")

category=${INPUT_CATEGORY:-shieldscan/$mode/}
sarif=${INPUT_SARIF_FILE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/shieldscan.sarif}
mkdir -p "$(dirname "$sarif")"
json=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/shieldscan-json.XXXXXX")
trap 'rm -f "$json"' EXIT

# One scan writes the SARIF file, the JSON report the outputs come from, and the job summary
# (shieldscan appends it to $GITHUB_STEP_SUMMARY itself).
set +e
"$shieldscan" scan "${args[@]}" --format sarif --category "$category" --output "$sarif" --json-output "$json" --quiet "$path"
code=$?
set -e

output category "$category"
output mode "$mode"
if [ "$code" = 2 ] || [ ! -s "$sarif" ] || [ ! -s "$json" ]; then
  output sarif-file ""
  output exit-code 2
  exit 0
fi

if command -v jq >/dev/null; then
  counts=$(jq -r '(.resources // []) | [
      (map(select(.class == "declared")) | length),
      (map(select(.class == "historical")) | length),
      (map(select(.class == "unknown")) | length),
      (map(select((.encoded // 0) > 0)) | length)
    ] | @tsv' "$json")
else
  counts=$(python3 -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"] or []
n = lambda f: sum(1 for r in rs if f(r))
print(n(lambda r: r["class"] == "declared"), n(lambda r: r["class"] == "historical"),
      n(lambda r: r["class"] == "unknown"), n(lambda r: r.get("encoded", 0) > 0))' "$json")
fi
read -r declared historical unknown obfuscated <<<"$counts"

output sarif-file "$sarif"
output declared "$declared"
output historical "$historical"
output unknown "$unknown"
output obfuscated "$obfuscated"
output exit-code "$code"
echo "shieldscan ($mode): $declared declared, $historical historical, $unknown unknown, $obfuscated obfuscated; exit $code"
