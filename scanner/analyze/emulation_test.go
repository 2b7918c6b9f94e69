package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/emulate"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

func TestMain(m *testing.M) {
	if emulate.IsChild() { // the sandbox of Emulation is this test binary, started again
		os.Exit(emulate.ChildMain())
	}
	os.Exit(m.Run())
}

// The scan's sandboxes find each self-decoding sample of the corpus, and one worker or several
// give the same report: the outcomes are settled in the scripts' order.
func TestEmulationWorkers(t *testing.T) {
	t.Parallel()
	samples := map[string]string{ // file → the host only running reveals
		"string_array_rc4.js": "rc4-pay.example",
		"self_key.js":         "beacon.self-key.example",
		"xor_uri.js":          "api.card-verify.test",
		"wsh_dropper.js":      "update-srv.test",
	}
	fsys := fstest.MapFS{}
	set := rules.NewSet()
	for file, host := range samples {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "emulate", file))
		if err != nil {
			t.Fatal(err)
		}
		fsys["a/"+file] = &fstest.MapFile{Data: b}
		fsys["b/"+file] = &fstest.MapFile{Data: b} // the same text: run once
		r, err := rules.Parse(host, rules.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		set.Add(r)
	}
	var first []string
	for _, workers := range []int{1, 3} {
		e := Emulation(time.Hour, time.Minute) // out of the way of a loaded machine under -race
		e.Workers = workers
		rep, err := scanner.Scan(t.Context(), tree.New(fsys, tree.Options{}), set, scanner.Options{Decode: true, Emulation: e})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, fmt.Sprintf("%s:%d %s %s %s", f.Path, f.Line, f.Canonical, f.Encoding, f.Sink))
			if f.Encoding != scanner.Emulated || f.Sink == "" {
				t.Errorf("%d workers: %s: %s found with encoding %q, sink %q; want %q and a sink", workers, f.Path, f.Canonical, f.Encoding, f.Sink, scanner.Emulated)
			}
		}
		for _, s := range rep.Skipped {
			got = append(got, fmt.Sprintf("skipped %s %s: %s", s.Path, s.Reason, s.Detail))
		}
		if len(rep.Findings) != 2*len(samples) || len(rep.Skipped) != 0 {
			t.Errorf("%d workers: want each sample's host found at both places and no skip, got:\n%v", workers, got)
		}
		if first == nil {
			first = got
		} else if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("%d workers: the report differs from 1 worker's (-1 +%d):\n%s", workers, workers, diff)
		}
	}
}
