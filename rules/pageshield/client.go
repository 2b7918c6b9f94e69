package pageshield

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/internal/cfapi"
	"github.com/shieldscan/shieldscan/rules"
)

// DefaultBaseURL is Cloudflare's API.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4"

// The client's defaults, used where a Client field is zero.
const (
	DefaultMaxRetries = cfapi.DefaultMaxRetries
	DefaultTimeout    = cfapi.DefaultTimeout
	DefaultMaxWait    = cfapi.DefaultMaxWait
	// perPage is the API's largest page.
	perPage = 100
	// maxPages bounds a pull: 1,000 pages of 100 is far beyond any zone.
	maxPages = 1000
	// maxBody bounds one response.
	maxBody = 32 << 20
	// DefaultMaxVersions is how many scripts a pull asks for their versions, one get request
	// each, when Client.MaxVersions is 0.
	DefaultMaxVersions = 200
	// versionWorkers bounds the get requests in flight.
	versionWorkers = 4
)

// ErrAPI is wrapped by every error of a pull that Cloudflare's API or the network caused.
var ErrAPI = cfapi.ErrAPI

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
	// MaxVersions caps the scripts whose get response a pull asks for, to read their earlier
	// versions: DefaultMaxVersions when 0, none when negative.
	MaxVersions int

	// pageCap bounds the pages of each list: maxPages when 0; tests lower it.
	pageCap int
}

// String describes the client without its token.
func (c Client) String() string {
	return "pageshield.Client{BaseURL: " + strconv.Quote(c.redact(c.baseURL())) + "}"
}

// GoString is String, so that %#v does not print the token either.
func (c Client) GoString() string { return c.String() }

// APIError is a request that the API refused or answered with a failure.
type APIError = cfapi.APIError

// readPermissionHint is the hint on 401 and 403.
const readPermissionHint = "the token needs the Page Shield Read permission (Zone > Page Shield > Read) for this zone"

var zoneIDRE = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// Pull fetches every script and connection that Page Shield has seen on the zone, active,
// infrequent and inactive, page by page; for scripts with exclude_duplicates=false, since the API
// otherwise folds scripts of the same content, URL host and zone host into the most recent one,
// and the older URL variants and their URL-level verdicts would never arrive. Then it asks for
// the get response of up to MaxVersions scripts, whose versions the list leaves out, so that a
// script whose earlier version was malicious says so (see pullVersions). The resources' Origin is
// empty: they come from no file.
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
	if err := c.pullVersions(ctx, zoneID, in); err != nil {
		return nil, err
	}
	for _, r := range in.Resources {
		r.Origin = rules.Origin{}
	}
	return in, nil
}

// listQuery is the query of one page of a list: every status, the largest pages and, for
// scripts, every duplicate.
func listQuery(kind string, page int) url.Values {
	q := url.Values{}
	q.Set("status", "active,infrequent,inactive")
	if kind == KindScript {
		q.Set("exclude_duplicates", "false")
	}
	q.Set("per_page", strconv.Itoa(perPage))
	q.Set("page", strconv.Itoa(page))
	return q
}

