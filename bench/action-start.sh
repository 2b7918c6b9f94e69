#!/usr/bin/env bash
# Cold start of the Action's shieldscan: the install and scan steps (action/install.sh install,
# then action/scan.sh on the bundled example shop), run as the runner runs them, two ways:
#   release  the action at a tag: download the release archive and its checksums file over HTTP
#            (a local server stands in for github.com), verify, unpack, scan;
#   source   the action at a branch or commit: go build with empty private module and build
#            caches (modules fetched through GOPROXY, as on a fresh runner), scan;
#   cached   the same build with the caches that actions/cache restores on the next run.
# The "release" is a GoReleaser snapshot of this machine's target (.goreleaser.yaml, tools/go.mod),
# served as tag v$version. Prints the median of RUNS (default 3) per way, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-3}

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The release: GoReleaser and cyclonedx-gomod from tools/go.mod, a snapshot of one target.
tools=$work/tools
go build -C tools -o "$tools/" github.com/goreleaser/goreleaser/v2 github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod
git clone -q --no-hardlinks "$root" "$work/src" # cyclonedx-gomod cannot read a linked worktree
goos=$(go env GOOS)
goarch=$(go env GOARCH)
sed -e "s/^    goos: \[.*\]$/    goos: [$goos]/" -e "s/^    goarch: \[.*\]$/    goarch: [$goarch]/" .goreleaser.yaml >"$work/one.yaml"
(cd "$work/src" && PATH="$tools:$PATH" "$tools/goreleaser" release --snapshot --clean --config "$work/one.yaml" >"$work/goreleaser.log" 2>&1) ||
  { cat "$work/goreleaser.log"; exit 1; }
version=$(jq -r .version "$work/src/dist/metadata.json")
ext=tar.gz
[ "$goos" = windows ] && ext=zip
archive=shieldscan_${version}_${goos}_${goarch}.$ext
mkdir -p "$work/www/v$version"
cp "$work/src/dist/$archive" "$work/src/dist/shieldscan_${version}_checksums.txt" "$work/www/v$version/"
size=$(wc -c <"$work/www/v$version/$archive")

port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

# step WAY: one install + scan in a fresh runner directory; prints the seconds it took.
step() {
  local way=$1 tmp
  tmp=$(mktemp -d "$work/runner.XXXX")
  local env=(RUNNER_TEMP="$tmp" GITHUB_OUTPUT="$tmp/outputs" GITHUB_STEP_SUMMARY="$tmp/summary" GITHUB_PATH="$tmp/path" GITHUB_ENV="$tmp/env")
  case $way in
  release) env+=(ACTION_REF="v$version" SHIELDSCAN_RELEASE_URL="http://127.0.0.1:$port") ;;
  source) env+=(ACTION_REF=main SHIELDSCAN_GOMODCACHE="$tmp/mod" SHIELDSCAN_GOCACHE="$tmp/build") ;;
  cached) env+=(ACTION_REF=main SHIELDSCAN_GOMODCACHE="$work/warm/mod" SHIELDSCAN_GOCACHE="$work/warm/build") ;;
  esac
  local start end
  start=$(date +%s.%N)
  env "${env[@]}" bash action/install.sh install >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; exit 1; }
  local bin
  bin=$(sed -n 's/^shieldscan=//p' "$tmp/outputs")
  env "${env[@]}" SHIELDSCAN="$bin" INPUT_RESOURCES_FILE=testdata/example-shop/alert.txt INPUT_PATH=testdata/example-shop \
    bash action/scan.sh >"$tmp/scan.log" 2>&1
  end=$(date +%s.%N)
  grep -q '^exit-code=1$' "$tmp/outputs" || { cat "$tmp/scan.log" >&2; echo "bench: $way: the scan did not find the example's unknown resource" >&2; exit 1; }
  chmod -R u+w "$tmp" && rm -rf "$tmp"
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# The warm caches for "cached": one build, as the run before would have saved them.
mkdir -p "$work/warm"
env RUNNER_TEMP="$work/warm" GITHUB_OUTPUT=/dev/null ACTION_REF=main SHIELDSCAN_GOMODCACHE="$work/warm/mod" \
  SHIELDSCAN_GOCACHE="$work/warm/build" bash action/install.sh install >/dev/null 2>&1

declare -A result
for way in release source cached; do
  times=()
  for _ in $(seq "$runs"); do times+=("$(step "$way")"); done
  result[$way]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-8s %6.2f s  (runs: %s)\n' "$way" "${result[$way]}" "${times[*]}"
done
printf 'archive %s: %d bytes; source build / release = %.1f×, cached build / release = %.1f×\n' "$archive" "$size" \
  "$(echo "${result[source]} / ${result[release]}" | bc -l)" "$(echo "${result[cached]} / ${result[release]}" | bc -l)"
