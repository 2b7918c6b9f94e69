package emulate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The samples under testdata/emulate were written for this corpus; each
// hides one host until it runs.
func TestSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		sink    string // the sink that must see the host
		host    string
		profile string
		reruns  int
	}{
		{"charcode_image_submit.js", "Image.src", "img-pixel-stats.example", "browser", 0},
		{"checkout_gate.js", "script.src", "cdn-analytic-js.example", "browser", 0},
		{"string_array.js", "XMLHttpRequest.open", "stat-collect.example", "browser", 0},
		{"string_array_rc4.js", "script.src", "rc4-pay.example", "browser", 0},
		{"xor_uri.js", "fetch", "api.card-verify.test", "browser", 0},
		{"self_key.js", "sendBeacon", "beacon.self-key.example", "browser", 0},
		{"wsh_dropper.js", "MSXML2.XMLHTTP.open", "update-srv.test", "wsh", 0},
		{"jquery_getscript.js", "jQuery.getScript", "js-libs-cdn.example", "browser", 0},
		{"year_gate.js", "img.src", "old-gate.example", "browser@2023-03-15", 0},
		{"html_comment.js", "WebSocket", "socket.legacy-comment.example", "browser", 0},
		{"packer_eval.js", "script.src", "packed-loader.example", "browser", 0},
		{"missing_global.js", "XMLHttpRequest.open", "rerun-stub.example", "browser", 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "emulate", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := runLimited(context.Background(), src, Options{Timeout: testTimeout})
			if err != nil {
				t.Fatalf("Run(%s): %v", tt.file, err)
			}
			if res.Budget != nil {
				t.Errorf("Run(%s).Budget = %+v, want nil", tt.file, res.Budget)
			}
			found := false
			for _, e := range res.Events {
				if !e.Code && e.Sink == tt.sink && e.Profile == tt.profile && strings.Contains(e.Value, "//"+tt.host+"/") {
					found = true
				}
			}
			if !found {
				t.Errorf("Run(%s): no %s event in profile %s with host %s; events:\n%s", tt.file, tt.sink, tt.profile, tt.host, dump(res.Events))
			}
			if res.Reruns != tt.reruns {
				t.Errorf("Run(%s).Reruns = %d (%v), want %d", tt.file, res.Reruns, res.Stubbed, tt.reruns)
			}
			hosts := map[string]bool{}
			for _, c := range Candidates(res.Events) {
				hosts[c.Host] = true
			}
			if !hosts[tt.host] {
				t.Errorf("Candidates(Run(%s)) lacks %s: %v", tt.file, tt.host, hosts)
			}
		})
	}
}

func dump(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		v := e.Value
		if len(v) > 120 {
			v = v[:120] + "…"
		}
		b.WriteString("\t" + e.Profile + " " + e.Sink + " " + v + "\n")
	}
	return b.String()
}
