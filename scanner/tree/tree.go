// Package tree is the working-tree source: the files under a directory, walked in a fixed
// order, with .gitignore rules, .git/info/exclude, and symlinks that never lead out of the root.
package tree

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/scanner"
)

// Options tune the walk.
type Options struct {
	// NoIgnore scans files that .gitignore and .git/info/exclude would leave out.
	NoIgnore bool
	// Top is the git work tree that holds the scanned directory, and Base the scanned
	// directory's path components below it: the ignore files of Top and of the directories
	// between them apply too, as they do for git. Nil Top means the scanned directory is the top.
	Top  fs.FS
	Base []string
	// Dir, when set, is the scanned directory on the operating system's file system (fsys is
	// then os.DirFS(Dir)): files are read through package os, which takes any name the system
	// does, where io/fs refuses names that are not valid UTF-8.
	Dir string
}

// Source walks a file system.
type Source struct {
	fsys fs.FS
	opts Options
}

var _ scanner.Source = (*Source)(nil)

// New returns a source over fsys, usually os.DirFS(root).
func New(fsys fs.FS, opts Options) *Source { return &Source{fsys: fsys, opts: opts} }

// Walk yields every regular file in lexical order, skipping .git and ignored paths.
func (s *Source) Walk(ctx context.Context, yield func(scanner.Blob) error) error {
	var ps patterns
	base := s.opts.Base
	if !s.opts.NoIgnore {
		top := s.opts.Top
		if top == nil {
			top, base = s.fsys, nil
		}
		ps = readPatterns(top, ".git/info/exclude", nil, true)
		// The ignore files of the directories above the scanned one, from the top down.
		for i := range base {
			ps = append(ps, readPatterns(top, path.Join(append(slices.Clone(base[:i]), ".gitignore")...), base[:i], false)...)
		}
		// A directory the user named is scanned even when those files ignore it (as ripgrep
		// does): then they say nothing about what lies inside it either.
		for i := 1; i <= len(base); i++ {
			if ps.match(base[:i], true) {
				ps = nil
				break
			}
		}
	}
	return s.walk(ctx, ".", base, ps, yield)
}

func (s *Source) walk(ctx context.Context, dir string, parts []string, ps patterns, yield func(scanner.Blob) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := s.readDir(dir)
	if err != nil {
		if dir == "." {
			return err
		}
		return yield(scanner.Blob{Path: dir, Skip: scanner.SkipUnreadable, Detail: cause(err)})
	}
	if !s.opts.NoIgnore {
		// Only a regular file is read, as git does: a FIFO would block the read. Looking in
		// the entries also spares a failed open in each directory that has none.
		if name, ok := ignoreEntry(entries, foldsCase); ok {
			ps = append(ps[:len(ps):len(ps)], readPatterns(s.fsys, join(dir, name), parts, false)...)
		}
	}
	for _, e := range entries {
		name := e.Name()
		p := join(dir, name)
		child := append(parts[:len(parts):len(parts)], name)
		typ := e.Type()
		if name == ".git" {
			continue
		}
		if ps.match(child, typ.IsDir()) {
			continue
		}
		switch {
		case typ.IsDir():
			if err := s.walk(ctx, p, child, ps, yield); err != nil {
				return err
			}
		case typ&fs.ModeSymlink != 0:
			if err := s.symlink(p, yield); err != nil {
				return err
			}
		case typ.IsRegular():
			if err := yield(s.file(p)); err != nil {
				return err
			}
		}
	}
	return nil
}

// symlink never follows a link: its target, when inside the root, is scanned at its own path;
// one that leads outside the root is reported as skipped.
func (s *Source) symlink(p string, yield func(scanner.Blob) error) error {
	target, err := s.readLink(p)
	if err != nil {
		return yield(scanner.Blob{Path: p, Skip: scanner.SkipUnreadable, Detail: cause(err)})
	}
	resolved := path.Join(path.Dir(p), target)
	if strings.HasPrefix(target, "/") || resolved == ".." || strings.HasPrefix(resolved, "../") {
		return yield(scanner.Blob{Path: p, Skip: scanner.SkipSymlink, Detail: "points to " + target})
	}
	return nil
}

// file offers the file at p. Its size is learnt as it is read (Blob.Size stays 0): a stat of
// every file in the walk would cost as much as its open.
func (s *Source) file(p string) scanner.Blob {
	return scanner.Blob{Path: p, Load: func(buf *[]byte, max int64) ([]byte, error) { return s.readFile(p, buf, max) }}
}

func (s *Source) readDir(p string) ([]fs.DirEntry, error) {
	if s.opts.Dir != "" {
		return os.ReadDir(filepath.Join(s.opts.Dir, filepath.FromSlash(p)))
	}
	return fs.ReadDir(s.fsys, p)
}

