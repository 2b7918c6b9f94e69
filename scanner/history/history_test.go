package history

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

const (
	evil  = `<script src="https://cdn.evil.example/x.js"></script>` + "\n"
	plain = "<p>hello</p>\n"
)

// finding is the part of a report.Finding that history decides, with commits by message.
type finding struct {
	Path    string
	Line    int
	Class   string
	Commit  string
	Removed string
}

func resources(t *testing.T) *rules.Set {
	t.Helper()
	set := rules.NewSet()
	r, err := rules.Parse("cdn.evil.example", rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	set.Add(r)
	return set
}

// scan opens the fixture with opts and scans it end to end; tweak, when given, changes the
// source before the scan.
func scan(t *testing.T, f *fixture, opts Options, tweak ...func(*Source)) ([]finding, *report.Report) {
	t.Helper()
	src, err := Open(t.Context(), f.dir, opts)
	if err != nil {
		t.Fatalf("Open(%q) = %v", f.dir, err)
	}
	defer src.Close()
	for _, fn := range tweak {
		fn(src)
	}
	mode := report.ModeHistory
	if opts.Since != "" || opts.Staged {
		mode = report.ModeChange
	}
	rep, err := scanner.Scan(t.Context(), src, resources(t), scanner.Options{Mode: mode, Workers: 2})
	if err != nil {
		t.Fatalf("Scan = %v", err)
	}
	var out []finding
	for _, fd := range rep.Findings {
		if fd.Path == report.Placeholder {
			continue
		}
		g := finding{Path: fd.Path, Line: fd.Line, Class: fd.Class.String()}
		if fd.History != nil {
			g.Commit, g.Removed = f.name(fd.History.Commit), f.name(fd.History.RemovedIn)
			if opts.Staged {
				g.Commit = fd.History.Subject
			}
		}
		out = append(out, g)
	}
	return out, rep
}

// fingerprints lists a report's findings, in its order, by fingerprint and where they point.
func fingerprints(rep *report.Report) []string {
	var out []string
	for _, fd := range rep.Findings {
		line := fmt.Sprintf("%s %s:%d:%d", fd.Fingerprint, fd.Path, fd.Line, fd.Column)
		if h := fd.History; h != nil {
			line += fmt.Sprintf(" %s %s %v %s", h.Commit, h.Path, h.AtHEAD, h.RemovedIn)
		}
		out = append(out, line)
	}
	return out
}

func TestScanHistory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		build func(f *fixture) Options
		want  []finding
	}{
		{
			name: "added then removed",
			build: func(f *fixture) Options {
				f.write("index.html", plain+evil)
				f.commit("add loader")
				f.write("other.txt", "x\n")
				f.commit("unrelated")
				f.write("index.html", plain)
				f.commit("remove loader")
				return Options{}
			},
			want: []finding{{"index.html", 2, "historical", "add loader", "remove loader"}},
		},
		{
			name: "still at HEAD",
			build: func(f *fixture) Options {
				f.write("index.html", evil)
				f.commit("add loader")
				f.write("index.html", plain+evil)
				f.commit("prepend a line")
				return Options{}
			},
			// the line moved, but it is the same reference line: the earliest commit brought it
			want: []finding{{"index.html", 2, "declared", "add loader", ""}},
		},
		{
			name: "deleted file",
			build: func(f *fixture) Options {
				f.write("a.js", evil, "keep.txt", "k\n")
				f.commit("add a.js")
				f.rm("a.js")
				f.commit("delete a.js")
				return Options{}
			},
			want: []finding{{"a.js", 1, "historical", "add a.js", "delete a.js"}},
		},
		{
			name: "renamed file",
			build: func(f *fixture) Options {
				f.write("old/loader.js", evil)
				f.commit("add loader")
				f.rm("old/loader.js")
				f.write("new/loader.js", evil)
				f.commit("rename loader")
				return Options{}
			},
			want: []finding{
				{"new/loader.js", 1, "declared", "rename loader", ""},
				{"old/loader.js", 1, "historical", "add loader", "rename loader"},
			},
		},
		{
			name: "unmerged branch",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("feature")
				f.write("feature.js", evil)
				f.commit("feature work")
				f.checkout("master")
				f.write("main.txt", "m\n")
				f.commit("main work")
				return Options{}
			},
			want: []finding{{"feature.js", 1, "historical", "feature work", ""}},
		},
		{
			name: "unmerged branch left out by --ref",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("feature")
				f.write("feature.js", evil)
				f.commit("feature work")
				f.checkout("master")
				return Options{Refs: []string{"master"}}
			},
			want: nil,
		},
		{
			name: "only in an annotated tag",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("release")
				f.write("dist/app.js", evil)
				f.tag("v1.0.0", f.commit("build release"))
				f.checkout("master")
				f.deleteBranch("release")
				return Options{}
			},
			want: []finding{{"dist/app.js", 1, "historical", "build release", ""}},
		},
		{
			name: "only in a tagged blob",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				obj := f.repo.Storer.NewEncodedObject()
				obj.SetType(plumbing.BlobObject)
				w, _ := obj.Writer()
				w.Write([]byte(evil))
				w.Close()
				h, err := f.repo.Storer.SetEncodedObject(obj)
				if err != nil {
					f.t.Fatal(err)
				}
				if err := f.repo.Storer.SetReference(plumbing.NewHashReference("refs/tags/loader-blob", h)); err != nil {
					f.t.Fatal(err)
				}
				return Options{}
			},
			want: []finding{{"refs/tags/loader-blob", 1, "historical", "", ""}},
		},
		{
			name: "side branch behind a merge",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("side")
				f.write("side.js", evil)
				side := f.commit("side work")
				f.checkout("master")
				f.write("main.txt", "m\n")
				f.commit("main work")
				f.write("side.js", evil)
				f.commit("merge side", side)
				f.deleteBranch("side")
				f.rm("side.js")
				f.commit("drop side.js")
				return Options{}
			},
			want: []finding{{"side.js", 1, "historical", "side work", "drop side.js"}},
		},
		{
			name: "same blob under two paths",
			build: func(f *fixture) Options {
				f.write("a/loader.js", evil, "b/loader.js", evil)
				f.commit("two copies")
				return Options{}
			},
			want: []finding{
				{"a/loader.js", 1, "declared", "two copies", ""},
				{"b/loader.js", 1, "declared", "two copies", ""},
			},
		},
		{
			name: "binary blob",
			build: func(f *fixture) Options {
				f.write("logo.png", "\x89PNG\x00\x00"+evil)
				f.commit("add logo")
				return Options{}
			},
			want: nil,
		},
		{
			name: "too large",
			build: func(f *fixture) Options {
				f.write("big.js", strings.Repeat("x", 100)+evil)
				f.commit("add big")
				return Options{MaxFileSize: 64}
			},
			want: nil,
		},
		{
			name: "since: only the added lines of the range",
			build: func(f *fixture) Options {
				f.write("index.html", evil+plain)
				f.commit("base")
				f.branch("pr")
				f.write("index.html", evil+plain+evil)
				f.commit("pr: second loader")
				f.write("new.js", "x\n"+evil)
				f.commit("pr: new file")
				return Options{Since: "master"}
			},
			want: []finding{
				{"index.html", 3, "declared", "pr: second loader", ""},
				{"new.js", 2, "declared", "pr: new file", ""},
			},
		},
		{
			name: "since: a merge of the base into the branch adds nothing",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("pr")
				f.write("pr.js", evil)
				f.commit("pr: loader")
				f.checkout("master")
				f.write("main.js", evil, "index.html", plain+evil)
				main := f.commit("main moves on")
				f.checkout("pr")
				f.write("main.js", evil, "index.html", plain+evil)
				f.commit("merge master into pr", main)
				return Options{Since: "master"}
			},
			want: []finding{{"pr.js", 1, "declared", "pr: loader", ""}},
		},
		{
			name: "since: a conflict resolved in the merge",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				f.commit("base")
				f.branch("pr")
				f.write("index.html", plain+"<p>pr</p>\n")
				f.commit("pr: edit")
				f.checkout("master")
				f.write("index.html", plain+evil)
				main := f.commit("main: loader")
				f.checkout("pr")
				f.write("index.html", plain+evil+"<p>pr</p>\n"+evil)
				f.commit("merge master into pr", main)
				return Options{Since: "master"}
			},
			// line 2 came from master; only line 4 is the merge's own
			want: []finding{{"index.html", 4, "declared", "merge master into pr", ""}},
		},
		{
			name: "since: added then dropped in the range",
			build: func(f *fixture) Options {
				f.write("index.html", plain)
				base := f.commit("base")
				f.write("index.html", plain+evil)
				f.commit("pr: add")
				f.write("index.html", plain+plain)
				f.commit("pr: drop")
				return Options{Since: base.String()}
			},
			want: []finding{{"index.html", 2, "historical", "pr: add", "pr: drop"}},
		},
		{
			name: "staged against HEAD",
			build: func(f *fixture) Options {
				f.write("index.html", evil+plain, "same.js", evil)
				f.commit("base")
				f.write("index.html", evil+plain+evil, "new.js", evil)
				f.write("unstaged.js", evil)
				f.stage()
				f.rm("unstaged.js") // staged, then deleted from the work tree: the index still has it
				return Options{Staged: true}
			},
			want: []finding{
				{"index.html", 3, "declared", "staged", ""},
				{"new.js", 1, "declared", "staged", ""},
				{"unstaged.js", 1, "declared", "staged", ""},
			},
		},
		{
			name: "staged before the first commit",
			build: func(f *fixture) Options {
				f.write("index.html", plain+evil)
				f.stage()
				return Options{Staged: true}
			},
			want: []finding{{"index.html", 2, "declared", "staged", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			opts := tt.build(f)
			got, rep := scan(t, f, opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%s) findings mismatch (-want +got):\n%s", tt.name, diff)
			}
			// a tree cache too small for any tree: every tree is read again when needed (from
			// the tree file, or without it from the pack)
			variants := []struct {
				name  string
				tweak func(*Source)
			}{
				{"a 1-byte tree cache", func(s *Source) { s.treeBytes = 1 }},
				{"a 1-byte tree cache and no tree file", func(s *Source) { s.treeBytes, s.noTreeFile = 1, true }},
				{"3 blob readers", func(s *Source) { s.readers = 3 }},
			}
			for _, v := range variants {
				got, vrep := scan(t, f, opts, v.tweak)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Scan(%s) with %s: findings mismatch (-want +got):\n%s", tt.name, v.name, diff)
				}
				if diff := cmp.Diff(fingerprints(rep), fingerprints(vrep)); diff != "" {
					t.Errorf("Scan(%s) with %s: fingerprints mismatch (-want +got):\n%s", tt.name, v.name, diff)
				}
			}
		})
	}
}

