package intel

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// DefaultTTL is how long a cached lookup stays fresh.
const DefaultTTL = 24 * time.Hour

// DefaultCacheDir is os.UserCacheDir()/shieldscan/intel.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory: %w", err)
	}
	return filepath.Join(dir, "shieldscan", "intel"), nil
}

// Cache keeps the Intel API's answers on disk, one file per host or address, named by the
// SHA-256 of the host (after Scope), so that CI reruns and history scans do not ask again. It
// stores the API's records, not verdicts: a change of Threats or of the threshold applies to
// cached answers too. "No data" answers are cached as well; errors never are. A nil *Cache
// caches nothing.
type Cache struct {
	// Dir holds the files; DefaultCacheDir() when empty.
	Dir string
	// TTL is how long an answer stays fresh; DefaultTTL when 0.
	TTL time.Duration
	// Now is the clock; time.Now when nil. Tests replace it.
	Now func() time.Time
	// Scope names the API whose answers these are ("" for Cloudflare's): answers cached from
	// another API (a test server, a proxy) are not this one's.
	Scope string
}

// cached is one cache file.
type cached struct {
	Host    string      `json:"host"`
	Fetched time.Time   `json:"fetched"`
	Domain  *DomainInfo `json:"domain,omitempty"`
	IP      *IPInfo     `json:"ip,omitempty"`
}

func (c *Cache) dir() (string, error) {
	if c.Dir != "" {
		return c.Dir, nil
	}
	return DefaultCacheDir()
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Cache) ttl() time.Duration {
	if c.TTL <= 0 {
		return DefaultTTL
	}
	return c.TTL
}

// path is the file of host: its hash, so that no host can name a path.
func (c *Cache) path(host string) (string, error) {
	dir, err := c.dir()
	if err != nil {
		return "", err
	}
	key := host
	if c.Scope != "" {
		key = c.Scope + "\x00" + host
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json"), nil
}

// get returns host's fresh entry. A missing, stale, unreadable or corrupt file is a miss.
func (c *Cache) get(host string) (*cached, bool) {
	if c == nil {
		return nil, false
	}
	p, err := c.path(host)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var e cached
	if json.Unmarshal(b, &e) != nil || e.Host != host || (e.Domain == nil) == (e.IP == nil) {
		return nil, false
	}
	age := c.now().Sub(e.Fetched)
	if age < 0 || age >= c.ttl() {
		return nil, false
	}
	return &e, true
}

// put stores host's answer, atomically (a temporary file renamed into place).
func (c *Cache) put(e *cached) error {
	if c == nil {
		return nil
	}
	p, err := c.path(e.Host)
	if err != nil {
		return err
	}
	e.Fetched = c.now().UTC()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("intel cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("intel cache: %w", err)
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("intel cache: %w", err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("intel cache: %w", err)
	}
	return nil
}

// Clear removes every cached answer.
func (c *Cache) Clear() error {
	dir, err := c.dir()
	if err != nil {
		return err
	}
	err = os.RemoveAll(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
