package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPage feeds arbitrary bytes to Page: it must never panic, and what it
// returns must keep its promises (valid UTF-8, UTC times, no empty
// paragraphs).
func FuzzPage(f *testing.F) {
	for _, name := range []string{"kartal-iha.html", "rtp-heise/source.html", "rtp-lemonde-1/source.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(gunzip(f, "aeb-ad9e9e596f21.html.gz"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[[[[[{"@type":"NewsArticle","articleBody":1}]]]]]}</script>`))
	f.Add([]byte("<p>Yayınlanma: 31.02.2020 99:99</p><br><br><br>"))
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Page(src, "https://example.org/haber/1", nil)
		if err != nil && !errors.Is(err, ErrNoContent) {
			t.Fatalf("unexpected error %v", err)
		}
		if r == nil {
			t.Fatal("nil result")
		}
		if utf8.Valid(src) && (!utf8.ValidString(r.Body) || !utf8.ValidString(r.Title)) {
			t.Fatal("invalid UTF-8 out of valid input")
		}
		if r.PublishedAt.Location().String() != "UTC" || r.UpdatedAt.Location().String() != "UTC" {
			t.Fatal("times not in UTC")
		}
		if strings.Contains(r.Body, "\n\n\n") || strings.HasPrefix(r.Body, "\n") {
			t.Fatalf("empty paragraph in body %q", r.Body)
		}
	})
}
