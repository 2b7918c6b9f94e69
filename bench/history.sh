#!/usr/bin/env bash
# bench/history.sh: time `shieldscan scan --history` against gitleaks v8 and the C git floor
# (`git cat-file --batch-all-objects --batch --unordered | rg -c -a -F -i -f needles`: every
# object inflated once in pack order, every byte searched) on one git history, in one run, with
# the peak RSS of each from /usr/bin/time -v (these machines drift 1.5-2x between runs: compare
# only ratios from the same run).
#
#   bash bench/history.sh                  # generate bench/out/history (10k commits) if missing
#   REPO=/path/to/repo.git bash bench/history.sh   # a real repository instead (bare or not)
#   RUNS=5 COMMITS=20000 bash bench/history.sh
#   REPO=matomo.git NEEDLES=hosts.txt RUNS=1 GITLEAKS=0 bash bench/history.sh   # a large one
#
# Environment: BENCH_OUT (default bench/out), REPO (skip generation), NEEDLES (resources file;
# default: the generator's hosts), COMMITS (default 10000), BENCH_SEED (default 1), RUNS
# (default 3), GITLEAKS (0 leaves gitleaks out: it takes 10 minutes on matomo), BASE (another
# shieldscan binary, e.g. a build of the previous commit, timed in the same run). Targets (issues
# 4 and 14): >= 8x faster than gitleaks, within 2x of the floor, peak RSS under 300 MB. Exits
# non-zero only when something fails, never on a slow figure.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${BENCH_OUT:-bench/out}
commits=${COMMITS:-10000}
seed=${BENCH_SEED:-1}
runs=${RUNS:-3}
mkdir -p "$out/bin"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== building"
go build -o "$out/bin/shieldscan" ./cmd/shieldscan
go build -tags devtools -o "$out/bin/gen-history" ./bench/gen-history
ss="$out/bin/shieldscan"

if [[ -z "${REPO:-}" ]]; then
	repo="$out/history.git"
	needles="$out/history-needles.txt"
	stamp="$( (cat bench/gen-history/*.go; echo "$seed $commits") | sha256sum | cut -c1-16)"
	if [[ ! -d "$repo" || "$(cat "$out/history.stamp" 2>/dev/null)" != "$stamp" ]]; then
		echo "== generating $repo ($commits commits, seed $seed)"
		rm -rf "$repo" "$out/history.stamp"
		git init -q --bare "$repo"
		"$out/bin/gen-history" -seed "$seed" -commits "$commits" -needles "$needles" | git -C "$repo" fast-import --quiet
		# fast-import's pack is barely deltified; a clone's pack is what a server sends after repack
		git -C "$repo" repack -adfq --window=10 --depth=50
		echo "$stamp" >"$out/history.stamp"
	fi
else
	repo=$REPO
	needles=${NEEDLES:-$out/history-needles.txt}
	[[ -f "$needles" ]] || "$out/bin/gen-history" -commits 1 -needles "$needles" >/dev/null 2>&1
fi
needles=$(cd "$(dirname "$needles")" && pwd)/$(basename "$needles")

if [[ ! -x /usr/bin/time ]]; then
	echo "== installing time from Debian"
	apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

if ! command -v rg >/dev/null; then
	echo "== installing ripgrep from Debian"
	apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
fi

gitleaks=$(command -v gitleaks || true)
if [[ "${GITLEAKS:-1}" == 0 ]]; then
	gitleaks=
elif [[ -z "$gitleaks" ]]; then
	echo "== building gitleaks v8 from the module proxy (into a temp GOBIN, not kept)"
	GOBIN="$tmp/bin" go install github.com/zricethezav/gitleaks/v8@latest
	gitleaks="$tmp/bin/gitleaks"
fi

# One gitleaks rule whose regex matches the same needles, with the needles as keywords (the
# keyword prefilter is what makes gitleaks usable on a history: 3x faster here).
{
	echo '[[rules]]'
	echo 'id = "alerted-resource"'
	echo 'description = "reference to an alerted resource"'
	printf "regex = '''(?i)(%s)'''\n" "$(sed 's/[.]/\\./g' "$needles" | paste -sd'|')"
	printf 'keywords = [%s]\n' "$(sed 's/.*/"&"/' "$needles" | paste -sd,)"
} >"$tmp/gitleaks.toml"
grep -v '^#' "$needles" | sed '/^$/d' >"$tmp/needles.grep"

echo "== repository"
printf 'commits %s, refs %s, objects %s, blobs %s, blob bytes %s, pack %s\n' \
	"$(git -C "$repo" rev-list --all | wc -l)" \
	"$(git -C "$repo" for-each-ref | wc -l)" \
	"$(git -C "$repo" cat-file --batch-all-objects --batch-check | wc -l)" \
	"$(git -C "$repo" cat-file --batch-all-objects --batch-check | grep -c ' blob ')" \
	"$(git -C "$repo" cat-file --batch-all-objects --batch-check | awk '$2=="blob"{s+=$3} END{print s}')" \
	"$(du -sh "$repo/objects/pack" | cut -f1)"