// readFile reads file p into *buf when buf is not nil. A file of more than max bytes is read
// no further than one buffer past max: readFile then returns scanner.TooLarge.
func (s *Source) readFile(p string, buf *[]byte, max int64) ([]byte, error) {
	if buf == nil {
		buf = new([]byte)
	}
	if s.opts.Dir == "" {
		f, err := s.fsys.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readAll(fsFile{f}, p, max, buf)
	}
	name := filepath.Join(s.opts.Dir, filepath.FromSlash(p))
	h, err := openFile(name)
	if err != nil {
		return nil, err
	}
	defer closeFile(h)
	return readAll(h, name, max, buf)
}

// fsFile is a file of an fs.FS, read as the system's files are.
type fsFile struct{ fs.File }

func (f fsFile) read(p []byte) (int, error) {
	n, err := f.Read(p)
	var pe *fs.PathError
	switch {
	case n > 0 && err == io.EOF:
		err = nil // the next read says EOF again, with no bytes
	case errors.As(err, &pe):
		err = pe.Err // readAll names the file
	}
	return n, err
}

func (f fsFile) size() (int64, error) {
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// file is an open file: read reads into p and returns io.EOF, with no bytes, at the end;
// size is the file's size now.
type file interface {
	read(p []byte) (int, error)
	size() (int64, error)
}

// minRead is the least room read into at once.
const minRead = 64 << 10

// readAll reads the open file h, called name in errors, into *buf, grown as needed (and left
// grown in *buf). A file of more than limit bytes is not read whole: readAll returns
// scanner.TooLarge once its size is known (limit 0 means no limit but the largest buffer).
func readAll(h file, name string, limit int64, buf *[]byte) ([]byte, error) {
	data := (*buf)[:0]
	if cap(data) < minRead {
		data = make([]byte, 0, minRead)
	}
	defer func() { *buf = data[:0] }()
	// No buffer holds more than an int counts (2 GiB on 32-bit systems): a larger file is
	// over the limit whatever --max-file-size says.
	if limit <= 0 || limit > math.MaxInt-1 {
		limit = math.MaxInt - 1
	}
	sized := false
	for {
		n, err := h.read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		switch {
		case err == io.EOF:
			if int64(len(data)) > limit {
				return nil, scanner.TooLarge{Size: int64(len(data)), Max: limit}
			}
			return data, nil
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		case len(data) < cap(data):
			continue
		}
		// The file is larger than the buffer: its size tells whether it is over the limit,
		// and how much room it needs (one byte more, so that the read ends at EOF).
		if !sized {
			sized = true
			if size, err := h.size(); err == nil {
				if size > limit {
					return nil, scanner.TooLarge{Size: size, Max: limit}
				}
				data = slices.Grow(data, int(max(size-int64(len(data)), 0))+1)
				continue
			}
		}
		if int64(len(data)) > limit { // it grew as it was read
			return nil, scanner.TooLarge{Size: int64(len(data)), Max: limit}
		}
		data = slices.Grow(data, int(min(int64(len(data)), limit+1-int64(len(data)))))
	}
}

func (s *Source) readLink(p string) (string, error) {
	if s.opts.Dir != "" {
		t, err := os.Readlink(filepath.Join(s.opts.Dir, filepath.FromSlash(p)))
		return filepath.ToSlash(t), err
	}
	return fs.ReadLink(s.fsys, p)
}

// foldsCase tells the systems whose file systems usually ignore case: there git opens
// ".gitignore" and reads a .GitIgnore.
var foldsCase = runtime.GOOS == "darwin" || runtime.GOOS == "ios" || runtime.GOOS == "windows"

// ignoreEntry returns the name of the directory's ignore file among its entries (sorted by
// name), when it is a regular file: .gitignore, or any case of it where the system folds case.
func ignoreEntry(entries []fs.DirEntry, fold bool) (string, bool) {
	const name = ".gitignore"
	if i, ok := slices.BinarySearchFunc(entries, name, func(e fs.DirEntry, n string) int { return strings.Compare(e.Name(), n) }); ok {
		return name, entries[i].Type().IsRegular()
	}
	if fold {
		for _, e := range entries {
			if strings.EqualFold(e.Name(), name) {
				return e.Name(), e.Type().IsRegular()
			}
		}
	}
	return "", false
}

// readPatterns reads one ignore file; a missing or unreadable one, or one that is not a regular
// file, adds nothing, as in git. follow says whether a symbolic link is followed: git (2.32 on)
// follows none to a .gitignore of the work tree, and follows .git/info/exclude's.
func readPatterns(fsys fs.FS, name string, domain []string, follow bool) patterns {
	stat := fs.Lstat
	if follow {
		stat = fs.Stat
	}
	if info, err := stat(fsys, name); err != nil || !info.Mode().IsRegular() {
		return nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil
	}
	var ps patterns
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, newPattern(line, domain))
	}
	return ps
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// cause strips the path that fs errors repeat, since the report names it already.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
