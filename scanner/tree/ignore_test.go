package tree

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestIgnoreEntry(t *testing.T) {
	fsys := fstest.MapFS{
		"exact/.gitignore":   {},
		"exact/a.js":         {},
		"upper/.GitIgnore":   {},
		"upper/a.js":         {},
		"dir/.gitignore/x":   {},
		"none/a.js":          {},
		"both/.GitIgnore":    {},
		"both/.gitignore":    {},
		"link/.gitignore":    {Mode: fs.ModeSymlink},
		"other/.gitignore.x": {},
	}
	tests := []struct {
		dir  string
		fold bool
		want string // "" for none
	}{
		{"exact", false, ".gitignore"},
		{"exact", true, ".gitignore"},
		{"upper", false, ""},
		{"upper", true, ".GitIgnore"},
		{"both", true, ".gitignore"},
		{"dir", true, ""},
		{"none", true, ""},
		{"link", true, ""},
		{"other", true, ""},
	}
	for _, tt := range tests {
		entries, err := fs.ReadDir(fsys, tt.dir)
		if err != nil {
			t.Fatal(err)
		}
		name, ok := ignoreEntry(entries, tt.fold)
		if !ok {
			name = ""
		}
		if name != tt.want {
			t.Errorf("ignoreEntry(%s, fold %v) = %q, want %q", tt.dir, tt.fold, name, tt.want)
		}
	}
}
