package emulate

import (
	"slices"
	"testing"
)

// A script is run again on the later dates only when its run on the first read the clock or
// Math.random (seeded with the date) and found nothing: what reads neither does the same on
// every date.
func TestDatesOnlyWhenTimed(t *testing.T) {
	t.Parallel()
	all := []string{"browser", "browser@2023-03-15", "browser@2019-09-15"}
	tests := []struct {
		name      string
		src       string
		wantClock bool
		want      []string
	}{
		{"no clock", `var a = [1, 2, 3].map(function (x) { return x * 2; }); new Date(2019, 1, 1).getFullYear();`, false, []string{"browser"}},
		{"Date.now", `var t = Date.now();`, true, all},
		{"new Date", `if (new Date().getFullYear() < 2000) { fetch("https://never.example/"); }`, true, all},
		{"Date()", `var s = Date();`, true, all},
		{"Math.random", `var r = Math.random();`, true, all},
		{"crypto.getRandomValues", `crypto.getRandomValues(new Uint8Array(4));`, true, all},
		{"clock in a timer", `setTimeout(function () { var t = +new Date(); }, 10);`, true, all},
		{"clock in a load handler", `window.addEventListener("load", function () { Date.now(); });`, true, all},
		{"found on the first date", `var t = Date.now(); fetch("https://first-date.example/x");`, true, []string{"browser"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, tt.src, Options{Profiles: []string{profileBrowser}})
			if res.Clock != tt.wantClock {
				t.Errorf("Run(%q).Clock = %v, want %v", tt.src, res.Clock, tt.wantClock)
			}
			if !slices.Equal(res.Profiles, tt.want) {
				t.Errorf("Run(%q).Profiles = %v, want %v", tt.src, res.Profiles, tt.want)
			}
		})
	}
}
