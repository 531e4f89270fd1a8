package main

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// corpusFile is the 42bin archive below the shared data directory; its
// SOURCE.md says what it is (Milliyet news, Kemik NLP group, no licence
// stated, research use).
const corpusFile = "kemik-42bin-haber/42bin_haber_news.tar.gz"

// maxFileBytes bounds one news file; the largest in the corpus is ~100 KB.
const maxFileBytes = 1 << 20

// errStop ends a corpus walk early without being an error.
var errStop = errors.New("load: stop")

// doc is one corpus file: news/<category>/<num>.txt, line 1 the title,
// line 2 the lead, the rest the body.
type doc struct {
	category, num     string
	title, lead, body string
}

// walkCorpus streams the tar.gz and calls fn for every usable file, in
// archive order, holding one file in memory at a time. fn may return
// errStop to end the walk.
func walkCorpus(file string, fn func(doc) error) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("load: corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("load: corpus: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("load: corpus: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".txt") {
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(tr, maxFileBytes))
		if err != nil {
			return fmt.Errorf("load: corpus %s: %w", h.Name, err)
		}
		d, ok := parseDoc(h.Name, string(raw))
		if !ok {
			continue
		}
		if err := fn(d); errors.Is(err, errStop) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// parseDoc splits one news file; ok is false when it has no title or body.
func parseDoc(name, text string) (doc, bool) {
	lines := strings.Split(strings.ReplaceAll(text, "\r", ""), "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[0]) == "" {
		return doc{}, false
	}
	d := doc{
		category: path.Base(path.Dir(name)),
		num:      strings.TrimSuffix(path.Base(name), ".txt"),
		title:    strings.TrimSpace(lines[0]),
		lead:     strings.TrimSpace(lines[1]),
		body:     paragraphs(lines[2:]),
	}
	return d, d.body != ""
}

// paragraphs joins the wrapped body lines; an indented line starts a new
// paragraph, as in the corpus files.
func paragraphs(lines []string) string {
	var paras, cur []string
	for _, l := range lines {
		if (strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t")) && len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
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
