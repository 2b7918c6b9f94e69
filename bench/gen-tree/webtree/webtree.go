// Package webtree generates a deterministic tree of synthetic web code (templates, scripts,
// minified bundles with very long lines, PHP, stylesheets, lockfiles with integrity hashes,
// source maps, images, ignored build output) in which a known set of alerted resources is
// referenced a known number of times, for shieldscan's benchmarks.
//
// The same Config gives the same bytes on every run and every machine.
package webtree

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strings"
)

// Config says what tree to make.
type Config struct {
	// Seed picks the tree; the same seed and size give the same bytes.
	Seed uint64
	// Size is the approximate total size in bytes (default 200 MB).
	Size int64
}

// Manifest describes a generated tree: its shape and the planted references.
type Manifest struct {
	Resources []Resource
	// Files and Bytes count the files a scan reads (not ignored, binary files included).
	Files int
	Bytes int64
	// Binary counts the files with a NUL byte in their first 8 KiB.
	Binary int
	// IgnoredFiles and IgnoredBytes count the files that .gitignore leaves out.
	IgnoredFiles int
	IgnoredBytes int64
	// LongestLine is the longest line of any text file, in bytes, and LongestPath its file.
	LongestLine int
	LongestPath string
	// Lines100K counts lines of 100 KB or more.
	Lines100K int
}

// NeedlesTxt is the resource list in shieldscan's --resources-file format.
func (m *Manifest) NeedlesTxt() []byte {
	var b bytes.Buffer
	b.WriteString("# alerted resources of the generated benchmark tree\n")
	for _, r := range m.Resources {
		b.WriteString(r.Spec + "\n")
	}
	return b.Bytes()
}

// NeedlesRg is the plain strings a literal search (rg -F -f) looks for: the same strings as
// shieldscan's automaton, one per line.
func (m *Manifest) NeedlesRg() []byte {
	var b bytes.Buffer
	seen := map[string]bool{}
	for _, r := range m.Resources {
		if !seen[r.Needle] {
			seen[r.Needle] = true
			b.WriteString(r.Needle + "\n")
		}
	}
	return b.Bytes()
}

// Truth is a tab-separated table of the planted references, one resource per line.
func (m *Manifest) Truth() []byte {
	var b bytes.Buffer
	b.WriteString("# resource\tplain\tencoded\tignored\tnear-misses\n")
	for _, r := range m.Resources {
		fmt.Fprintf(&b, "%s\t%d\t%d\t%d\t%d\n", r.Spec, r.Plain, r.Encoded, r.Ignored, r.NearMisses)
	}
	return b.Bytes()
}

// kind is a sort of file.
type kind uint8

const (
	kindJS    kind = iota // hand-written JavaScript
	kindMinJS             // minified bundles: a license line, then lines of 100 KB and more
	kindHTML              // templates
	kindPHP
	kindCSS
	kindJSON // small configs and translations
	kindLock // package-lock.json / composer.lock with integrity hashes
	kindMap  // source maps: VLQ mappings and escaped sources
	kindMD
	kindConf // .htaccess, nginx, CI yaml, dotfiles
	kindBin  // images and fonts
	kindLog  // ignored logs
	kindIgnoredJS
	nkinds
)

// share is each kind's part of the tree's bytes.
var share = [nkinds]float64{
	kindJS: 0.22, kindMinJS: 0.22, kindHTML: 0.12, kindPHP: 0.16, kindCSS: 0.07, kindJSON: 0.01,
	kindLock: 0.05, kindMap: 0.05, kindMD: 0.02, kindConf: 0.004, kindBin: 0.04, kindLog: 0.02,
	kindIgnoredJS: 0.03,
}

type file struct {
	path    string
	kind    kind
	size    int
	ignored bool
	inserts []string // lines or statements planted in the file
}

