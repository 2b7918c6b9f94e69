package decode

import (
	"cmp"
	"slices"
)

// LimitKind names a bound on the decoder's work other than the budget.
type LimitKind uint8

const (
	// LimitDepth is encoded text nested deeper than the layers Find peels
	// (Options.MaxDepth, or 64 layers for a nest of lone base64 runs): a
	// layer below the last one peeled decodes to something again.
	LimitDepth LimitKind = iota + 1
	// LimitElements is a list of character codes (fromCharCode) or of
	// concatenated operands longer than Find reads (65536).
	LimitElements
	// LimitPacker is a packed script (eval(function(p,a,c,k,e,…)) whose
	// unpacker function is longer than Find reads (64 KiB).
	LimitPacker
)

var limitNames = [...]string{
	LimitDepth:    "depth",
	LimitElements: "elements",
	LimitPacker:   "packer",
}

// String returns the kind's name, such as "depth".
func (k LimitKind) String() string {
	if int(k) < len(limitNames) && limitNames[k] != "" {
		return limitNames[k]
	}
	return "unknown"
}

// Describe says in words what reaching a limit of kind k means, for a
// report's detail.
func (k LimitKind) Describe() string {
	switch k {
	case LimitDepth:
		return "encoded text nested deeper than the layers decoded"
	case LimitElements:
		return "a list longer than 65536 elements"
	case LimitPacker:
		return "a packed script whose unpacker is longer than 64 KiB"
	}
	return "a decoder limit"
}

// Limit is a place where a bound stopped decoding: the encoded text at
// Offset may hide more than Find returned.
type Limit struct {
	Kind LimitKind
	// Offset is the byte offset in the input of the encoded text that
	// reached the limit (the outermost encoded text, as for Span.Start).
	Offset int
}

// maxLimits is the number of limits Find records; later ones are dropped
// (the first ones already say that the input is only partly decoded).
const maxLimits = 64

// limit records that kind stopped decoding the text at offset.
func (st *state) limit(kind LimitKind, offset int) {
	if len(st.limits) >= maxLimits {
		return
	}
	l := Limit{Kind: kind, Offset: offset}
	if slices.Contains(st.limits, l) {
		return
	}
	st.limits = append(st.limits, l)
}

func sortLimits(ls []Limit) {
	slices.SortFunc(ls, func(a, b Limit) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.Kind, b.Kind))
	})
}
