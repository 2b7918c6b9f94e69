package cfapi_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/shieldscan/shieldscan/internal/cfapi"
)

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://api.example.com/a", "https://API.example.com/b", true},
		{"https://api.example.com/a", "https://api.example.com:443/b", true},
		{"http://api.example.com/a", "http://api.example.com:80/b", true},
		{"https://api.example.com/a", "https://api.example.com:8443/a", false},
		{"https://api.example.com/a", "http://api.example.com/a", false},
		{"https://api.example.com/a", "https://evil.example.com/a", false},
		{"https://api.example.com/a", "https://sub.api.example.com/a", false},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := cfapi.SameOrigin(a, b); got != tt.want {
			t.Errorf("cfapi.SameOrigin(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestGaveUp(t *testing.T) {
	tests := []struct {
		attempts int
		spent    time.Duration
		want     string
	}{
		{5, 165 * time.Second, "gave up after 5 attempts in 2m45s"},
		{2, 1234 * time.Millisecond, "gave up after 2 attempts in 1.2s"},
	}
	for _, tt := range tests {
		if got := cfapi.GaveUp(tt.attempts, tt.spent); got != tt.want {
			t.Errorf("GaveUp(%d, %v) = %q, want %q", tt.attempts, tt.spent, got, tt.want)
		}
	}
}

func TestRedact(t *testing.T) {
	c := &cfapi.Client{Token: "tok-secret-123456"}
	if got := c.Redact("https://u:pw@api.example/x?k=tok-secret-123456"); got != "https://u:REDACTED@api.example/x?k=REDACTED" {
		t.Errorf("Redact() = %q", got)
	}
}
