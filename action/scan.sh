#!/usr/bin/env bash
# The Scan step of action.yml, runnable outside GitHub (action/action_test.go runs it).
#
# Reads the action's inputs from INPUT_RESOURCES, INPUT_RESOURCES_FILE, INPUT_CLOUDFLARE_ZONE,
# INPUT_PATH, INPUT_HISTORY, INPUT_SINCE, INPUT_FAIL_ON, INPUT_SARIF_FILE, INPUT_CATEGORY,
# INPUT_ARGS, INPUT_ANNOTATIONS and INPUT_ARTIFACT_NAME, and the binary from SHIELDSCAN (default:
# shieldscan on PATH). Writes a SARIF report and a JSON report beside it (and the job summary,
# when shieldscan can; with annotations, --format github lines on stdout), then appends to
# $GITHUB_OUTPUT (stdout when unset): sarif-file, json-file, artifact-name, category, mode,
# declared, unknown, historical, obfuscated and exit-code.
#
# INPUT_ARGS are extra flags of shieldscan scan: split into words at white space, one or more per
# line, never run through a shell (no quotes, variables or globs: a word is passed as it is
# written); "#" at the start of a word starts a comment. Flags that the action sets from its own
# inputs are refused there.
#
# It exits 0 whatever shieldscan found, so that the uploads still run; action.yml fails the job
# afterwards from exit-code. It exits non-zero only when it cannot write its outputs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=action/lib.sh
. "$here/lib.sh"

shieldscan=${SHIELDSCAN:-shieldscan}

# fail reports a mistake in the inputs the way shieldscan reports its own: exit-code 2.
fail() {
  echo "::error title=shieldscan::$*"
  output sarif-file ""
  output json-file ""
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

# Extra flags: words, never evaluated. The flags the action sets itself are refused, so that
# the reports, the outputs and the category stay what the inputs say.
extra=()
while IFS= read -r line; do
  words=()
  read -ra words <<<"$line" || true
  for w in ${words[@]+"${words[@]}"}; do
    case "$w" in
    "#"*) break ;;
    --format | --format=* | --output | --output=* | -o | -o* | --json-output | --json-output=* | --sarif-output | --sarif-output=*)
      fail "args: ${w%%=*} is set by the action (SARIF and JSON reports; annotations: true adds --format github)" ;;
    --fail-on | --fail-on=* | --category | --category=* | --history | --history=* | --since | --since=*)
      w=${w%%=*}
      fail "args: $w has its own input: use ${w#--} instead" ;;
    esac
    extra+=("$w")
  done
done <<<"${INPUT_ARGS:-}"

case "${INPUT_ANNOTATIONS:-false}" in
true | false | "") ;;
*) fail "annotations: want true or false, not \"$INPUT_ANNOTATIONS\"" ;;
esac

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
json=${sarif%.sarif}.json
[ "$json" = "$sarif" ] && json=$sarif.json
rm -f "$sarif" "$json"

# The artifact's name: the input, else one that differs between the jobs, runners and inputs of
# a workflow run (a job that runs the action twice, a matrix), since names must be unique in a run.
artifact=${INPUT_ARTIFACT_NAME:-}
if [ -z "$artifact" ]; then
  key=$(printf '%s\n' "${INPUT_RESOURCES:-}" "${INPUT_RESOURCES_FILE:-}" "${INPUT_CLOUDFLARE_ZONE:-}" "$path" \
    "$mode" "$since" "$fail_on" "$category" "${INPUT_ARGS:-}" "${RUNNER_OS:-}" "${RUNNER_ARCH:-}" | sha256 /dev/stdin)
  os=$(printf '%s' "${RUNNER_OS:-local}" | tr '[:upper:]' '[:lower:]')
  artifact="shieldscan-${GITHUB_JOB:-scan}-$os-$mode-${key:0:8}"
fi

# One scan writes the SARIF file, the JSON report the outputs come from, and the job summary
# (shieldscan appends it to $GITHUB_STEP_SUMMARY itself); with annotations, the github format's
# workflow commands go to stdout, where the runner reads them.
if [ "${INPUT_ANNOTATIONS:-false}" = true ]; then
  report=(--format github --sarif-output "$sarif")
else
  report=(--format sarif --output "$sarif")
fi
set +e
"$shieldscan" scan "${args[@]}" ${extra[@]+"${extra[@]}"} "${report[@]}" --category "$category" --json-output "$json" --quiet "$path"
code=$?
set -e

output category "$category"
output mode "$mode"
output artifact-name "$artifact"
if [ "$code" = 2 ] || [ ! -s "$sarif" ] || [ ! -s "$json" ]; then
  output sarif-file ""
  output json-file "$([ -s "$json" ] && echo "$json")"
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
output json-file "$json"
output declared "$declared"
output historical "$historical"
output unknown "$unknown"
output obfuscated "$obfuscated"
output exit-code "$code"
echo "shieldscan ($mode): $declared declared, $historical historical, $unknown unknown, $obfuscated obfuscated; exit $code"
