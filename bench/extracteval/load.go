// Package extracteval loads the public extraction test sets and scores
// extracted text against their expected text. It serves the benchmark
// commands under bench/ (extractscore, extractcompare), not the daemon.
package extracteval

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// maxPageBytes bounds one decompressed test page.
const maxPageBytes = 64 << 20

// Sample is one page with the article text a human expects from it.
type Sample struct {
	Name, URL, Want string
	HTML            []byte
}

// Set is a named list of samples.
type Set struct {
	Name    string
	Samples []Sample
}

// LoadSets loads both sets from data, the folder that holds
// article-extraction-benchmark and readability-test-pages.
func LoadSets(data string) ([]Set, error) {
	aeb, err := LoadBenchmark(filepath.Join(data, "article-extraction-benchmark"))
	if err != nil {
		return nil, err
	}
	rtp, err := LoadReadability(filepath.Join(data, "readability-test-pages", "pages"))
	if err != nil {
		return nil, err
	}
	return []Set{{"article-extraction-benchmark", aeb}, {"readability-test-pages", rtp}}, nil
}

// LoadBenchmark reads the Scrapinghub article-extraction-benchmark:
// ground-truth.json and html/<id>.html.gz, sorted by name.
func LoadBenchmark(dir string) ([]Sample, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("extracteval: %w", err)
	}
	var truth map[string]struct {
		URL         string `json:"url"`
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("extracteval: ground-truth.json: %w", err)
	}
	var out []Sample
	for id, t := range truth {
		page, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		out = append(out, Sample{Name: id[:min(12, len(id))] + " " + t.URL, URL: t.URL, Want: t.ArticleBody, HTML: page})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("extracteval: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("extracteval: %s: %w", path, err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxPageBytes))
	if err != nil {
		return nil, fmt.Errorf("extracteval: %s: %w", path, err)
	}
	return b, nil
}

// LoadReadability reads Mozilla Readability's test pages: every folder of
// dir with a source.html and an expected.html, in name order.
func LoadReadability(dir string) ([]Sample, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("extracteval: %w", err)
	}
	var out []Sample
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue // a case without a source page is not a page test
		}
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err != nil {
			continue
		}
		text, err := HTMLText(want)
		if err != nil {
			return nil, fmt.Errorf("extracteval: %s: %w", e.Name(), err)
		}
		// Readability's tests run every page as if fetched from this URL.
		out = append(out, Sample{Name: e.Name(), URL: "http://fakehost/test/page.html", Want: text, HTML: src})
	}
	return out, nil
}
