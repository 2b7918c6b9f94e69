package refang

import "strings"

// fine is the test that the AVX-512 block search (fineBlocksAVX512) applies to each byte c of a
// block, with the byte p before it and the three bytes n, m and q after it: narrower than
// coarse, as a full lookup of each byte (VPERMI2B) can class it by any set, not only by products
// of sets of halves. It holds wherever candidate holds (TestCoarseCoversCandidate). Its parts:
//
//   - the pair (c, n) is in one of the groups of fineGroups (the follow sets, some merged so that
//     eight bits hold them), or is the lead and next byte of a full-width dot;
//   - c opens a bracket, or p is a host byte (afterPairs);
//   - n, m and q may start what spelled reads after c (spells).
func fine(p, c, n, m, q byte) bool {
	pair := c < 0x80 && n < 0x80 && fineGroups[0][c]&fineGroups[1][n] != 0 ||
		c == 0xE3 && n == 0x80 || c == 0xEF && (n == 0xBC || n == 0xBD)
	return pair && (isOpen(c) || isHost(p)) && spells(p, c, n, m, q)
}

// spells reports whether n, m and q, by their low seven bits (as VPERMI2B reads them), may
// start what spelled looks for after c, with p before it:
//
//   - after a 'd', a 'p' or an 'a' at n, "dot"; "pun", "pon" or "poi"; "at";
//   - after an opening bracket at c, a separator at n ('/', '-', '@', ':') needs a closing
//     bracket or a space after it, or n, m and q are "://" ("(/)", "[ : ]", "(://)");
//   - after a space at c, a colon or a slash at n needs a scheme's last letter at p (by its low
//     seven bits);
//   - after a dot at c, a space at n needs a space or a ']' after it (". ]").
func spells(p, c, n, m, q byte) bool {
	d := spellTables[0][n&0x7f] & spellAfter[c&0x7f]
	if fineHost[p&0x7f]&spellNoScheme != 0 {
		d &^= spellNoScheme
	}
	return d == 0 || d&spellTables[1][m&0x7f]&spellTables[2][q&0x7f] != 0
}

// spellTables class the first, second and third bytes of what spells looks for, so that the
// three classes have a bit in common when they spell one: bit 0 "dot", bit 1 "pon" and "poi",
// bit 2 "pun", bit 3 "at" (and any third byte); after an opening bracket, bit 4 a separator and
// a closing bracket or a space (and any third byte), bit 5 "://"; after a space, bit 6 a colon
// or a slash, which nothing spells (spells takes the bit off after a scheme's last letter); after
// a dot, bit 7 a space and a space or a ']' (and any third byte). Letters are in any case.
var spellTables = func() (t [3][128]byte) {
	for _, w := range []struct {
		bytes [3]string // the sets of the first, second and third bytes; "" for any byte
		bit   byte
	}{
		{[3]string{"dD", "oO", "tT"}, 0x01},
		{[3]string{"pP", "oO", "nNiI"}, 0x02},
		{[3]string{"pP", "uU", "nN"}, 0x04},
		{[3]string{"aA", "tT", ""}, 0x08},
		{[3]string{"/-@:", "])}> ", ""}, 0x10},
		{[3]string{":", "/", "/"}, 0x20},
		{[3]string{" ", " ]", ""}, 0x80},
	} {
		for k, set := range w.bytes {
			for c := range 128 {
				if set == "" || strings.IndexByte(set, byte(c)) >= 0 {
					t[k][c] |= w.bit
				}
			}
		}
	}
	// Nothing spells a colon or a slash after a space: no second or third byte has the bit.
	t[0][':'] |= spellNoScheme
	t[0]['/'] |= spellNoScheme
	return t
}()

// spellAfter holds, for each byte c, the bits of spellTables that hold after it: those of the
// words after any byte, and those of a separator after an opening bracket, of a colon or a
// slash after a space, of a space after a dot.
var spellAfter = func() (t [128]byte) {
	for c := range t {
		t[c] = 0x0F
	}
	for _, c := range []byte("[({<") {
		t[c] |= 0x30
	}
	t[' '] |= spellNoScheme
	t['.'] |= 0x80
	return t
}()

// spellNoScheme is the bit of a colon or a slash after a space, which a scheme's last letter
// before the space takes off (fineHost has it for those letters).
const spellNoScheme = 0x40

// fineGroups holds a bit for each group of follow sets: c has the bit in fineGroups[0] and n in
// fineGroups[1] when n is in the follow set of some byte of the group that holds c. The groups
// of a bracket, a space, a dot and a comma are exact; the others are merged two by two: "_/"
// before "_/", "\\^" before "./:", ":-" before "/\\dDpP".
var fineGroups = func() (t [2][128]byte) {
	groups := [8]string{"[({<", "])}>", " ", ".", ",", "_/", "\\^", ":-"}
	for g, grp := range groups {
		for _, c := range []byte(grp) {
			t[0][c] |= 1 << g
			for n := range 128 {
				if follow[c][n] {
					t[1][n] |= 1 << g
				}
			}
		}
	}
	return t
}()

// fineHost holds 0x01 for each host byte below 0x80 (isHost), and spellNoScheme too for each
// last letter of a scheme (schemeLast).
var fineHost = func() (t [128]byte) {
	for c := range 128 {
		if isHost(byte(c)) {
			t[c] = 0x01
		}
		if schemeLast[c] {
			t[c] |= spellNoScheme
		}
	}
	return t
}()

// fineTables are the tables of fine as fineBlocksAVX512 reads them.
type fineTables struct{ c, n, host, d, m, q, after [128]byte }

var fineTab = fineTables{fineGroups[0], fineGroups[1], fineHost, spellTables[0], spellTables[1], spellTables[2], spellAfter}

// fineBitsGo is fineBlocksAVX512 in Go for one block, a byte at a time: bit k is set when fine
// holds for w[k+1] between w[k] and w[k+2:k+5].
func fineBitsGo(w *[68]byte) uint64 {
	var m uint64
	for k := range 64 {
		if fine(w[k], w[k+1], w[k+2], w[k+3], w[k+4]) {
			m |= 1 << k
		}
	}
	return m
}
