package intel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
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
	// DefaultBatchSize is how many domains one bulk request asks for. Cloudflare's API schema
	// (operation domain-intelligence-get-multiple-domain-details), the Go and TypeScript SDKs
	// and the API docs document no limit for /intel/domain/bulk, so this is a conservative
	// guess; a batch the API refuses with 400, 413 or 414 is split in halves and asked again.
	DefaultBatchSize = 10
	// maxBody bounds one response.
	maxBody = 8 << 20
)

// Permission is the API token permission that every Intel request needs.
const Permission = "Intel Read"

// ErrAPI is wrapped by every error that Cloudflare's API or the network caused.
var ErrAPI = cfapi.ErrAPI

// ErrNoToken is returned when the Client has no token. Like every error about the client's
// settings, it also matches rules.ErrInvalid, which the CLI maps to a usage error (exit 2).
var ErrNoToken error = &configError{"no API token for Cloudflare Intel: set CLOUDFLARE_API_TOKEN to a token with the " + Permission + " permission (Account > Intel > Read)"}

// configError is a setting that makes every request impossible.
type configError struct{ msg string }

func (e *configError) Error() string        { return e.msg }
func (e *configError) Is(target error) bool { return target == rules.ErrInvalid }

// Client looks hosts and IP addresses up in Cloudflare's Intel API. The zero value, with a
// Token and an AccountID, is ready to use.
type Client struct {
	// BaseURL is the API's root; DefaultBaseURL when empty.
	BaseURL string
	// Token is an API token with the Intel Read permission. It is never printed: errors and
	// String leave it out.
	Token string
	// AccountID is the Cloudflare account whose Intel entitlement the lookups use.
	AccountID string
	// HTTP does the requests; http.DefaultClient when nil.
	HTTP *http.Client
	// MaxRetries is how often a request is retried after 429, 5xx or a network error:
	// DefaultMaxRetries when 0, none when negative.
	MaxRetries int
	// Timeout bounds each request; DefaultTimeout when 0.
	Timeout time.Duration
	// MaxWait caps each wait between retries, Retry-After included; DefaultMaxWait when 0.
	MaxWait time.Duration
	// BatchSize is how many domains one bulk request carries; DefaultBatchSize when 0.
	BatchSize int
	// Sleep waits d or until ctx is done; tests replace it. A timer when nil.
	Sleep func(ctx context.Context, d time.Duration) error
}

// String describes the client without its token.
func (c Client) String() string {
	return "intel.Client{BaseURL: " + strconv.Quote(c.redact(c.baseURL())) + ", AccountID: " + strconv.Quote(c.AccountID) + "}"
}

// GoString is String, so that %#v does not print the token either.
func (c Client) GoString() string { return c.String() }

// APIError is a request that the API refused or answered with a failure.
type APIError = cfapi.APIError

const permissionHint = "the token needs the " + Permission + " permission (Account > Intel > Read) on this account"

var accountIDRE = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// Check reports a client that cannot make a request (no token, an account ID that is not 32
// hexadecimal digits, a base URL that is not http(s)), before any request: the error matches
// rules.ErrInvalid.
func (c *Client) Check() error { return c.check() }

// check reports a client that cannot make a request.
func (c *Client) check() error {
	if strings.TrimSpace(c.Token) == "" {
		return ErrNoToken
	}
	if !accountIDRE.MatchString(c.AccountID) {
		return &configError{fmt.Sprintf("Cloudflare account ID %q is not 32 hexadecimal digits (--cloudflare-account)", c.AccountID)}
	}
	if u, err := url.Parse(c.baseURL()); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &configError{fmt.Sprintf("API base URL %q is not an http(s) URL", c.redact(c.baseURL()))}
	}
	return nil
}

// envelope is Cloudflare's v4 response envelope (errors, messages, success, result).
type envelope struct {
	Success *bool           `json:"success"`
	Errors  []apiMessage    `json:"errors"`
	Result  json.RawMessage `json:"result"`
}

type apiMessage struct {
	Code    json.Number `json:"code"`
	Message string      `json:"message"`
}

func messages(ms []apiMessage) []string {
	var out []string
	for _, m := range ms {
		switch {
		case m.Message == "":
		case m.Code != "":
			out = append(out, fmt.Sprintf("%s (code %s)", m.Message, m.Code))
		default:
			out = append(out, m.Message)
		}
	}
	return out
}

// Domain asks GET accounts/{account_id}/intel/domain?domain=… about one domain. It returns the
// API's record, whatever it holds: DomainInfo.Known says whether that is any data at all.
func (c *Client) Domain(ctx context.Context, domain string) (*DomainInfo, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	q := url.Values{"domain": {domain}}
	var d DomainInfo
	if err := c.call(ctx, "intel/domain", q, &d); err != nil {
		return nil, err
	}
	if d.Domain == "" {
		d.Domain = domain
	}
	return &d, nil
}