func TestSkipped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("logo.png", "\x89PNG\x00\x00"+evil, "big.js", strings.Repeat("x", 100), "ok.js", "ok\n")
	f.commit("add files")
	_, rep := scan(t, f, Options{MaxFileSize: 64})
	var got []string
	for _, s := range rep.Skipped {
		got = append(got, s.Path+" "+string(s.Reason))
	}
	want := []string{"big.js too-large", "logo.png binary"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Skipped mismatch (-want +got):\n%s", diff)
	}
}

// versionsAndSide is a history of five versions of a few files (the same evil blob at three
// paths) and a side branch that adds one.
func versionsAndSide(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	for i := range 5 {
		f.write("a.js", evil, "b.js", evil, "c/d.js", evil, "n.txt", strings.Repeat("n\n", i))
		f.commit("commit " + string(rune('a'+i)))
	}
	f.branch("side")
	f.write("side.js", plain)
	f.commit("side")
	return f
}

// TestWalkOnce checks that each unique blob is yielded once, however many commits and paths
// hold it, and that Walk yields exactly the repository's blobs.
func TestWalkOnce(t *testing.T) {
	t.Parallel()
	f := versionsAndSide(t)
	src, err := Open(t.Context(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var got []string
	err = src.Walk(t.Context(), func(b scanner.Blob) error {
		got = append(got, b.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	iter, err := f.repo.BlobObjects()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for b, err := iter.Next(); err == nil; b, err = iter.Next() {
		want = append(want, b.Hash.String())
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk yielded (-want +got):\n%s", diff)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	shallow := func(t *testing.T) string {
		f := newFixture(t)
		f.write("a.txt", "a\n")
		f.commit("one")
		f.write("a.txt", "b\n")
		two := f.commit("two")
		if err := os.WriteFile(filepath.Join(f.dir, ".git", "shallow"), []byte(two.String()+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return f.dir
	}
	repo := func(t *testing.T) string {
		f := newFixture(t)
		f.write("a.txt", "a\n")
		f.commit("one")
		return f.dir
	}
	empty := func(t *testing.T) string {
		f := newFixture(t)
		f.write("a.txt", "a\n").stage() // staged, never committed
		return f.dir
	}
	tests := []struct {
		name string
		dir  func(t *testing.T) string
		opts Options
		want error
	}{
		{"not a repo", func(t *testing.T) string { return t.TempDir() }, Options{}, ErrNotRepo},
		{"no commits yet", empty, Options{}, ErrNoCommits},
		{"no commits yet, --staged", empty, Options{Staged: true}, nil},
		{"shallow", shallow, Options{}, ErrShallow},
		{"shallow allowed", shallow, Options{AllowShallow: true}, nil},
		{"unknown ref", repo, Options{Refs: []string{"nope"}}, ErrUnknownRef},
		{"unknown since", repo, Options{Since: "origin/main"}, ErrUnknownRef},
		{"subdirectory", func(t *testing.T) string {
			dir := repo(t)
			sub := filepath.Join(dir, "sub", "dir")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			return sub
		}, Options{}, nil},
		{"the .git directory", func(t *testing.T) string { return filepath.Join(repo(t), ".git") }, Options{}, nil},
		{"a bare clone", func(t *testing.T) string {
			bare := filepath.Join(t.TempDir(), "bare.git")
			if _, err := git.PlainClone(bare, true, &git.CloneOptions{URL: repo(t)}); err != nil {
				t.Fatal(err)
			}
			return bare
		}, Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := tt.dir(t)
			src, err := Open(context.Background(), dir, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open(%q, %+v) = %v, want %v", dir, tt.opts, err, tt.want)
			}
			if err == nil {
				if got, want := src.Shallow(), tt.opts.AllowShallow; got != want {
					t.Errorf("Shallow() = %v, want %v", got, want)
				}
				src.Close()
			}
		})
	}
}

// TestNoCommitsMessage checks that the error for a repository without commits says what to do.
func TestNoCommitsMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := Open(t.Context(), f.dir, Options{})
	for _, want := range []string{"no commits yet", "scan the working tree", "drop --history"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(empty repository) = %v, want it to mention %q", err, want)
		}
	}
}

func TestShallowMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("a.txt", "a\n")
	h := f.commit("one")
	if err := os.WriteFile(filepath.Join(f.dir, ".git", "shallow"), []byte(h.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), f.dir, Options{})
	for _, want := range []string{"fetch-depth: 0", "git fetch --unshallow", "--allow-shallow"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(shallow) = %v, want it to mention %q", err, want)
		}
	}
}

// TestMissingObject removes a blob from the object store: the walk reports it and goes on.
func TestMissingObject(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("gone.js", "gone\n", "here.js", evil)
	f.commit("add")
	c, err := f.repo.CommitObject(f.commits["add"])
	if err != nil {
		t.Fatal(err)
	}
	file, err := c.File("gone.js")
	if err != nil {
		t.Fatal(err)
	}
	h := file.Hash.String()
	if err := os.Remove(filepath.Join(f.dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	got, rep := scan(t, f, Options{})
	want := []finding{{"here.js", 1, "declared", "add", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != scanner.SkipMissing || rep.Skipped[0].ID != h {
		t.Errorf("Skipped = %+v, want gone.js %s missing", rep.Skipped, h)
	}
}

func TestAddedLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		old, new string
		want     []int
	}{
		{"a\nb\n", "a\nb\n", []int{}},
		{"a\nb\n", "a\nx\nb\n", []int{2}},
		{"", "a\nb", []int{1, 2}},
		{"a\nb\nc\n", "c\n", []int{}},
		{"a\n", "x\na\ny\n", []int{1, 3}},
	}
	for _, tt := range tests {
		if got := addedLines(tt.old, tt.new); !slices.Equal(got, tt.want) {
			t.Errorf("addedLines(%q, %q) = %v, want %v", tt.old, tt.new, got, tt.want)
		}
	}
}

// TestAttribute checks every field of the places of one blob, directly.
func TestAttribute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("a.html", plain)
	f.commit("base")
	f.write("a.html", plain+evil, "copy.html", plain+evil)
	f.commit("add loader\n\nbody")
	f.rm("copy.html")
	f.commit("drop copy")
	blob := "" // the blob of plain+evil
	c, err := f.repo.CommitObject(f.commits["add loader\n\nbody"])
	if err != nil {
		t.Fatal(err)
	}
	drop, err := f.repo.CommitObject(f.commits["drop copy"])
	if err != nil {
		t.Fatal(err)
	}
	dropped := drop.Committer.When
	file, err := c.File("a.html")
	if err != nil {
		t.Fatal(err)
	}
	blob = file.Hash.String()
	added := f.commits["add loader\n\nbody"].String()
	tests := []struct {
		name string
		opts Options
		want []scanner.Place
	}{
		{"history", Options{}, []scanner.Place{
			{Path: "a.html", Commit: added, Author: "Dev <dev@example.com>", Date: c.Committer.When, Subject: "add loader", AtHEAD: true},
			{Path: "copy.html", Commit: added, Author: "Dev <dev@example.com>", Date: c.Committer.When, Subject: "add loader", RemovedIn: f.commits["drop copy"].String(), RemovedDate: dropped},
		}},
		{"since", Options{Since: f.commits["base"].String()}, []scanner.Place{
			{Path: "a.html", Commit: added, Author: "Dev <dev@example.com>", Date: c.Committer.When, Subject: "add loader", AtHEAD: true, Added: []int{2}},
			{Path: "copy.html", Commit: added, Author: "Dev <dev@example.com>", Date: c.Committer.When, Subject: "add loader", RemovedIn: f.commits["drop copy"].String(), RemovedDate: dropped},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src, err := Open(t.Context(), f.dir, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if err := src.Walk(t.Context(), func(scanner.Blob) error { return nil }); err != nil {
				t.Fatal(err)
			}
			got, err := src.Attribute(t.Context(), []string{blob, "not-a-sha"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string][]scanner.Place{blob: tt.want}, got); diff != "" {
				t.Errorf("Attribute(%s) mismatch (-want +got):\n%s", blob, diff)
			}
		})
	}
}

// TestProgressAndCancel checks the progress reports and that a cancelled context stops Walk.
func TestProgressAndCancel(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := range 4 {
		f.write(fmt.Sprintf("f%d.txt", i), strings.Repeat("x", i+1))
		f.commit(fmt.Sprintf("c%d", i))
	}
	var calls [][3]int64
	src, err := Open(t.Context(), f.dir, Options{Progress: func(done, total int, bytes int64) {
		calls = append(calls, [3]int64{int64(done), int64(total), bytes})
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Walk(t.Context(), func(scanner.Blob) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := [][3]int64{{1, 4, 1}, {2, 4, 3}, {3, 4, 6}, {4, 4, 10}}
	slices.SortFunc(calls, func(a, b [3]int64) int { return int(a[0] - b[0]) })
	// bytes depend on the order blobs are read in; only the last total is fixed
	if len(calls) != 4 || calls[3] != want[3] {
		t.Errorf("progress calls = %v, want 4 ending in %v", calls, want[3])
	}

	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	err = src.Walk(ctx, func(scanner.Blob) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Walk after cancel = %v after %d blobs, want context.Canceled after 1", err, n)
	}
}

// TestLargeBlob checks the blobs that Walk leaves to their Load (over lazyBlob): found, loose
// or packed as a delta, and a corrupt one named by the source.
func TestLargeBlob(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("var filler = 'x';\n", lazyBlob/18+1000)
	line := lazyBlob/18 + 1001
	tests := []struct {
		name    string
		pack    func(f *fixture)
		want    []finding
		corrupt bool
	}{
		{"loose", func(*fixture) {}, []finding{{"big.js", line, "declared", "add big", ""}}, false},
		{"packed with deltas", func(f *fixture) {
			if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
				t.Fatal(err)
			}
		}, []finding{{"big.js", line, "declared", "add big", ""}}, false},
		{"corrupt", func(f *fixture) {
			b := f.blobOf(f.commits["edit big"], "big.js")
			pack := f.pack()
			_, end := f.extent(b)
			f.edit(pack, func(d []byte) []byte { d[end-1] ^= 0xff; return d })
		}, []finding{{"big.js", line, "declared", "add big", ""}}, true}, // HEAD unreadable: not called removed or historical
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.write("big.js", big+evil)
			f.commit("add big")
			f.write("big.js", big+evil+"// more\n")
			f.commit("edit big")
			tt.pack(f)
			src, err := Open(t.Context(), f.dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, _ := scan(t, f, Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%s) findings mismatch (-want +got):\n%s", tt.name, diff)
			}
			if err := src.Walk(t.Context(), func(b scanner.Blob) error {
				if b.Load != nil {
					_, _ = b.Load(nil, scanner.DefaultMaxFileSize)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := src.Incomplete(); tt.corrupt != errors.Is(err, ErrCorruptObject) {
				t.Errorf("Incomplete() = %v, want corrupt: %v", err, tt.corrupt)
			}
			// the Load of a large blob fails with an error that names the skip reason
			var loadErr error
			_ = src.Walk(t.Context(), func(b scanner.Blob) error {
				if b.Load != nil && b.Path == "big.js" {
					if _, err := b.Load(nil, scanner.DefaultMaxFileSize); err != nil {
						loadErr = err
					}
				}
				return nil
			})
			var r interface{ SkipReason() scanner.SkipReason }
			if got := errors.As(loadErr, &r) && r.SkipReason() == scanner.SkipCorrupt; got != tt.corrupt {
				t.Errorf("Load() = %v, want an error with SkipReason corrupt-object: %v", loadErr, tt.corrupt)
			}
		})
	}
}

// TestSinceUnchangedLine pins what Attribute tells the scanner when a reference added in the
// range stays while its blob changes (issue 12, item 2): the blob that brought it was replaced
// (RemovedIn, a blob-level fact), and HEAD's blob holds it on a line that the last commit did
// not add (Added). The reference itself was never removed: the scanner must group the versions
// of a line before it filters them by Added.
func TestSinceUnchangedLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.write("a.js", "x=1\n")
	base := f.commit("base")
	f.write("a.js", "x=1\nfetch(\"https://cdn.evil.example/a\")\n")
	add := f.commit("add fetch")
	f.write("a.js", "x=2\nfetch(\"https://cdn.evil.example/a\")\n")
	edit := f.commit("edit x")
	src, err := Open(t.Context(), f.dir, Options{Since: base.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Walk(t.Context(), func(scanner.Blob) error { return nil }); err != nil {
		t.Fatal(err)
	}
	b2, b3 := f.blobOf(add, "a.js").String(), f.blobOf(edit, "a.js").String()
	got, err := src.Attribute(t.Context(), []string{b2, b3})
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range got {
		for i := range ps {
			ps[i].Commit, ps[i].RemovedIn, ps[i].Author, ps[i].Date, ps[i].RemovedDate = f.name(ps[i].Commit), f.name(ps[i].RemovedIn), "", time.Time{}, time.Time{}
		}
	}
	want := map[string][]scanner.Place{
		b2: {{Path: "a.js", Commit: "add fetch", Subject: "add fetch", RemovedIn: "edit x", Added: []int{2}}},
		b3: {{Path: "a.js", Commit: "edit x", Subject: "edit x", AtHEAD: true, Added: []int{1}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Attribute mismatch (-want +got):\n%s", diff)
	}
}
