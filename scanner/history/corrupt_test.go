package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner"
)

// TestCorruptObject breaks a packed repository in the ways git fsck reports and checks that
// each unreadable object is named (corrupt, not missing; its pack and offset; its path when
// known), that the source says the scan is incomplete, and that attribution invents nothing
// from what it could not read.
func TestCorruptObject(t *testing.T) {
	t.Parallel()
	// flipChecksum breaks the zlib checksum at the end of object h's compressed bytes.
	flipChecksum := func(f *fixture, pack string, h plumbing.Hash) {
		_, end := f.extent(h)
		f.edit(pack, func(b []byte) []byte { b[end-1] ^= 0xff; return b })
	}
	type skip struct{ Path, Reason, ID string }
	tests := []struct {
		name string
		// build makes the history and breaks it; it returns the blob to attribute, the
		// object that must be reported corrupt and the path it must be reported under.
		build func(f *fixture) (blob, bad plumbing.Hash, path string)
		// wantPlaces are the places of blob, with commits by message (when attribute is set:
		// an unreadable blob is never matched, so never attributed).
		attribute  bool
		wantPlaces []scanner.Place
		wantSkip   skip // the bad object's skip ("ID" and "Path" are filled in)
	}{
		{
			name: "blob with a bad zlib checksum",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("index.html", plain+evil)
				c := f.commit("add loader")
				b := f.blobOf(c, "index.html")
				flipChecksum(f, f.pack(), b)
				return b, b, "index.html"
			},
			wantSkip: skip{"", "corrupt-object", ""},
		},
		{
			// HEAD's js/ cannot be read: it must not look as if HEAD dropped js/a.js
			name: "tree at HEAD: no removal invented",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
				c1 := f.commit("add loader")
				f.write("js/b.js", "var b = 2;\n", "README", "r\n")
				c2 := f.commit("edit b")
				pack := f.pack()
				tree := f.treeOf(c2, "js")
				flipChecksum(f, pack, tree)
				return f.blobOf(c1, "js/a.js"), tree, "js"
			},
			attribute:  true,
			wantPlaces: []scanner.Place{{Path: "js/a.js", Commit: "add loader", Incomplete: true}},
			wantSkip:   skip{"", "corrupt-object", ""},
		},
		{
			// the commit between the loader and HEAD cannot be read: HEAD cannot be trusted
			// to have introduced it, and what came before is out of reach
			name: "commit in the middle: introduction not trusted",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("a.js", evil)
				c1 := f.commit("add loader")
				f.write("b.txt", "b\n")
				c2 := f.commit("unrelated")
				f.write("c.txt", "c\n")
				f.commit("head")
				flipChecksum(f, f.pack(), c2)
				return f.blobOf(c1, "a.js"), c2, ""
			},
			attribute:  true,
			wantPlaces: []scanner.Place{{Path: "a.js", Commit: "head", AtHEAD: true, Incomplete: true}},
			wantSkip:   skip{"", "corrupt-object", ""},
		},
		{
			// a tree that one commit dropped is unreadable: the removal is not invented at
			// the commit after it either
			name: "tree before the removal",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
				c1 := f.commit("add loader")
				f.write("js/b.js", "var b = 2;\n")
				c2 := f.commit("edit b")
				f.rm("js/a.js")
				f.commit("remove loader")
				pack := f.pack()
				tree := f.treeOf(c2, "js")
				flipChecksum(f, pack, tree)
				return f.blobOf(c1, "js/a.js"), tree, "js"
			},
			attribute:  true,
			wantPlaces: []scanner.Place{{Path: "js/a.js", Commit: "add loader", Incomplete: true}},
			wantSkip:   skip{"", "corrupt-object", ""},
		},
		{
			name: "zeroed object",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("index.html", plain+evil)
				c := f.commit("add loader")
				b := f.blobOf(c, "index.html")
				pack := f.pack()
				off, end := f.extent(b)
				f.edit(pack, func(d []byte) []byte { clear(d[off:end]); return d })
				return b, b, "index.html"
			},
			wantSkip: skip{"", "corrupt-object", ""},
		},
		{
			name: "truncated pack",
			build: func(f *fixture) (plumbing.Hash, plumbing.Hash, string) {
				f.write("index.html", plain+evil)
				c := f.commit("add loader")
				b := f.blobOf(c, "index.html")
				pack := f.pack()
				// cut into the object that lies last (go-git writes them in no fixed order)
				last, path := c, ""
				lastOff, _ := f.extent(c)
				if off, _ := f.extent(f.treeOf(c, "")); off > lastOff {
					last, lastOff = f.treeOf(c, ""), off
				}
				if off, _ := f.extent(b); off > lastOff {
					last, path, lastOff = b, "index.html", off
				}
				f.edit(pack, func(d []byte) []byte { return d[:lastOff+3] })
				return b, last, path
			},
			wantSkip: skip{"", "corrupt-object", ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			blob, bad, badPath := tt.build(f)
			src, err := Open(t.Context(), f.dir, Options{})
			if err != nil {
				t.Fatalf("Open = %v", err)
			}
			defer src.Close()
			rep, err := scanner.Scan(t.Context(), src, resources(t), scanner.Options{Mode: report.ModeHistory, Workers: 2})
			if err != nil {
				t.Fatalf("Scan = %v", err)
			}

			want := tt.wantSkip
			want.ID, want.Path = bad.String(), badPath
			var got *skip
			var detail string
			for _, s := range rep.Skipped {
				if s.ID == want.ID {
					got = &skip{s.Path, string(s.Reason), s.ID}
					detail = s.Detail
				}
			}
			if got == nil || *got != want {
				t.Fatalf("skip of %s = %+v, want %+v (all: %+v)", bad, got, want, rep.Skipped)
			}
			for _, part := range []string{"corrupt", bad.String(), "objects/pack/pack-", ".pack at offset "} {
				if !strings.Contains(detail, part) {
					t.Errorf("skip detail %q does not name %q", detail, part)
				}
			}

			err = src.Incomplete()
			if !errors.Is(err, ErrIncomplete) || !errors.Is(err, ErrCorruptObject) || errors.Is(err, ErrMissingObject) {
				t.Errorf("Incomplete() = %v, want ErrIncomplete and ErrCorruptObject", err)
			}
			var found bool
			for _, e := range src.Unreadable() {
				if e.ID == bad.String() {
					found = true
					if e.Missing || e.Pack == "" || e.Offset <= 0 || !errors.Is(e, ErrCorruptObject) {
						t.Errorf("Unreadable() has %+v, want it corrupt in a pack at an offset", e)
					}
				}
			}
			if !found {
				t.Errorf("Unreadable() = %v, want %s in it", src.Unreadable(), bad)
			}

			if !tt.attribute {
				return
			}
			places, err := src.Attribute(t.Context(), []string{blob.String()})
			if err != nil {
				t.Fatalf("Attribute = %v", err)
			}
			var gotPlaces []scanner.Place
			for _, p := range places[blob.String()] {
				gotPlaces = append(gotPlaces, scanner.Place{Path: p.Path, Commit: f.name(p.Commit), AtHEAD: p.AtHEAD,
					RemovedIn: f.name(p.RemovedIn), Incomplete: p.Incomplete})
			}
			if diff := cmp.Diff(tt.wantPlaces, gotPlaces); diff != "" {
				t.Errorf("Attribute(%s) mismatch (-want +got):\n%s", blob, diff)
			}
		})
	}
}

