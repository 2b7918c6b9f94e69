package analyze

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

var corpus = filepath.Join("..", "..", "testdata", "obfuscated")

// truth is one line of testdata/obfuscated/truth.tsv: a resource hidden at a line, and how.
type truth struct {
	file     string
	line     int
	resource *rules.Resource
	chain    string
}

func readTruth(t *testing.T) []truth {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "truth.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []truth
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 || cols[0] == "file" {
			continue
		}
		line, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatal(err)
		}
		r, err := rules.Parse(cols[2], rules.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, truth{cols[0], line, r, cols[3]})
	}
	return out
}

// finds reports whether res has a mention of tr's resource at line with tr's chain: the same
// URL, or a mention of the same host when the truth is a host or an IP.
func finds(res *Result, tr truth, line int) bool {
	return slices.ContainsFunc(res.Mentions, func(m Mention) bool {
		if m.Line != line || m.Encoding != tr.chain {
			return false
		}
		if tr.resource.Kind == rules.URL {
			// The truth names the URL without the query that some samples add.
			return m.Resource.Host == tr.resource.Host && m.Resource.Path == tr.resource.Path
		}
		return m.Host == tr.resource.Host
	})
}

// TestCorpus checks that Analyze finds every host hidden in the corpus, at its line, with its chain.
func TestCorpus(t *testing.T) {
	t.Parallel()
	truths := readTruth(t)
	results := map[string]*Result{}
	found := 0
	for _, tr := range truths {
		res, ok := results[tr.file]
		if !ok {
			src, err := os.ReadFile(filepath.Join(corpus, tr.file))
			if err != nil {
				t.Fatal(err)
			}
			res = Analyze(tr.file, src, Options{})
			results[tr.file] = res
		}
		if finds(res, tr, tr.line) {
			found++
			continue
		}
		var got []string
		for _, m := range res.Mentions {
			got = append(got, fmt.Sprintf("%d %s %s", m.Line, m.Encoding, m.Canonical))
		}
		t.Errorf("%s:%d: no %s mention of %s; got %q", tr.file, tr.line, tr.chain, tr.resource.Canonical, got)
	}
	t.Logf("recall: %d of %d hidden resources, with their chains", found, len(truths))
}

// TestFiveTechniques analyses one file made of five corpus samples, each hiding the skimmer's
// host in another way, and checks every hidden mention at its line in the combined file.
func TestFiveTechniques(t *testing.T) {
	t.Parallel()
	files := []string{"base64-atob.js", "hex-escape.js", "charcode.js", "concat.js", "reversed.js"}
	truths := readTruth(t)
	var src bytes.Buffer
	offset := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(corpus, f))
		if err != nil {
			t.Fatal(err)
		}
		offset[f] = bytes.Count(src.Bytes(), []byte("\n"))
		src.Write(data)
		if !bytes.HasSuffix(data, []byte("\n")) {
			src.WriteByte('\n')
		}
	}
	res := Analyze("five.js", src.Bytes(), Options{})
	chains := map[string]bool{}
	n := 0
	for _, tr := range truths {
		at, ok := offset[tr.file]
		if !ok {
			continue
		}
		n++
		chains[tr.chain] = true
		if !finds(res, tr, tr.line+at) {
			t.Errorf("five.js:%d (%s:%d): no %s mention of %s", tr.line+at, tr.file, tr.line, tr.chain, tr.resource.Canonical)
		}
	}
	if n < 5 || len(chains) < 5 {
		t.Fatalf("the combined file hides %d resources with %d chains, want 5 or more of each", n, len(chains))
	}
	if len(res.Hosts) != 1 || res.Hosts[0].Host != "skim.evil-cdn.example" || res.Hosts[0].Registrable != "evil-cdn.example" {
		t.Errorf("Hosts = %+v, want skim.evil-cdn.example alone", res.Hosts)
	}
	if res.Verdict == "clean" {
		t.Errorf("score %d (%s), want suspicious or worse", res.Score, res.Verdict)
	}
}

