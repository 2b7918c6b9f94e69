#!/usr/bin/env bash
# Exploratory fuzzing: every Fuzz target of the module for FUZZTIME each (default 10s). A failing
# input is written under the package's testdata/fuzz/ by go test: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
while read -r pkg target; do
  if ! out=$(go test "$pkg" -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" 2>&1); then
    # Go 1.26's fuzzing coordinator can fail a target at the -fuzztime deadline with a bare
    # "context deadline exceeded" and no failing input (golang/go#75804, fixed in Go 1.27):
    # that is no finding. Anything else, or a written input, is.
    if ! grep -q 'Failing input written to' <<<"$out" && [ "$(grep -c -v -e '^fuzz: ' -e '^--- FAIL: ' -e '^FAIL' -e '^exit status' -e 'context deadline exceeded' -e '^ *$' <<<"$out")" = 0 ]; then
      echo "ok $pkg $target (stopped by Go's fuzztime deadline race, golang/go#75804: no failing input)"
      continue
    fi
    printf '%s\n' "$out" | tail -40
    echo "FAIL $pkg $target (a crasher, if any, is under $pkg/testdata/fuzz/$target)"
    exit 1
  fi
  echo "ok $pkg $target"
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "$pkg $t"; done
done | sort -u)

