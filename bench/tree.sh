#!/usr/bin/env bash
# bench/tree.sh: time shieldscan against ripgrep on a generated ~200 MB tree of web code, in one
# run (these machines drift 1.5-2x between runs: compare only ratios from the same run).
#
#   bash bench/tree.sh            # generate bench/out/tree if missing, then time
#   BENCH_OUT=/tmp/b RUNS=7 bash bench/tree.sh
#   REAL=/path/to/repo.git bash bench/tree.sh   # a real repository's HEAD tree instead
#   BASE=/path/to/old/shieldscan bash bench/tree.sh   # also time another build, decode on and off
#
# Environment: BENCH_OUT (default bench/out), BENCH_SIZE (bytes, default 209715200), BENCH_SEED
# (default 1), RUNS (default 5), REAL (a git directory, bare or not: its HEAD tree is checked
# out into $TMPDIR, default /tmp, once per HEAD, and scanned for the same 50 resources; it has
# no planted references, so the reports are not verified, only counted), BASE (another build of
# shieldscan, the previous commit say, timed in the same run with and without decoding, so that
# a change's before and after come from one run). Exits non-zero
# only when something fails (build, generation, a command, a report that does not match the
# planted references), never on a slow figure.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${BENCH_OUT:-bench/out}
size=${BENCH_SIZE:-209715200}
seed=${BENCH_SEED:-1}
runs=${RUNS:-5}
mkdir -p "$out/bin"
out=$(cd "$out" && pwd)

echo "== building"
go build -o "$out/bin/shieldscan" ./cmd/shieldscan
go build -tags devtools -o "$out/bin/gen-tree" ./bench/gen-tree
ss="$out/bin/shieldscan"

if [[ -n ${REAL:-} ]]; then
	# The real tree and its own copy of the 50 resources (from a 1 MB generated tree: the
	# resources do not depend on the size) live in one directory per repository and HEAD.
	head=$(git --git-dir="$REAL" rev-parse HEAD)
	name=$(basename "$(cd "$REAL" && pwd)")
	[[ $name == repo || $name == .git ]] && name=$(basename "$(dirname "$(cd "$REAL" && pwd)")")
	out=${TMPDIR:-/tmp}/shieldscan-bench-${name%.git}-${head:0:12}
	if [[ ! -f "$out/stamp" ]]; then
		echo "== checking out $REAL at $head into $out/tree"
		rm -rf "$out" && mkdir -p "$out/tree" "$out/gen"
		# A snapshot may lack some blobs (its largest files), which stops git archive: read
		# HEAD into a temporary index, drop the paths whose blobs are missing and check out
		# the rest.
		git --git-dir="$REAL" ls-tree -r HEAD --format='%(objecttype) %(objectname) %(path)' |
			awk '$1 == "blob"' >"$out/ls-tree.txt"
		cut -d' ' -f2 "$out/ls-tree.txt" | git --git-dir="$REAL" cat-file --batch-check |
			awk '$2 == "missing" {print $1}' >"$out/missing.txt"
		awk 'NR == FNR {m[$1] = 1; next} ($2 in m) {sub(/^[^ ]+ [^ ]+ /, ""); print}' \
			"$out/missing.txt" "$out/ls-tree.txt" >"$out/skipped.txt"
		echo "($(wc -l <"$out/skipped.txt") files whose blobs the repository lacks are left out)"
		export GIT_INDEX_FILE="$out/index"
		git --git-dir="$REAL" read-tree HEAD
		git --git-dir="$REAL" update-index --force-remove --stdin <"$out/skipped.txt"
		git --git-dir="$REAL" --work-tree="$out/tree" checkout-index -a --prefix="$out/tree/"
		unset GIT_INDEX_FILE
		rm "$out/index"
		echo "$head" >"$out/stamp"
	fi
	if [[ ! -f "$out/needles.rg" ]]; then
		"$(dirname "$ss")/gen-tree" -size 1048576 "$out/gen" >/dev/null
		cp "$out/gen/needles.txt" "$out/gen/needles.rg" "$out/"
	fi
	echo "$name at ${head:0:12}: $(find "$out/tree" -type f | wc -l) files, $(du -sb "$out/tree" | cut -f1) bytes"
