#!/usr/bin/env bash
# SARIF gate: scans the bundled example shop with --format sarif and checks that file (and the
# golden files of package sarif) the way GitHub code scanning will:
#   1. two runs give identical bytes;
#   2. the OASIS 2.1.0 schema and our own rules (internal/sarifcheck, also used by go test);
#   3. @microsoft/sarif-multitool validate --rule-kind "Sarif;Ghas" (GitHub's ingestion rules):
#      it exits 0 even when it finds errors, so the gate reads the results in its report;
#   4. GitHub upload-sarif's own schema check (npm jsonschema@1.5.0, format errors only warn).
# The npm tools go into a cache directory of their own (SHIELDSCAN_CI_CACHE, default
# ~/.cache/shieldscan-ci); nothing is installed globally. Quiet on success but for one line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

multitool_version=5.7.0
jsonschema_version=1.5.0
cache=${SHIELDSCAN_CI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/shieldscan-ci}
tools=$cache/npm-sarif-$multitool_version-$jsonschema_version
example=testdata/example-shop
alerts=$example/alert.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "sarif.sh: $*" >&2; exit 1; }

# quietly runs a command, showing its output only when it fails.
quietly() {
  if ! "$@" >"$work/log" 2>&1; then
    cat "$work/log" >&2
    fail "failed: $*"
  fi
}

installed() {
  [ -x "$tools/node_modules/.bin/sarif-multitool" ] &&
    grep -q "\"version\": *\"$multitool_version\"" "$tools/node_modules/@microsoft/sarif-multitool/package.json" &&
    grep -q "\"version\": *\"$jsonschema_version\"" "$tools/node_modules/jsonschema/package.json"
}
if ! installed 2>/dev/null; then
  mkdir -p "$tools"
  quietly npm install --prefix "$tools" --no-audit --no-fund --no-save --no-package-lock \
    "@microsoft/sarif-multitool@$multitool_version" "jsonschema@$jsonschema_version"
fi
# The binary's postinstall only chmods it, and newer npm may skip install scripts.
chmod u+x "$tools"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

# Stamped as a release is (.goreleaser.yaml: -X main.version=v{{ .Version }}), so that the
# multitool checks what a release emits: it must give no warning at all (SARIF2005 warns on a
# version such as "devel" that does not start with a digit).
quietly go build -ldflags "-X main.version=v0.2.0" -o "$work/shieldscan" ./cmd/shieldscan

[ -f "$alerts" ] || fail "$alerts is missing: the SARIF gate scans the bundled example"

scan() {
  local code=0
  "$work/shieldscan" scan --format sarif --output "$1" --resources-file "$alerts" "$example" \
    >"$work/scan.log" 2>&1 || code=$?
  # 0: nothing at --fail-on, 1: findings (the example has an unknown resource); 2 is an error.
  if [ "$code" -gt 1 ]; then cat "$work/scan.log" >&2; fail "shieldscan scan exited $code"; fi
}
scan "$work/out.sarif"
scan "$work/again.sarif"
cmp -s "$work/out.sarif" "$work/again.sarif" || fail "two scans of $example gave different SARIF"

# OASIS schema + our rules (one run, file locations, relative URIs, endColumn >= 1, ruleIndex…).
quietly go run -tags devtools ./internal/sarifcheck/cmd/sarifcheck "$work/out.sarif"

# npx finds the package from the tools directory. The multitool runs its binary through a
# shell: the rule kinds need their own quotes.
files=("$work/out.sarif" "$root"/testdata/golden/*.sarif)
(cd "$tools" && quietly npx --no-install @microsoft/sarif-multitool validate \
  "${files[@]}" --rule-kind '"Sarif;Ghas"' -o "$work/v.sarif" --log ForceOverwrite)
[ -s "$work/v.sarif" ] || fail "the multitool wrote no report"

NODE_PATH=$tools/node_modules node - "$work/v.sarif" "$root/testdata/github-upload-sarif-schema-2.1.0.json" "${files[@]}" <<'EOF' || fail "validation failed"
const fs = require('fs');
const { Validator } = require('jsonschema');
const [report, schemaFile, ...sarifFiles] = process.argv.slice(2);

// 1. The multitool's report: any result at level error fails (a result without a level is a
//    warning, SARIF's default).
const v = JSON.parse(fs.readFileSync(report, 'utf8'));
const found = (v.runs || []).flatMap(r => r.results || []);
const level = r => r.level || 'warning';
const text = r => {
  const m = r.message || {};
  return m.text || [m.id, ...(m.arguments || [])].join(' ');
};
const errors = found.filter(r => level(r) === 'error');
const where = r => ((r.locations || [])[0] || {}).physicalLocation?.artifactLocation?.uri || '';
for (const r of errors) console.error(`multitool: ${where(r)}: ${r.ruleId}: ${text(r)}`);

// 2. GitHub upload-sarif's schema check: format errors on uri and uri-reference are warnings there.
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const isWarning = e => e.name === 'format' && ['uri', 'uri-reference'].includes(e.argument);
let schemaErrors = 0, schemaWarnings = 0;
for (const file of sarifFiles) {
  const res = new Validator().validate(JSON.parse(fs.readFileSync(file, 'utf8')), schema);
  for (const e of res.errors) {
    if (isWarning(e)) { schemaWarnings++; continue; }
    schemaErrors++;
    console.error(`github schema: ${file}: ${e.property}: ${e.message}`);
  }
}

// 3. The release-stamped example: not even a warning.
const own = found.filter(r => where(r) === 'file://' + sarifFiles[0]);
for (const r of own) console.error(`multitool: release-stamped example: ${r.ruleId}: ${text(r)}`);

if (errors.length || schemaErrors || own.length) {
  console.error(`multitool: ${errors.length} error(s), ${own.length} result(s) on the release-stamped example; GitHub schema: ${schemaErrors} error(s)`);
  process.exit(1);
}
const example = JSON.parse(fs.readFileSync(sarifFiles[0], 'utf8'));
const results = example.runs.reduce((n, r) => n + r.results.length, 0);
console.log(`sarif: example (${results} results, stamped v0.2.0: 0 multitool results) and ${sarifFiles.length - 1} golden files: ` +
  `multitool Sarif;Ghas 0 errors, ${found.length} warnings; GitHub schema 0 errors, ${schemaWarnings} warnings; ` +
  `OASIS schema and sarifcheck pass; two scans identical`);
EOF
