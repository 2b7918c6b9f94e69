package scanner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// Emulated is the encoding of a reference that only running the script in the sandbox revealed.
const Emulated = "emulated"

// SkipEmulationBudget is a partial skip: the script was scanned statically, but running it in
// the sandbox stopped early (its own time or memory limit, a crash) or never started (the scan's
// total emulation budget was spent).
const SkipEmulationBudget SkipReason = "emulation-budget"

// Emulation runs the scripts whose static obfuscation indicators say suspicious in the sandbox
// (scanner/emulate), after every blob has been matched, within a total budget per scan, so that
// a repository of ordinary code pays only for the indicators' cheap first look. The scripts are
// script files (.js, .mjs, .cjs, .jse) and the inline <script> blocks and data:…;base64 scripts
// of HTML-like files; each distinct text runs once per scan (a history's versions of one page
// repeat their inline blocks).
type Emulation struct {
	// Suspicious reports whether a script's static indicators call for running it; dec is its
	// decoding and signs its marks of self-decoding code, when the scan has them (nil: find
	// them if needed). It is called on the matching goroutines and must be cheap for ordinary
	// code.
	Suspicious func(script []byte, dec *decode.Result, signs *Signs) bool
	// Sandbox starts the sandbox of one of the scan's workers, which runs one script at a time
	// (and so may keep a child process between them); the scan closes it after its last run.
	Sandbox func() Sandbox
	// Budget is the time all runs of one scan may take together: the sum of their CPU times
	// (emulate.Result.Spent), however many run at once, so that a loaded runner reaches it no
	// sooner than an idle one. Timeout is the most one run may take (it gets less when less of
	// the budget is left).
	Budget, Timeout time.Duration
	// Workers is how many scripts run at once (0 means GOMAXPROCS).
	Workers int

	maxHeld int // maxHeldScripts, unless a test sets it
}

// A Sandbox runs scripts in the sandbox (scanner/emulate), one at a time.
type Sandbox interface {
	// Run runs one script within timeout.
	Run(ctx context.Context, script []byte, timeout time.Duration) (*emulate.Result, error)
	// Close releases what the sandbox kept between runs.
	Close()
}

// SandboxFunc is a Sandbox that runs each script with a function and keeps nothing.
type SandboxFunc func(ctx context.Context, script []byte, timeout time.Duration) (*emulate.Result, error)

// Run calls f.
func (f SandboxFunc) Run(ctx context.Context, script []byte, timeout time.Duration) (*emulate.Result, error) {
	return f(ctx, script, timeout)
}

// Close does nothing.
func (SandboxFunc) Close() {}

func (e *Emulation) heldLimit() int {
	if e.maxHeld > 0 {
		return e.maxHeld
	}
	return maxHeldScripts
}

// minRun is the least time worth starting a run for: the child alone takes some milliseconds.
const minRun = 100 * time.Millisecond

// script is a piece of a blob to run in the sandbox.
type script struct {
	start int    // offset of the script in the blob, where its emulated references are located
	text  []byte // the script; a sub-slice of the blob, or decoded from it
	chain string // the static layers peeled before it ("" or "base64")
}

// scriptExts are the files that are scripts as a whole; htmlExts those whose <script> blocks are.
var (
	scriptExts = map[string]bool{".js": true, ".mjs": true, ".cjs": true, ".jse": true}
	htmlExts   = map[string]bool{
		".html": true, ".htm": true, ".xhtml": true, ".shtml": true, ".hta": true, ".wsf": true, ".svg": true,
		".php": true, ".phtml": true, ".vue": true, ".svelte": true, ".jsp": true, ".asp": true, ".aspx": true,
		".cshtml": true, ".erb": true, ".twig": true, ".hbs": true, ".handlebars": true, ".liquid": true,
		".njk": true, ".ejs": true, ".tpl": true, ".mustache": true,
	}
)

// Signs are the marks of code that decodes itself at run time in a text, as the matching pass
// counts them (case-insensitively): where "fromCharCode" is (the first maxSigns places), and
// how many "charCodeAt", "_0x" and "WScript" there are.
type Signs struct {
	FromCharCode []int
	CharCodeAt   int
	HexIdents    int
	WScript      int
}

// maxSigns bounds the places kept.
const maxSigns = 64

func (s *Signs) add(kind, at int) {
	switch kind {
	case 0:
		if len(s.FromCharCode) < maxSigns {
			s.FromCharCode = append(s.FromCharCode, at)
		}
	case 1:
		s.CharCodeAt++
	case 2:
		s.HexIdents++
	case 3:
		s.WScript++
	}
}