// Generate makes the tree and calls write once per file, in a fixed order, with its slash path.
func Generate(cfg Config, write func(name string, data []byte) error) (*Manifest, error) {
	if cfg.Size <= 0 {
		cfg.Size = 200 << 20
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	files := plan(r, cfg.Size)
	m := &Manifest{}
	plant(r, files, m)
	for i, f := range files {
		fr := rand.New(rand.NewPCG(cfg.Seed, uint64(i)+1))
		data := content(fr, f)
		if err := write(f.path, data); err != nil {
			return nil, err
		}
		if f.ignored {
			m.IgnoredFiles++
			m.IgnoredBytes += int64(len(data))
			continue
		}
		m.Files++
		m.Bytes += int64(len(data))
		if bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
			m.Binary++
			continue
		}
		for len(data) > 0 {
			n := bytes.IndexByte(data, '\n')
			if n < 0 {
				n = len(data)
			}
			if n > m.LongestLine {
				m.LongestLine, m.LongestPath = n, f.path
			}
			if n >= 100_000 {
				m.Lines100K++
			}
			data = data[min(n+1, len(data)):]
		}
	}
	return m, nil
}

// plan lays out the files: paths, kinds and sizes, each kind up to its share of size.
func plan(r *rand.Rand, size int64) []*file {
	var files []*file
	seen := map[string]bool{}
	add := func(p string, k kind, n int, ignored bool) {
		for seen[p] {
			ext := path.Ext(p)
			if strings.HasSuffix(p, ".min.js") {
				ext = ".min.js"
			}
			p = strings.TrimSuffix(p, ext) + "-" + pick(r, words) + ext
		}
		seen[p] = true
		files = append(files, &file{path: p, kind: k, size: n, ignored: ignored})
	}
	add(".gitignore", kindConf, 0, false)
	add(".htaccess", kindConf, 2000, false)
	add("README.md", kindMD, 6000, false)
	themes := []string{"luma", "aurora", "classic"}
	for _, t := range themes {
		add("themes/"+t+"/.gitignore", kindConf, 0, false)
	}
	for k := range nkinds {
		budget := int(float64(size) * share[k])
		for budget > 0 {
			n := fileSize(r, k, size)
			budget -= n
			p, ignored := filePath(r, k, themes)
			add(p, k, n, ignored)
		}
	}
	return files
}

// fileSize draws a size for a file of kind k; big kinds are capped for small trees.
func fileSize(r *rand.Rand, k kind, total int64) int {
	logn := func(median float64, lo, hi int) int {
		v := int(math.Exp(math.Log(median) + 1.0*r.NormFloat64()))
		return max(lo, min(hi, v))
	}
	big := func(lo, hi int) int {
		hi = min(hi, int(total/12))
		lo = min(lo, hi/2)
		return lo + r.IntN(hi-lo+1)
	}
	switch k {
	case kindMinJS:
		return big(150_000, 3_000_000)
	case kindLock, kindLog:
		return big(300_000, 4_000_000)
	case kindMap:
		return big(100_000, 2_000_000)
	case kindHTML, kindPHP:
		return logn(5000, 300, 80_000)
	case kindCSS:
		return logn(8000, 200, 200_000)
	case kindJSON, kindConf:
		return logn(1500, 200, 20_000)
	case kindMD:
		return logn(4000, 500, 40_000)
	case kindBin:
		return logn(20_000, 1000, 800_000)
	default:
		return logn(6000, 300, 120_000)
	}
}

