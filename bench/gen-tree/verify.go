//go:build devtools

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// verify compares the per-resource reference counts of a shieldscan JSON report with the
// references the generator planted: every plain reference found and nothing else (near misses
// and ignored files included). Encoded references are counted, not required, since a scan with
// --no-decode finds none.
func verify(dir, report string, stdout io.Writer) error {
	truth, err := readTruth(filepath.Join(dir, "truth.tsv"))
	if err != nil {
		return err
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return err
	}
	var rep struct {
		Resources []struct {
			Resource   string `json:"resource"`
			References int    `json:"references"`
			Encoded    int    `json:"encoded"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("reading %s: %w", report, err)
	}
	var bad []string
	encFound, encPlanted := 0, 0
	for _, t := range truth {
		encPlanted += t.encoded
	}
	seen := 0
	for _, r := range rep.Resources {
		t, ok := truth[r.Resource]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: not in truth.tsv", r.Resource))
			continue
		}
		seen++
		if plain := r.References - r.Encoded; plain != t.plain {
			bad = append(bad, fmt.Sprintf("%s: %d plain references, planted %d", r.Resource, plain, t.plain))
		}
		if r.Encoded > t.encoded {
			bad = append(bad, fmt.Sprintf("%s: %d encoded references, planted %d (false positives)", r.Resource, r.Encoded, t.encoded))
		}
		encFound += min(r.Encoded, t.encoded)
	}
	if seen != len(truth) {
		bad = append(bad, fmt.Sprintf("report has %d of the %d resources", seen, len(truth)))
	}
	fmt.Fprintf(stdout, "verify %s: %d resources, plain references as planted: %v; encoded references found %d of %d\n",
		filepath.Base(report), seen, len(bad) == 0, encFound, encPlanted)
	if len(bad) > 0 {
		return fmt.Errorf("%s does not match the planted references:\n  %s", report, strings.Join(bad, "\n  "))
	}
	return nil
}

type planted struct{ plain, encoded int }

func readTruth(name string) (map[string]planted, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]planted{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 {
			return nil, fmt.Errorf("%s:%d: want resource, plain and encoded counts", name, line)
		}
		plain, err1 := strconv.Atoi(fields[1])
		enc, err2 := strconv.Atoi(fields[2])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: bad counts", name, line)
		}
		out[fields[0]] = planted{plain, enc}
	}
	return out, sc.Err()
}