// FindSigns counts the signs of src with a search of its own, for a text the matching pass did
// not read (a decoded script).
func FindSigns(src []byte) *Signs {
	s := &Signs{}
	low := []byte(lowerASCII(string(src))) // as long as src: its offsets are src's
	for kind, t := range signTexts {
		for from := 0; ; {
			i := bytes.Index(low[from:], []byte(t))
			if i < 0 {
				break
			}
			s.add(kind, from+i)
			from += i + len(t)
		}
	}
	return s
}

// within is the part of signs that lies in [start,end), with offsets relative to start. The
// counts stay the blob's: they only open the gate to a closer look.
func (s *Signs) within(start, end int) *Signs {
	if s == nil {
		return nil
	}
	out := &Signs{CharCodeAt: s.CharCodeAt, HexIdents: s.HexIdents, WScript: s.WScript}
	for _, at := range s.FromCharCode {
		if at >= start && at < end {
			out.FromCharCode = append(out.FromCharCode, at-start)
		}
	}
	return out
}

// scripts returns the suspicious scripts of the blob at p: the whole file for a script file,
// the inline blocks of an HTML-like file (when the file as a whole passes the gate: a block's
// signs are the file's too), and the scripts of both written as base64 data: URIs. dec is the
// blob's decoding and signs its marks.
func (e *Emulation) scripts(p string, data []byte, dec *decode.Result, signs *Signs) []script {
	ext := strings.ToLower(path.Ext(p))
	isScript, isHTML := scriptExts[ext], htmlExts[ext]
	if !isScript && !isHTML {
		return nil
	}
	var out []script
	if e.Suspicious(data, dec, signs) {
		if isScript {
			out = append(out, script{text: data})
		} else {
			for _, s := range inlineScripts(data) {
				end := s.start + len(s.text)
				if e.Suspicious(s.text, within(dec, s.start, end), signs.within(s.start, end)) {
					out = append(out, s)
				}
			}
		}
	}
	return append(out, e.dataScripts(data, dec)...)
}

// dataScripts returns the suspicious scripts written as base64 data: URIs, which the decoder
// has already decoded (a span of one base64 layer after "javascript;base64,").
func (e *Emulation) dataScripts(data []byte, dec *decode.Result) []script {
	if dec == nil {
		return nil
	}
	var out []script
	const marker = "javascript;base64,"
	for _, sp := range dec.Spans {
		if len(sp.Chain) != 1 || sp.Chain[0] != decode.Base64 || sp.Start < len(marker) || sp.Start > len(data) ||
			!strings.EqualFold(string(data[sp.Start-len(marker):sp.Start]), marker) {
			continue
		}
		at := max(0, bytes.LastIndex(data[max(0, sp.Start-64):sp.Start], []byte("data:"))+max(0, sp.Start-64))
		if e.Suspicious(sp.Text, nil, nil) {
			out = append(out, script{start: at, text: sp.Text, chain: decode.Base64.String()})
		}
	}
	return out
}

// within is the part of a blob's decoding that lies in [start,end), with offsets relative to
// start: an inline script's decoding, without decoding it again. Nil when dec is.
func within(dec *decode.Result, start, end int) *decode.Result {
	if dec == nil {
		return nil
	}
	out := &decode.Result{Truncated: dec.Truncated}
	for _, sp := range dec.Spans {
		if sp.Start >= start && sp.End <= end {
			sp.Start, sp.End = sp.Start-start, sp.End-start
			out.Spans = append(out.Spans, sp)
		}
	}
	for _, l := range dec.Limits {
		if l.Offset >= start && l.Offset < end {
			l.Offset -= start
			out.Limits = append(out.Limits, l)
		}
	}
	return out
}

// inlineScripts returns the content of the <script> blocks of an HTML-like text that run as
// JavaScript: no src attribute, and no type or a JavaScript one.
func inlineScripts(data []byte) []script {
	var out []script
	for i := 0; i < len(data); {
		j := indexFold(data[i:], "<script")
		if j < 0 {
			break
		}
		tag := i + j
		end := bytes.IndexByte(data[tag:], '>')
		if end < 0 {
			break
		}
		attrs := bytes.ToLower(data[tag+len("<script") : tag+end])
		body := tag + end + 1
		if len(attrs) > 0 && !isSpace(attrs[0]) && attrs[0] != '/' {
			i = body // <scripts…> or <script-x>
			continue
		}
		n := indexFold(data[body:], "</script")
		if n < 0 {
			n = len(data) - body
		}
		i = body + n
		if runnable(attrs) && len(bytes.TrimSpace(data[body:body+n])) > 0 {
			out = append(out, script{start: body, text: data[body : body+n]})
		}
	}
	return out
}

