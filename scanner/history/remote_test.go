package history

import "testing"

func TestRepoName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://github.com/shieldscan/shieldscan.git", "shieldscan/shieldscan"},
		{"https://x-access-token:ghs_secret@github.com/o/r", "o/r"},
		{"ssh://git@github.com/o/r.git", "o/r"},
		{"git@github.com:o/r.git", "o/r"},
		{"/srv/git/r.git", "git/r"},
		{"r", "r"},
	}
	for _, tt := range tests {
		if got := repoName(tt.in); got != tt.want {
			t.Errorf("repoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
