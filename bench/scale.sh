#!/usr/bin/env bash
# bench/scale.sh: the two "many findings" rows of issue 14, this tree's build against a base
# revision's in the same run, with wall time, CPU (user+sys) and peak RSS from /usr/bin/time -v,
# and whether the two reports are byte-identical:
#
#   feed:    100,000 alerted hostnames (bench/gen-feed) against testdata/, text and JSON
#   matches: F files × 50,000 matching lines (bench/gen-feed -tree), JSON, for F = 5, 10, 20
#            (250k, 500k and 1M findings): time should grow linearly with the findings
#
#   bash bench/scale.sh                  # BASE=a58b19e (before streamed findings)
#   BASE= bash bench/scale.sh            # this tree only
#   SIZES="5 10" bash bench/scale.sh     # fewer findings (the base needs ~3-5 GB at 1M)
#   SIZES= RUNS=3 BASE=main bash bench/scale.sh   # the feed rows only, 3 runs each, medians
#
# Environment: BASE (git revision; empty for none), SIZES (files of 50,000 lines; default
# "5 10 20", empty for the feed rows only), RUNS (runs of each feed row and build, alternating
# the builds, with the median of each figure after them; default 1), BENCH_OUT (default
# bench/out). Exits non-zero only when something fails (a build,
# a command, reports that differ), never on a slow figure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cd "$(dirname "$0")/.."
base=${BASE-a58b19e}
sizes=${SIZES-5 10 20}
runs=${RUNS:-1}
out=${BENCH_OUT:-bench/out}/scale
mkdir -p "$out"
out=$(cd "$out" && pwd)

echo "== building"
build_pair "$out" "$base"
go run -tags devtools ./bench/gen-feed -n 100000 >"$out/feed.txt"
for f in $sizes; do
	if [[ ! -d $out/m$f ]]; then
		go run -tags devtools ./bench/gen-feed -n 10 -tree "$out/m$f.tmp" -files "$f" -lines 50000 >"$out/m$f.txt"
		mv "$out/m$f.tmp" "$out/m$f"
	fi
done
echo "$(go version | cut -d' ' -f3), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# run BINARY REPORT RESOURCES FORMAT DIR: one scan (relative paths, so that the reports of the
# two builds name the same files); prints "wall cpu rss_mb".
run() {
	local b=$1 report=$2 resources=$3 format=$4 dir=$5
	(cd "$out" && /usr/bin/time -v -o time.txt "$b" scan --resources-file "$resources" -q --fail-on never \
		--format "$format" "$dir" >"$report")
	awk -F': ' '
		/Elapsed \(wall clock\)/ {n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i]}
		/User time/ {c += $2} /System time/ {c += $2}
		/Maximum resident set size/ {r = $2}
		END {printf "%.2f %.2f %.0f\n", w, c, r / 1024}' "$out/time.txt"
}

# compare NAME: whether the base's and this tree's reports are the same bytes.
compare() {
	[[ -n $base ]] || return 0
	if cmp -s "$out/$1.base" "$out/$1.new"; then
		echo "    reports identical"
	else
		echo "    REPORTS DIFFER: $out/$1.base $out/$1.new" >&2
		status=1
	fi
}

status=0
printf '%-34s %-5s %9s %9s %9s\n' work build wall cpu "rss MB"
# median LIST: the median of the numbers in LIST, one a line.
median() { printf '%s' "$1" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for format in text json; do
	declare -A fig=()
	for ((i = 1; i <= runs; i++)); do
		for v in "${bins[@]}"; do
			read -r w c r < <(run "${bin[$v]}" "feed-$format.$v" feed.txt "$format" "$PWD/testdata")
			printf '%-34s %-5s %8ss %8ss %9s\n' "100k hosts vs testdata/, $format" "$v" "$w" "$c" "$r"
			fig[$v.w]+="$w"$'\n' fig[$v.c]+="$c"$'\n' fig[$v.r]+="$r"$'\n'
		done
	done
	if ((runs > 1)); then
		for v in "${bins[@]}"; do
			printf '%-34s %-5s %8ss %8ss %9s\n' "  median of $runs" "$v" "$(median "${fig[$v.w]}")" \
				"$(median "${fig[$v.c]}")" "$(median "${fig[$v.r]}")"
		done
	fi
	compare "feed-$format"
done
declare -A cpu
for f in $sizes; do
	for v in "${bins[@]}"; do
		read -r w c r < <(run "${bin[$v]}" "m$f.$v" "m$f.txt" json "m$f")
		cpu[$v.$f]=$c
		printf '%-34s %-5s %8ss %8ss %9s\n' "$((f * 50))k matches, json" "$v" "$w" "$c" "$r"
	done
	compare "m$f"
	rm -f "$out/m$f.base"
done
[[ -n $sizes ]] || exit $status
first=${sizes%% *}
echo "== CPU per finding against the smallest size ($((first * 50))k; 1.00 is linear)"
for v in "${bins[@]}"; do
	line="$v:"
	for f in $sizes; do
		line+=$(awk -v a="${cpu[$v.$f]}" -v b="${cpu[$v.$first]}" -v f="$f" -v g="$first" 'BEGIN {printf " %dk %.2f", f * 50, (a / f) / (b / g)}')
	done
	echo "$line"
done
exit $status
