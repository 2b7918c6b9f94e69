#!/usr/bin/env bash
# The install steps of action.yml, runnable outside GitHub (action/action_test.go runs them).
#
#   install.sh plan      decide how to get shieldscan; outputs method (release or build), tag,
#                        and for a build the cache key and directories (cache-key, cache-paths)
#   install.sh install   get it; outputs shieldscan (the binary's path) and method
#
# A release: when the version input (INPUT_VERSION) or else the action's own ref (ACTION_REF,
# github.action_ref) is a tag vX.Y.Z[-pre], the archive of this OS and architecture is downloaded
# from that release with its checksums file, and run only when its SHA-256 is the one listed.
# Anything else (a branch, a commit SHA, uses: ./) builds the action's checkout (ACTION_PATH,
# default the repository this script is in) with the go command found on PATH or in the runner's
# tool cache, inside this step only: the Go toolchain that go.mod asks for is fetched by the go
# command itself (GOTOOLCHAIN=auto) into a private module cache, and nothing is added to the
# job's PATH or environment. INPUT_VERSION that is not a tag (a pseudo-version, a branch) is
# go-installed the same way.
#
# Other environment: ACTION_REPOSITORY (github.action_repository, default shieldscan/shieldscan),
# GITHUB_SERVER_URL, SHIELDSCAN_RELEASE_URL (base URL of the releases, TAG/FILE below it; for
# tests and mirrors), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, SHIELDSCAN_GOMODCACHE and
# SHIELDSCAN_GOCACHE (override the private caches).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=action/lib.sh
. "$here/lib.sh"

die() {
  echo "::error title=shieldscan::$*"
  exit 1
}

src=${ACTION_PATH:-$(dirname "$here")}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
repo=${ACTION_REPOSITORY:-shieldscan/shieldscan}

case "${RUNNER_OS:-$(uname -s)}" in
Linux) os=linux ;;
macOS | Darwin) os=darwin ;;
Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
*) os="" ;; # no release archive: the build path still works
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
X64 | x86_64 | amd64) arch=amd64 ;;
ARM64 | arm64 | aarch64) arch=arm64 ;;
*) arch="" ;;
esac
exe=""
[ "$os" = windows ] && exe=.exe

tag_re='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'
ref=${INPUT_VERSION:-${ACTION_REF:-}}
if [[ "$ref" =~ $tag_re ]]; then
  method=release
else
  method=build
fi

gomodcache=${SHIELDSCAN_GOMODCACHE:-$tmp/shieldscan-go/mod}
gocache=${SHIELDSCAN_GOCACHE:-$tmp/shieldscan-go/build}

plan() {
  output method "$method"
  output tag "$([ "$method" = release ] && echo "$ref")"
  if [ "$method" = build ]; then
    local sum
    sum=$(cat "$src/go.mod" "$src/go.sum" | sha256 /dev/stdin)
    output cache-key "shieldscan-go-$os-$arch-${sum:0:16}"
    output_lines cache-paths "$gomodcache"$'\n'"$gocache"
  fi
}

# release downloads the archive of tag $ref and checks it against the release's checksums.
release() {
  if [ -z "$os" ] || [ -z "$arch" ]; then
    die "no release archive for the runner ${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}: use the action at a branch or commit to build it"
  fi
  local version=${ref#v}
  local ext=tar.gz
  [ "$os" = windows ] && ext=zip
  local archive="shieldscan_${version}_${os}_${arch}.$ext"
  local sums="shieldscan_${version}_checksums.txt"
  local base=${SHIELDSCAN_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download}
  local dir="$tmp/shieldscan-$version"
  rm -rf "$dir"
  mkdir -p "$dir"
  for f in "$sums" "$archive"; do
    curl -fsSL --retry 3 --connect-timeout 20 -o "$dir/$f" "$base/$ref/$f" ||
      die "cannot download $f of release $ref from $base/$ref/: does the release exist and have it?"
  done
  local want got
  want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$dir/$sums")
  if [ -z "$want" ]; then
    rm -rf "$dir"
    die "$sums of release $ref does not list $archive: refusing to run it"
  fi
  got=$(sha256 "$dir/$archive")
  if [ "$got" != "$want" ]; then
    rm -rf "$dir"
    die "checksum mismatch for $archive of release $ref: $sums says $want, the download is $got: refusing to run it"
  fi
  if [ "$ext" = zip ]; then
    if command -v unzip >/dev/null; then
      unzip -q -o "$dir/$archive" "shieldscan$exe" -d "$dir"
    else
      tar -xf "$dir/$archive" -C "$dir" "shieldscan$exe"
    fi
  else
    tar -xzf "$dir/$archive" -C "$dir" "shieldscan$exe"
  fi
  bin="$dir/shieldscan$exe"
  echo "shieldscan $ref: $archive, SHA-256 $got as listed in $sums"
}

# findgo prints the go command to use: the one on PATH, else the newest in the tool cache.
findgo() {
  if command -v go >/dev/null; then
    command -v go
    return
  fi
  local cache=${RUNNER_TOOL_CACHE:-}
  cache=${cache//\\//}
  if [ -n "$cache" ]; then
    local g
    g=$(find "$cache/go" -path "*/bin/go$exe" -type f 2>/dev/null | sort -V | tail -n 1)
    [ -n "$g" ] && echo "$g" && return
  fi
  return 1
}

build() {
  local gocmd
  gocmd=$(findgo) ||
    die "building shieldscan from source needs a go command (Go 1.21 or later) on the runner: use a release tag of the action (uses: $repo@vX.Y.Z), or set up Go before this step"
  local dir="$tmp/shieldscan-bin"
  mkdir -p "$dir"
  bin="$dir/shieldscan$exe"
  # Only this command sees these: GOTOOLCHAIN=auto fetches the Go of go.mod when the runner's is
  # older (checked by the Go checksum database), GOFLAGS=-modcacherw lets the runner delete the
  # private module cache.
  local env=(GOTOOLCHAIN=auto GOMODCACHE="$gomodcache" GOCACHE="$gocache" GOFLAGS=-modcacherw CGO_ENABLED=0)
  if [ -n "${INPUT_VERSION:-}" ]; then
    (cd "$tmp" && env "${env[@]}" GOBIN="$dir" "$gocmd" install "github.com/shieldscan/shieldscan/cmd/shieldscan@$INPUT_VERSION") ||
      die "go install github.com/shieldscan/shieldscan/cmd/shieldscan@$INPUT_VERSION failed: is version a release tag, a commit or a branch of the module?"
  else
    (cd "$src" && env "${env[@]}" "$gocmd" build -trimpath -ldflags "-X main.version=${ACTION_REF:-devel}" -o "$bin" ./cmd/shieldscan) ||
      die "building shieldscan from $src failed"
  fi
  echo "shieldscan built from source with $(cd "$src" && env "${env[@]}" "$gocmd" env GOVERSION) ($gocmd, used in this step only)"
}

case "${1:-}" in
plan) plan ;;
install)
  bin=""
  "$method"
  "$bin" version >/dev/null || die "the shieldscan binary $bin does not run on this runner"
  output shieldscan "$bin"
  output method "$method"
  ;;
*)
  echo "usage: install.sh plan|install" >&2
  exit 2
  ;;
esac
