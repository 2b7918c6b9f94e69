//go:build devtools

// Command gen-history writes a synthetic git history of web code as a git fast-import stream,
// for bench/history.sh: a main line of -commits commits that each edit a few files, feature
// branches merged back or left unmerged, annotated tags, and references to the alerted hosts
// that come and go. The hosts go to -needles (one a line).
//
// Usage:
//
//	go run -tags devtools ./bench/gen-history [-seed N] [-commits N] -needles FILE | git fast-import
//
// The same seed and commit count give the same stream, so the same SHAs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen-history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "the history to make")
	commits := fs.Int("commits", 10000, "commits on the main line")
	needles := fs.String("needles", "", "write the alerted hosts to `FILE`")
	if err := fs.Parse(args); err != nil || *needles == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: gen-history [-seed N] [-commits N] -needles FILE | git fast-import")
		return 2
	}
	if err := os.WriteFile(*needles, []byte(strings.Join(hosts, "\n")+"\n"), 0o644); err != nil {
		fmt.Fprintln(stderr, "gen-history:", err)
		return 1
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	g := &gen{w: w, r: rand.New(rand.NewPCG(*seed, 0x5eed)), files: map[string][]string{}}
	g.history(*commits)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "gen-history:", err)
		return 1
	}
	st := g.stats
	fmt.Fprintf(stderr, "gen-history: %d commits (%d merges, %d unmerged branches, %d tags), %d blobs written, %d files at HEAD, %d references planted\n",
		st.commits, st.merges, st.unmerged, st.tags, st.blobs, len(g.files), st.planted)
	return 0
}

// hosts are the alerted resources: CDN, analytics and look-alike skimmer hosts.
var hosts = []string{
	"cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "code.jquery.com", "ajax.googleapis.com",
	"www.googletagmanager.com", "www.google-analytics.com", "connect.facebook.net", "static.hotjar.com",
	"js.stripe.com", "checkout.paypal-cdn.example", "cdn.segment.com", "widget.intercom.io",
	"js.hs-scripts.com", "snap.licdn.com", "bat.bing.com", "static.ads-twitter.com", "s.pinimg.com",
	"analytics.tiktok.com", "cdn.mxpnl.com", "script.crazyegg.com", "cdn.optimizely.com",
	"fonts.googleapis.com", "use.typekit.net", "kit.fontawesome.com", "polyfill.io", "cdn.polyfill.io",
	"jquery-cdn.example", "gstatic-analytics.example", "magento-stats.example", "cdn-jslib.example",
	"secure-payments-cdn.example", "google-anaiytics.example", "jqueryapi.example", "cloudflare-cdnjs.example",
	"fbcdn-static.example", "stats-collector.example", "img-cdn-loader.example", "tag-manager-cdn.example",
	"payment-verify.example", "js-metrics.example", "sentry-cdn.example", "cdn.trackjs.example",
	"ws.skimmer-socket.example", "api.exfil-beacon.example", "198.51.100.23", "203.0.113.77",
	"cdn.shop-assets.example", "static.checkout-widgets.example", "lib.visitor-insights.example",
	"px.retarget-pixel.example", "assets.cart-recovery.example",
}

type stats struct{ commits, merges, unmerged, tags, blobs, planted int }

type gen struct {
	w     *bufio.Writer
	r     *rand.Rand
	files map[string][]string // main line's tree: path → lines
	paths []string            // sorted keys of files
	mark  int
	when  int64
	stats stats
}

func (g *gen) next() int { g.mark++; return g.mark }

var dirs = []string{"src/components", "src/pages", "src/lib", "src/vendor", "public", "public/css", "templates", "admin/js", "checkout", "static/js"}
var exts = map[string][]string{
	"src/components": {".js", ".jsx"}, "src/pages": {".js", ".html"}, "src/lib": {".js", ".ts"},
	"src/vendor": {".js"}, "public": {".html"}, "public/css": {".css"}, "templates": {".html", ".twig"},
	"admin/js": {".js"}, "checkout": {".js", ".html"}, "static/js": {".js"},
}

