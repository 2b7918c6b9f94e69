// Package scanner finds every reference to a set of alerted resources in a source of blobs (a
// working tree or a git history), in one pass per blob, and turns them into a classified,
// sorted, fingerprinted report.
package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// DefaultMaxFileSize is the size above which a file is skipped unless --max-file-size says otherwise.
const DefaultMaxFileSize = 50 << 20

// binarySniff is how much of a file is searched for a NUL byte to call it binary, as git does.
const binarySniff = 8 << 10

// Options tune a scan.
type Options struct {
	// Include and Exclude are doublestar globs on slash paths; a path must match an Include (when
	// there are any) and no Exclude.
	Include, Exclude []string
	// MaxFileSize skips larger blobs (0 means DefaultMaxFileSize).
	MaxFileSize int64
	// Workers is the number of matching goroutines (0 means GOMAXPROCS).
	Workers int
	// Mode is what the source stands for; in ModeChange every reference is an error and no
	// resource is reported unknown.
	Mode report.Mode
	// Decode turns on the search for encoded references.
	Decode bool
	// Inputs are the slash paths of the resources files inside the tree: they name the
	// resources, so they are never scanned as code. They are compared with Prefix+Blob.Path.
	Inputs []string
	// Prefix is put before every blob path in the report (with a trailing "/"): the scanned
	// directory's path from the repository's top, so that SARIF paths are repository-relative.
	Prefix string
	// Scope is the scanned directory's path from the repository's top, in every mode: globs
	// match a path relative to the scanned directory, or to the repository's top.
	Scope string
	// Suppressed, when set, says whether a reference's line carries an ignore marker.
	Suppressed func(line string) bool
	// Emulation, when set and Decode is on, runs the suspicious scripts in the sandbox.
	Emulation *Emulation
}

// ErrBadGlob wraps an invalid --include or --exclude pattern.
var ErrBadGlob = errors.New("invalid glob")

// ValidateGlobs checks include and exclude patterns before anything is read.
func ValidateGlobs(patterns []string) error {
	for _, p := range patterns {
		if !doublestar.ValidatePattern(p) {
			return fmt.Errorf("%w %q: see https://github.com/bmatcuk/doublestar#patterns", ErrBadGlob, p)
		}
	}
	return nil
}

// blobResult is what a worker found in one blob.
type blobResult struct {
	blob Blob
	refs []ref
	size int64
	skip SkipReason
	why  string
	// truncated says the decoder's budget ran out before the end of the blob.
	truncated bool
	// limits, when set, says where another decoder limit left text undecoded (the skip's detail).
	limits string
	// scripts are the blob's suspicious scripts, to run in the sandbox; data is then the blob's
	// content, kept until they have run.
	scripts []script
	data    []byte
	// streamed counts the refs already given to the report (a working-tree blob that waited for
	// the sandbox only for its scripts).
	streamed int
}

// ref is one reference inside a blob, located and described, not yet attributed.
type ref struct {
	res                 int
	line, col, endCol   int
	match, snippet      string
	strength            rules.Strength
	context             rules.Context
	encoding, decoded   string
	lineKey             uint64 // a hash of the whole line, for grouping history versions
	sink                string // where an emulated script used the value
	lastLine            int    // an emulated reference's script ends on this line (0: line)
	served              bool   // the blob is the first-party script itself
	suppressed          bool   // the line carries an ignore marker
	start, startInBlock int
}

// Scan matches set against every blob of src and classifies every resource.
func Scan(ctx context.Context, src Source, set *rules.Set, opts Options) (*report.Report, error) {
	began := time.Now()
	if opts.Mode == "" {
		opts.Mode = report.ModeTree
	}
	b := report.NewBuilder(opts.Mode, set.All())
	stats, err := scan(ctx, src, set, opts, b)
	if err != nil {
		return nil, err
	}
	rep := b.Finish()
	rep.Stats.Files, rep.Stats.Bytes = stats.Files, stats.Bytes
	rep.Stats.Duration = time.Since(began)
	return rep, nil
}

// ScanStream is Scan with a report.Stream: in a working tree, each blob's references become
// findings as soon as it is matched, and the findings spill to a temporary file, so that memory
// does not grow with the number of matches. The report is the one Scan makes (with sopts.Ignore
// applied); the caller must Close it.
func ScanStream(ctx context.Context, src Source, set *rules.Set, opts Options, sopts report.StreamOptions) (*report.Report, error) {
	began := time.Now()
	if opts.Mode == "" {
		opts.Mode = report.ModeTree
	}
	b := report.NewStream(opts.Mode, set.All(), sopts)
	stats, err := scan(ctx, src, set, opts, b)
	if err != nil {
		b.Discard()
		return nil, err
	}
	rep, err := b.Finish()
	if err != nil {
		return nil, err
	}
	rep.Stats.Files, rep.Stats.Bytes = stats.Files, stats.Bytes
	rep.Stats.Duration = time.Since(began)
	return rep, nil
}

