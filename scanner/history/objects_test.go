package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner"
)

// grownHistory commits steps versions of a growing script (a function more each step, with evil
// at its end) and of its body in one of three directories, with the files more names for each
// step's body, and repacks them into one pack, deltified.
func grownHistory(t *testing.T, steps int, more func(body string) []string) *fixture {
	t.Helper()
	f := newFixture(t)
	var body strings.Builder
	for i := range steps {
		fmt.Fprintf(&body, "function f%d() { return %d; }\n", i, i*i)
		files := []string{"app.js", body.String() + evil, fmt.Sprintf("dir%d/x.txt", i%3), body.String()}
		if more != nil {
			files = append(files, more(body.String())...)
		}
		f.write(files...)
		f.commit(fmt.Sprintf("step %d", i))
	}
	if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestPackReader checks the pack reader against go-git's, object by object, on a packed and
// deltified fixture and, when $SHIELDSCAN_BENCH_REPO names one, on a real repository.
func TestPackReader(t *testing.T) {
	t.Parallel()
	f := grownHistory(t, 40, nil)
	dirs := []string{f.dir + "/.git"}
	if d := os.Getenv("SHIELDSCAN_BENCH_REPO"); d != "" && !testing.Short() {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		for _, mapped := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/mapped=%v", dir, mapped), func(t *testing.T) {
				src, err := Open(t.Context(), dir, Options{AllowShallow: true})
				if err != nil {
					t.Fatal(err)
				}
				defer src.Close()
				if len(src.objs.packs) == 0 {
					t.Fatal("no pack")
				}
				checkMapped(t, src, mapped)
				ref := filesystem.NewStorage(src.st.Filesystem(), cache.NewObjectLRUDefault())
				n := 0
				for _, p := range src.objs.packs {
					iter, err := p.idx.Entries()
					if err != nil {
						t.Fatal(err)
					}
					for e, err := iter.Next(); err == nil; e, err = iter.Next() {
						want, err := ref.EncodedObject(plumbing.AnyObject, e.Hash)
						if err != nil {
							continue // missing in a partial clone: go-git cannot read it either
						}
						wantData, err := readAll(want)
						if err != nil {
							t.Fatal(err)
						}
						typ, data, err := src.objs.read(e.Hash)
						if err != nil || typ != want.Type() || !bytes.Equal(data, wantData) {
							t.Fatalf("read(%s) = %v, %d bytes, %v; want %v, %d bytes", e.Hash, typ, len(data), err, want.Type(), len(wantData))
						}
						n++
					}
				}
				t.Logf("%d objects compared", n)
			})
		}
	}
}

// checkMapped unmaps src's packs when mapped is false, so that they are read with ReadAt, and
// checks that they are mapped, on Linux, when it is true (and they are not too large).
func checkMapped(t *testing.T, src *Source, mapped bool) {
	t.Helper()
	if !mapped {
		src.objs.unmapPacks()
		return
	}
	var total int64
	for _, p := range src.objs.packs {
		total += p.end + 20
	}
	for _, p := range src.objs.packs {
		if p.mem == nil && runtime.GOOS == "linux" && total <= mapBytes {
			t.Fatalf("%s not mapped", p.name)
		}
	}
}

// FuzzPatch checks patch against go-git's delta encoder (what it writes, patch reads back) and
// that arbitrary deltas never make it panic or overrun.
func FuzzPatch(f *testing.F) {
	f.Add([]byte("function a() { return 1; }\n"), []byte("function a() { return 2; }\nmore\n"), []byte{0x1b, 0x20, 0x91, 0, 4})
	f.Add([]byte(strings.Repeat("x", 70000)), []byte(strings.Repeat("x", 70001)), []byte{})
	f.Add([]byte("a"), []byte(""), []byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, base, target, junk []byte) {
		if len(base) > 0 {
			delta := packfile.DiffDelta(base, target)
			got, err := patch(base, delta)
			if err != nil || !bytes.Equal(got, target) {
				t.Fatalf("patch(DiffDelta(%q, %q)) = %q, %v", base, target, got, err)
			}
		}
		got, err := patch(base, junk)
		if err == nil {
			if want, err := packfile.PatchDelta(base, junk); err == nil && !bytes.Equal(got, want) {
				t.Fatalf("patch(%q, %x) = %q, go-git says %q", base, junk, got, want)
			}
		}
		// a delta that checkDelta passes is patched later, into a worker's buffer: the check
		// must agree with patching, and patching into a buffer must give the same bytes
		if cerr := checkDelta(base, junk); (cerr == nil) != (err == nil) {
			t.Fatalf("checkDelta(%q, %x) = %v, patch says %v", base, junk, cerr, err)
		}
		buf := bytes.Repeat([]byte{0xee}, len(got)+3)
		if into, err := patchTo(buf, base, junk); err == nil && (!bytes.Equal(into, got) || &into[:1][0] != &buf[0]) {
			t.Fatalf("patchTo(buffer, %q, %x) = %q, not %q in the buffer", base, junk, into, got)
		}
	})
}

// TestMappedPackTruncated truncates a mapped pack under an open source, as a tool that rewrites
// a repository in place would: each read of the lost pages faults (SIGBUS), which must be that
// object's error, not the end of the process; a scan then says that it is incomplete.
func TestMappedPackTruncated(t *testing.T) {
	t.Parallel()
	f := grownHistory(t, 12, nil)
	src, err := Open(t.Context(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	p := src.objs.packs[0]
	if p.mem == nil {
		t.Skipf("%s is not mapped on %s", p.name, runtime.GOOS)
	}
	if err := os.Truncate(filepath.Join(f.dir, ".git", filepath.FromSlash(p.name)), 0); err != nil {
		t.Fatal(err)
	}
	iter, err := p.idx.Entries()
	if err != nil {
		t.Fatal(err)
	}
	e, err := iter.Next()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = src.objs.read(e.Hash)
	if !errors.Is(err, ErrCorruptObject) || !strings.Contains(err.Error(), "became shorter while the scan read it") {
		t.Errorf("read(%s) of a truncated mapped pack = %v, want a corrupt object that says the pack became shorter", e.Hash, err)
	}
	if _, err := scanner.Scan(t.Context(), src, resources(t), scanner.Options{Mode: report.ModeHistory, Workers: 2}); err != nil {
		t.Fatalf("scan of a truncated mapped pack: %v, want the objects it could not read listed", err)
	}
	if err := src.Incomplete(); !errors.Is(err, ErrCorruptObject) || !strings.Contains(err.Error(), "became shorter") {
		t.Errorf("Incomplete() after a scan of a truncated mapped pack = %v, want its objects corrupt, the pack shorter", err)
	}
}