// pullKind fetches every page of scripts or connections into in, up to the page cap. When the
// API announces more, one page past the cap is asked for and dropped: if it holds anything, the
// list was cut, and a note says so.
func (c *Client) pullKind(ctx context.Context, zoneID, kind string, in *Input) error {
	path := "zones/" + zoneID + "/page_shield/" + kind + "s"
	limit := c.pageCap
	if limit <= 0 {
		limit = maxPages
	}
	read := 0
	for page, total := 1, 1; page <= total; page++ {
		into := in
		if page > limit {
			into = &Input{} // only whether there is more
		}
		q := listQuery(kind, page)
		req := "GET " + path + "?" + q.Encode()
		body, err := c.get(ctx, req, path, q)
		if err != nil {
			return err
		}
		r := &jsonReader{name: req, data: body, in: into, formats: map[string]bool{}, kind: kind}
		env, err := c.response(req, body, "list response", func(env *node) bool { return env.has("result") })
		if err != nil {
			return err
		}
		if err := r.envelope(env); err != nil {
			return c.redactErr(fmt.Errorf("%w: %w", ErrAPI, err))
		}
		res := env.get("result")
		if res == nil || len(res.elems) == 0 {
			break // an empty page: nothing further, whatever result_info says
		}
		if page > limit {
			in.Notes = append(in.Notes, fmt.Sprintf("Page Shield: the %s list was cut at %s (%s read); the zone has more that were not read",
				kind, count(limit, "page"), count(read, kind)))
			break
		}
		read += len(res.elems)
		if more := lastPage(env.get("result_info"), page, len(res.elems)); more > total {
			total = min(more, limit+1)
		}
	}
	return nil
}

// response checks the body of a 200 response to req: one JSON object that ok accepts (else it
// is not the API's what), and not "success": false.
func (c *Client) response(req string, body []byte, what string, ok func(env *node) bool) (*node, error) {
	vals, err := parseJSON(body)
	if err == nil && (len(vals) != 1 || vals[0].kind != '{') {
		err = &syntaxError{msg: "not a Page Shield " + what}
	}
	if err == nil {
		env := vals[0]
		if s := env.get("success"); s != nil && s.kind == 't' && !s.b {
			return nil, c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{apiMessages(env.get("errors"))}})
		}
		if ok(env) {
			return env, nil
		}
		err = &syntaxError{msg: "not a Page Shield " + what}
	}
	se, _ := err.(*syntaxError)
	return nil, c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{
		fmt.Sprintf("malformed response at byte offset %d: %s", se.off, strings.TrimPrefix(se.msg, "json: ")),
	}})
}

// lastPage is the last page a list response announces: result_info's total_pages when it has
// one; else the pages that total_count fills (the schema of the SDKs has no total_pages); and a
// full page always announces the next one, in case both are missing or short. It is not capped:
// callers bound it (maxPages).
func lastPage(info *node, page, got int) int {
	num := func(key string) int64 { return infoNum(info, key) }
	last := int64(page)
	per := num("per_page")
	if per == 0 {
		per = perPage
	}
	switch tp, tc := num("total_pages"), num("total_count"); {
	case tp > 0:
		last = tp
	case tc > 0:
		last = (tc + per - 1) / per
	}
	if int64(got) >= per {
		last = max(last, int64(page)+1)
	}
	return int(last)
}

// api is the shared Cloudflare API transport, set up as this client says.
func (c *Client) api() *cfapi.Client {
	return &cfapi.Client{
		BaseURL: c.baseURL(), Token: c.Token, HTTP: c.HTTP, MaxRetries: c.MaxRetries, Timeout: c.Timeout,
		MaxWait: c.MaxWait, MaxBody: maxBody, Sleep: c.Sleep, Status: c.statusError,
	}
}

// get does one GET with retries, and returns the body of its 200 response.
func (c *Client) get(ctx context.Context, req, path string, q url.Values) ([]byte, error) {
	return c.api().Get(ctx, req, path, q)
}

// redact removes the token, and credentials a base URL may carry, from s.
func (c *Client) redact(s string) string { return c.api().Redact(s) }

// redactErr returns err with the token taken out of its text; errors.Is and errors.As still see
// the errors it wraps.
func (c *Client) redactErr(err error) error { return c.api().RedactErr(err) }

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
		e.Hint = cfapi.GaveUp(attempt+1, spent)
	}
	return e
}

func (c *Client) baseURL() string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return c.BaseURL
}

// infoNum is a positive count of result_info, or 0.
func infoNum(info *node, key string) int64 {
	if v := info.get(key); v != nil && v.kind == '0' {
		if f, err := v.num.Float64(); err == nil && f > 0 && f < 1<<31 {
			return int64(f)
		}
	}
	return 0
}