func TestMentions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string // "line:col encoding canonical"
	}{
		{"plain url", "fetch('https://api.stripe.com/v1')", []string{"1:8 plain https://api.stripe.com/v1"}},
		{"base64 on line 2", "x;\nvar u = atob('aHR0cHM6Ly9za2ltLmV2aWwuY29tL2MuanM=');", []string{"2:9 base64 https://skim.evil.com/c.js"}},
		{"defanged", "// block hxxps://evil[.]example[.]com/x", []string{"1:10 defanged https://evil.example.com/x"}},
		{"homograph", "s.src = 'https://pаypal.com/x.js'", []string{"1:10 punycode https://xn--pypal-4ve.com/x.js"}},
		{"partially escaped literal keeps the plain host", `u = "https://cdn.example.com/\x61.js"`,
			[]string{"1:6 plain https://cdn.example.com/", "1:6 hex-escape https://cdn.example.com/a.js"}},
		{"namespace left out", `<svg xmlns="http://www.w3.org/2000/svg">`, nil},
		{"a source map's sources are written plainly", "x;\n//# sourceMappingURL=data:application/json;base64," +
			nest(`{"sourcesContent":["fetch('https://cdn.example.com/a.js')"]}`, 1), []string{"2:51 plain https://cdn.example.com/a.js"}},
		{"nothing", "var a = b.c + 'hello';", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, m := range Analyze("x.js", []byte(tt.in), Options{}).Mentions {
				got = append(got, fmt.Sprintf("%d:%d %s %s", m.Line, m.Column, m.Encoding, m.Canonical))
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("Analyze(%q) mentions = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func TestIndicators(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a=b+c;", 200)
	array := "var _0x3a1f=[" + strings.Repeat("'\\x70\\x75sh',", 24) + "'end'];"
	rotation := "(function(_0x1,_0x2){while(!![]){_0x1['push'](_0x1['shift']());}})(_0x3a1f,0x1b3);"
	b64 := "YJCN2PjVySFWjk3IbsQGTR6qpPST68NVcQmL+8eHr49XPMqTzzroC+e006Sdj4Wvg3hhfEMhfR3QlViNeF1Y6f+iWY7/7Yx/onKBZtEtKg2rzPn+Fa92Yb+S"
	tests := []struct {
		name string
		in   string
		want IndicatorKind // "" for none
	}{
		{"eval atob", "eval(atob(cfg.k))", EvalDecoded},
		{"new Function unescape", "new Function(unescape('%61'))()", EvalDecoded},
		{"php eval gzinflate", "<?php eval(gzinflate(base64_decode('x')));", EvalDecoded},
		{"eval escaped literal", `eval("\x61\x6c\x65\x72\x74")`, EvalDecoded},
		{"eval of a plain variable", "eval(code)", ""},
		{"document.write unescape", "document.write(unescape('%3Cscript%3E'))", EvalDecoded},
		{"php echo gzinflate", "<?php echo gzinflate(base64_decode('x'));", EvalDecoded},
		{"php echo plain", "<?php echo htmlspecialchars($x);", ""},
		{"atob without eval", "var s = atob(x);", ""},
		{"packer", "eval(function(p,a,c,k,e,d){return p}('0',1,1,'a'.split('|'),0,{}))", Packer},
		{"function called p", "function(p,a,c){}", ""},
		{"string array with rotation", array + rotation, StringArray},
		{"string array with _0x names", array + strings.Repeat("_0x3a1f[0x1];", 10), StringArray},
		{"plain list of words", "var days=[" + strings.Repeat("'mon',", 25) + "'sun'];", ""},
		{"hex escape run", `"` + strings.Repeat(`\x41`, 16) + `"`, EscapeRun},
		{"short hex escapes", `"\x48\x65\x6c\x6c\x6f"`, ""},
		{"octal run", `"` + strings.Repeat(`\101`, 16) + `"`, EscapeRun},
		{"entity run", strings.Repeat("&#104;", 24), EscapeRun},
		{"few entities", "&amp; &copy; &#8220;Shop&#8221;", ""},
		{"char code list", "String.fromCharCode(" + strings.Repeat("104,", 15) + "104)", EscapeRun},
		{"lookup table without fromCharCode", "var t=[" + strings.Repeat("1,", 30) + "2];", ""},
		{"high entropy base64", "var k='" + b64 + "';", HighEntropy},
		{"long low entropy", "var k='" + strings.Repeat("ab", 80) + "';", ""},
		{"sri hash", `integrity="sha512-TuSgR7cMy+UcU3zr1ZtoLuCr64CxqlIOdNKhiFXiQ2hzT/pLjHX2JiCLhKcIhP6Br1iQFeOUhGXZnnal5WisCg=="`, ""},
		{"long line", long, LongLine},
		{"short lines", strings.Repeat("a=b+c;\n", 200), ""},
		{"hidden host", "var u = atob('aHR0cHM6Ly9za2ltLmV2aWwuY29tL2MuanM=');", HiddenHost},
		{"hidden loopback", "var u = 'http://2130706433/health';", ""},
		{"plain host", "var u = 'https://skim.evil.com/c.js';", ""},
		{"base64 nest of three", "var k='" + nest("hello there, friend", 3) + "';", DeepNesting},
		{"base64 nest of two", "var k='" + nest("hello there, friend", 2) + "';", ""},
		{"a nest in a source map's sources", "//# sourceMappingURL=data:application/json;base64," +
			nest(`{"sourcesContent":["var k='`+nest("hello there, friend", 2)+`';"]}`, 1), ""},
		{"concat is no layer", `var k='\x68\x65\x6c\x6c\x6f th' + 'ere, friend';`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []IndicatorKind
			for _, i := range Analyze("x.js", []byte(tt.in), Options{}).Indicators {
				got = append(got, i.Kind)
				if i.Evidence == "" || i.Line < 1 || i.Count < 1 || i.Weight != i.Kind.Weight() {
					t.Errorf("indicator %+v lacks evidence, place, count or weight", i)
				}
			}
			var want []IndicatorKind
			if tt.want != "" {
				want = []IndicatorKind{tt.want}
			}
			if !slices.Equal(got, want) {
				t.Errorf("Analyze(%.60q) indicators = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// TestScore checks the verdicts: minified and clean code scores low, the corpus's obfuscated
// samples high, and the negative samples never report the skimmer's host.
func TestScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path     string
		min, max int
	}{
		{filepath.Join("testdata", "jqlike.min.js"), 0, 5},
		{filepath.Join(corpus, "negative", "minified.js"), 0, 5},
		{filepath.Join(corpus, "negative", "integrity.html"), 0, 0},
		{filepath.Join(corpus, "negative", "images.css"), 0, 0},
		{filepath.Join(corpus, "negative", "sourcemap.js.map"), 0, 5},
		{filepath.Join(corpus, "negative", "package-lock.json"), 0, 0},
		{filepath.Join("..", "..", "testdata", "example-shop", "public", "js", "checkout.js"), 0, 0},
		{filepath.Join(corpus, "mixed-loader.js"), 50, 100},
		{filepath.Join(corpus, "mixed-page.html"), 50, 100},
		{filepath.Join(corpus, "packer.js"), 50, 100},
		{filepath.Join(corpus, "php-chain.php"), 50, 100},
		{filepath.Join(corpus, "mixed-skimmer.php"), 50, 100},
		{filepath.Join(corpus, "hex-escape.js"), 20, 100},
		{filepath.Join(corpus, "base64-atob.js"), 20, 100},
	}
	for _, tt := range tests {
		src, err := os.ReadFile(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(tt.path, src, Options{})
		if res.Score < tt.min || res.Score > tt.max {
			t.Errorf("%s: score %d (%v), want %d to %d", tt.path, res.Score, res.Indicators, tt.min, tt.max)
		}
		if strings.Contains(tt.path, "negative") {
			for _, m := range res.Mentions {
				if strings.Contains(m.Host, "evil-cdn") {
					t.Errorf("%s: mention of %s in a negative sample", tt.path, m.Canonical)
				}
			}
		}
	}
}

// nest encodes s in base64 n times.
func nest(s string, n int) string {
	for range n {
		s = base64.StdEncoding.EncodeToString([]byte(s))
	}
	return s
}

// TestDecodeLimits: a base64 nest deeper than the decoder's layers is peeled and scores as
// obfuscated, and one still nested too deep (here under a smaller MaxDepth) is reported in Limits
// and as deep nesting, not as "no URL" in clean code.
func TestDecodeLimits(t *testing.T) {
	t.Parallel()
	const url = "https://skim.evil-cdn.example/c.js"
	tests := []struct {
		name       string
		in         string
		opts       Options
		mention    string // the chain of the hidden mention of url, "" for none
		limits     []Limit
		indicators []IndicatorKind
		verdict    string
	}{
		{
			name: "base64 nest of 30", in: "// thirty layers\nx = '" + nest(url, 30) + "';\n",
			mention:    strings.TrimSuffix(strings.Repeat("base64>", 30), ">"),
			indicators: []IndicatorKind{HiddenHost, DeepNesting, HighEntropy, LongLine},
			verdict:    "obfuscated",
		},
		{
			name: "base64 nest of 4 under MaxDepth 2", in: "// four layers\nx = '" + nest(url, 4) + "';\n",
			opts:       Options{Decode: decode.Options{MaxDepth: 2}},
			limits:     []Limit{{Kind: "depth", Line: 2, Column: 6, Detail: "encoded text nested deeper than the layers decoded"}},
			indicators: []IndicatorKind{DeepNesting, HighEntropy},
			verdict:    "suspicious",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := Analyze("x.js", []byte(tt.in), tt.opts)
			found := ""
			for _, m := range res.Mentions {
				if m.Canonical == url && m.Hidden() {
					found = m.Encoding
				}
			}
			if found != tt.mention {
				t.Errorf("Analyze(%s) hidden mention of %s with chain %q, want %q", tt.name, url, found, tt.mention)
			}
			if diff := cmp.Diff(tt.limits, res.Limits); diff != "" {
				t.Errorf("Analyze(%s).Limits mismatch (-want +got):\n%s", tt.name, diff)
			}
			var kinds []IndicatorKind
			for _, i := range res.Indicators {
				kinds = append(kinds, i.Kind)
			}
			if diff := cmp.Diff(tt.indicators, kinds); diff != "" {
				t.Errorf("Analyze(%s) indicators mismatch (-want +got):\n%s", tt.name, diff)
			}
			if res.Verdict != tt.verdict {
				t.Errorf("Analyze(%s) verdict %s (score %d), want %s", tt.name, res.Verdict, res.Score, tt.verdict)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	parent, err := rules.Parse("https://cdn.vendor.com/widget.js", rules.Origin{File: "alert.txt", Line: 3})
	if err != nil {
		t.Fatal(err)
	}
	src := []byte(`var a = 'https://cdn.vendor.com/more.js';            // the parent's own host
var b = atob('aHR0cHM6Ly9za2ltLmV2aWwuY29tL2MuanM=');   // https://skim.evil.com/c.js
fetch("https://collect.evil.net/x"); fetch("https://collect.evil.net/y");
var c = 'http://2130706433/health', d = "203.0.113.9", ns = "http://www.w3.org/2000/svg";`)
	var got []string
	for _, r := range Expand(parent, src) {
		if r.Parent != parent.Canonical || r.Origin != parent.Origin {
			t.Errorf("%s: Parent %q, Origin %v, want %q and %v", r.Canonical, r.Parent, r.Origin, parent.Canonical, parent.Origin)
		}
		got = append(got, r.Kind.String()+" "+r.Canonical)
	}
	want := []string{"ip 203.0.113.9", "host collect.evil.net", "host skim.evil.com"}
	if !slices.Equal(got, want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
}

func FuzzAnalyze(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpus, "*.*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res := Analyze("fuzz.js", src, Options{})
		if res.Score < 0 || res.Score > 100 {
			t.Fatalf("score %d", res.Score)
		}
		for _, m := range res.Mentions {
			if m.Offset < 0 || m.Offset > len(src) || m.Line < 1 || m.Column < 1 || m.EndColumn <= m.Column {
				t.Fatalf("mention %+v outside the input", m)
			}
		}
	})
}

// A PHP-serialized value nested in base64 in a data file is data, as the scan reads it: no
// hidden host and no deep nesting. The same text in a script is both.
func TestNestedDataFile(t *testing.T) {
	t.Parallel()
	text := nest(`a:2:{s:3:"url";s:25:"https://evil.example/x.js";s:1:"n";i:1;}`, 3)
	for _, tt := range []struct {
		name, src string
		want      []IndicatorKind
	}{
		{"dump.sql", "INSERT INTO t VALUES ('" + text + "');\n", nil},
		{"x.js", "var v = '" + text + "';\n", []IndicatorKind{HiddenHost, DeepNesting}},
	} {
		var got []IndicatorKind
		for _, in := range Analyze(tt.name, []byte(tt.src), Options{}).Indicators {
			if in.Kind != HighEntropy {
				got = append(got, in.Kind)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(%s) indicators mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
