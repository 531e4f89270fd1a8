package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// readFixture returns a testdata file's text without BOM, its lines
// trimmed and blank runs collapsed into paragraph breaks.
func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return cleanText(string(b))
}

// cleanText trims lines and keeps one blank line between paragraphs.
func cleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	var paras []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			paras = append(paras, line)
		}
	}
	return strings.Join(paras, "\n\n")
}

// firstSentence is the text up to the first ". ", used as a title.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i]
	}
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixtureArticles builds the test corpus: the seed İHA item, one of its
// paragraphs as another outlet's copy, and eight TTC-3600 news texts.
func fixtureArticles(t testing.TB) []*article.Article {
	t.Helper()
	seed := strings.Split(readFixture(t, "kartal-belediyesi-2020-06-iha.txt"), "\n\n")
	lead := strings.TrimPrefix(seed[0], "date 2020-06 ")
	arts := []*article.Article{
		{
			ID: "seed", SourceID: "kartal-bel", URL: "https://example.org/kartal/calistay",
			Title: "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı", Lead: lead,
			Body: strings.Join(seed[1:], "\n\n"), Agency: "İHA", Authors: []string{"Gökhan Yüksel"},
			PublishedAt: day("2020-06-20T10:00:00Z"), FirstSeenAt: day("2020-06-20T11:00:00Z"),
			Language: "tr", ClusterID: "c-seed",
		},
		{
			ID: "seed-p4", SourceID: "ornek-gazete", URL: "https://example.org/gazete/imamoglu",
			Title: firstSentence(seed[3]), Body: seed[3], Agency: "İHA",
			PublishedAt: day("2020-06-21T08:00:00Z"), Language: "tr", ClusterID: "c-seed",
		},
	}
	ttc := []struct {
		file, agency, published string
	}{
		{"ttc-siyaset-1.txt", "AA", "2015-06-23T09:00:00Z"},
		{"ttc-siyaset-2.txt", "AA", "2015-06-23T12:00:00Z"},
		{"ttc-ekonomi-1.txt", "DHA", "2015-07-01T09:00:00Z"},
		{"ttc-ekonomi-2.txt", "DHA", "2015-07-15T09:00:00Z"},
		{"ttc-spor-1.txt", "AA", "2015-06-28T09:00:00Z"},
		{"ttc-spor-2.txt", "AA", "2015-07-20T09:00:00Z"},
		{"ttc-saglik-1.txt", "ANKA", "2015-08-01T09:00:00Z"},
		{"ttc-saglik-2.txt", "ANKA", ""}, // no date: sorts by first seen, not in date facets
	}
	for _, f := range ttc {
		text := readFixture(t, f.file)
		id := strings.TrimSuffix(f.file, ".txt")
		a := &article.Article{
			ID: id, SourceID: "ttc-" + strings.Split(id, "-")[1], URL: "https://example.org/" + id,
			Title: firstSentence(text), Body: text, Agency: f.agency, Language: "tr",
			FirstSeenAt: day("2015-08-05T09:00:00Z"), ClusterID: "c-" + id,
		}
		if f.published != "" {
			a.PublishedAt = day(f.published)
		}
		arts = append(arts, a)
	}
	for i, a := range arts {
		a.Seq = int64(i + 1)
		a.ChangeSeq = a.Seq
	}
	return arts
}

// openFixture opens a new index in a temp dir holding the fixture corpus.
func openFixture(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	arts := fixtureArticles(t)
	if err := ix.Apply(arts, arts[len(arts)-1].Seq); err != nil {
		t.Fatal(err)
	}
	return ix
}

// textIndex opens an index in a temporary directory holding one article
// per id, titled Haber, with the text as its body.
func textIndex(t *testing.T, texts map[string]string) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var arts []*article.Article
	for id, body := range texts {
		arts = append(arts, &article.Article{ID: id, Seq: int64(len(arts) + 1), Title: "Haber", Body: body})
	}
	if err := ix.Apply(arts, int64(len(arts))); err != nil {
		t.Fatal(err)
	}
	return ix
}
