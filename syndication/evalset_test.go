package syndication

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haberci/haberci/internal/shareddata"
)

// sharedData is the project's shared data directory.
var sharedData = shareddata.Dir()

// doc is one real article: body paragraphs, category and where it came from.
type doc struct {
	name, category string
	paras          []string
	ws             map[string]bool // word set, for nearest
}

// words returns the set of d's normalised words.
func (d doc) words() map[string]bool {
	if d.ws == nil {
		return wordSet(d.body())
	}
	return d.ws
}

func (d doc) body() string { return strings.Join(d.paras, "\n\n") }

// loadKemik reads up to perCat articles of at least minWords words from each
// category of the Kemik 42bin tarball, skipping the files in skip.
func loadKemik(t *testing.T, perCat, minWords int, skip map[string]bool) []doc {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedData, "kemik-42bin-haber", "42bin_haber_news.tar.gz"))
	if err != nil {
		shareddata.Missing(t, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	count := map[string]int{}
	var out []doc
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		cat := filepath.Base(filepath.Dir(h.Name))
		if h.Typeflag != tar.TypeReg || skip[h.Name] || count[cat] >= perCat {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) < 4 { // title, lead, at least two body lines
			continue
		}
		paras := trimAll(lines[1:]) // the title is not part of the body
		if len(strings.Fields(strings.Join(paras, " "))) < minWords {
			continue
		}
		count[cat]++
		out = append(out, doc{name: h.Name, category: cat, paras: paras, ws: wordSet(strings.Join(paras, "\n"))})
	}
	return out
}

// loadNamed reads the named Kemik files whole (title, lead and body).
func loadNamed(t *testing.T, names map[string]bool) map[string]doc {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedData, "kemik-42bin-haber", "42bin_haber_news.tar.gz"))
	if err != nil {
		shareddata.Missing(t, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string]doc{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if !names[h.Name] {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		lines := trimAll(strings.Split(string(b), "\n"))
		if len(lines) > 1 {
			out[h.Name] = doc{name: h.Name, paras: lines[1:]}
		}
	}
}

// loadTTC reads the first n files of each TTC-3600 category; their text is
// one block, so it is cut into paragraphs at sentence ends, three a piece.
func loadTTC(t *testing.T, n int) []doc {
	t.Helper()
	var out []doc
	for _, cat := range []string{"ekonomi", "kultursanat", "saglik", "siyaset", "spor", "teknoloji"} {
		for i := 1; i <= n; i++ {
			name := filepath.Join(sharedData, "ttc-3600", "TTC-3600_Orj", cat, "c ("+strconv.Itoa(i)+").txt")
			b, err := os.ReadFile(name)
			if err != nil {
				shareddata.Missing(t, err)
			}
			text := strings.Join(strings.Fields(strings.TrimPrefix(string(b), "\uFEFF")), " ")
			paras := sentenceParas(text)
			if len(strings.Fields(text)) >= 60 && len(paras) >= 2 {
				out = append(out, doc{name: name, category: "ttc-" + cat, paras: paras, ws: wordSet(text)})
			}
		}
	}
	return out
}

// duplicateFiles lists the Kemik files in E (same bytes) and T (same
// title) groups: a hard negative must not be an unlabelled copy.
func duplicateFiles(t *testing.T) (files map[string]bool, titleGroups [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedData, "kemik-42bin-haber", "duplicate_candidates.tsv"))
	if err != nil {
		shareddata.Missing(t, err)
	}
	defer f.Close()
	files = map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 || cols[0] == "group_id" {
			continue
		}
		names := strings.Split(cols[3], ",")
		for _, n := range names {
			files[n] = true
		}
		if cols[1] == "same_first_line" {
			titleGroups = append(titleGroups, names)
		}
	}
	return files, titleGroups
}

// typoPairs reads the Kemik typo list: correct form → common misspelling.
func typoPairs(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("testdata/Kemik42bin_typo.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if cols := strings.Split(line, "\t"); len(cols) >= 5 {
			out[cols[4]] = cols[0]
		}
	}
	return out
}

func trimAll(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// shuffled returns a permutation of xs by r.
func shuffled[T any](r *rand.Rand, xs []T) []T {
	out := slices.Clone(xs)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
