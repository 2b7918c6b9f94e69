#!/usr/bin/env bash
# bench/needles.sh: shieldscan with a threat-intelligence feed of N alerted hostnames (from
# bench/gen-feed) against testdata/, this tree's build and a base revision's in the same run:
# wall time, CPU (user+sys) and peak RSS from /usr/bin/time -v, and the two reports compared.
#
#   bash bench/needles.sh                        # N=100000 hosts, BASE=740ba5e
#   N=10000 BASE= bash bench/needles.sh          # no base build
#
# Environment: N (default 100000), BASE (a git revision to build for comparison; empty for
# none; default 740ba5e, the last revision with a dense row per automaton state), RUNS (default
# 3; the median by wall time is shown), BENCH_OUT (default bench/out). Exits non-zero only
# when something fails (build, a command, reports that differ), never on a slow figure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cd "$(dirname "$0")/.."
n=${N:-100000}
base=${BASE-740ba5e}
runs=${RUNS:-3}
out=${BENCH_OUT:-bench/out}/needles
mkdir -p "$out"
out=$(cd "$out" && pwd)

echo "== building"
build_pair "$out" "$base"
go run -tags devtools ./bench/gen-feed -n "$n" >"$out/feed.txt"
echo "$n hosts ($(wc -c <"$out/feed.txt") bytes), testdata/ ($(find testdata -type f | wc -l) files), $(go version | cut -d' ' -f3), $(nproc) cores"

# run NAME BINARY FLAGS...: one scan; appends "wall cpu rss_kb" to $out/NAME.times.
run() {
	local name=$1 b=$2
	shift 2
	/usr/bin/time -v -o "$out/time.txt" "$b" scan --resources-file "$out/feed.txt" -q --fail-on never "$@" testdata >"$out/$name.txt"
	awk -F': ' '
		/Elapsed \(wall clock\)/ {n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i]}
		/User time/ {c += $2} /System time/ {c += $2}
		/Maximum resident set size/ {r = $2}
		END {print w, c, r}' "$out/time.txt" >>"$out/$name.times"
}

declare -a modes=(decode no-decode)
declare -A flags=([decode]="" [no-decode]="--no-decode")
rm -f "$out"/*.times
echo "== timing: $runs rounds, the variants alternating"
for _ in $(seq "$runs"); do
	for m in "${modes[@]}"; do
		for v in "${bins[@]}"; do
			# shellcheck disable=SC2086 # flags are words
			run "$v-$m" "${bin[$v]}" ${flags[$m]}
		done
	done
done

fail=0
echo "== results (median of $runs by wall; seconds, MB)"
printf '  %-18s %8s %8s %10s\n' variant wall cpu 'peak RSS'
declare -A wall cpu rss
for m in "${modes[@]}"; do
	for v in "${bins[@]}"; do
		read -r w c r < <(sort -g "$out/$v-$m.times" | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}')
		wall[$v-$m]=$w cpu[$v-$m]=$c rss[$v-$m]=$((r / 1024))
		printf '  %-18s %8.2f %8.2f %10d\n' "$v-$m" "$w" "$c" "$((r / 1024))"
	done
	if [[ -n $base ]]; then
		if cmp -s "$out/base-$m.txt" "$out/new-$m.txt"; then
			echo "  $m: the two reports are identical ($(wc -l <"$out/new-$m.txt") lines)"
		else
			echo "  $m: THE REPORTS DIFFER: diff $out/base-$m.txt $out/new-$m.txt"
			fail=1
		fi
	fi
done
if [[ -n $base ]]; then
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
	for m in "${modes[@]}"; do
		echo "  $m, base / new: wall $(ratio "${wall[base-$m]}" "${wall[new-$m]}")×, cpu $(ratio "${cpu[base-$m]}" "${cpu[new-$m]}")×, peak RSS $(ratio "${rss[base-$m]}" "${rss[new-$m]}")×"
	done
fi
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall figures are only fair near 0)"
exit $fail