var words = strings.Fields("cart item price total user session token render update fetch state props value index node list map filter reduce config options result error handler event button modal form input submit checkout payment address order product image banner menu header footer layout theme color")

// line makes one line of plausible web code for the file's kind.
func (g *gen) line(path string) string {
	w := func() string { return words[g.r.IntN(len(words))] }
	switch {
	case strings.HasSuffix(path, ".css"):
		return fmt.Sprintf(".%s-%s { margin: %dpx; color: #%06x; }", w(), w(), g.r.IntN(40), g.r.IntN(1<<24))
	case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, ".twig"):
		return fmt.Sprintf(`  <div class="%s %s" data-%s="%d">%s %s</div>`, w(), w(), w(), g.r.IntN(1000), w(), w())
	}
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("  const %s%d = %s.%s(%s, %d);", w(), g.r.IntN(100), w(), w(), w(), g.r.IntN(1000))
	case 1:
		return fmt.Sprintf("  if (%s.%s > %d) { return %s(%s); }", w(), w(), g.r.IntN(100), w(), w())
	case 2:
		return fmt.Sprintf("  // %s the %s before %s", w(), w(), w())
	}
	return fmt.Sprintf("  %s.%s = function (%s) { return %s + %d; };", w(), w(), w(), w(), g.r.IntN(10))
}

// reference makes a line that loads one of the hosts.
func (g *gen) reference(path string) string {
	h := hosts[g.r.IntN(len(hosts))]
	g.stats.planted++
	switch {
	case strings.HasSuffix(path, ".css"):
		return fmt.Sprintf(`@import url("https://%s/styles/%d.css");`, h, g.r.IntN(100))
	case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, ".twig"):
		return fmt.Sprintf(`<script src="https://%s/lib/v%d/loader.min.js" async></script>`, h, g.r.IntN(9))
	}
	return fmt.Sprintf(`  loadScript("https://%s/sdk.js?id=%d");`, h, g.r.IntN(100000))
}

func (g *gen) newFile() string {
	d := dirs[g.r.IntN(len(dirs))]
	e := exts[d][g.r.IntN(len(exts[d]))]
	p := fmt.Sprintf("%s/%s-%s-%d%s", d, words[g.r.IntN(len(words))], words[g.r.IntN(len(words))], g.r.IntN(100000), e)
	if _, ok := g.files[p]; ok {
		return g.newFile()
	}
	n := 40 + g.r.IntN(400)
	lines := make([]string, n)
	for i := range lines {
		lines[i] = g.line(p)
	}
	g.files[p] = lines
	i, _ := slices.BinarySearch(g.paths, p)
	g.paths = slices.Insert(g.paths, i, p)
	return p
}

// edit changes a few lines of a file: replaces, inserts, deletes, sometimes plants or drops a
// reference to a host.
func (g *gen) edit(p string) {
	lines := g.files[p]
	for range 1 + g.r.IntN(4) {
		i := g.r.IntN(len(lines) + 1)
		switch k := g.r.IntN(100); {
		case k < 3:
			lines = slices.Insert(lines, i, g.reference(p))
		case k < 40:
			lines = slices.Insert(lines, i, g.line(p))
		case k < 60 && len(lines) > 10:
			lines = slices.Delete(lines, min(i, len(lines)-1), min(i, len(lines)-1)+1)
		default:
			lines[min(i, len(lines)-1)] = g.line(p)
		}
	}
	// references get cleaned up now and then
	if g.r.IntN(10) == 0 {
		lines = slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, "https://") && g.r.IntN(2) == 0 })
	}
	g.files[p] = lines
}

func (g *gen) blob(lines []string) int {
	m := g.next()
	data := strings.Join(lines, "\n") + "\n"
	fmt.Fprintf(g.w, "blob\nmark :%d\ndata %d\n%s\n", m, len(data), data)
	g.stats.blobs++
	return m
}

