// Package fetch downloads a script for analysis, and nothing else: the one place besides the
// Page Shield client where shieldscan touches the network, bounded in time and size, without
// cookies and without redirects to another scheme.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Options bound a Get.
type Options struct {
	// Timeout is the whole exchange's limit, redirects and body included; 0 means 30 seconds.
	Timeout time.Duration
	// MaxBytes is the largest body accepted; 0 means 10 MiB.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed; 0 means 5.
	MaxRedirects int
	// UserAgent is sent with each request; "" means DefaultUserAgent.
	UserAgent string
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
}

const defaultMaxBytes = 10 << 20

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return 30 * time.Second
	}
	return o.Timeout
}

// DefaultUserAgent says who is fetching, so that the host's operators can tell.
const DefaultUserAgent = "shieldscan-analyze (+https://github.com/shieldscan/shieldscan)"

// The errors of Get, wrapped with the URL.
var (
	ErrTooLarge = errors.New("response is larger than the size cap")
	ErrRedirect = errors.New("redirect refused")
	ErrFailed   = errors.New("fetch failed")
)

// Get downloads the script at rawURL (http or https) for analyze: with a timeout and a size
// cap, without cookies, following at most MaxRedirects redirects and none to another scheme.
func Get(ctx context.Context, rawURL string, opts Options) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetching %q: %w: want an http or https URL", rawURL, ErrFailed)
	}
	opts.Timeout = opts.timeout()
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = defaultMaxBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 5
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	client := &http.Client{
		Transport: opts.Transport,
		Timeout:   opts.Timeout,
		Jar:       nil, // no cookies, ever
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("%w: more than %d redirects", ErrRedirect, opts.MaxRedirects)
			}
			if req.URL.Scheme != via[0].URL.Scheme {
				return fmt.Errorf("%w: from %s to %s (%s)", ErrRedirect, via[0].URL.Scheme, req.URL.Scheme, req.URL.Redacted())
			}
			req.Header.Del("Cookie")
			req.Header.Del("Authorization")
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %q: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", "*/*")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, ErrRedirect) {
			return nil, fmt.Errorf("fetching %q: %w", rawURL, err)
		}
		return nil, fmt.Errorf("fetching %q: %w: %w", rawURL, ErrFailed, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %q: %w: %s", rawURL, ErrFailed, strings.TrimSpace(resp.Status))
	}
	if resp.ContentLength > opts.MaxBytes {
		return nil, fmt.Errorf("fetching %q: %w (%d bytes, cap %d)", rawURL, ErrTooLarge, resp.ContentLength, opts.MaxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %q: %w: %w", rawURL, ErrFailed, err)
	}
	if int64(len(data)) > opts.MaxBytes {
		return nil, fmt.Errorf("fetching %q: %w (cap %d bytes)", rawURL, ErrTooLarge, opts.MaxBytes)
	}
	return data, nil
}

// IsURL reports whether target names an http(s) URL rather than a file.
func IsURL(target string) bool {
	l := strings.ToLower(target)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Script reads the script that target names, at most opts.MaxBytes of it: an http(s) URL
// (fetched by Get, after warn is told which host it contacts), "-" (stdin) or a file. name is
// how reports should call a URL or stdin ("host/path", "stdin"), "" for a file.
func Script(ctx context.Context, target string, stdin io.Reader, opts Options, warn func(string)) (data []byte, name string, err error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = defaultMaxBytes
	}
	switch {
	case IsURL(target):
		u, err := url.Parse(target)
		if err != nil {
			return nil, "", fmt.Errorf("fetching %q: %w: %w", target, ErrFailed, err)
		}
		if warn != nil {
			warn(fmt.Sprintf("fetching %s contacts %s (no cookies, %s timeout, %d bytes at most)", target, u.Host, opts.timeout(), opts.MaxBytes))
		}
		data, err := Get(ctx, target, opts)
		return data, strings.TrimPrefix(u.Host+u.EscapedPath(), "/"), err
	case target == "-":
		data, err = io.ReadAll(io.LimitReader(stdin, opts.MaxBytes+1))
		name = "stdin"
	default:
		var f *os.File
		if f, err = os.Open(target); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, opts.MaxBytes+1))
			f.Close()
		}
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, "", fmt.Errorf("reading %q: %w", target, err)
	}
	if int64(len(data)) > opts.MaxBytes {
		return nil, "", fmt.Errorf("reading %q: %w (%d bytes)", target, ErrTooLarge, opts.MaxBytes)
	}
	return data, name, nil
}
