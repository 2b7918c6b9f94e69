// Package outfile writes what a run produces: reports atomically to regular files (a device or
// a pipe directly), summaries appended; and it refuses, before anything is read, outputs that
// would replace an input of the run or each other.
package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Check refuses, before anything is read, a run whose outputs would replace one of its
// inputs or each other: -o alerts.txt with -f alerts.txt, or -o r.json with --json-output r.json.
func Check(inputs, outs []string) error {
	seen := map[string]string{}
	key := func(name string) (string, bool) {
		if name == "" || name == "-" {
			return "", false
		}
		if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
			return "", false // a device or a pipe (/dev/null, /dev/stdout) can take any number
		}
		abs, err := filepath.Abs(name)
		if err != nil {
			return "", false
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		return abs, true
	}
	for _, in := range inputs {
		if k, ok := key(in); ok {
			seen[k] = "input"
		}
	}
	for _, out := range outs {
		k, ok := key(out)
		if !ok {
			continue
		}
		switch seen[k] {
		case "input":
			return fmt.Errorf("output %q is also an input of this run: write the report elsewhere", out)
		case "output":
			return fmt.Errorf("output %q is named twice: give each report its own file", out)
		}
		seen[k] = "output"
	}
	return nil
}

// Append appends text to name ($GITHUB_STEP_SUMMARY appends too).
func Append(name, text string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return fmt.Errorf("writing %q: %w", name, err)
	}
	return f.Close()
}

// Write writes a regular file through a temporary file in the same directory and a
// rename, so a reader never sees half a report; a device or a pipe is written directly.
func Write(name string, data []byte) error {
	return WriteFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write of what write writes, buffered: a report streamed from disk is never held
// in memory.
func WriteFunc(name string, write func(io.Writer) error) error {
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe (-o /dev/null, -o /dev/stdout): a rename would replace it.
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
		}
		if err := writeBuffered(f, write); err != nil {
			f.Close()
			return fmt.Errorf("writing %q: %w", name, err)
		}
		return f.Close()
	}
	// Through a symlink, the file it points to is replaced, not the link; an existing file
	// keeps its mode.
	mode := os.FileMode(0o644)
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target
		if fi, err := os.Stat(target); err == nil {
			mode = fi.Mode().Perm()
		}
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".shieldscan-*")
	if err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	defer os.Remove(f.Name())
	if err := writeBuffered(f, write); err != nil {
		f.Close()
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	return nil
}

// writeBuffered calls write with a buffer in front of w.
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