func filePath(r *rand.Rand, k kind, themes []string) (p string, ignored bool) {
	w := func() string { return pick(r, words) }
	name := func() string {
		if r.IntN(2) == 0 {
			return w()
		}
		return w() + "-" + w()
	}
	hash := func() string { return fmt.Sprintf("%08x", r.Uint32()) }
	theme := pick(r, themes)
	switch k {
	case kindJS:
		switch r.IntN(5) {
		case 0:
			return "themes/" + theme + "/assets/js/" + name() + ".js", false
		case 1:
			return "tests/js/" + w() + "/" + name() + ".test.js", false
		default:
			return "src/" + pick(r, []string{"components", "pages", "store", "utils", "services", "hooks", "widgets"}) + "/" + w() + "/" + name() + ".js", false
		}
	case kindMinJS:
		switch r.IntN(3) {
		case 0:
			return "public/build/js/" + name() + "." + hash() + ".min.js", false
		case 1:
			return "public/js/vendor/" + name() + ".min.js", false
		default:
			return "themes/" + theme + "/assets/dist/" + name() + ".bundle.min.js", false
		}
	case kindHTML:
		ext := pick(r, []string{".html", ".html", ".twig", ".phtml"})
		return "themes/" + theme + "/templates/" + w() + "/" + name() + ext, false
	case kindPHP:
		switch r.IntN(4) {
		case 0:
			return "vendor/" + w() + "/" + name() + "/src/" + title(w()) + "/" + title(w()) + ".php", false
		case 1:
			return "app/Models/" + title(w()) + title(w()) + ".php", false
		default:
			return "app/Http/Controllers/" + title(w()) + "/" + title(w()) + "Controller.php", false
		}
	case kindCSS:
		if r.IntN(3) == 0 {
			return "src/styles/" + name() + ".scss", false
		}
		return "themes/" + theme + "/assets/css/" + name() + ".css", false
	case kindJSON:
		if r.IntN(2) == 0 {
			return "src/i18n/" + pick(r, []string{"en", "de", "fr", "es", "it", "nl", "pl", "ja"}) + "-" + w() + ".json", false
		}
		return "config/" + name() + ".json", false
	case kindLock:
		if r.IntN(3) == 0 {
			return "themes/" + theme + "/composer.lock", false
		}
		return "themes/" + theme + "/" + w() + "/package-lock.json", false
	case kindMap:
		return "public/build/js/" + name() + "." + hash() + ".min.js.map", false
	case kindMD:
		return "docs/" + w() + "/" + name() + ".md", false
	case kindConf:
		switch r.IntN(4) {
		case 0:
			return "config/nginx/" + name() + ".conf", false
		case 1:
			return ".github/workflows/" + name() + ".yml", false
		case 2:
			return "public/" + w() + "/.htaccess", false
		default:
			return "config/" + name() + ".ini", false
		}
	case kindBin:
		return "public/" + pick(r, []string{"img", "img", "img", "fonts", "media"}) + "/" + w() + "/" + name() + pick(r, []string{".png", ".jpg", ".gif", ".webp", ".woff2", ".ico"}), false
	case kindLog:
		if r.IntN(4) == 0 {
			return "themes/" + theme + "/.cache/" + name() + ".txt", true
		}
		return fmt.Sprintf("storage/logs/access-2024-%02d-%02d.log", 1+r.IntN(12), 1+r.IntN(28)), true
	default: // kindIgnoredJS
		return "node_modules/" + name() + "/dist/" + name() + pick(r, []string{".js", ".min.js", ".cjs"}), true
	}
}