# measure NAME CMD...: RUNS runs; the median wall time, the median CPU time (user+sys: steadier
# than wall time when other work shares the machine) and the highest peak RSS.
declare -A wall cpu rss
measure() {
	local name=$1
	shift
	local ws=() cs=() peak=0
	for _ in $(seq "$runs"); do
		/usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || true
		if grep -q 'Exit status: [^01]$' "$tmp/time" && ! grep -q 'Exit status: 1$' "$tmp/time"; then
			echo "$name failed:" >&2
			cat "$tmp/stderr" >&2
			exit 1
		fi
		local e r
		e=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tmp/time")
		r=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tmp/time")
		ws+=("$e")
		cs+=("$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$tmp/time")")
		((r > peak)) && peak=$r
	done
	wall[$name]=$(printf '%s\n' "${ws[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
	cpu[$name]=$(printf '%s\n' "${cs[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
	rss[$name]=$((peak / 1024))
	printf '%-26s wall %7.2f s   cpu %7.2f s   peak RSS %5d MB   (wall runs: %s)\n' "$name" "${wall[$name]}" "${cpu[$name]}" "${rss[$name]}" "${ws[*]}"
}

echo "== timing ($runs runs each, median wall time)"
# -a: search binary objects too (rg stops reading a stream at its first NUL otherwise)
floor="cat-file | rg (floor)"
measure "$floor" bash -c "git -C '$repo' cat-file --batch-all-objects --batch --unordered | rg -c -a -F -i -f '$tmp/needles.grep'"
measure "shieldscan --history" "$ss" scan --history --quiet --format json -o "$tmp/report.json" -f "$needles" "$repo"
measure "shieldscan --no-decode" "$ss" scan --history --no-decode --quiet --format json -o "$tmp/report-plain.json" -f "$needles" "$repo"
compare=("shieldscan --history" "shieldscan --no-decode")
if [[ -n "${BASE:-}" ]]; then
	measure "BASE --history" "$BASE" scan --history --quiet --format json -o "$tmp/report-base.json" -f "$needles" "$repo"
	compare+=("BASE --history")
fi
if [[ -n "$gitleaks" ]]; then
	measure "gitleaks git" "$gitleaks" git --no-banner --log-level error --config "$tmp/gitleaks.toml" --report-path "$tmp/gitleaks.json" --exit-code 0 "$repo"
else
	wall[gitleaks git]=0 cpu[gitleaks git]=0
	echo '[]' >"$tmp/gitleaks.json"
fi

echo "== results (wall time; cpu time in brackets; one run: ratios only)"
for s in "${compare[@]}"; do
	awk -v name="$s" -v ss="${wall[$s]}" -v gl="${wall[gitleaks git]}" -v fl="${wall[$floor]}" \
		-v css="${cpu[$s]}" -v cgl="${cpu[gitleaks git]}" -v cfl="${cpu[$floor]}" -v rs="${rss[$s]}" -v rf="${rss[$floor]}" 'BEGIN {
		if (gl > 0) printf "%s: %.1fx faster than gitleaks [%.1fx] (target on jquery: >= 15x)\n", name, gl / ss, cgl / css
		printf "%s: %.2fx the floor [%.2fx] (target <= 2x, on jquery <= 1.5x); peak RSS %d MB (target < 300 MB; the floor: %d MB)\n",
			name, ss / fl, css / cfl, rs, rf
	}'
done
if [[ -n "${BASE:-}" ]]; then
	# the same findings from both builds: the sets of fingerprints (with commit and removal)
	python3 - "$tmp/report.json" "$tmp/report-base.json" <<'EOF' || true
import json, sys
def keys(p):
    rep = json.load(open(p))
    return {json.dumps(f, sort_keys=True) for f in rep["findings"]}
a, b = keys(sys.argv[1]), keys(sys.argv[2])
print(f"findings: {len(a)} this build, {len(b)} BASE; " + ("identical" if a == b else f"DIFFERENT: {len(a - b)} only here, {len(b - a)} only in BASE"))
EOF
fi
python3 - "$tmp/report.json" "$tmp/gitleaks.json" <<'EOF' || true
import json, sys
rep = json.load(open(sys.argv[1]))
found = sum(1 for f in rep["findings"] if f.get("path") and f.get("classification") != "unknown")
gl = json.load(open(sys.argv[2]))
print(f"shieldscan: {rep['stats'].get('files')} blobs scanned, {found} findings, {len(rep['skipped'])} skipped; gitleaks: {len(gl)} findings (one per commit and line)")
EOF
