package main

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// corpusFile is the 42bin archive below the shared data directory.
const corpusFile = "kemik-42bin-haber/42bin_haber_news.tar.gz"

// maxFileBytes bounds one news file; the largest in the corpus is ~100 KB.
const maxFileBytes = 1 << 20

// agencies are assigned to articles deterministically, so agency facets
// have a few values (the corpus has no credit lines of its own).
var agencies = []string{"AA", "DHA", "İHA", "ANKA", ""}

// Synthetic publication dates span ten years from dateBase.
var (
	dateBase = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	dateSpan = 10 * 365 * 24 * time.Hour
)

// loadCorpus reads every article of the 42bin corpus: line 1 the title,
// line 2 the lead, the rest the body. Ids are the file paths.
func loadCorpus(dataDir string) ([]*article.Article, error) {
	f, err := os.Open(path.Join(dataDir, corpusFile))
	if err != nil {
		return nil, fmt.Errorf("search: corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("search: corpus: %w", err)
	}
	tr := tar.NewReader(zr)
	var out []*article.Article
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("search: corpus: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".txt") {
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(tr, maxFileBytes))
		if err != nil {
			return nil, fmt.Errorf("search: corpus %s: %w", h.Name, err)
		}
		if a := parseArticle(h.Name, string(raw)); a != nil {
			out = append(out, a)
		}
	}
}

// parseArticle dresses one news file as an article; nil when it has no
// title or text.
func parseArticle(name, text string) *article.Article {
	lines := strings.Split(strings.ReplaceAll(text, "\r", ""), "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[0]) == "" {
		return nil
	}
	cat := path.Base(path.Dir(name))
	id := strings.TrimSuffix(strings.TrimPrefix(name, "news/"), ".txt")
	a := &article.Article{
		ID: id, SourceID: "milliyet-" + cat, URL: "https://example.org/" + id,
		Title: strings.TrimSpace(lines[0]), Lead: strings.TrimSpace(lines[1]),
		Body: paragraphs(lines[2:]), Language: "tr",
	}
	stamp(a, 0)
	return a
}

// paragraphs joins the wrapped body lines; an indented line starts a
// paragraph, as in the corpus files.
func paragraphs(lines []string) string {
	var paras []string
	var cur []string
	for _, l := range lines {
		if strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t") {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
			}
			cur = nil
		}
		if l = strings.TrimSpace(l); l != "" {
			cur = append(cur, l)
		}
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, " "))
	}
	return strings.Join(paras, "\n\n")
}

// stamp sets the id-derived fields of copy number k: the id, the agency and
// a publication time hashed from the id.
func stamp(a *article.Article, k int) {
	if k > 0 {
		a.ID = fmt.Sprintf("r%d/%s", k, a.ID)
		a.URL = "https://example.org/" + a.ID
	}
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	sum := h.Sum64()
	a.Agency = agencies[sum%uint64(len(agencies))]
	a.PublishedAt = dateBase.Add(time.Duration(sum>>8) % dateSpan).Truncate(time.Second)
}

// replica returns copy k of a with a new id (k = 0 is a itself).
func replica(a *article.Article, k int) *article.Article {
	if k == 0 {
		return a
	}
	c := *a
	stamp(&c, k)
	return &c
}
