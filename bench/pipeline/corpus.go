package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// story is one TTC-3600 text dressed as a news article.
type story struct {
	slug      string // URL path segment, unique
	title     string
	published time.Time
	paras     []string
}

// sentence matches one sentence with its closing punctuation.
var sentence = regexp.MustCompile(`[^.!?]+[.!?]+`)

// corpusDir is where TTC-3600 lives below the shared data directory.
const corpusDir = "ttc-3600/TTC-3600_Orj"

// loadStories reads the first n texts of TTC-3600 under dataDir, in the
// order the index package's benchmarks use (category, then file name).
func loadStories(dataDir string, n int) ([]story, error) {
	files, err := filepath.Glob(filepath.Join(dataDir, corpusDir, "*", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("pipeline: corpus: %w", err)
	}
	if len(files) < n {
		return nil, fmt.Errorf("pipeline: corpus: %d texts under %s, want %d", len(files), filepath.Join(dataDir, corpusDir), n)
	}
	base := time.Date(2015, 6, 1, 9, 0, 0, 0, time.UTC)
	out := make([]story, 0, n)
	for i, f := range files[:n] {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("pipeline: corpus: %w", err)
		}
		paras := paragraphs(string(raw))
		if len(paras) == 0 {
			return nil, fmt.Errorf("pipeline: corpus: %s has no text", f)
		}
		cat := filepath.Base(filepath.Dir(f))
		num := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "c ("), ").txt") // "c (12).txt"
		out = append(out, story{
			slug:      fmt.Sprintf("%s-%s", cat, num),
			title:     headline(paras[0]),
			published: base.Add(time.Duration(i) * 17 * time.Minute),
			paras:     paras,
		})
	}
	return out, nil
}

// paragraphs cleans a TTC text (BOM, scraping whitespace) and groups its
// sentences two by two, the way news sites paragraph agency copy.
func paragraphs(text string) []string {
	flat := strings.Join(strings.Fields(strings.TrimPrefix(text, "\ufeff")), " ")
	sents := sentence.FindAllString(flat, -1)
	if len(sents) == 0 && flat != "" {
		sents = []string{flat}
	}
	var paras []string
	for i := 0; i < len(sents); i += 2 {
		if p := strings.TrimSpace(strings.Join(sents[i:min(i+2, len(sents))], " ")); p != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

// headline cuts a title from the first paragraph at a word boundary.
func headline(s string) string {
	const maxLen = 90
	if i := strings.IndexAny(s, ".!?"); i > 0 && i < maxLen {
		return s[:i]
	}
	if len(s) <= maxLen {
		return s
	}
	if cut := strings.LastIndex(s[:maxLen], " "); cut > 0 {
		return s[:cut]
	}
	return s // one long word: never cut inside a UTF-8 sequence
}
