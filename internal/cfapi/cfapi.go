// Package cfapi is what shieldscan's Cloudflare API clients (Page Shield, Intel) share: a GET
// with the bearer token, a timeout per attempt, retries on 429, 5xx and network errors (the
// server's Retry-After honoured), errors that say how many attempts took how long, a redirect
// policy that drops the token whenever a redirect leaves the API's origin, and redaction of the
// token from every error.
package cfapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// ErrAPI is wrapped by every failure of a Cloudflare API request.
var ErrAPI = errors.New("cloudflare API error")

// APIError is a request that the API refused or answered with a failure.
type APIError struct {
	// Request is the method and the path below the base URL, with its query.
	Request string
	// Status is the HTTP status code, 0 when the response never came.
	Status int
	// Messages are the API's error messages.
	Messages []string
	// Hint says what to do, when that is known.
	Hint string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Request)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": %d %s", e.Status, http.StatusText(e.Status))
	}
	if len(e.Messages) > 0 {
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	}
	if e.Hint != "" {
		b.WriteString(": " + e.Hint)
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return ErrAPI }

// Defaults, for a zero field of Client.
const (
	DefaultMaxRetries = 4
	DefaultTimeout    = 30 * time.Second
	DefaultMaxWait    = 60 * time.Second
	DefaultMaxBody    = 64 << 20
)

// Client sends the requests of one API client.
type Client struct {
	// BaseURL is the API's base URL; Token the API token (never printed).
	BaseURL, Token string
	// HTTP carries the requests (http.DefaultClient when nil); its redirect policy is kept, after
	// the token is dropped from a redirect that leaves the origin.
	HTTP *http.Client
	// MaxRetries is how many times a request is retried (0: DefaultMaxRetries; < 0: none).
	MaxRetries int
	// Timeout bounds one attempt; MaxWait one wait between attempts.
	Timeout, MaxWait time.Duration
	// MaxBody is the largest response body read (0: DefaultMaxBody).
	MaxBody int64
	// Sleep waits between attempts (tests make it instant); nil sleeps.
	Sleep func(context.Context, time.Duration) error
	// Status describes a response that was not 200 (an *APIError, usually).
	Status func(req string, status int, body []byte, attempt int, spent time.Duration) error
}

func (c *Client) maxBody() int64 {
	if c.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return c.MaxBody
}

// Get does one GET of path with query q, with retries (429, 5xx, network errors; the
// server's Retry-After honoured, else an exponential wait), and returns the body of its 200
// response. req names the request in errors; every error is redacted and wraps c.ErrAPI, and returns the body of its 200 response.
func (c *Client) Get(ctx context.Context, req, path string, q url.Values) ([]byte, error) {
	retries := c.MaxRetries
	switch {
	case retries == 0:
		retries = DefaultMaxRetries
	case retries < 0:
		retries = 0
	}
	u := strings.TrimSuffix(c.BaseURL, "/") + "/" + path + "?" + q.Encode()
	// spent is the time the attempts took and the waits between them: what the user waited.
	var spent time.Duration
	for attempt := 0; ; attempt++ {
		start := time.Now()
		body, status, wait, err := c.do(ctx, u)
		spent += time.Since(start)
		switch {
		case err == nil && status == http.StatusOK:
			return body, nil
		case ctx.Err() != nil:
			return nil, c.RedactErr(fmt.Errorf("%s: %w", req, ctx.Err()))
		}
		retryable := err != nil || status == http.StatusTooManyRequests || status >= 500
		if !retryable || attempt >= retries {
			if err != nil && attempt > 0 {
				return nil, c.RedactErr(fmt.Errorf("%s: %w: %w; %s", req, ErrAPI, err, GaveUp(attempt+1, spent)))
			}
			if err != nil {
				return nil, c.RedactErr(fmt.Errorf("%s: %w: %w", req, ErrAPI, err))
			}
			return nil, c.RedactErr(c.Status(req, status, body, attempt, spent))
		}
		if wait <= 0 {
			wait = time.Second << attempt
		}
		wait = min(wait, c.maxWait())
		if err := c.sleep(ctx, wait); err != nil {
			return nil, c.RedactErr(fmt.Errorf("%s: %w", req, err))
		}
		spent += wait
	}
}

// GaveUp says how many attempts a request had and how long they took, waits included.
func GaveUp(attempts int, spent time.Duration) string {
	if spent >= time.Minute {
		spent = spent.Round(time.Second)
	} else {
		spent = spent.Round(100 * time.Millisecond)
	}
	return fmt.Sprintf("gave up after %d attempts in %v", attempts, spent)
}

// do sends one request. wait is the server's Retry-After, or 0.
func (c *Client) do(ctx context.Context, u string) (body []byte, status int, wait time.Duration, err error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(c.Token))
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "shieldscan")
	resp, err := c.httpClient().Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			err = fmt.Errorf("no response within %v", timeout)
		}
		return nil, 0, 0, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, c.maxBody()+1))
	if err == nil && int64(len(body)) > c.maxBody() {
		err = fmt.Errorf("response larger than %d bytes", c.maxBody())
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("response not read within %v", timeout)
		}
		return nil, resp.StatusCode, 0, err
	}
	return body, resp.StatusCode, retryAfter(resp.Header.Get("Retry-After")), nil
}

// httpClient is c.HTTP (http.DefaultClient when nil) with a redirect policy that drops the token
// whenever a redirect leaves the base URL's origin: net/http keeps Authorization on a redirect to
// the same host on another port, or from https to http.
func (c *Client) httpClient() *http.Client {
	hc := http.DefaultClient
	if c.HTTP != nil {
		hc = c.HTTP
	}
	cp := *hc
	next := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !SameOrigin(req.URL, via[0].URL) {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// SameOrigin reports whether a and b have the same scheme, host and port (the scheme's default
// port when none is written).
func SameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		return map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		return time.Duration(max(s, 0)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait <= 0 {
		return DefaultMaxWait
	}
	return c.MaxWait
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Redact removes the token, and credentials a base URL may carry, from s.
func (c *Client) Redact(s string) string {
	if tok := strings.TrimSpace(c.Token); tok != "" {
		s = strings.ReplaceAll(s, tok, "REDACTED")
	}
	return rules.Redact(s)
}

// RedactErr returns err with the token taken out of its text; errors.Is and errors.As still see
// the errors it wraps.
func (c *Client) RedactErr(err error) error {
	return &redactedError{msg: c.Redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
