# bench/lib.sh: what the bench scripts that compare two builds share (source it).

# build_pair OUT BASE builds this tree to OUT/shieldscan and, when BASE names a git revision,
# that revision to OUT/shieldscan-base; it sets bins (the names: new, or base new) and bin (name
# to binary), and installs /usr/bin/time (for its -v peak RSS) when the machine lacks it.
build_pair() {
	local out=$1 base=$2
	go build -o "$out/shieldscan" ./cmd/shieldscan
	bins=(new)
	declare -gA bin=([new]="$out/shieldscan")
	if [[ -n $base ]]; then
		src=$(mktemp -d)
		trap 'rm -rf "$src"' EXIT
		git archive "$base" | tar -x -C "$src"
		(cd "$src" && go build -o "$out/shieldscan-base" ./cmd/shieldscan)
		bins=(base new)
		bin[base]="$out/shieldscan-base"
	fi
	if [[ ! -x /usr/bin/time ]]; then
		apt-get update -qq && apt-get install -y -qq time >/dev/null
	fi
}
