package scanner

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

// TestSpillEncodesEveryField guards appendRef: a field added to ref must be encoded too, or
// history findings would lose it between the match and attribution.
func TestSpillEncodesEveryField(t *testing.T) {
	t.Parallel()
	var got []string
	for f := range reflect.TypeFor[ref]().Fields() {
		got = append(got, f.Name)
	}
	want := []string{"res", "line", "col", "endCol", "match", "snippet", "strength", "context",
		"encoding", "decoded", "lineKey", "sink", "lastLine", "served", "suppressed", "start", "startInBlock"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ref's fields changed (-encoded +now): encode the new ones in appendRef and refDecoder.ref, then list them here\n%s", diff)
	}
}

func TestSpillRoundTrip(t *testing.T) {
	t.Parallel()
	full := ref{
		res: 3, line: 120, col: 7, endCol: 19, match: "cdn.example.com", snippet: "<script src=…>",
		strength: rules.URLMatch, context: rules.CtxScriptSrc, encoding: "base64>hex", decoded: "cdn.example.com/x.js",
		lineKey: 1<<63 | 12345, sink: "script.src", lastLine: 130, served: true, suppressed: true, start: math.MaxInt >> 23, startInBlock: -1, // 2^40-1 on 64-bit systems
	}
	tests := []struct {
		name string
		max  int // bytes held in memory before the temporary file
	}{
		{"in memory", 0},
		{"in a temporary file", 1},
		{"both", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &spill{max: tt.max}
			defer s.close()
			want := map[string][]ref{}
			for i := range 20 {
				id := fmt.Sprintf("%040x", 19-i) // added in reverse, read back sorted
				refs := []ref{full, {res: i, line: i + 1, match: "héllo\x00", context: rules.CtxOther}}
				want[id] = refs[:1+i%2]
				if err := s.add(id, want[id]); err != nil {
					t.Fatal(err)
				}
			}
			s.sortByID()
			seen := map[string]string{}
			var ids []string
			for i, b := range s.blobs {
				ids = append(ids, b.id)
				got, err := s.refs(i, seen)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want[b.id], got, cmp.AllowUnexported(ref{})); diff != "" {
					t.Errorf("refs of %s (-want +got):\n%s", b.id, diff)
				}
			}
			if !slices.IsSorted(ids) || len(ids) != 20 {
				t.Errorf("ids %q: want the 20 in order", ids)
			}
			if (s.f != nil) != (tt.max > 0) {
				t.Errorf("temporary file %v with max %d", s.f != nil, tt.max)
			}
		})
	}
}

// TestSpillRemovesItsFile checks that close leaves nothing in TMPDIR.
func TestSpillRemovesItsFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := &spill{max: 1}
	if err := s.add("a", []ref{{match: "x"}}); err != nil {
		t.Fatal(err)
	}
	if s.f == nil || filepath.Dir(s.f.Name()) != dir {
		t.Fatalf("no temporary file in %s", dir)
	}
	s.close()
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("close left %v in TMPDIR", left)
	}
}

// TestSpillUnwritable checks that a TMPDIR where nothing can be written is one clear error.
func TestSpillUnwritable(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	s := &spill{max: 1}
	defer s.close()
	err := s.add("a", []ref{{match: "x"}})
	if err == nil {
		t.Fatal("add: no error with a TMPDIR that does not exist")
	}
	const want = "keeping matched references in a temporary file (set TMPDIR to a writable directory with room): "
	if got := err.Error(); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("error %q, want it to start with %q", got, want)
	}
}
