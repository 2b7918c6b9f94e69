package pageshield

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// DefaultBaseURL is Cloudflare's API.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4"

// The client's defaults, used where a Client field is zero.
const (
	DefaultMaxRetries = 4
	DefaultTimeout    = 30 * time.Second
	DefaultMaxWait    = 60 * time.Second
	// perPage is the API's largest page.
	perPage = 100
	// maxPages bounds a pull: 1,000 pages of 100 is far beyond any zone.
	maxPages = 1000
	// maxBody bounds one response.
	maxBody = 32 << 20
)

// ErrAPI is wrapped by every error of a pull that Cloudflare's API or the network caused.
var ErrAPI = errors.New("cloudflare API error")

// Client pulls a zone's scripts and connections from the Page Shield API. The zero value, with a
// Token, is ready to use.
type Client struct {
	// BaseURL is the API's root; DefaultBaseURL when empty.
	BaseURL string
	// Token is an API token with the Page Shield Read permission. It is never printed: errors
	// and String leave it out.
	Token string
	// HTTP does the requests; http.DefaultClient when nil.
	HTTP *http.Client
	// MaxRetries is how often a request is retried after 429, 5xx or a network error:
	// DefaultMaxRetries when 0, none when negative.
	MaxRetries int
	// Timeout bounds each request; DefaultTimeout when 0.
	Timeout time.Duration
	// MaxWait caps each wait between retries, Retry-After included; DefaultMaxWait when 0.
	MaxWait time.Duration
	// Sleep waits d or until ctx is done; tests replace it. A timer when nil.
	Sleep func(ctx context.Context, d time.Duration) error
}

// String describes the client without its token.
func (c Client) String() string {
	return "pageshield.Client{BaseURL: " + strconv.Quote(c.redact(c.baseURL())) + "}"
}

// GoString is String, so that %#v does not print the token either.
func (c Client) GoString() string { return c.String() }

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

// readPermissionHint is the hint on 401 and 403.
const readPermissionHint = "the token needs the Page Shield Read permission (Zone > Page Shield > Read) for this zone"

var zoneIDRE = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// Pull fetches every script and connection that Page Shield has seen on the zone, active,
// infrequent and inactive, page by page. The resources' Origin is empty: they come from no file.
//
// The official SDK (cloudflare-go/v6, package page_shield) is not used: its List returns a
// pagination.SinglePage, which keeps only "result" and never asks for a next page, so a zone
// with more than 100 scripts would be cut short without a word.
func (c *Client) Pull(ctx context.Context, zoneID string) (*Input, error) {
	if !zoneIDRE.MatchString(zoneID) {
		return nil, fmt.Errorf("zone ID %q is not 32 hexadecimal digits: %w", zoneID, rules.ErrInvalid)
	}
	if strings.TrimSpace(c.Token) == "" {
		return nil, fmt.Errorf("no API token for the Page Shield pull: %w", rules.ErrInvalid)
	}
	if u, err := url.Parse(c.baseURL()); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("API base URL %q is not an http(s) URL: %w", c.redact(c.baseURL()), rules.ErrInvalid)
	}
	in := &Input{Format: FormatPageShield}
	for _, kind := range []string{KindScript, KindConnection} {
		if err := c.pullKind(ctx, zoneID, kind, in); err != nil {
			return nil, err
		}
	}
	for _, r := range in.Resources {
		r.Origin = rules.Origin{}
	}
	return in, nil
}

