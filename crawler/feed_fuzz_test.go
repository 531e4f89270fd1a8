package crawler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/haberci/haberci/crawler/fetch"
)

// FuzzReadFeed feeds arbitrary bytes to the feed reader: it must never
// panic, and every item it returns has an absolute http(s) link and text
// that is valid UTF-8 when the input was.
func FuzzReadFeed(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	jsonFeeds, _ := filepath.Glob("testdata/*.json")
	for _, name := range append(files, jsonFeeds...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<rss version="2.0"><channel><item><link>/a</link><description>&lt;p&gt;x</description></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := readFeed(&fetch.Result{URL: "http://127.0.0.1/feed", Body: body}, discovered{})
		if err != nil {
			return
		}
		for _, it := range d.items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Errorf("item link %q is not absolute http(s)", it.URL)
			}
			if utf8.Valid(body) && (!utf8.ValidString(it.Summary) || !utf8.ValidString(it.Content)) {
				t.Errorf("invalid UTF-8 from valid input: %q %q", it.Summary, it.Content)
			}
		}
	})
}
