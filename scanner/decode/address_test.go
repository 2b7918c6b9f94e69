package decode

import "testing"

func TestHasAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"https://skim.evil-cdn.example/c.js", true},
		{"skim.evil-cdn.example", true},
		{"//cdn.example.com/x", true},
		{"see 203.0.113.7 now", true},
		{"203.0.113.7.", true},
		{"xn--skm-khd.evil-cdn.example", true},
		{"e.length", true},

		{"", false},
		{"hello world", false},
		{"1.5", false},
		{"v1.2.3", false},
		{"203.0.113.256", false},
		{"1.2.3.4.5", false},
		{"a.b", false},
		{"a..example", false},
		{"-a.example", false},
		{"a-.example", false},
		{"example.c0m", false},
		{"0123456789ABCDEF", false},
		{"file.x", false},
	}
	for _, tt := range tests {
		if got := hasAddress([]byte(tt.in)); got != tt.want {
			t.Errorf("hasAddress(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
