// Package scope says where a command's paths start: the top of the git work tree that holds the
// scanned directory (outside one, the current directory), and the directory's path from there.
// Every command names files in its reports from that top, so SARIF locations resolve in code
// scanning whichever subdirectory was scanned.
package scope

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotDir is wrapped by the error of a root that is not a directory.
var ErrNotDir = errors.New("not a directory")

// Scope is a scanned directory placed in its repository.
type Scope struct {
	// Root is the directory as given.
	Root string
	// Top is the top of the git work tree that holds Root, "" outside one.
	Top string
	// Prefix is Root's slash path from Top (or from the current directory outside a work tree),
	// with a trailing "/"; "" when Root is the top (or lies outside the current directory).
	Prefix string
}

// Open places root. It fails when root does not exist or is not a directory; the error names
// root and the caller says what it could not do ("cannot scan %w").
func Open(root string) (*Scope, error) {
	info, err := os.Stat(root)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%q: %w", root, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%q: %w; give a directory", root, ErrNotDir)
	}
	s := &Scope{Root: root}
	abs, err := filepath.Abs(root)
	if err != nil {
		return s, nil
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			s.Top = dir
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	base := s.Top
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return s, nil
		}
	}
	if rel, ok := below(base, abs); ok && rel != "" {
		s.Prefix = rel + "/"
	}
	return s, nil
}

// below is path's slash path relative to dir when it lies inside dir ("" for dir itself).
func below(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	if rel == "." {
		return "", true
	}
	return filepath.ToSlash(rel), true
}

// Anchor is the slash path by which reports name the file name (relative to the current
// directory) when it lies inside Root, and "" when it does not (or is "-", standard input).
func (s *Scope) Anchor(name string) string {
	if name == "" || name == "-" {
		return ""
	}
	absRoot, err1 := filepath.Abs(s.Root)
	absName, err2 := filepath.Abs(name)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, ok := below(absRoot, absName)
	if !ok || rel == "" {
		return ""
	}
	return s.Prefix + rel
}

// Path is the slash path by which reports name a file: from the repository's top when the
// file lies in the work tree, else as given.
func (s *Scope) Path(name string) string {
	if s.Top != "" {
		if abs, err := filepath.Abs(name); err == nil {
			if rel, ok := below(s.Top, abs); ok && rel != "" {
				return rel
			}
		}
	}
	return filepath.ToSlash(name)
}

// Base is Prefix as path elements ("web/app/" → ["web", "app"]), nil at the top.
func (s *Scope) Base() []string {
	if s.Prefix == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s.Prefix, "/"), "/")
}

// RepoAnchor is Anchor for a scan of the whole repository (history): the file's slash path
// from Top when it lies in the work tree, "" otherwise; outside a work tree it is Anchor.
func (s *Scope) RepoAnchor(name string) string {
	if s.Top == "" {
		return s.Anchor(name)
	}
	return (&Scope{Root: s.Top}).Anchor(name)
}
