package report

import (
	"github.com/shieldscan/shieldscan/rules"
)

// DefaultRunBytes is about how many bytes of findings a Stream holds in memory before it writes
// them, sorted, to its temporary file.
const DefaultRunBytes = 8 << 20

// StreamOptions tune a Stream.
type StreamOptions struct {
	// Ignore suppresses the findings whose fingerprint it holds (the configuration's ignore
	// list): a finding that no inline marker suppresses gets the entry's Suppression. Report's
	// Suppress cannot do it afterwards, because a streamed report's findings are on disk.
	Ignore map[string]Suppression
	// Dir is where the temporary file goes ("": os.TempDir()).
	Dir string
	// RunBytes overrides DefaultRunBytes (tests make it tiny to force many runs).
	RunBytes int
}

// Stream is a Builder whose memory does not grow with the number of findings: it holds up to
// RunBytes of them and writes them as a sorted run to a temporary file when it holds more;
// reading the report's findings merges the runs. The report it finishes is the one a Builder would make of the same
// Adds, byte for byte in every format; its findings stay on disk (Report.EachFinding) until
// Report.Close. Counts, classes and levels of resources are kept as findings arrive.
type Stream struct {
	b      *Builder
	opts   StreamOptions
	seq    uint64
	mem    []rec
	held   int
	spill  *spill
	err    error
	ignore map[string]Suppression
}

// NewStream starts a streamed report of mode on resources, as NewBuilder does.
func NewStream(mode Mode, resources []*rules.Resource, opts StreamOptions) *Stream {
	if opts.RunBytes <= 0 {
		opts.RunBytes = DefaultRunBytes
	}
	ignore := make(map[string]Suppression, len(opts.Ignore))
	for fp, s := range opts.Ignore {
		ignore[fp] = Suppression{Kind: s.Kind, Reason: Safe(s.Reason), Where: Safe(s.Where)}
	}
	return &Stream{b: NewBuilder(mode, resources), opts: opts, ignore: ignore}
}

// Add makes r a finding.
func (s *Stream) Add(r Ref) {
	res := s.b.resource(r.Resource)
	f := newFinding(&r, res, &s.b.rep.Resources[res])
	rr := &s.b.rep.Resources[res]
	tally(rr, &f)
	if f.Suppressed == nil {
		rr.Level = max(rr.Level, f.Level)
	}
	s.mem = append(s.mem, rec{f: f, seq: s.seq})
	s.seq++
	s.held += s.mem[len(s.mem)-1].size()
	if s.held >= s.opts.RunBytes {
		s.flush()
	}
}

// Skip records a blob that was not scanned, or only partly.
func (s *Stream) Skip(sk Skip) { s.b.Skip(sk) }

// flush writes what the Stream holds as a sorted run.
func (s *Stream) flush() {
	if s.err != nil || len(s.mem) == 0 {
		s.mem, s.held = s.mem[:0], 0
		return
	}
	if s.spill == nil {
		if s.spill, s.err = newSpill(s.opts.Dir); s.err != nil {
			return
		}
	}
	sortRecs(s.mem, compareRefs)
	s.err = s.spill.write(s.mem)
	clear(s.mem)
	s.mem, s.held = s.mem[:0], 0
}

// Discard drops what the Stream holds, on disk too, when no report will be finished.
func (s *Stream) Discard() {
	s.spill.close()
	s.spill, s.mem = nil, nil
}

