package pageshield

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

// TestReadEvidence: the scores, versions and gaps that travel with a resource as its evidence.
func TestReadEvidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want rules.Observation // of the first resource; Kind, ID, SiteHost, dates and pages left out
	}{
		{
			"clean now, malicious before: the earlier version is the evidence",
			fixture(t, "script-get-versions.json"),
			rules.Observation{
				Scores:    map[string]int{"js_integrity": 91, "magecart": 95, "malware": 93, "cryptomining": 97, "obfuscation": 88, "dataflow": 90},
				Malicious: true,
				Reasons: []string{"earlier version 5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d fetched 2026-10-17T22:03:10Z" +
					" was malicious: js_integrity_score 3 < 10 (magecart 2, malware 6, cryptomining 96, obfuscation 4, dataflow 7);" +
					" the current version c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3 is not"},
			},
		},
		{
			"malicious now, clean before: no earlier malicious version",
			fixture(t, "script-get.json"),
			rules.Observation{
				Categories: []string{"Malware"},
				Scores:     map[string]int{"js_integrity": 4, "magecart": 3, "malware": 8, "cryptomining": 92},
				Malicious:  true,
				Reasons:    []string{"js_integrity_score 4 < 10", "url_reported_malicious", "malicious_url_categories: Malware"},
			},
		},
		{
			"versions without a current hash: the first is the current one",
			`{"result": {"url": "https://a.example.net/x.js", "js_integrity_score": 50, "versions": [` +
				`{"js_integrity_score": 50}, {"hash": "ab", "js_integrity_score": 2}, {"fetched_at": "2026-01-02T03:04:05Z", "js_integrity_score": 9.5}]}}`,
			rules.Observation{
				Scores:    map[string]int{"js_integrity": 50},
				Malicious: true,
				Reasons: []string{
					"earlier version ab was malicious: js_integrity_score 2 < 10; the current version is not",
					"earlier version fetched 2026-01-02T03:04:05Z was malicious: js_integrity_score 9.5 < 10; the current version is not",
				},
			},
		},
		{
			"deprecated scores kept",
			`[{"url": "https://a.example.net/x.js", "js_integrity_score": 60, "obfuscation_score": 12, "dataflow_score": 33}]`,
			rules.Observation{Scores: map[string]int{"js_integrity": 60, "obfuscation": 12, "dataflow": 33}},
		},
		{
			"a script without js_integrity_score is not scored, never clean",
			`[{"url": "https://a.example.net/x.js", "hash": "ab", "magecart_score": 80}]`,
			rules.Observation{
				Scores:  map[string]int{"magecart": 80},
				Reasons: []string{"js_integrity_score not scored: no verdict on the script's code"},
			},
		},
		{
			"not scored beside a verdict",
			`[{"url": "https://a.example.net/x.js", "fetched_at": null, "url_reported_malicious": true}]`,
			rules.Observation{
				Malicious: true,
				Reasons:   []string{"url_reported_malicious", "js_integrity_score not scored: no verdict on the script's code"},
			},
		},
		{
			"a connection has no scores to miss",
			`{"result": [{"url": "https://collect.example.net"}]}`,
			rules.Observation{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Read("in", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got := *in.Resources[0].PageShield
			got.Kind, got.ID, got.SiteHost, got.FirstSeen, got.LastSeen, got.PageURLs, got.Status = "", "", "", "", "", nil, ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Observation (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadDashboardCSV reads the dashboard-labelled export and the notes on filtered or capped
// exports.
func TestReadDashboardCSV(t *testing.T) {
	t.Parallel()
	in, err := Read("scripts-dashboard.csv", []byte(fixture(t, "scripts-dashboard.csv")))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2 https://shop.example.com/js/app.js kind=script site=shop.example.com",
		"3 https://cdn.skimmer-example.net/lib/checkout.js?v=3 kind=script site=shop.example.com malicious(url_reported_malicious; malicious categories: Malware; js_integrity_score not scored: no verdict on the script's code)",
		"4 https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js kind=script site=shop.example.com",
	}
	if got := summary(in); !slices.Equal(got, want) {
		t.Errorf("resources:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	o := in.Resources[0].PageShield
	if o.Status != "Active" || o.FirstSeen != "2026-09-02T08:14:20Z" || !slices.Equal(o.PageURLs, []string{"https://shop.example.com/", "https://shop.example.com/checkout"}) {
		t.Errorf("Observation = %+v: the labels Status, First seen at, First page URL and Page URLs were not read", *o)
	}
	wantNotes := []string{"scripts-dashboard.csv: every row is active: the export looks filtered (the dashboard shows active resources only by default), so infrequent and inactive ones may be missing; prefer --cloudflare-zone, which pulls them all"}
	if diff := cmp.Diff(wantNotes, in.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}

	rows := func(n int, status string) string {
		var b strings.Builder
		b.WriteString("URL,Status,JS Integrity Score\n")
		for i := range n {
			fmt.Fprintf(&b, "https://cdn.example.org/a%d.js,%s,80\n", i, status)
		}
		return b.String()
	}
	tests := []struct {
		name  string
		in    string
		notes []string
	}{
		{"mixed statuses, not round", rows(3, "inactive") + "https://cdn.example.org/b.js,active,80\n", nil},
		{"round row count", rows(200, "infrequent"), []string{"in: the export holds exactly 200 rows, a round number: it may be capped; prefer --cloudflare-zone, which pulls every page"}},
		{"no status column says nothing", "url,js_integrity_score\nhttps://cdn.example.org/a.js,80\n", nil},
		{"99 rows", rows(99, "inactive"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Read("in", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.notes, in.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadPageNotes: a saved list response that is one page of several says so.
func TestReadPageNotes(t *testing.T) {
	t.Parallel()
	note := func(kind, pages string) []string {
		return []string{"in: the " + kind + " list is missing pages that its result_info announces (it holds " + pages + "): prefer --cloudflare-zone, which pulls every page"}
	}
	scripts := fixture(t, "scripts-list.json")
	page := func(n, of string) string {
		return strings.Replace(strings.Replace(scripts, `"total_pages": 1`, `"total_pages": `+of, 1), `"page": 1`, `"page": `+n, 1)
	}
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprintf(`{"url": "https://cdn.example.org/a%d.js", "hash": "h"}`, i)
	}
	tests := []struct {
		name  string
		in    string
		notes []string
	}{
		{"total_pages", page("1", "3"), note("script", "1 page")},
		{"the last page alone", page("3", "3"), note("script", "1 page")},
		{"every page, concatenated", page("1", "3") + page("2", "3") + page("3", "3"), nil},
		{"scripts whole, connections not", scripts + strings.Replace(fixture(t, "connections-list.json"), `"total_pages": 1`, `"total_pages": 2`, 1),
			append([]string{"in: 2 items taken for connections, a guess (no field says which: their URLs name hosts only, as connections' do); give --kind script or --kind connection to say"},
				note("connection", "1 page")...)},
		{"total_count of the SDKs' schema", `{"result": [{"url": "https://a.example/x.js", "hash": "h"}, {"url": "https://b.example/y.js", "hash": "h"}],` +
			` "result_info": {"page": 2, "per_page": 2, "count": 2, "total_count": 5}}`, note("script", "1 page")},
		{"one whole list", fixture(t, "scripts-list.json"), nil},
		{"a full page without result_info", `{"result": [` + strings.Join(many, ",") + `]}`, note("script", "1 page")},
		{"a bare array has no pages", `[` + strings.Join(many, ",") + `]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Read("in", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.notes, in.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}