// builder is what a scan feeds: report.Builder, or report.Stream.
type builder interface {
	Add(report.Ref)
	Skip(report.Skip)
}

func scan(ctx context.Context, src Source, set *rules.Set, opts Options, b builder) (report.Stats, error) {
	var stats report.Stats
	if err := ValidateGlobs(opts.Include); err != nil {
		return stats, err
	}
	if err := ValidateGlobs(opts.Exclude); err != nil {
		return stats, err
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Mode == "" {
		opts.Mode = report.ModeTree
	}
	resources := set.All()
	m := buildMatcher(resources, opts.Decode, opts.Decode && opts.Emulation != nil)

	// A history's matched blobs wait in a spill (one small record each) for attribution; a
	// tree's references are findings at once. Blobs with scripts to run in the sandbox wait in
	// memory (at most heldLimit bytes of them) until the sandbox has run them.
	at, isHistory := src.(Attributor)
	var matched []blobResult
	held := 0 // bytes of blobs kept for their scripts
	referenced := make([]bool, len(resources))
	var sp spill
	var spillErr error
	defer sp.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	keep := func(b Blob) bool { return selected(b.Path, opts) }
	work := func(b Blob, buf *[]byte) blobResult { return scanBlob(m, b, opts, buf) }
	err := Fanout(ctx, src, opts.Workers, keep, work, func(r blobResult) {
		if r.skip != "" {
			b.Skip(report.Skip{Path: opts.Prefix + r.blob.Path, ID: r.blob.ID, Reason: r.skip, Detail: r.why})
			return
		}
		stats.Files++
		stats.Bytes += r.size
		if r.truncated {
			b.Skip(report.Skip{Path: opts.Prefix + r.blob.Path, ID: r.blob.ID, Reason: SkipDecodeBudget,
				Detail: "scanned for plain references; the search for encoded ones stopped at its budget"})
		}
		if r.limits != "" {
			b.Skip(report.Skip{Path: opts.Prefix + r.blob.Path, ID: r.blob.ID, Reason: SkipDecodeLimit, Detail: r.limits})
		}
		if len(r.scripts) > 0 {
			if limit := opts.Emulation.heldLimit(); held+len(r.data) > limit {
				b.Skip(report.Skip{Path: opts.Prefix + r.blob.Path, ID: r.blob.ID, Reason: SkipEmulationBudget,
					Detail: fmt.Sprintf("not run in the sandbox: the scan keeps at most %d MiB of scripts to run", limit>>20)})
				r.scripts, r.data = nil, nil
			}
			held += len(r.data)
		}
		if !isHistory {
			// A working-tree blob is its path: its references are findings now. One with scripts
			// waits for the sandbox, which adds what these do not hold.
			for _, ref := range r.refs {
				b.Add(newRef(resources[ref.res], ref, opts.Prefix+r.blob.Path, nil, opts.Mode == report.ModeChange))
				referenced[ref.res] = true
			}
			if len(r.scripts) > 0 {
				r.streamed = len(r.refs)
				matched = append(matched, r)
			}
			return
		}
		switch {
		case spillErr != nil:
		case len(r.scripts) > 0:
			matched = append(matched, r) // spilled once the sandbox has run its scripts
		case len(r.refs) > 0:
			if spillErr = sp.add(r.blob.ID, r.refs); spillErr != nil {
				cancel()
			}
		}
	})
	if spillErr != nil {
		return stats, spillErr
	}
	if err != nil {
		return stats, err
	}
	// The sandbox runs the matched blobs' scripts; their references then join the others.
	var tree []blobResult
	sandbox := func() error {
		if e := opts.Emulation; e != nil && opts.Decode && len(matched) > 0 {
			if err := e.emulate(ctx, m, matched, opts.Prefix, b.Skip); err != nil {
				return err
			}
		}
		for i := range matched {
			r := &matched[i]
			refs := r.refs[r.streamed:]
			switch {
			case len(refs) == 0:
			case isHistory:
				if err := sp.add(r.blob.ID, refs); err != nil {
					return err
				}
			default:
				tree = append(tree, blobResult{blob: r.blob, refs: refs})
			}
			matched[i] = blobResult{}
		}
		return nil
	}
	var refs []report.Ref
	if !isHistory {
		if err := sandbox(); err != nil {
			return stats, err
		}
		refs = located(tree, resources, opts)
	} else {
		// In a history the sandbox runs beside attribution's walk of the commits, on the core
		// that the walk leaves idle: attribution is given the blobs with scripts up front, and
		// reads its first references once the sandbox is done (after.wait).
		ids := sp.ids()
		for _, r := range matched {
			ids = append(ids, r.blob.ID)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		after := goAfter(cancel, sandbox)
		refs, err = attribute(ctx, at, &sp, ids, after.wait, resources, opts)
		if err != nil {
			cancel()
		}
		// A failure of one cancels the other: the scan reports the failure, not the
		// cancellation it caused (the sandbox fails only by the spill; it ends at a cancel).
		if werr := after.wait(); werr != nil && (err == nil || errors.Is(err, context.Canceled)) {
			err = werr
		}
		if err != nil {
			return stats, err
		}
	}
	index := make(map[*rules.Resource]int, len(resources))
	for i, r := range resources {
		index[r] = i
	}
	for _, r := range refs {
		b.Add(r)
		if i, ok := index[r.Resource]; ok {
			referenced[i] = true
		}
	}
	if opts.Mode != report.ModeChange {
		for i, r := range resources {
			if !referenced[i] {
				b.Add(unknown(r))
			}
		}
	}
	return stats, nil
}

// task is work started on a goroutine of its own.
type task struct {
	done chan struct{}
	err  error
}

// goAfter starts fn on a goroutine; cancel is called when it fails, so that the work beside it
// stops too.
func goAfter(cancel context.CancelFunc, fn func() error) *task {
	t := &task{done: make(chan struct{})}
	go func() {
		defer close(t.done)
		if t.err = fn(); t.err != nil {
			cancel()
		}
	}()
	return t
}

// wait waits for the task to end and returns its error; it may be called any number of times.
func (t *task) wait() error {
	<-t.done
	return t.err
}

// selected applies the include and exclude globs (already validated).
// A glob matches a path relative to the scanned directory or to the repository's top (one
// .shieldscan.yml then serves tree and history scans alike).
func selected(p string, opts Options) bool {
	full := opts.Prefix + p // relative to the repository's top, in both modes
	if slices.Contains(opts.Inputs, full) {
		return false
	}
	rel, inScope := strings.CutPrefix(full, opts.Scope)
	match := func(globs []string) bool {
		for _, g := range globs {
			if doublestar.MatchUnvalidated(g, full) || inScope && doublestar.MatchUnvalidated(g, rel) {
				return true
			}
		}
		return false
	}
	if len(opts.Include) > 0 && !match(opts.Include) {
		return false
	}
	return !match(opts.Exclude)
}

// scanBlob reads one blob, into *buf when its source reads into a buffer, and finds its
// references.
func scanBlob(m *matcher, b Blob, opts Options, buf *[]byte) blobResult {
	res := blobResult{blob: b}
	var lines *Lines
	defer func() {
		if opts.Suppressed == nil {
			return
		}
		for i := range res.refs {
			r := &res.refs[i]
			_, ls, le := lines.span(r.start)
			r.suppressed = opts.Suppressed(string(lines.data[ls:le]))
		}
	}()
	data, skip, why := Read(b, opts.MaxFileSize, buf)
	// The result outlives the read (matched blobs wait for attribution): let the content go.
	res.blob.Load = nil
	if skip != "" {
		res.skip, res.why = skip, why
		return res
	}
	res.size = int64(len(data))
	var signs *Signs
	if opts.Decode && opts.Emulation != nil {
		signs = &Signs{}
	}
	hits := m.matchSigns(data, signs)
	lines = NewLines(data)
	var plain []hit
	for _, h := range hits {
		if h.shift != 0 {
			if opts.Decode {
				r := locate(b.Path, data, lines, h, h.start, h.end, decode.Caesar.String(), m.resources[h.res].Host)
				res.refs = append(res.refs, r)
			}
			continue
		}
		plain = append(plain, h)
		res.refs = append(res.refs, locate(b.Path, data, lines, h, h.start, h.end, "plain", ""))
	}
	if opts.Decode && decodable(b.Path) {
		refs, found, limits := decodeRefs(m, b.Path, data, lines, plain)
		res.refs = append(res.refs, refs...)
		res.truncated, res.limits = found.Truncated, limits
		if e := opts.Emulation; e != nil {
			if res.scripts = e.scripts(b.Path, data, &found, signs); len(res.scripts) > 0 {
				res.data, res.scripts = hold(data, res.scripts, *buf)
			}
		}
	}
	for _, i := range m.served(b.Path) {
		r := locate(b.Path, data, lines, hit{res: i, strength: rules.PathMatch}, 0, 0, "plain", "")
		r.served, r.match, r.context = true, m.resources[i].Path, rules.CtxOther
		res.refs = append(res.refs, r)
	}
	return res
}

// hold returns the content that a blob with scripts keeps until the sandbox has run them, and
// the scripts: when data lies in the worker's read buffer buf, a copy of data's own size, with
// the scripts that are parts of data (those peeled of no layer, at their start) moved into the
// copy. The buffer stays the worker's, for its next read, which would overwrite the held bytes;
// and the held-bytes budget, which counts len(data), counts what is held, not the buffer (as
// large as the largest file the worker read, 64 KiB at least).
func hold(data []byte, scripts []script, buf []byte) ([]byte, []script) {
	if !sameStorage(data, buf) {
		return data, scripts
	}
	own := bytes.Clone(data)
	for i, s := range scripts {
		if s.chain == "" {
			scripts[i].text = own[s.start : s.start+len(s.text)]
		}
	}
	return own, scripts
}

// sameStorage reports whether a and b are slices of one array that end at its same byte, as
// any slice a[i:j] and a do.
func sameStorage(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// decodable reports whether a file is worth the decoder: source maps, lockfiles and logs are
// never executed, so an encoded host in them loads nothing, while their base64-shaped runs
// (mappings, integrity hashes) are much of the decoder's work (bench/README.md, "Figures the
// code relies on"). Their plain references are still found.
func decodable(p string) bool {
	base := path.Base(p)
	switch {
	case strings.HasSuffix(base, ".map"), strings.HasSuffix(base, ".lock"), strings.HasSuffix(base, ".log"),
		base == "package-lock.json", base == "npm-shrinkwrap.json", base == "pnpm-lock.yaml":
		return false
	}
	return true
}

var utf8BOM = []byte("\uFEFF")

// lineSeed seeds the line hashes; they are compared within one scan only.
var lineSeed = maphash.MakeSeed()

// maxSnippet is the longest snippet kept, around the match.
const maxSnippet = 200

// locate turns a hit at [start,end) of data into a located, described reference.
func locate(p string, data []byte, lines *Lines, h hit, start, end int, encoding, decoded string) ref {
	n, ls, le := lines.span(start)
	if ls == 0 && bytes.HasPrefix(data, utf8BOM) && start >= len(utf8BOM) {
		ls = len(utf8BOM) // a byte-order mark is not a column
	}
	if end > le {
		end = le
	}
	line := data[ls:le]
	col := lines.runes(ls, start) + 1
	endCol := col + utf8.RuneCount(data[start:end])
	if endCol <= col {
		endCol = col + 1
	}
	return ref{
		res:      h.res,
		line:     n,
		col:      col,
		endCol:   endCol,
		match:    toValidUTF8(data[start:end]),
		snippet:  Snippet(line, start-ls, end-ls),
		strength: h.strength,
		context:  contextOf(p, line, start-ls),
		encoding: encoding,
		decoded:  decoded,
		lineKey:  maphash.Bytes(lineSeed, bytes.TrimSpace(line)),
		start:    start,
	}
}

// Snippet cuts line to at most 200 bytes around [s,e), on rune boundaries, trimmed, as every
// report shows the line of a finding.
func Snippet(line []byte, s, e int) string {
	line = bytes.TrimRight(line, "\r")
	if len(line) <= maxSnippet {
		return toValidUTF8(bytes.TrimSpace(line))
	}
	from := max(0, s-(maxSnippet-(e-s))/2)
	to := min(len(line), from+maxSnippet)
	from = max(0, to-maxSnippet)
	for from > 0 && !utf8.RuneStart(line[from]) {
		from++
	}
	for to < len(line) && !utf8.RuneStart(line[to]) {
		to--
	}
	out := toValidUTF8(bytes.TrimSpace(line[from:to]))
	if from > 0 {
		out = "…" + out
	}
	if to < len(line) {
		out += "…"
	}
	return out
}

func toValidUTF8(b []byte) string { return strings.ToValidUTF8(string(b), "\uFFFD") }
