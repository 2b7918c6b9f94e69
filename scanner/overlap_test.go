package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner/decode"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// histSource is a history of a mapSource's files: each is one blob, whose ID is its path, that
// one commit introduced there. Attribute calls walk (standing for the walk of the commits)
// before it returns any place.
type histSource struct {
	files mapSource
	walk  func(ctx context.Context) error
}

func (s *histSource) Walk(ctx context.Context, yield func(Blob) error) error {
	return s.files.Walk(ctx, func(b Blob) error {
		b.ID = b.Path
		return yield(b)
	})
}

func (s *histSource) Attribute(ctx context.Context, ids []string) (map[string][]Place, error) {
	if err := s.walk(ctx); err != nil {
		return nil, err
	}
	out := map[string][]Place{}
	for _, id := range ids {
		out[id] = []Place{{Path: id, Commit: "c0ffee" + strings.Repeat("0", 34), AtHEAD: true}}
	}
	return out, nil
}

// sandboxed is an Emulation whose scripts (those that say SUSPICIOUS) run in run.
func sandboxed(run func(ctx context.Context, script []byte) (*emulate.Result, error)) *Emulation {
	return &Emulation{
		Suspicious: func(script []byte, _ *decode.Result, _ *Signs) bool {
			return bytes.Contains(script, []byte("SUSPICIOUS"))
		},
		Sandbox: func() Sandbox {
			return SandboxFunc(func(ctx context.Context, script []byte, _ time.Duration) (*emulate.Result, error) {
				return run(ctx, script)
			})
		},
		Budget: time.Minute, Timeout: time.Minute, Workers: 1,
	}
}

// TestHistorySandboxBesideAttribution checks that in a history the sandbox runs while
// attribution walks the commits, and that what it reveals is attributed all the same: the
// sandbox's run waits for the walk to have started, which a scan that ran them one after
// the other never does.
func TestHistorySandboxBesideAttribution(t *testing.T) {
	t.Parallel()
	walking := make(chan struct{})
	src := &histSource{
		files: mapSource{
			"a/skim.js":  "SUSPICIOUS\nvar u = k(0x3f, 'x.js');\n",
			"b/plain.js": "fetch('https://cdn.hidden.example/y')\n",
			"c/other.js": "fetch('https://elsewhere.example/')\n",
		},
		walk: func(context.Context) error {
			close(walking)
			return nil
		},
	}
	em := sandboxed(func(ctx context.Context, script []byte) (*emulate.Result, error) {
		select {
		case <-walking:
		case <-time.After(10 * time.Second):
			return nil, errors.New("attribution did not start while the sandbox ran")
		}
		return &emulate.Result{Wall: time.Millisecond, Events: []emulate.Event{
			{Sink: "script.src", Value: "https://cdn.hidden.example/x.js", Profile: "browser"},
		}}, nil
	})
	rep, err := Scan(t.Context(), src, setOf(t, "cdn.hidden.example"), Options{Mode: report.ModeHistory, Decode: true, Emulation: em})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path+" "+f.Encoding+" "+f.Sink)
	}
	slices.Sort(got)
	want := []string{"a/skim.js emulated script.src", "b/plain.js plain "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if len(rep.Skipped) > 0 {
		t.Errorf("skipped: %+v", rep.Skipped)
	}
}

// TestHistoryAttributionFailsSandboxStops checks that when attribution fails, the scan says so
// and the sandbox's run beside it is cancelled rather than waited for.
func TestHistoryAttributionFailsSandboxStops(t *testing.T) {
	t.Parallel()
	started, cancelled := make(chan struct{}), make(chan bool, 1)
	src := &histSource{
		files: mapSource{"a/skim.js": "SUSPICIOUS\nfetch('https://cdn.hidden.example/')\n"},
		walk: func(context.Context) error {
			<-started
			return errors.New("reading commit 1234: broken")
		},
	}
	em := sandboxed(func(ctx context.Context, _ []byte) (*emulate.Result, error) {
		close(started)
		select {
		case <-ctx.Done():
			cancelled <- true
			return nil, ctx.Err()
		case <-time.After(time.Minute):
			cancelled <- false
			return &emulate.Result{Wall: time.Minute}, nil
		}
	})
	_, err := Scan(t.Context(), src, setOf(t, "cdn.hidden.example"), Options{Mode: report.ModeHistory, Decode: true, Emulation: em})
	if err == nil || !strings.Contains(err.Error(), "attributing matches to commits: reading commit 1234: broken") {
		t.Errorf("Scan error = %v, want attribution's", err)
	}
	if !<-cancelled {
		t.Error("the sandbox's run was waited for, not cancelled")
	}
}

// TestHistorySandboxFailsAttributionStops checks that when the work beside attribution fails
// (the sandbox's references cannot be kept: TMPDIR is not writable), the scan reports that
// failure, not the cancellation of attribution that it caused.
func TestHistorySandboxFailsAttributionStops(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	// The script's references alone outgrow the spill's memory.
	var script strings.Builder
	script.WriteString("SUSPICIOUS\n")
	for i := range 30000 {
		fmt.Fprintf(&script, "fetch('https://cdn.hidden.example/%d')\n", i)
	}
	src := &histSource{
		files: mapSource{"a/skim.js": script.String()},
		walk: func(ctx context.Context) error {
			<-ctx.Done() // the walk of a long history, cancelled
			return ctx.Err()
		},
	}
	em := sandboxed(func(context.Context, []byte) (*emulate.Result, error) {
		return &emulate.Result{Wall: time.Millisecond}, nil
	})
	_, err := Scan(t.Context(), src, setOf(t, "cdn.hidden.example"), Options{Mode: report.ModeHistory, Decode: true, Emulation: em})
	if err == nil || !strings.Contains(err.Error(), "set TMPDIR to a writable directory") {
		t.Errorf("Scan error = %v, want the spill's", err)
	}
}
