package intel

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDomainVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		record    string
		threshold float64
		want      Verdict
	}{
		{
			name:   "empty record: no data, not clean",
			record: `{"domain": "Quiet.Example."}`,
			want:   Verdict{Host: "quiet.example", Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}, Source: Source},
		},
		{
			name:   "zeros and empty lists are no data too",
			record: `{"domain": "quiet.example", "risk_score": 0, "popularity_rank": 0, "risk_types": [], "additional_information": {"suspected_malware_family": ""}, "application": {}}`,
			want:   Verdict{Host: "quiet.example", Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}, Source: Source},
		},
		{
			name:   "content category only: known, no threat",
			record: `{"domain": "shop.example", "content_categories": [{"id": 148, "name": "Shopping", "super_category_id": 22}]}`,
			want:   Verdict{Host: "shop.example", Known: true, ContentCategories: []string{"Shopping"}, Source: Source},
		},
		{
			name:   "threat by ID whatever the name",
			record: `{"domain": "a.example", "risk_types": [{"id": 176, "name": "Domain Generation Algorithm", "super_category_id": 21}], "additional_information": {"suspected_malware_family": "Necurs"}}`,
			want: Verdict{Host: "a.example", Known: true, Malicious: true,
				Reasons: []string{"Domain Generation Algorithm", "suspected malware family Necurs"}, Categories: []string{"Domain Generation Algorithm"},
				MalwareFamily: "Necurs", Source: Source},
		},
		{
			name:   "threat by name without an ID",
			record: `{"domain": "a.example", "risk_types": [{"name": "dga domains"}]}`,
			want:   Verdict{Host: "a.example", Known: true, Malicious: true, Reasons: []string{"dga domains"}, Categories: []string{"dga domains"}, Source: Source},
		},
		{
			name:   "security risks and non-threats are categories, not malice",
			record: `{"domain": "new.example", "risk_types": [{"id": 169, "name": "New Domains", "super_category_id": 32}, {"id": 68, "name": "Anonymizer", "super_category_id": 21}, {"id": 151, "name": "Spam", "super_category_id": 21}]}`,
			want:   Verdict{Host: "new.example", Known: true, Categories: []string{"New Domains", "Anonymizer", "Spam"}, Source: Source},
		},
		{
			name:   "an unlisted security threat counts",
			record: `{"domain": "a.example", "risk_types": [{"id": 999, "name": "Skimming", "super_category_id": 21}]}`,
			want: Verdict{Host: "a.example", Known: true, Malicious: true,
				Reasons:    []string{"Skimming (a security threat category that shieldscan does not list: counted as a threat)"},
				Categories: []string{"Skimming"}, Source: Source},
		},
		{
			name:   "inherited threat",
			record: `{"domain": "cdn.bad.example", "inherited_from": "bad.example", "inherited_risk_types": [{"id": 117, "name": "Malware", "super_category_id": 21}], "inherited_content_categories": [{"id": 155, "name": "Technology"}]}`,
			want: Verdict{Host: "cdn.bad.example", Known: true, Malicious: true,
				Reasons: []string{"Malware (inherited from bad.example)"}, Categories: []string{"Malware (inherited from bad.example)"},
				ContentCategories: []string{"Technology"}, InheritedFrom: "bad.example", Source: Source},
		},
		{
			name:   "score below the threshold",
			record: `{"domain": "a.example", "risk_score": 0.89, "popularity_rank": 5000}`,
			want:   Verdict{Host: "a.example", Known: true, RiskScore: f64(0.89), PopularityRank: 5000, Source: Source},
		},
		{
			name:   "score at the threshold",
			record: `{"domain": "a.example", "risk_score": 0.9}`,
			want:   Verdict{Host: "a.example", Known: true, Malicious: true, Reasons: []string{"risk score 0.9 (threshold 0.9)"}, RiskScore: f64(0.9), Source: Source},
		},
		{
			name:      "a lower threshold",
			record:    `{"domain": "a.example", "risk_score": "0.5"}`,
			threshold: 0.5,
			want:      Verdict{Host: "a.example", Known: true, Malicious: true, Reasons: []string{"risk score 0.5 (threshold 0.5)"}, RiskScore: f64(0.5), Source: Source},
		},
		{
			name:   "bare names and IDs as categories",
			record: `{"domain": "a.example", "risk_types": ["Phishing", 83, null]}`,
			want: Verdict{Host: "a.example", Known: true, Malicious: true,
				Reasons: []string{"Phishing", "category 83"}, Categories: []string{"Phishing", "category 83"}, Source: Source},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var d DomainInfo
			if err := json.Unmarshal([]byte(tt.record), &d); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, d.Verdict(tt.threshold)); diff != "" {
				t.Errorf("Verdict(%s) mismatch (-want +got):\n%s", tt.record, diff)
			}
		})
	}
}

func TestIPVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		record string
		want   Verdict
	}{
		{`{"ip": "192.0.2.1"}`, Verdict{Host: "192.0.2.1", Reasons: []string{"no data: Cloudflare Intel knows nothing about this address"}, Source: Source}},
		{`{"ip": "192.0.2.1", "belongs_to_ref": {}, "risk_types": []}`, Verdict{Host: "192.0.2.1", Reasons: []string{"no data: Cloudflare Intel knows nothing about this address"}, Source: Source}},
		{`{"ip": "192.0.2.1", "belongs_to_ref": {"value": 13335, "description": "CLOUDFLARENET", "country": "US"}}`,
			Verdict{Host: "192.0.2.1", Known: true, AS: &ASRef{Value: "13335", Description: "CLOUDFLARENET", Country: "US"}, Source: Source}},
		{`{"ip": "2001:DB8::1", "risk_types": [{"id": 131, "name": "Phishing", "super_category_id": 21}]}`,
			Verdict{Host: "2001:db8::1", Known: true, Malicious: true, Reasons: []string{"Phishing"}, Categories: []string{"Phishing"}, Source: Source}},
	}
	for _, tt := range tests {
		var ip IPInfo
		if err := json.Unmarshal([]byte(tt.record), &ip); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, ip.Verdict()); diff != "" {
			t.Errorf("Verdict(%s) mismatch (-want +got):\n%s", tt.record, diff)
		}
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    Verdict
		want string
	}{
		{Verdict{}, "no data"},
		{Verdict{Known: true}, "no threat reported"},
		{Verdict{Known: true, Malicious: true, Reasons: []string{"Malware", "risk score 0.97 (threshold 0.9)"}}, "malicious: Malware; risk score 0.97 (threshold 0.9)"},
	} {
		if got := tt.v.Summary(); got != tt.want {
			t.Errorf("%+v.Summary() = %q, want %q", tt.v, got, tt.want)
		}
	}
}
