package intel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clock is a settable clock for Cache.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestCacheTTL(t *testing.T) {
	t.Parallel()
	clk := &clock{time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)}
	c := &Cache{Dir: t.TempDir(), TTL: time.Hour, Now: clk.now}
	d := &DomainInfo{Domain: "evil.example", RiskTypes: []Category{{ID: 117, Name: "Malware", SuperCategoryID: 21}}}
	if err := c.put(&cached{Host: "evil.example", Domain: d}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		after time.Duration
		host  string
		hit   bool
	}{
		{"fresh", 0, "evil.example", true},
		{"still fresh", 59 * time.Minute, "evil.example", true},
		{"expired at the TTL", time.Hour, "evil.example", false},
		{"expired", 48 * time.Hour, "evil.example", false},
		{"from the future (clock moved back)", -time.Minute, "evil.example", false},
		{"another host", 0, "good.example", false},
	}
	for _, tt := range tests {
		clk.t = time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC).Add(tt.after)
		e, ok := c.get(tt.host)
		if ok != tt.hit {
			t.Errorf("%s: get(%q) hit = %v, want %v", tt.name, tt.host, ok, tt.hit)
		}
		if ok && !e.verdict(0).Malicious {
			t.Errorf("%s: cached verdict %+v, want malicious", tt.name, e.verdict(0))
		}
	}
}

func TestCacheFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "shieldscan", "intel")
	c := &Cache{Dir: dir}
	host := "../../etc/passwd.example"
	if err := c.put(&cached{Host: host, IP: &IPInfo{IP: "192.0.2.1"}}); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 || len(ents[0].Name()) != 64+len(".json") || strings.Contains(ents[0].Name(), "passwd") {
		t.Fatalf("cache files %v, want one hashed name", ents)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	if _, ok := c.get(host); !ok {
		t.Errorf("get(%q) missed", host)
	}
	// A corrupt file is a miss, and the next put replaces it.
	p := filepath.Join(dir, ents[0].Name())
	if err := os.WriteFile(p, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get(host); ok {
		t.Errorf("get of a corrupt file hit")
	}
	if err := c.put(&cached{Host: host, IP: &IPInfo{IP: "192.0.2.1"}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get(host); !ok {
		t.Errorf("get after rewrite missed")
	}
	if err := c.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get(host); ok {
		t.Errorf("get after Clear hit")
	}
	// A nil cache caches nothing and never fails.
	var none *Cache
	if err := none.put(&cached{Host: host}); err != nil {
		t.Errorf("nil put: %v", err)
	}
	if _, ok := none.get(host); ok {
		t.Errorf("nil get hit")
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-cache")
	t.Setenv("HOME", "/tmp/home")
	dir, err := DefaultCacheDir()
	if err != nil {
		t.Skipf("no user cache dir: %v", err)
	}
	if !strings.HasSuffix(dir, filepath.Join("shieldscan", "intel")) {
		t.Errorf("DefaultCacheDir() = %q, want it under shieldscan/intel", dir)
	}
}
