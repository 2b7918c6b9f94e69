package pageshield

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/shieldscan/shieldscan/rules"
)

// maxGoneListed bounds the scripts a note about scripts gone from Page Shield names.
const maxGoneListed = 5

// pullVersions asks for the get response of the scripts in in, up to MaxVersions of them with
// versionWorkers requests in flight, and adds each earlier malicious version it shows to the
// script's reasons: the list response has no versions, so a script whose current version is
// clean would otherwise hide that an earlier one was a skimmer. The scripts not yet called
// malicious are asked for first, then by status: active, infrequent, inactive. A script that is
// gone by the time it is asked for (404) is a note, and so are the scripts the cap leaves
// unchecked; any other failure fails the pull.
func (c *Client) pullVersions(ctx context.Context, zoneID string, in *Input) error {
	scripts := versionCandidates(in.Resources)
	limit := c.MaxVersions
	switch {
	case limit == 0:
		limit = DefaultMaxVersions
	case limit < 0:
		limit = 0
	}
	checked := scripts[:min(limit, len(scripts))]
	gets := make([]*item, len(checked))
	errs := make([]error, len(checked))
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range checked {
			select {
			case next <- i:
			case <-wctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(versionWorkers, len(checked)) {
		wg.Go(func() {
			for i := range next {
				gets[i], errs[i] = c.getScript(wctx, zoneID, checked[i].PageShield.ID)
				if errs[i] != nil && !isGone(errs[i]) {
					cancel() // the pull fails: ask for no more
				}
			}
		})
	}
	wg.Wait()
	// The error returned is the first in the scripts' order that is not the cancellation that
	// followed it.
	for _, err := range errs {
		if err != nil && !isGone(err) && (ctx.Err() != nil || !errors.Is(err, context.Canceled)) {
			return err
		}
	}
	var gone []string
	for i, r := range checked {
		if errs[i] != nil {
			gone = append(gone, r.Canonical)
			continue
		}
		addEarlier(r.PageShield, gets[i])
	}
	if len(gone) > 0 {
		named := strings.Join(gone[:min(len(gone), maxGoneListed)], ", ")
		if len(gone) > maxGoneListed {
			named += fmt.Sprintf(" and %d more", len(gone)-maxGoneListed)
		}
		in.Notes = append(in.Notes, fmt.Sprintf(
			"Page Shield: %s that the list named %s gone when asked for (404), so not checked for an earlier malicious version: %s",
			count(len(gone), "script"), map[bool]string{true: "was", false: "were"}[len(gone) == 1], named))
	}
	if left := len(scripts) - len(checked); left > 0 {
		why := fmt.Sprintf("--cloudflare-max-versions %d asks for the versions of %s at most; raise it", len(checked), count(len(checked), "script"))
		if len(checked) == 0 {
			why = "--cloudflare-max-versions 0 asks for none; give a number of scripts"
		}
		in.Notes = append(in.Notes, fmt.Sprintf("Page Shield: %s not checked for an earlier malicious version (%s to check every script)", count(left, "script"), why))
	}
	return nil
}

// versionCandidates are the scripts of resources that a get response can be asked for (those with
// an id), once each, in the order pullVersions asks for them.
func versionCandidates(resources []*rules.Resource) []*rules.Resource {
	var out []*rules.Resource
	seen := map[string]bool{}
	for _, r := range resources {
		o := r.PageShield
		if o == nil || o.Kind != KindScript || o.ID == "" || seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		out = append(out, r)
	}
	rank := func(r *rules.Resource) int {
		s := 2
		switch strings.ToLower(r.PageShield.Status) {
		case "active":
			s = 0
		case "infrequent":
			s = 1
		case "inactive":
			s = 3
		}
		if r.PageShield.Malicious {
			s += 4
		}
		return s
	}
	slices.SortStableFunc(out, func(a, b *rules.Resource) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// getScript asks for one script's get response, and reads it.
func (c *Client) getScript(ctx context.Context, zoneID, id string) (*item, error) {
	path := "zones/" + zoneID + "/page_shield/scripts/" + url.PathEscape(id)
	req := "GET " + path
	body, err := c.get(ctx, req, path, url.Values{})
	if err != nil {
		return nil, err
	}
	return c.readScriptGet(req, body)
}

// readScriptGet reads the body of a script get response to req; every error wraps ErrAPI.
func (c *Client) readScriptGet(req string, body []byte) (*item, error) {
	env, err := c.response(req, body, "script get response", func(env *node) bool { res := env.get("result"); return res != nil && isItem(res) })
	if err != nil {
		return nil, err
	}
	r := &jsonReader{name: req, data: body, in: &Input{}, formats: map[string]bool{}, kind: KindScript}
	it, err := r.readItem(env.get("result"), KindScript)
	if err != nil {
		return nil, c.redactErr(fmt.Errorf("%w: %w", ErrAPI, err))
	}
	return it, nil
}

// isGone reports whether err is a 404: the script is no longer there.
func isGone(err error) bool {
	e, ok := errors.AsType[*APIError](err)
	return ok && e.Status == http.StatusNotFound
}
