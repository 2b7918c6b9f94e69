#!/usr/bin/env bash
# Release gate: what the tag workflow (.github/workflows/release.yml) will do, checked before a
# tag is pushed.
#   1. GoReleaser and cyclonedx-gomod at the versions of tools/go.mod (built through the Go module
#      proxy; the binaries are kept in SHIELDSCAN_CI_CACHE, default ~/.cache/shieldscan-ci, per
#      tools/go.sum);
#   2. goreleaser check of .goreleaser.yaml;
#   3. a snapshot release of this machine's target only (the full matrix is six cross builds):
#      archive, checksums file, CycloneDX SBOM; the checksums and the SBOM are checked, and the
#      binary reports the snapshot's version;
#   4. action/install.sh installs that snapshot as the Action installs a release (file:// URL in
#      place of the GitHub release), and refuses a tampered copy of the archive.
# Quiet on success but for one line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { echo "release.sh: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

quietly() {
  if ! "$@" >"$work/log" 2>&1; then
    cat "$work/log" >&2
    fail "failed: $*"
  fi
}

# 1. The tools.
cache=${SHIELDSCAN_CI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/shieldscan-ci}
sum=$(cat tools/go.mod tools/go.sum | sha256sum | cut -c1-16)
bin=$cache/release-tools-$(go env GOOS)-$(go env GOARCH)-$sum
if [ ! -x "$bin/goreleaser" ] || [ ! -x "$bin/cyclonedx-gomod" ]; then
  mkdir -p "$bin.tmp"
  start=$SECONDS
  quietly env GOFLAGS=-mod=readonly go build -C tools -o "$bin.tmp/" \
    github.com/goreleaser/goreleaser/v2 github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod
  rm -rf "$bin"
  mv "$bin.tmp" "$bin"
  echo "release.sh: built goreleaser and cyclonedx-gomod in $((SECONDS - start))s"
fi
export PATH="$bin:$PATH"

# 2. The configuration.
quietly goreleaser check

# 3. A snapshot of one target. cyclonedx-gomod reads the module's version with go-git, which
# cannot open a linked worktree (.git is a file there): in one, the snapshot is made from a
# clone of HEAD, and says so. The release workflow runs in a plain clone.
src=$root
if [ -f .git ]; then
  quietly git clone -q --no-hardlinks "$root" "$work/src"
  src=$work/src
  echo "release.sh: $root is a git worktree: the snapshot is of HEAD ($(git rev-parse --short HEAD)), uncommitted changes left out"
fi
action=$root/action
cd "$src"
# dist/ is GoReleaser's output directory (gitignored); --clean empties it, and so does this
# script when it is done.
trap 'rm -rf "$work" "$src/dist"' EXIT
# The configuration with goos and goarch narrowed to this machine's.
goos=$(go env GOOS)
goarch=$(go env GOARCH)
sed -e "s/^    goos: \[linux, darwin, windows\]$/    goos: [$goos]/" \
  -e "s/^    goarch: \[amd64, arm64\]$/    goarch: [$goarch]/" .goreleaser.yaml >"$work/one-target.yaml"
[ "$(grep -c -e "^    goos: \[$goos\]$" -e "^    goarch: \[$goarch\]$" "$work/one-target.yaml")" = 2 ] ||
  fail "could not narrow the goos and goarch lines of .goreleaser.yaml to $goos/$goarch: keep them on one line each"
quietly goreleaser release --snapshot --clean --config "$work/one-target.yaml"

version=$(jq -r .version dist/metadata.json)
[[ "$version" == *-SNAPSHOT-* ]] || fail "dist/metadata.json: version $version is not a snapshot's"
ext=tar.gz
[ "$goos" = windows ] && ext=zip
archive=shieldscan_${version}_${goos}_${goarch}.$ext
sums=shieldscan_${version}_checksums.txt
sbom=shieldscan_${version}_${goos}_${goarch}.cdx.json
for f in "$archive" "$sums" "$sbom"; do
  [ -s "dist/$f" ] || fail "the snapshot has no dist/$f: action/install.sh looks for these names"
done
(cd dist && sha256sum --check --quiet --ignore-missing "$sums") >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; fail "dist/$sums does not match the files"; }
grep -q "  $archive\$" "dist/$sums" || fail "dist/$sums does not list $archive"
jq -e '.bomFormat == "CycloneDX" and ([.components[].name] | index("github.com/go-git/go-git/v5") != null)' "dist/$sbom" >/dev/null ||
  fail "dist/$sbom is not a CycloneDX SBOM that lists github.com/go-git/go-git/v5"

# 4. The Action's install step on the snapshot, as a release v$version.
rel=$work/releases/v$version
mkdir -p "$rel"
cp "dist/$archive" "dist/$sums" "$rel/"
install() { # install RELEASES-DIR: runs install.sh install; its log in $work/install.log
  env -u GITHUB_PATH -u GITHUB_ENV ACTION_REF="v$version" INPUT_VERSION= SHIELDSCAN_RELEASE_URL="file://$1" \
    RUNNER_TEMP="$work/runner" GITHUB_OUTPUT="$work/outputs" bash "$action/install.sh" install >"$work/install.log" 2>&1
}
mkdir -p "$work/runner"
: >"$work/outputs"
install "$work/releases" || { cat "$work/install.log" >&2; fail "action/install.sh refused the snapshot release"; }
installed=$(sed -n 's/^shieldscan=//p' "$work/outputs")
[ "$("$installed" version)" = "shieldscan v$version" ] ||
  fail "the installed binary says '$("$installed" version)', want 'shieldscan v$version'"

cp -r "$work/releases" "$work/tampered"
printf 'x' >>"$work/tampered/v$version/$archive"
if install "$work/tampered"; then
  cat "$work/install.log" >&2
  fail "action/install.sh ran a tampered archive"
fi
grep -q "checksum mismatch for $archive" "$work/install.log" ||
  { cat "$work/install.log" >&2; fail "action/install.sh refused the tampered archive without saying why"; }

echo "release: goreleaser check passes; snapshot $version ($goos/$goarch): archive, checksums and CycloneDX SBOM verified; action/install.sh installs it and refuses a tampered copy"
