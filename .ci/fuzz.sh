#!/usr/bin/env bash
# Exploratory fuzzing: every Fuzz target of the module for FUZZTIME each (default 10s). A failing
# input is written under the package's testdata/fuzz/ by go test: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
while read -r pkg target; do
  if ! out=$(go test "$pkg" -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" 2>&1); then
    printf '%s\n' "$out" | tail -40
    echo "FAIL $pkg $target (a crasher, if any, is under $pkg/testdata/fuzz/$target)"
    exit 1
  fi
  echo "ok $pkg $target"
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "$pkg $t"; done
done | sort -u)