// Finish classifies the resources, orders and fingerprints the findings, applies the ignore
// list and levels the resources, as Builder.Finish does. When the findings never outgrew
// memory the report holds them in Findings, as a Builder's; otherwise they stay in the
// temporary file as sorted runs, merged and fingerprinted each time Report.EachFinding reads
// them, and Report.Close removes it. The Stream must not be used after.
func (s *Stream) Finish() (*Report, error) {
	if s.err != nil {
		s.Discard()
		return nil, s.err
	}
	rep := s.b.rep
	all := rep.Resources
	rep.Stats.Resources = len(rep.Resources)
	var keep []int
	if s.b.onlyReferenced {
		keep = referencedOnly(rep)
	}
	finishSkips(rep)
	// Without an ignore list a finding's level counts unless an inline marker suppressed it,
	// which Add knew: the levels are known. An ignore list needs the fingerprints, which need
	// the final order: the levels are counted again as the findings are finished.
	relevel := len(s.ignore) > 0
	if relevel {
		for i := range rep.Resources {
			rep.Resources[i].Level = rules.None
		}
	}
	fin := &finisher{keep: keep, ignore: s.ignore}
	count := func(f *Finding) {
		if rr := &rep.Resources[f.res]; relevel && f.Suppressed == nil {
			rr.Level = max(rr.Level, f.Level)
		}
	}
	if s.spill == nil {
		// Everything fits in memory: an ordinary report.
		sortRecs(s.mem, compareRefs)
		rep.Findings = make([]Finding, len(s.mem))
		for i := range s.mem {
			rep.Findings[i] = s.mem[i].f
			fin.finish(&rep.Findings[i])
			count(&rep.Findings[i])
		}
		s.mem = nil
		return rep, nil
	}
	s.flush()
	if s.err != nil {
		s.Discard()
		return nil, s.err
	}
	sp := &spilled{spill: s.spill, all: all, keep: keep, ignore: s.ignore, n: int(s.seq), dir: s.opts.Dir, runBytes: s.opts.RunBytes}
	s.spill = nil
	if relevel {
		if err := sp.each(func(f *Finding) error { count(f); return nil }); err != nil {
			sp.spill.close()
			return nil, err
		}
	}
	for _, rr := range rep.Resources {
		sp.top = max(sp.top, rr.Level)
	}
	rep.Findings = nil
	rep.spilled = sp
	return rep, nil
}

// finisher does to findings, given in their final order, what only that order allows: it
// stamps their fingerprints, applies the ignore list, and moves them to their resource's
// index in a change report (keep).
type finisher struct {
	keep   []int
	ignore map[string]Suppression
	fp     fingerprinter
}

func (fin *finisher) finish(f *Finding) {
	if fin.keep != nil {
		f.res = fin.keep[f.res]
	}
	fin.fp.stamp(f)
	if sup, ok := fin.ignore[f.Fingerprint]; ok && f.Suppressed == nil {
		f.Suppressed = &sup
	}
}

// spilled is where a streamed report's findings are: sorted runs, not yet finished.
type spilled struct {
	spill *spill
	// all are the resources as the runs index them (before a change report keeps only some).
	all      []Resource
	keep     []int
	ignore   map[string]Suppression
	n        int
	top      rules.Level
	dir      string
	runBytes int
}

// each calls fn with every finding, finished, in the report's order.
func (s *spilled) each(fn func(*Finding) error) error {
	fin := &finisher{keep: s.keep, ignore: s.ignore}
	return s.spill.merge(s.all, compareRefs, func(r *rec) error {
		fin.finish(&r.f)
		return fn(&r.f)
	})
}

// grouped calls fn with the findings of resource order[0] first, then order[1]…, each resource's
// in the report's order: an external sort of the findings by their resource's position.
func (s *spilled) grouped(res []Resource, order []int, fn func(*Finding) error) error {
	// The findings are finished (res is an index in res) when they are written again.
	pos := make([]int, len(res))
	for i := range pos {
		pos[i] = -1
	}
	for p, i := range order {
		pos[i] = p
	}
	byPos := func(a, b *Finding) int { return pos[a.res] - pos[b.res] }
	tmp, err := newSpill(s.dir)
	if err != nil {
		return err
	}
	defer tmp.close()
	var mem []rec
	held := 0
	var seq uint64
	flush := func() error {
		sortRecs(mem, byPos)
		err := tmp.write(mem)
		clear(mem)
		mem, held = mem[:0], 0
		return err
	}
	err = s.each(func(f *Finding) error {
		if pos[f.res] < 0 {
			return nil
		}
		mem = append(mem, rec{f: *f, seq: seq})
		seq++
		held += mem[len(mem)-1].size()
		if held >= s.runBytes {
			return flush()
		}
		return nil
	})
	if err == nil && len(mem) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	return tmp.merge(res, byPos, func(r *rec) error { return fn(&r.f) })
}
