package intel

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Source is Verdict.Source for answers from Cloudflare's Intel API (fresh or cached).
const Source = "cloudflare-intel"

// DefaultRiskThreshold is the risk score at or above which a domain is malicious even without a
// threat category. Cloudflare documents risk_score as "a value between 0 (lowest risk) to 1
// (highest risk)" and publishes no cut-off; 0.9 is shieldscan's own, chosen high because the
// categories are the primary signal and a false "malicious" costs a responder's time.
const DefaultRiskThreshold = 0.9

// Category is one of Cloudflare's categories as the Intel API serves it: {id, name,
// super_category_id}. The IDs are those of Cloudflare's domain categories table (Gateway docs,
// "Category and subcategory IDs"): super-category 21 is "Security threats", 32 "Security risks".
type Category struct {
	ID              int    `json:"id,omitempty"`
	Name            string `json:"name,omitempty"`
	SuperCategoryID int    `json:"super_category_id,omitempty"`
}

// UnmarshalJSON accepts the documented object, and also a bare name or ID (the TypeScript SDK
// types IP risk_types as unknown, so be lenient).
func (c *Category) UnmarshalJSON(b []byte) error {
	switch s := strings.TrimSpace(string(b)); {
	case s == "null":
		return nil
	case strings.HasPrefix(s, `"`):
		return json.Unmarshal(b, &c.Name)
	case strings.HasPrefix(s, "{"):
		var raw struct {
			ID              num    `json:"id"`
			Name            string `json:"name"`
			SuperCategoryID num    `json:"super_category_id"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		*c = Category{ID: int(raw.ID), Name: raw.Name, SuperCategoryID: int(raw.SuperCategoryID)}
		return nil
	default:
		var n num
		err := n.UnmarshalJSON(b)
		c.ID = int(n)
		return err
	}
}

func (c Category) String() string {
	if c.Name != "" {
		return c.Name
	}
	return "category " + strconv.Itoa(c.ID)
}

// num is a JSON number that may also come as a numeric string; null is 0.
type num float64

func (n *num) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "null" || s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %.40s", s)
	}
	*n = num(f)
	return nil
}

// DomainInfo is the Intel API's record of a domain, from GET …/intel/domain (result) or
// GET …/intel/domain/bulk (one element of result). Fields and JSON names are those of
// Cloudflare's API schema (intel_domain, intel_collection_response) and cloudflare-go v6
// intel.Domain / intel.DomainBulkGetResponse; fields shieldscan does not use are left out.
type DomainInfo struct {
	Domain                     string     `json:"domain,omitempty"`
	RiskTypes                  []Category `json:"risk_types,omitempty"`
	InheritedRiskTypes         []Category `json:"inherited_risk_types,omitempty"`
	InheritedFrom              string     `json:"inherited_from,omitempty"`
	ContentCategories          []Category `json:"content_categories,omitempty"`
	InheritedContentCategories []Category `json:"inherited_content_categories,omitempty"`
	// RiskScore is between 0 (lowest risk) and 1 (highest); nil when the API gave none.
	RiskScore *float64 `json:"risk_score,omitempty"`
	// PopularityRank is Cloudflare's 100k ranking (1 is the top); 0 when unranked.
	PopularityRank        int                    `json:"popularity_rank,omitempty"`
	AdditionalInformation *AdditionalInformation `json:"additional_information,omitempty"`
	Application           *Application           `json:"application,omitempty"`
}

// AdditionalInformation is the domain record's additional_information.
type AdditionalInformation struct {
	// SuspectedMalwareFamily is the "suspected DGA malware family".
	SuspectedMalwareFamily string `json:"suspected_malware_family,omitempty"`
}

// Application is the application a hostname belongs to.
type Application struct {
	ID   int    `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// UnmarshalJSON reads the record leniently: numbers may be strings or null.
func (d *DomainInfo) UnmarshalJSON(b []byte) error {
	type plain DomainInfo
	var raw struct {
		plain
		RiskScore      *num `json:"risk_score"`
		PopularityRank num  `json:"popularity_rank"`
		Application    *struct {
			ID   num    `json:"id"`
			Name string `json:"name"`
		} `json:"application"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*d = DomainInfo(raw.plain)
	if raw.RiskScore != nil {
		f := float64(*raw.RiskScore)
		d.RiskScore = &f
	}
	d.PopularityRank = int(raw.PopularityRank)
	if raw.Application != nil && (raw.Application.ID != 0 || raw.Application.Name != "") {
		d.Application = &Application{ID: int(raw.Application.ID), Name: raw.Application.Name}
	}
	if d.AdditionalInformation != nil && *d.AdditionalInformation == (AdditionalInformation{}) {
		d.AdditionalInformation = nil
	}
	return nil
}

// Known reports whether the record holds any data: a category, a positive risk score, a rank
// or an application. The API answers for domains it knows nothing about too, with empty fields
// (or zeros); such a domain is "no data", never clean.
func (d *DomainInfo) Known() bool {
	return d != nil && (len(present(d.RiskTypes)) > 0 || len(present(d.InheritedRiskTypes)) > 0 || len(present(d.ContentCategories)) > 0 ||
		len(present(d.InheritedContentCategories)) > 0 || (d.RiskScore != nil && *d.RiskScore > 0) || d.PopularityRank > 0 ||
		d.Application != nil || d.AdditionalInformation != nil)
}

// IPInfo is the Intel API's record of an IP address, one element of GET …/intel/ip's result
// (API schema intel_schemas-ip; cloudflare-go intel.IP).
type IPInfo struct {
	IP           string     `json:"ip,omitempty"`
	RiskTypes    []Category `json:"risk_types,omitempty"`
	BelongsToRef *ASRef     `json:"belongs_to_ref,omitempty"`
}

// ASRef is belongs_to_ref: the autonomous system the address belongs to.
type ASRef struct {
	// ID is a STIX identifier ("autonomous-system--…").
	ID string `json:"id,omitempty"`
	// Value is the AS number.
	Value string `json:"value,omitempty"`
	// Description is the AS's name ("CLOUDFLARENET").
	Description string `json:"description,omitempty"`
	// Country is the AS's country code.
	Country string `json:"country,omitempty"`
	// Type is hosting_provider, isp or organization.
	Type string `json:"type,omitempty"`
}

// UnmarshalJSON reads value whether the API sends it as a string (the schema) or a number.
func (a *ASRef) UnmarshalJSON(b []byte) error {
	type plain ASRef
	var raw struct {
		plain
		ID    json.RawMessage `json:"id"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*a = ASRef(raw.plain)
	a.ID, a.Value = scalar(raw.ID), scalar(raw.Value)
	return nil
}

// scalar is a JSON string or number as text; "" for anything else.
func scalar(b json.RawMessage) string {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(b, &n) == nil {
		return n.String()
	}
	return ""
}

// Known reports whether the record holds any data.
func (ip *IPInfo) Known() bool {
	return ip != nil && (len(present(ip.RiskTypes)) > 0 || (ip.BelongsToRef != nil && *ip.BelongsToRef != ASRef{}))
}

// Threat is a security category that makes a host malicious.
type Threat struct {
	// ID is Cloudflare's category ID.
	ID int
	// Names are the names Cloudflare gives it, first the one shown.
	Names []string
}

// Threats are the security categories that make a host malicious: a risk type of the host's
// own, or one inherited from its parent domain, in this list is a threat. They are Cloudflare's
// "Security threats" (super-category 21) that point at an attacker: malware, phishing, C2,
// cryptomining, spyware, DGA, compromised domains, DNS tunneling, brand embedding (look-alike
// domains, the classic skimmer host) and scams. Left out, and reported as categories only:
// Anonymizer, Private IP Address, Spam and Potentially Unwanted Software (a service or a
// nuisance, not an attack), and the "Security risks" (New Domains, Newly Seen Domains, Parked
// & For Sale Domains). A category in super-category 21 that is in neither list (Cloudflare adds
// some from time to time) counts as a threat, and the reason says so.
var Threats = []Threat{
	{117, []string{"Malware"}},
	{131, []string{"Phishing"}},
	{80, []string{"Command and Control & Botnet"}},
	{83, []string{"Cryptomining"}},
	{153, []string{"Spyware"}},
	{176, []string{"DGA Domains", "Domain Generation Algorithm"}},
	{187, []string{"Compromised Domain"}},
	{175, []string{"DNS Tunneling"}},
	{178, []string{"Brand Embedding"}},
	{191, []string{"Scam"}},
}

// notThreats are the security categories (threats and risks) that Threats leaves out on purpose.
var notThreats = map[int]bool{68: true, 134: true, 151: true, 188: true, 128: true, 169: true, 177: true}

// securityThreats is Cloudflare's super-category "Security threats".
const securityThreats = 21

// threat reports whether c is a threat, and says why.
func threat(c Category) (bool, string) {
	for _, t := range Threats {
		if c.ID != 0 && c.ID == t.ID {
			return true, ""
		}
		for _, n := range t.Names {
			if strings.EqualFold(strings.TrimSpace(c.Name), n) {
				return true, ""
			}
		}
	}
	if c.SuperCategoryID == securityThreats && c.ID != 0 && !notThreats[c.ID] {
		return true, " (a security threat category that shieldscan does not list: counted as a threat)"
	}
	return false, ""
}

// Verdict is what shieldscan concludes about one host or IP address.
type Verdict struct {
	// Host is the canonical host or IP address.
	Host string `json:"host"`
	// Known is false when no source had any data on the host: "no data", not clean.
	Known bool `json:"known"`
	// Malicious is set when a threat category (own or inherited) or the risk score says so, or
	// the intel file lists the host.
	Malicious bool `json:"malicious"`
	// Reasons say why, in words fit for a report.
	Reasons []string `json:"reasons,omitempty"`
	// Categories are the security categories (risk types), own and inherited, and the intel
	// file's category.
	Categories []string `json:"categories,omitempty"`
	// ContentCategories are the content categories, own and inherited.
	ContentCategories []string `json:"contentCategories,omitempty"`
	// InheritedFrom is the parent domain whose categories the host inherits.
	InheritedFrom string `json:"inheritedFrom,omitempty"`
	// RiskScore is Cloudflare's risk score, 0 (lowest) to 1 (highest); nil when none.
	RiskScore *float64 `json:"riskScore,omitempty"`
	// PopularityRank is Cloudflare's 100k ranking, 0 when unranked.
	PopularityRank int `json:"popularityRank,omitempty"`
	// MalwareFamily is the suspected DGA malware family.
	MalwareFamily string `json:"malwareFamily,omitempty"`
	// AS is the autonomous system an IP address belongs to.
	AS *ASRef `json:"as,omitempty"`
	// Source is "cloudflare-intel" or the intel file's name; "" when no source knew the host.
	Source string `json:"source,omitempty"`
	// Cached is set when the answer came from the disk cache.
	Cached bool `json:"cached,omitempty"`
}

// Summary is the verdict in a few words: "malicious: Malware (inherited from example.com)",
// "no threat reported", "no data".
func (v Verdict) Summary() string {
	switch {
	case v.Malicious:
		return "malicious: " + strings.Join(v.Reasons, "; ")
	case v.Known:
		return "no threat reported"
	default:
		return "no data"
	}
}

// Verdict judges the record: malicious when a risk type, own or inherited, is one of Threats or
// the risk score is at least threshold (DefaultRiskThreshold when threshold <= 0).
func (d *DomainInfo) Verdict(threshold float64) Verdict {
	if threshold <= 0 {
		threshold = DefaultRiskThreshold
	}
	v := Verdict{Host: normalHost(d.Domain), Source: Source}
	if !d.Known() {
		v.Reasons = []string{"no data: Cloudflare Intel knows nothing about this domain"}
		return v
	}
	v.Known = true
	for _, c := range present(d.RiskTypes) {
		v.Categories = append(v.Categories, c.String())
		if ok, why := threat(c); ok {
			v.Malicious = true
			v.Reasons = append(v.Reasons, c.String()+why)
		}
	}
	for _, c := range present(d.InheritedRiskTypes) {
		name := c.String()
		if d.InheritedFrom != "" {
			name += " (inherited from " + d.InheritedFrom + ")"
		}
		v.Categories = append(v.Categories, name)
		if ok, why := threat(c); ok {
			v.Malicious = true
			v.Reasons = append(v.Reasons, name+why)
		}
	}
	for _, c := range present(append(slices.Clip(d.ContentCategories), d.InheritedContentCategories...)) {
		v.ContentCategories = append(v.ContentCategories, c.String())
	}
	if len(d.InheritedRiskTypes)+len(d.InheritedContentCategories) > 0 {
		v.InheritedFrom = d.InheritedFrom
	}
	if d.RiskScore != nil {
		s := *d.RiskScore
		v.RiskScore = &s
		if s >= threshold {
			v.Malicious = true
			v.Reasons = append(v.Reasons, fmt.Sprintf("risk score %s (threshold %s)", score(s), score(threshold)))
		}
	}
	v.PopularityRank = d.PopularityRank
	if d.AdditionalInformation != nil && d.AdditionalInformation.SuspectedMalwareFamily != "" {
		v.MalwareFamily = d.AdditionalInformation.SuspectedMalwareFamily
		v.Reasons = append(v.Reasons, "suspected malware family "+v.MalwareFamily)
	}
	return v
}

// present drops the empty categories (a null in the API's list).
func present(cs []Category) []Category {
	return slices.DeleteFunc(slices.Clone(cs), func(c Category) bool { return c == Category{} })
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Verdict judges the record: malicious when a risk type is one of Threats.
func (ip *IPInfo) Verdict() Verdict {
	v := Verdict{Host: ip.IP, Source: Source}
	if a, err := netip.ParseAddr(ip.IP); err == nil {
		v.Host = a.Unmap().WithZone("").String()
	}
	if !ip.Known() {
		v.Reasons = []string{"no data: Cloudflare Intel knows nothing about this address"}
		return v
	}
	v.Known = true
	for _, c := range present(ip.RiskTypes) {
		v.Categories = append(v.Categories, c.String())
		if ok, why := threat(c); ok {
			v.Malicious = true
			v.Reasons = append(v.Reasons, c.String()+why)
		}
	}
	if ip.BelongsToRef != nil && *ip.BelongsToRef != (ASRef{}) {
		as := *ip.BelongsToRef
		v.AS = &as
	}
	return v
}

// normalHost lowercases a host and drops a trailing dot.
func normalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}