// TestMissingIsNotCorrupt removes a tree from a loose repository (as a partial clone lacks
// it): it is missing, not corrupt, and still makes the scan incomplete and the place unknown.
func TestMissingIsNotCorrupt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
	c1 := f.commit("add loader")
	f.write("js/b.js", "var b = 2;\n")
	c2 := f.commit("edit b")
	tree := f.treeOf(c2, "js").String()
	if err := os.Remove(filepath.Join(f.dir, ".git", "objects", tree[:2], tree[2:])); err != nil {
		t.Fatal(err)
	}
	blob := f.blobOf(c1, "js/a.js").String()
	_, rep := scan(t, f, Options{})
	var reasons []string
	for _, s := range rep.Skipped {
		reasons = append(reasons, s.Path+" "+string(s.Reason)+" "+s.ID)
	}
	if want := []string{"js missing-object " + tree}; !cmp.Equal(want, reasons) {
		t.Errorf("Skipped = %v, want %v", reasons, want)
	}
	src, err := Open(t.Context(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Walk(t.Context(), func(scanner.Blob) error { return nil }); err != nil {
		t.Fatal(err)
	}
	places, err := src.Attribute(t.Context(), []string{blob})
	if err != nil {
		t.Fatal(err)
	}
	if ps := places[blob]; len(ps) != 1 || !ps[0].Incomplete || ps[0].RemovedIn != "" {
		t.Errorf("Attribute(%s) = %+v, want one incomplete place without a removal", blob, ps)
	}
	err = src.Incomplete()
	if !errors.Is(err, ErrIncomplete) || !errors.Is(err, ErrMissingObject) || errors.Is(err, ErrCorruptObject) {
		t.Errorf("Incomplete() = %v, want ErrIncomplete and ErrMissingObject only", err)
	}
}