// Domains asks GET accounts/{account_id}/intel/domain/bulk?domain=…&domain=… about many
// domains, BatchSize at a time, and returns one record per domain asked about (records the API
// left out are empty, so not Known).
func (c *Client) Domains(ctx context.Context, domains []string) (map[string]*DomainInfo, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	size := c.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	out := make(map[string]*DomainInfo, len(domains))
	for start := 0; start < len(domains); start += size {
		if err := c.bulk(ctx, domains[start:min(start+size, len(domains))], out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// bulk asks about one batch, splitting it when the API says it is too big.
func (c *Client) bulk(ctx context.Context, batch []string, out map[string]*DomainInfo) error {
	q := url.Values{"domain": batch}
	q.Set("include_ranking", "true") // ranking is opt-in on the bulk endpoint
	var items []DomainInfo
	err := c.call(ctx, "intel/domain/bulk", q, &items)
	var ae *APIError
	if errors.As(err, &ae) && len(batch) > 1 && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusRequestEntityTooLarge || ae.Status == http.StatusRequestURITooLong) {
		half := len(batch) / 2
		if err := c.bulk(ctx, batch[:half], out); err != nil {
			return err
		}
		return c.bulk(ctx, batch[half:], out)
	}
	if err != nil {
		return err
	}
	byName := map[string]*DomainInfo{}
	for i := range items {
		byName[normalHost(items[i].Domain)] = &items[i]
	}
	for i, d := range batch {
		switch {
		case byName[normalHost(d)] != nil:
			out[d] = byName[normalHost(d)]
		case len(items) == len(batch) && items[i].Domain == "":
			// unnamed records in the order asked
			items[i].Domain = d
			out[d] = &items[i]
		default:
			out[d] = &DomainInfo{Domain: d}
		}
	}
	return nil
}

// IP asks GET accounts/{account_id}/intel/ip?ipv4=… (or ipv6=…) about one address.
func (c *Client) IP(ctx context.Context, addr netip.Addr) (*IPInfo, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	addr = addr.Unmap()
	q := url.Values{}
	if addr.Is4() {
		q.Set("ipv4", addr.String())
	} else {
		q.Set("ipv6", addr.WithZone("").String())
	}
	var items []IPInfo
	if err := c.call(ctx, "intel/ip", q, &items); err != nil {
		return nil, err
	}
	for i := range items {
		if a, err := netip.ParseAddr(items[i].IP); err == nil && a.Unmap() == addr {
			return &items[i], nil
		}
	}
	if len(items) == 1 && items[0].IP == "" {
		items[0].IP = addr.String()
		return &items[0], nil
	}
	return &IPInfo{IP: addr.String()}, nil
}

// call does one GET below the account and decodes the envelope's result into v.
func (c *Client) call(ctx context.Context, path string, q url.Values, v any) error {
	path = "accounts/" + c.AccountID + "/" + path
	req := "GET " + path + "?" + q.Encode()
	body, err := c.get(ctx, req, path, q)
	if err != nil {
		return err
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{"malformed response: " + strings.TrimPrefix(err.Error(), "json: ")}})
	}
	if env.Success != nil && !*env.Success {
		m := messages(env.Errors)
		if len(m) == 0 {
			m = []string{"no error message"}
		}
		return c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: m})
	}
	if len(env.Result) == 0 || string(env.Result) == "null" {
		return nil // no result: no data
	}
	if err := json.Unmarshal(env.Result, v); err != nil {
		return c.redactErr(&APIError{Request: req, Status: http.StatusOK, Messages: []string{"unexpected result: " + strings.TrimPrefix(err.Error(), "json: ")}})
	}
	return nil
}

// api is the shared Cloudflare API transport, set up as this client says.
func (c *Client) api() *cfapi.Client {
	return &cfapi.Client{
		BaseURL: c.baseURL(), Token: c.Token, HTTP: c.HTTP, MaxRetries: c.MaxRetries, Timeout: c.Timeout,
		MaxWait: c.MaxWait, MaxBody: maxBody, Sleep: c.Sleep, Status: statusError,
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
func statusError(req string, status int, body []byte, attempt int, spent time.Duration) error {
	e := &APIError{Request: req, Status: status}
	var env envelope
	if json.Unmarshal(body, &env) == nil {
		e.Messages = messages(env.Errors)
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Hint = permissionHint
	case status == http.StatusNotFound:
		e.Hint = "check the account ID (--cloudflare-account)"
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
