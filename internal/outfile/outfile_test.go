package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("alerts.txt", []byte("evil.example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("alerts.txt", "link.txt"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		inputs, out []string
		want        string // part of the error, "" for none
	}{
		{"distinct", []string{"alerts.txt"}, []string{"r.json", "r.sarif"}, ""},
		{"output is an input", []string{"alerts.txt"}, []string{"alerts.txt"}, "also an input"},
		{"through another spelling", []string{"alerts.txt"}, []string{"./sub/../alerts.txt"}, "also an input"},
		{"through a symlink", []string{"alerts.txt"}, []string{"link.txt"}, "also an input"},
		{"two outputs", nil, []string{"r.json", filepath.Join(dir, "r.json")}, "named twice"},
		{"devices take any number", nil, []string{os.DevNull, os.DevNull}, ""},
		{"stdin and empty names", []string{"-", ""}, []string{""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.inputs, tt.out)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check(%q, %q) = %v, want %q", tt.inputs, tt.out, err, tt.want)
			}
		})
	}
}

// TestWrite: a regular file is replaced whole and keeps its mode; a symlink's target is written.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "r.json")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(name, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	fi, _ := os.Stat(name)
	if string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("after Write: %q mode %v, want new 0600", data, fi.Mode().Perm())
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file")
	}
	if err := Append(filepath.Join(dir, "s.md"), "a"); err != nil {
		t.Fatal(err)
	}
	if err := Append(filepath.Join(dir, "s.md"), "b"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "s.md")); string(data) != "ab" {
		t.Errorf("after two Appends: %q, want ab", data)
	}
}