// runnable reports whether a <script> tag's (lowercased) attributes make its body JavaScript.
func runnable(attrs []byte) bool {
	if bytes.Contains(attrs, []byte("src=")) {
		return false
	}
	i := bytes.Index(attrs, []byte("type="))
	if i < 0 {
		return true
	}
	t := strings.Trim(strings.Fields(string(attrs[i+len("type="):]) + " x")[0], `"'`)
	switch t {
	case "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript",
		"text/jscript", "application/x-javascript", "jscript", "javascript":
		return true
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// indexFold is bytes.Index for an ASCII lowercase needle that starts with a byte that has no
// case ("<", "_"), ignoring ASCII case in data.
func indexFold(data []byte, needle string) int {
	for i := 0; i+len(needle) <= len(data); {
		j := bytes.IndexByte(data[i:], needle[0])
		if j < 0 || i+j+len(needle) > len(data) {
			return -1
		}
		i += j
		if strings.EqualFold(string(data[i:i+len(needle)]), needle) {
			return i
		}
		i++
	}
	return -1
}

// emulationJob is one distinct script text and the places that hold it.
type emulationJob struct {
	text   []byte
	chain  string
	places []scriptPlace

	res *emulate.Result // what its run recorded (nil: not run)
	err error           // the sandbox could not run it
	why string          // the emulation-budget skip's detail, if any
}

type scriptPlace struct {
	blob  int // index into the matched blobs
	start int
}

// emulate runs the scripts that the matching found in the blobs of matched, each distinct text
// once, and adds the references they reveal to their blobs. The jobs are ordered (by path, blob
// and offset) and run Workers at once; their outcomes are applied in that order, with the
// budget accounted as if they had run one after another (see runJobs), so that the output is
// the same whatever the number of workers. A run cut short, and every script left when the
// budget is spent, is an emulation-budget skip. It returns an error only when ctx ends.
func (e *Emulation) emulate(ctx context.Context, m *matcher, matched []blobResult, prefix string, skip func(report.Skip)) error {
	var jobs []*emulationJob
	byText := map[[32]byte]*emulationJob{}
	order := make([]int, 0, len(matched))
	for i := range matched {
		if len(matched[i].scripts) > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(matched[a].blob.Path, matched[b].blob.Path); c != 0 {
			return c
		}
		return strings.Compare(matched[a].blob.ID, matched[b].blob.ID)
	})
	for _, i := range order {
		for _, s := range matched[i].scripts {
			k := sha256.Sum256(append([]byte(s.chain+"\x00"), s.text...))
			j := byText[k]
			if j == nil {
				j = &emulationJob{text: s.text, chain: s.chain}
				byText[k] = j
				jobs = append(jobs, j)
			}
			j.places = append(j.places, scriptPlace{blob: i, start: s.start})
		}
	}
	if err := e.runJobs(ctx, jobs); err != nil {
		return err
	}
	for _, j := range jobs {
		for _, pl := range j.places {
			br := &matched[pl.blob]
			if j.why != "" {
				skip(report.Skip{Path: prefix + br.blob.Path, ID: br.blob.ID, Reason: SkipEmulationBudget, Detail: j.why})
			}
			if j.res != nil {
				br.refs = append(br.refs, emulatedRefs(m, br, pl.start, len(j.text), j.chain, j.res)...)
			}
		}
	}
	return nil
}

// runJobs runs the jobs on Workers sandboxes at once and sets each job's outcome (res, why) as
// running them one after another in their order would, given the same wall time of each run:
// job k runs when the budget less the wall times of jobs 0…k-1 leaves at least minRun, for at
// most what it leaves (and Timeout); once a run has failed to start, no later job runs. A
// worker starts job k before the jobs ahead of it have ended, for at most what the runs ended
// so far leave; when they have all ended, runJobs settles it: not run if the budget was spent
// before it, cut (a time skip, what it recorded kept) if it outlasted what was left. So with
// more workers the same scripts run and are cut, and at most Workers-1 runs past the budget's
// end are wasted. It returns an error only when ctx ends.
func (e *Emulation) runJobs(ctx context.Context, jobs []*emulationJob) error {
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(jobs)))
	var (
		mu     sync.Mutex
		next   int
		ended  = make([]bool, len(jobs))
		spent  time.Duration // time spent by the jobs ended without a gap from job 0
		upTo   int           // jobs[:upTo] have ended
		failed bool          // a run failed to start: the sandbox is broken, no further one is tried
	)
	// left is what the budget leaves job k by what is known: the ended jobs ahead of it.
	left := func(k int) time.Duration {
		l := e.Budget - spent
		for i := upTo; i < k; i++ {
			if ended[i] && jobs[i].res != nil {
				l -= jobs[i].res.Spent()
			}
		}
		return l
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sb Sandbox
			defer func() {
				if sb != nil {
					sb.Close()
				}
			}()
			for ctx.Err() == nil {
				mu.Lock()
				k := next
				next++
				var l time.Duration
				if k < len(jobs) {
					l = left(k)
				}
				broken := failed
				mu.Unlock()
				if k >= len(jobs) {
					return
				}
				j := jobs[k]
				switch {
				case broken, len(j.text) > maxEmulated:
				case l < minRun: // what is known already leaves too little
				case e.Sandbox == nil:
					j.err = errors.New("no sandbox")
				default:
					if sb == nil {
						sb = e.Sandbox()
					}
					j.res, j.err = sb.Run(ctx, j.text, min(e.Timeout, l))
				}
				mu.Lock()
				failed = failed || j.err != nil
				ended[k] = true
				for upTo < len(jobs) && ended[upTo] {
					if r := jobs[upTo].res; r != nil {
						spent += r.Spent()
					}
					upTo++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	// Settle each job as a run one after another would have.
	l := e.Budget
	var broken error
	for _, j := range jobs {
		res := j.res
		j.res = nil
		switch {
		case broken != nil:
			j.why = "not run in the sandbox: " + broken.Error()
		case len(j.text) > maxEmulated:
			j.why = fmt.Sprintf("not run in the sandbox: %d bytes of script, over %d", len(j.text), maxEmulated)
		case l < minRun:
			j.why = fmt.Sprintf("not run in the sandbox: the scan's emulation budget (%s) was spent", e.Budget)
		case j.err != nil:
			broken = j.err
			j.why = "not run in the sandbox: " + j.err.Error()
		default:
			cost := res.Spent()
			if limit := min(e.Timeout, l); res.Budget == nil && cost > limit && limit < e.Timeout {
				// Run one after another, it would have met the end of the budget there (what
				// it recorded after that point is kept).
				cost, res.Budget = limit, &emulate.Budget{Reason: emulate.ReasonTime}
				if n := len(res.Events); n > 0 {
					res.Budget.Profile = res.Events[n-1].Profile
				}
			}
			l -= cost
			j.res = res
			if b := res.Budget; b != nil {
				j.why = fmt.Sprintf("running the script in the sandbox stopped early: %s", b.Reason)
				if b.Profile != "" {
					j.why += " in the " + b.Profile + " profile"
				}
				if b.Detail != "" {
					j.why += ": " + b.Detail
				}
			}
		}
	}
	return nil
}

// maxHeldScripts bounds the bytes of blobs that a scan keeps for their suspicious scripts until
// they run (a history can hold many versions of one large packed file): far more than a
// budget of seconds can run.
const maxHeldScripts = 128 << 20

// maxEmulated is the largest script run (the child's own limit).
const maxEmulated = 16 << 20

// emulatedRefs matches what a run recorded at its sinks against the resources, with the same
// whole-token rule as text, and locates each new reference at the script's start: one per
// resource, and none for a resource that the blob already references inside the script.
func emulatedRefs(m *matcher, br *blobResult, start, size int, chain string, res *emulate.Result) []ref {
	encoding := Emulated
	if chain != "" {
		encoding = chain + ">" + Emulated
	}
	end := start + size
	if chain != "" {
		end = start + 1 // a data: URI: its own text
	}
	lines := NewLines(br.data)
	var out []ref
	seen := map[int]bool{}
	for _, r := range br.refs {
		if r.start >= start && r.start < end {
			seen[r.res] = true
		}
	}
	for _, c := range emulate.Candidates(res.Events) {
		for _, h := range m.match([]byte(c.URL)) {
			if h.shift != 0 || seen[h.res] {
				continue
			}
			seen[h.res] = true
			r := locate(br.blob.Path, br.data, lines, hit{res: h.res, strength: h.strength}, start, start, encoding, c.URL[h.start:h.end])
			r.context, r.sink = rules.CtxJSNetwork, c.Sink
			r.lastLine, _, _ = lines.span(max(start, end-1))
			out = append(out, r)
		}
	}
	return out
}