else
	# Regenerate when the generator's source, seed or size changed.
	stamp="$( (cat bench/gen-tree/*.go bench/gen-tree/*/*.go; echo "$seed $size") | sha256sum | cut -c1-16)"
	if [[ ! -d "$out/tree" || "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]]; then
		echo "== generating $out/tree (seed $seed, $size bytes)"
		rm -rf "$out/tree" "$out/stamp"
		"$out/bin/gen-tree" -seed "$seed" -size "$size" "$out" >/dev/null
		echo "$stamp" >"$out/stamp"
	fi
	cat "$out/manifest.txt"
fi

if ! command -v rg >/dev/null; then
	echo "== installing ripgrep from Debian"
	apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
fi
echo "$(rg --version | head -1), $(go version | cut -d' ' -f3), $(nproc) cores"

# rg does the same reading as shieldscan with these flags: --hidden reads dotfiles (shieldscan
# skips only .git), --no-require-git honours .gitignore without a .git directory (shieldscan
# honours it always), -i matches ASCII case-insensitively as the automaton does; binary files
# are read until their first NUL by rg, and until 8 KiB by shieldscan. -c still reads each file
# to its end. Output goes through a pipe: rg stops at the first match when stdout is /dev/null.
cd "$out"
nfiles=$(rg --files --hidden --no-require-git tree | wc -l)
rgflags="-F -i -c --hidden --no-require-git -f needles.rg"
declare -a names=(rg rg-case-sensitive plain decode)
declare -A cmds=(
	[rg]="rg $rgflags tree"
	[rg-case-sensitive]="rg ${rgflags/-i /} tree"
	[plain]="$ss scan --resources-file needles.txt --format json -q --fail-on never --no-decode -o plain.json tree"
	[decode]="$ss scan --resources-file needles.txt --format json -q --fail-on never -o decode.json tree"
)
if [[ -n ${BASE:-} ]]; then
	base=$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")
	names+=(base-plain base-decode)
	cmds[base-plain]="$base scan --resources-file needles.txt --format json -q --fail-on never --no-decode -o base-plain.json tree"
	cmds[base-decode]="$base scan --resources-file needles.txt --format json -q --fail-on never -o base-decode.json tree"
fi

echo "== warming the page cache"
find tree -type f -print0 | xargs -0 cat >/dev/null
for n in "${names[@]}"; do bash -c "${cmds[$n]}" >/dev/null; done

# Interleaved rounds: each round runs every command once, starting one command later than the
# last round, so that a change of load lands on every command alike (hyperfine times each
# command's runs in a row, which let a minute of load fall on one command only). Bash's own
# `time` gives each run's wall and CPU (user+sys, children included).
echo "== timing: $runs interleaved rounds"
declare -A walls cpus med cpu
declare -a rounds=()
TIMEFORMAT='%R %U %S'
for r in $(seq "$runs"); do
	line=""
	for k in "${!names[@]}"; do
		n=${names[$(((k + r) % ${#names[@]}))]}
		t=$({ time bash -c "${cmds[$n]}" | cat >/dev/null; } 2>&1 | tail -1)
		read -r w u sy <<<"$t"
		walls[$n]+="$w "
		cpus[$n]+="$(awk -v u="$u" -v s="$sy" 'BEGIN {print u + s}') "
		line+="$n=$w "
	done
	rounds+=("$line")
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in "${names[@]}"; do
	med[$n]=$(median <<<"${walls[$n]}")
	cpu[$n]=$(median <<<"${cpus[$n]}")
done
# roundratio A B: the median over the rounds of A's wall time over B's in the same round.
roundratio() {
	for l in "${rounds[@]}"; do
		awk -v l="$l" -v a="$1" -v b="$2" 'BEGIN {n = split(l, f, " "); for (i = 1; i <= n; i++) {split(f[i], kv, "="); t[kv[1]] = kv[2]} if (t[b] > 0) print t[a] / t[b]}'
	done | median | awk '{printf "%.2f", $1}'
}

fail=0
if [[ -n ${REAL:-} ]]; then
	echo "== counting what was found (a real tree has no planted references to check)"
	refs() { grep -o '"rule": "[a-z-]*"' "$1" | grep -vc unknown-resource || true; }
	echo "rg -i: $(rg $rgflags tree | awk -F: '{n += $NF} END {print n + 0}') matching lines; shieldscan: $(refs plain.json) references with --no-decode, $(refs decode.json) with decoding"
	[[ -n ${BASE:-} ]] && echo "BASE: $(refs base-plain.json) references with --no-decode, $(refs base-decode.json) with decoding"
else
	echo "== checking the reports against the planted references"
	"$(dirname "$ss")/gen-tree" -verify plain.json . || fail=1
	"$(dirname "$ss")/gen-tree" -verify decode.json . || fail=1
fi
scanned=$(grep -o '"files": [0-9]*' plain.json | head -1 | grep -o '[0-9]*')
skipped=$(grep -o '"skipped": [0-9]*' plain.json | tail -1 | grep -o '[0-9]*')
echo "files: rg lists $nfiles, shieldscan read $((scanned + skipped)) ($scanned text, $skipped skipped)"

echo "== results (seconds, same run: median wall and median CPU user+sys of $runs rounds)"
printf '  %-18s %7s %7s\n' command wall cpu
for n in "${names[@]}"; do printf '  %-18s %7.3f %7.3f  %s\n' "$n" "${med[$n]}" "${cpu[$n]}" "${cmds[$n]//$ss/shieldscan}"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "-"}'; }
ratios() { echo "wall $(ratio "${med[$1]}" "${med[$2]}") (per round $(roundratio "$1" "$2")), cpu $(ratio "${cpu[$1]}" "${cpu[$2]}")"; }
echo "  shieldscan --no-decode / rg -i : $(ratios plain rg)  (target: wall <= 2)"
echo "  shieldscan (decode) / rg -i    : $(ratios decode rg)"
echo "  decode / --no-decode           : $(ratios decode plain)  (target: wall <= 1.5)"
if [[ -n ${BASE:-} ]]; then
	echo "  BASE decode / BASE --no-decode : $(ratios base-decode base-plain)"
	echo "  decode / BASE decode           : $(ratios decode base-decode)"
fi
echo "  rg -i / rg case-sensitive      : $(ratios rg rg-case-sensitive)"
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall figures are only fair near 0)"
exit $fail
