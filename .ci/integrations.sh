#!/usr/bin/env bash
# Validates where users run shieldscan, with each ecosystem's own tools: actionlint and
# action-validator on action.yml and the workflows (the self-test and the README's examples),
# ShellCheck on the action's shell step, pre-commit on the hook manifest, the example config
# and a real commit in a temporary repository. Quiet on success; installs what it needs.
# (action/scan.sh's outputs are tested by go test ./action, which .ci/run runs.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# quietly runs a command, and prints its output only when it fails.
quietly() {
  local out
  if ! out=$("$@" 2>&1); then
    printf '%s\n' "$out"
    echo "integrations: FAILED: $*"
    return 1
  fi
}

apt_updated=""
need_deb() { # need_deb COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  if [ -z "$apt_updated" ]; then
    quietly apt-get update
    apt_updated=1
  fi
  quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2"
}

workflows=(.github/workflows/*.yml examples/workflows/*.yml)

# actionlint also checks the inputs given to "uses: ./" against action.yml, and runs
# ShellCheck on the workflows' run: scripts when it is on PATH.
need_deb shellcheck shellcheck
quietly env GOBIN="$tmp/bin" GOFLAGS= go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
quietly "$tmp/bin/actionlint" "${workflows[@]}"
quietly shellcheck -x action/scan.sh action/install.sh action/lib.sh .ci/integrations.sh .ci/release.sh

# action-validator: the JSON schemas of action.yml and of workflow files.
for f in action.yml "${workflows[@]}"; do
  quietly npx --yes @action-validator/cli@0.6.0 "$f"
done

# pre-commit: the hook manifest and the example config.
need_deb pre-commit pre-commit
quietly pre-commit validate-manifest .pre-commit-hooks.yaml
quietly pre-commit validate-config examples/pre-commit-config.yaml

# pre-commit try-repo: the hook builds from this repository (language golang) and scans what is
# staged in a temporary repository against the resources of its .shieldscan.yml.
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
repo="$tmp/repo"
git init -q "$repo"
cd "$repo"
printf 'version: 1\nresources:\n  - evil.example\n' >.shieldscan.yml
git add .shieldscan.yml
git commit -q -m 'shieldscan config'

printf '<script src="https://evil.example/x.js"></script>\n' >bad.html
git add bad.html
if out=$(pre-commit try-repo "$root" shieldscan 2>&1); then
  printf '%s\n' "$out"
  echo "integrations: FAILED: the hook let a staged reference to evil.example through"
  exit 1
fi
if ! grep -q 'bad.html:1:' <<<"$out"; then
  printf '%s\n' "$out"
  echo "integrations: FAILED: the hook failed without reporting bad.html:1"
  exit 1
fi

git rm -q --cached bad.html
rm bad.html
printf '<p>nothing alerted here</p>\n' >clean.html
git add clean.html
quietly pre-commit try-repo "$root" shieldscan

# shieldscan-tree (pre-commit run --all-files): the whole tree, as shieldscan scan sees it;
# nothing references evil.example any more, so it is unknown, an error.
if out=$(pre-commit try-repo "$root" shieldscan-tree --all-files 2>&1) || ! grep -q '^unknown  *evil.example' <<<"$out"; then
  printf '%s\n' "$out"
  echo "integrations: FAILED: shieldscan-tree did not report the unknown evil.example"
  exit 1
fi

# The hook environment is 'go install ./...' of this repository: it must install shieldscan
# alone (the bench and CI helpers are behind the devtools build tag).
(cd "$root" && GOBIN="$tmp/gobin" go install ./...)
if [ "$(ls "$tmp/gobin")" != shieldscan ]; then
  ls "$tmp/gobin"
  echo "integrations: FAILED: go install ./... installs more than shieldscan"
  exit 1
fi