// pullKind fetches every page of scripts or connections into in.
func (c *Client) pullKind(ctx context.Context, zoneID, kind string, in *Input) error {
	path := "zones/" + zoneID + "/page_shield/" + kind + "s"
	for page, total := 1, 1; page <= total; page++ {
		q := url.Values{}
		q.Set("status", "active,infrequent,inactive")
		q.Set("per_page", strconv.Itoa(perPage))
		q.Set("page", strconv.Itoa(page))
		req := "GET " + path + "?" + q.Encode()
		body, err := c.get(ctx, req, path, q)
		if err != nil {
			return err
		}
		r := &jsonReader{name: req, data: body, in: in, formats: map[string]bool{}, kind: kind}
		vals, err := parseJSON(body)
		if err == nil && (len(vals) != 1 || vals[0].kind != '{' || !vals[0].has("result")) {
			err = &syntaxError{msg: "not a Page Shield list response"}
		}
		if err != nil {
			se, _ := err.(*syntaxError)
			return c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{
				fmt.Sprintf("malformed response at byte offset %d: %s", se.off, strings.TrimPrefix(se.msg, "json: ")),
			}})
		}
		env := vals[0]
		if s := env.get("success"); s != nil && s.kind == 't' && !s.b {
			return c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{apiMessages(env.get("errors"))}})
		}
		if err := r.envelope(env); err != nil {
			return c.redactErr(fmt.Errorf("%w: %w", ErrAPI, err))
		}
		if res := env.get("result"); res == nil || len(res.elems) == 0 {
			break // an empty page: nothing further, whatever result_info says
		}
		if tp := env.get("result_info").get("total_pages"); tp != nil && tp.kind == '0' {
			if n, err := tp.num.Int64(); err == nil && n > int64(total) {
				total = int(min(n, maxPages))
			}
		}
	}
	return nil
}

// get does one GET with retries, and returns the body of its 200 response.
func (c *Client) get(ctx context.Context, req, path string, q url.Values) ([]byte, error) {
	retries := c.MaxRetries
	switch {
	case retries == 0:
		retries = DefaultMaxRetries
	case retries < 0:
		retries = 0
	}
	u := strings.TrimSuffix(c.baseURL(), "/") + "/" + path + "?" + q.Encode()
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
			return nil, c.redactErr(fmt.Errorf("%s: %w", req, ctx.Err()))
		}
		retryable := err != nil || status == http.StatusTooManyRequests || status >= 500
		if !retryable || attempt >= retries {
			if err != nil && attempt > 0 {
				return nil, c.redactErr(fmt.Errorf("%s: %w: %w; %s", req, ErrAPI, err, gaveUp(attempt+1, spent)))
			}
			if err != nil {
				return nil, c.redactErr(fmt.Errorf("%s: %w: %w", req, ErrAPI, err))
			}
			return nil, c.redactErr(c.statusError(req, status, body, attempt, spent))
		}
		if wait <= 0 {
			wait = time.Second << attempt
		}
		wait = min(wait, c.maxWait())
		if err := c.sleep(ctx, wait); err != nil {
			return nil, c.redactErr(fmt.Errorf("%s: %w", req, err))
		}
		spent += wait
	}
}

// gaveUp says how many attempts a request had and how long they took, waits included.
func gaveUp(attempts int, spent time.Duration) string {
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
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(body) > maxBody {
		err = fmt.Errorf("response larger than %d bytes", maxBody)
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
		if !sameOrigin(req.URL, via[0].URL) {
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

// sameOrigin reports whether a and b have the same scheme, host and port (the scheme's default
// port when none is written).
func sameOrigin(a, b *url.URL) bool {
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

// statusError describes a response that was not 200, with the API's messages when the body has
// them.
func (c *Client) statusError(req string, status int, body []byte, attempt int, spent time.Duration) error {
	e := &APIError{Request: req, Status: status}
	if vals, err := parseJSON(body); err == nil && len(vals) == 1 {
		if m := apiMessages(vals[0].get("errors")); vals[0].get("errors") != nil && m != "no error message" {
			e.Messages = []string{m}
		}
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Hint = readPermissionHint
	case status == http.StatusNotFound:
		e.Hint = "check the zone ID, and that the zone has Page Shield"
	case status == http.StatusTooManyRequests || status >= 500:
		e.Hint = gaveUp(attempt+1, spent)
	}
	return e
}

func (c *Client) baseURL() string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return c.BaseURL
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

// redact removes the token, and credentials a base URL may carry, from s.
func (c *Client) redact(s string) string {
	if tok := strings.TrimSpace(c.Token); tok != "" {
		s = strings.ReplaceAll(s, tok, "REDACTED")
	}
	return rules.Redact(s)
}

// redactErr returns err with the token taken out of its text; errors.Is and errors.As still see
// the errors it wraps.
func (c *Client) redactErr(err error) error {
	return &redactedError{msg: c.redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
