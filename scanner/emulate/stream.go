package emulate

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
	"unicode"
)

// The child → parent stream: one JSON object per line.
type lineKind string

const (
	kindReady  lineKind = "ready"  // the child is up and waits for its request (CPU: its CPU time so far, µs)
	kindEvent  lineKind = "ev"     // something recorded at a sink
	kindStub   lineKind = "stub"   // a rerun with Name stubbed starts
	kindRun    lineKind = "run"    // a profile ran to its end (Error: the script's own uncaught error; Clock: it read the clock or Math.random); no Profile: the script did not compile
	kindBudget lineKind = "budget" // the child stopped for Reason
	kindLimit  lineKind = "limit"  // MaxEvents reached; later events dropped
	kindEnd    lineKind = "end"    // the child finished every profile of the script (CPU: its CPU time so far, µs; RSS: its peak resident set so far, bytes; Runs: the script's executions)
)

type line struct {
	Kind    lineKind `json:"k"`
	Sink    string   `json:"s,omitempty"`
	Value   string   `json:"v,omitempty"`
	Profile string   `json:"p,omitempty"`
	Depth   int      `json:"d,omitempty"`
	Code    bool     `json:"c,omitempty"`
	Name    string   `json:"n,omitempty"`
	Reason  Reason   `json:"r,omitempty"`
	Error   string   `json:"e,omitempty"`
	Clock   bool     `json:"t,omitempty"`
	CPU     int64    `json:"u,omitempty"`
	RSS     int64    `json:"m,omitempty"`
	Runs    int      `json:"x,omitempty"`
}

// maxName bounds sink, profile and stub names read from the child.
const maxName = 64

// collector builds a Result from the child's lines. It trusts nothing it
// reads: malformed lines are counted and skipped, values are cut to the
// limits the parent asked for.
type collector struct {
	opts   Options
	res    *Result
	until  lineKind // the line after which decodeStream returns ("": read to the end)
	ready  bool     // the ready line was read
	end    bool     // the end line was read
	cpu    time.Duration
	rss    int64
	budget *Budget
	bad    int
}

// decodeStream reads r to its end, or up to the line of kind c.until, and
// returns what it held. It does not fail: an overlong or malformed line is
// skipped. A *bufio.Reader is read as it is, so that the next call goes on
// where this one stopped.
func (c *collector) decodeStream(r io.Reader) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	maxLine := 2*c.opts.MaxValue + 1024 // JSON escaping at most doubles most text
	var buf []byte
	skipping := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !skipping {
			buf = append(buf, chunk...)
			if len(buf) > maxLine {
				skipping, buf = true, buf[:0]
				c.bad++
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if !skipping && len(buf) > 0 {
			if k := c.add(buf); k != "" && k == c.until {
				return nil
			}
		}
		buf, skipping = buf[:0], false
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// add takes one line and returns its kind, or "" when it was not valid.
func (c *collector) add(b []byte) lineKind {
	var l line
	if err := json.Unmarshal(b, &l); err != nil {
		c.bad++
		return ""
	}
	switch l.Kind {
	case kindEvent:
		if !validName(l.Sink) || len(l.Profile) > maxName || l.Value == "" {
			c.bad++
			return ""
		}
		if len(c.res.Events) >= c.opts.MaxEvents {
			c.res.Truncated = true
			return l.Kind
		}
		if len(l.Value) > c.opts.MaxValue {
			l.Value = strings.ToValidUTF8(l.Value[:c.opts.MaxValue], "")
		}
		l.Depth = max(0, min(l.Depth, c.opts.MaxDepth))
		c.res.Events = append(c.res.Events, Event{Sink: l.Sink, Value: l.Value, Profile: l.Profile, Depth: l.Depth, Code: l.Code})
	case kindStub:
		if !validName(l.Name) {
			c.bad++
			return ""
		}
		c.res.Reruns++
		if !contains(c.res.Stubbed, l.Name) {
			c.res.Stubbed = append(c.res.Stubbed, l.Name)
		}
	case kindRun:
		if len(l.Profile) > maxName {
			c.bad++
			return ""
		}
		if l.Profile == "" {
			// The script did not compile: no profile ran.
			if l.Error != "" {
				c.res.Errors = append(c.res.Errors, firstLine(l.Error))
			}
			return l.Kind
		}
		c.res.Profiles = append(c.res.Profiles, l.Profile)
		c.res.Clock = c.res.Clock || l.Clock
		if l.Error != "" {
			c.res.Errors = append(c.res.Errors, l.Profile+": "+firstLine(l.Error))
		}
	case kindBudget:
		switch l.Reason {
		case ReasonTime, ReasonMemory, ReasonStack, ReasonCrash:
		default:
			c.bad++
			return ""
		}
		if c.budget == nil && len(l.Profile) <= maxName {
			c.budget = &Budget{Reason: l.Reason, Profile: l.Profile, Detail: firstLine(l.Error)}
		}
	case kindLimit:
		c.res.Truncated = true
	case kindEnd:
		c.end = true
		c.cpu = time.Duration(max(0, l.CPU)) * time.Microsecond
		c.rss = max(0, l.RSS)
		c.res.Runs = max(0, l.Runs)
	case kindReady:
		c.ready = true
		c.cpu = time.Duration(max(0, l.CPU)) * time.Microsecond
	default:
		c.bad++
		return ""
	}
	return l.Kind
}

// validName reports whether s can be a sink, profile or member name: short,
// printable, no spaces.
func validName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
