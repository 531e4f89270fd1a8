package index

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/shareddata"
)

// corpus42bin is the Kemik 42bin news archive (see its SOURCE.md): it is
// research data that must not be redistributed, so it is read in place
// and the suite skips where it is absent (fails with CI=true).
var corpus42bin = filepath.Join(shareddata.Dir(), "kemik-42bin-haber", "42bin_haber_news.tar.gz")

// relDoc is one corpus article with its ground-truth words.
type relDoc struct {
	art   *article.Article
	words map[string]bool // gtWords of title, lead and body
	seq   []string        // the same words in text order
}

// loadRelevanceCorpus reads every stride-th article of 42bin in archive
// order, skipping byte-identical copies, and dates them an hour apart from
// 2019-01-01 so that date filters have something to select.
func loadRelevanceCorpus(t *testing.T, stride int) []relDoc {
	t.Helper()
	f, err := os.Open(corpus42bin)
	if os.IsNotExist(err) {
		shareddata.Missing(t, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	seen := map[[32]byte]bool{}
	var docs []relDoc
	for n := 0; ; {
		h, err := tr.Next()
		if err == io.EOF {
			return docs
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".txt") {
			continue
		}
		if n++; n%stride != 0 {
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(tr, 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(raw); seen[sum] {
			continue
		} else {
			seen[sum] = true
		}
		lines := strings.SplitN(string(raw), "\n", 3)
		if len(lines) < 3 {
			continue
		}
		id := strings.TrimSuffix(strings.TrimPrefix(h.Name, "news/"), ".txt")
		a := &article.Article{
			ID: id, Seq: int64(len(docs) + 1), SourceID: "milliyet-" + filepath.Base(filepath.Dir(h.Name)),
			Title: strings.TrimSpace(lines[0]), Lead: strings.TrimSpace(lines[1]), Body: cleanText(lines[2]),
			PublishedAt: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(len(docs)) * time.Hour),
		}
		seq := gtWords(a.Title + " \n " + a.Lead + " \n " + a.Body)
		d := relDoc{art: a, words: map[string]bool{}, seq: seq}
		for _, w := range seq {
			d.words[w] = true
		}
		docs = append(docs, d)
	}
}

// gtWords is the ground truth of what words a text holds, independent of
// our analysis: runs of letters and digits, the suffix after an apostrophe
// dropped (Turkish orthography sets suffixes of names off with one), in
// Turkish lower case. Punctuation becomes "" so that phrases do not span it,
// except a dot between letters: like the index's tokenizer (Unicode word
// boundaries), the ground truth takes cnnturk.com for one word.
func gtWords(text string) []string {
	var out []string
	var cur strings.Builder
	suffix := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, strings.ToLowerSpecial(unicode.TurkishCase, cur.String()))
			cur.Reset()
		}
		suffix = false
	}
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case r == '.' && cur.Len() > 0 && !suffix && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			cur.WriteRune(r)
		case (r == '\'' || r == '’') && cur.Len() > 0:
			suffix = true // İstanbul'da; a quote before a word is punctuation
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !suffix {
				cur.WriteRune(r)
			}
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			out = append(out, "")
		}
	}
	flush()
	return out
}
