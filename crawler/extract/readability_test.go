package extract

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestReadabilityBound checks that go-readability reads news-sized pages
// and is skipped on pages too large for its repeated scoring, which our
// scorer then reads alone.
func TestReadabilityBound(t *testing.T) {
	para := "<p>Kartal Belediyesi, ilçede yürütülen çalışmaları anlatan bir toplantı düzenledi.</p>"
	tests := map[string]struct {
		page       string
		wantSecond bool
	}{
		"news page": {readFile(t, filepath.Join("rtp-liberation-1", "source.html")), true},
		// html, head, body, 3 paragraphs and the <br>s: one element too many.
		"past the bound": {"<html><body>" + strings.Repeat(para, 3) + strings.Repeat("<br>", maxReadabilityElements-5) + "</body></html>", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			p := &page{doc: doc, base: &url.URL{Scheme: "https", Host: "example.org"}, sel: &Selectors{}}
			if got := p.readabilityParas(""); (len(got) > 0) != tc.wantSecond {
				t.Fatalf("second reading gave %d paragraphs, want some: %v", len(got), tc.wantSecond)
			}
			r, err := Page([]byte(tc.page), "https://example.org/haber/1", nil)
			if err != nil || r.Body == "" {
				t.Fatalf("Page: %v, body %d bytes", err, len(r.Body))
			}
		})
	}
}

// BenchmarkPageLarge extracts a page of MaxPageBytes paragraphs, past the
// bound where go-readability is skipped.
func BenchmarkPageLarge(b *testing.B) {
	para := "<p>Kartal Belediyesi, ilçede yürütülen çalışmaları anlatan bir toplantı düzenledi.</p>"
	src := []byte("<html><body>" + strings.Repeat(para, MaxPageBytes/len(para)) + "</body></html>")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Page(src, "https://example.org/haber/1", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageNews extracts a real news page, both readings included.
func BenchmarkPageNews(b *testing.B) {
	src := []byte(readFile(b, filepath.Join("rtp-nytimes-2", "source.html")))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Page(src, "http://fakehost/test/page.html", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageTTC extracts the kind of page the whole-pipeline benchmark
// serves: a short Turkish news text in plain site chrome.
func BenchmarkPageTTC(b *testing.B) {
	src := []byte(readFile(b, "ttc-ekonomi-10.html"))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Page(src, "http://127.0.0.1/haber/ekonomi-10", nil); err != nil {
			b.Fatal(err)
		}
	}
}