// commit writes a commit on ref with the given changes (path → blob mark, 0 = delete).
func (g *gen) commit(ref, msg string, from int, merge int, changes map[string]int) int {
	m := g.next()
	g.when += 600 + int64(g.r.IntN(7200))
	who := fmt.Sprintf("Dev %d <dev%d@shop.example> %d +0000", g.r.IntN(12), g.r.IntN(12), g.when)
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n", ref, m, who, who, len(msg), msg)
	if from > 0 {
		fmt.Fprintf(g.w, "from :%d\n", from)
	}
	if merge > 0 {
		fmt.Fprintf(g.w, "merge :%d\n", merge)
		g.stats.merges++
	}
	keys := make([]string, 0, len(changes))
	for p := range changes {
		keys = append(keys, p)
	}
	slices.Sort(keys)
	for _, p := range keys {
		if b := changes[p]; b == 0 {
			fmt.Fprintf(g.w, "D %s\n", p)
		} else {
			fmt.Fprintf(g.w, "M 100644 :%d %s\n", b, p)
		}
	}
	g.w.WriteString("\n")
	g.stats.commits++
	return m
}

func (g *gen) history(n int) {
	for range 300 {
		g.newFile()
	}
	changes := map[string]int{}
	for _, p := range g.paths {
		changes[p] = g.blob(g.files[p])
	}
	head := g.commit("refs/heads/main", "initial import", 0, 0, changes)
	for i := 1; i < n; i++ {
		if i%150 == 0 {
			head = g.feature(i, head)
			continue
		}
		changes := map[string]int{}
		switch k := g.r.IntN(100); {
		case k < 8:
			p := g.newFile()
			changes[p] = g.blob(g.files[p])
		case k < 10 && len(g.paths) > 200:
			p := g.paths[g.r.IntN(len(g.paths))]
			delete(g.files, p)
			i, _ := slices.BinarySearch(g.paths, p)
			g.paths = slices.Delete(g.paths, i, i+1)
			changes[p] = 0
		}
		for range 1 + g.r.IntN(8) {
			p := g.paths[g.r.IntN(len(g.paths))]
			if changes[p] == 0 && g.files[p] == nil {
				continue
			}
			g.edit(p)
			changes[p] = g.blob(g.files[p])
		}
		head = g.commit("refs/heads/main", fmt.Sprintf("%s %s (#%d)", words[g.r.IntN(len(words))], words[g.r.IntN(len(words))], i), head, 0, changes)
		if i%500 == 0 {
			g.stats.tags++
			g.when++
			msg := fmt.Sprintf("release %d", i/500)
			fmt.Fprintf(g.w, "tag v%d.0.0\nfrom :%d\ntagger Release <release@shop.example> %d +0000\ndata %d\n%s\n", i/500, head, g.when, len(msg), msg)
		}
	}
}

// feature writes a branch of a few commits that adds files under features/, then merges it
// into main (four times in five) or leaves it unmerged.
func (g *gen) feature(i, head int) int {
	ref := fmt.Sprintf("refs/heads/feature-%d", i)
	tip := head
	var added map[string]int
	files := map[string][]string{}
	for j := range 3 + g.r.IntN(8) {
		changes := map[string]int{}
		p := fmt.Sprintf("features/f%d/part%d.js", i, g.r.IntN(4))
		if files[p] == nil {
			files[p] = []string{g.line(p), g.line(p)}
		}
		lines := append(files[p], g.line(p))
		if g.r.IntN(4) == 0 {
			lines = append(lines, g.reference(p))
		}
		files[p] = lines
		changes[p] = g.blob(lines)
		tip = g.commit(ref, fmt.Sprintf("feature %d step %d", i, j), tip, 0, changes)
		if added == nil {
			added = map[string]int{}
		}
		added[p] = changes[p]
	}
	if g.r.IntN(5) == 0 {
		g.stats.unmerged++
		return head
	}
	merged := g.commit("refs/heads/main", fmt.Sprintf("Merge branch 'feature-%d'", i), head, tip, added)
	fmt.Fprintf(g.w, "reset %s\n\n", ref) // the merged branch is deleted: only the merge reaches it
	return merged
}