// plant chooses the files that get the references, near misses and encoded references.
func plant(r *rand.Rand, files []*file, m *Manifest) {
	byKind := [nkinds][]*file{}
	for _, f := range files {
		if f.size > 0 {
			byKind[f.kind] = append(byKind[f.kind], f)
		}
	}
	in := func(k kind) *file {
		fs := byKind[k]
		if len(fs) == 0 {
			fs = byKind[kindJS]
		}
		return fs[r.IntN(len(fs))]
	}
	refKinds := []kind{kindHTML, kindHTML, kindHTML, kindJS, kindJS, kindJS, kindPHP, kindPHP, kindMinJS, kindMinJS, kindCSS, kindJSON, kindConf, kindMD}
	missKinds := []kind{kindHTML, kindJS, kindPHP, kindMinJS, kindMD}
	encoded := 0
	for _, s := range specs {
		p := parseSpec(s.spec)
		res := Resource{Spec: s.spec, Needle: p.host}
		if s.plainMax > 0 {
			res.Plain = s.plainMin + r.IntN(s.plainMax-s.plainMin+1)
		}
		for range res.Plain {
			k := pick(r, refKinds)
			if p.path == "" && !p.ip && k == kindCSS && r.IntN(2) == 0 {
				k = kindHTML
			}
			f := in(k)
			f.inserts = append(f.inserts, plainRef(r, k, p, p.refURL(r)))
		}
		for range s.ignored {
			k := kindIgnoredJS
			if p.ip {
				k = kindLog
			}
			f := in(k)
			line := plainRef(r, kindJS, p, p.refURL(r))
			if k == kindLog {
				line = fmt.Sprintf(`%s - - [12/Mar/2024:10:11:%02d +0000] "POST /checkout/%s HTTP/1.1" 200 512 "-" "Mozilla/5.0"`, p.host, r.IntN(60), pick(r, words))
			}
			f.inserts = append(f.inserts, line)
			res.Ignored++
		}
		for range s.encoded {
			u := "https://" + p.hostText(r) + "/" + pick(r, words) + ".js"
			if p.ip {
				u = "http://" + p.host + "/collect"
			}
			text, k := encodedRef(r, encoded, u)
			encoded++
			f := in(k)
			f.inserts = append(f.inserts, text)
			res.Encoded++
		}
		res.NearMisses = r.IntN(5)
		for range res.NearMisses {
			k := pick(r, missKinds)
			f := in(k)
			f.inserts = append(f.inserts, nearMissLine(r, k, p.nearMiss(r)))
		}
		m.Resources = append(m.Resources, res)
	}
}

func nearMissLine(r *rand.Rand, k kind, text string) string {
	switch k {
	case kindHTML:
		return fmt.Sprintf(`    <a href="%s" rel="nofollow">%s</a>`, text, pick(r, words))
	case kindPHP:
		return fmt.Sprintf("        $mirror = '%s';", text)
	case kindMinJS:
		return fmt.Sprintf("var q=%q", text)
	case kindMD:
		return fmt.Sprintf("Not to be confused with `%s`.", text)
	default:
		return fmt.Sprintf("  const mirror = '%s';", text)
	}
}

// content makes one file's bytes and plants its inserts at line (or statement) boundaries.
func content(r *rand.Rand, f *file) []byte {
	g := &gen{r: r, b: make([]byte, 0, f.size+f.size/8+1024)}
	switch f.kind {
	case kindJS, kindIgnoredJS:
		g.jsFile(f.size)
	case kindMinJS:
		g.minJSFile(f.size)
	case kindHTML:
		g.htmlFile(f.size)
	case kindPHP:
		g.phpFile(f.size)
	case kindCSS:
		g.cssFile(f.size)
	case kindJSON:
		g.jsonFile(f.size)
	case kindLock:
		g.lockFile(f.size)
	case kindMap:
		g.mapFile(f.size)
	case kindMD:
		g.mdFile(f.size)
	case kindConf:
		g.confFile(f)
	case kindBin:
		g.binFile(f)
	case kindLog:
		g.logFile(f.size)
	}
	data := g.b
	for _, ins := range f.inserts {
		at := r.IntN(len(data) + 1)
		var text []byte
		if f.kind == kindMinJS {
			// After the next ';' of the long lines, as a statement of its own.
			i := bytes.IndexByte(data[at:], ';')
			if i < 0 {
				data = append(data, ';')
				at = len(data)
			} else {
				at += i + 1
			}
			text = []byte(ins + ";")
		} else {
			i := bytes.IndexByte(data[at:], '\n')
			if i < 0 {
				if len(data) > 0 && data[len(data)-1] != '\n' {
					data = append(data, '\n')
				}
				at = len(data)
			} else {
				at += i + 1
			}
			text = []byte(ins + "\n")
		}
		data = append(data[:at], append(text, data[at:]...)...)
	}
	return data
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
