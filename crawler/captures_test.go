package crawler

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// warcResponses lists "status URL" for every response record in the
// archive's WARC files, read as they are on disk.
func warcResponses(t *testing.T, ar *archive.Archive) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(filepath.Dir(ar.WARCPath("x")), "*.warc.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WARC files: %v", err)
	}
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f) // reads every member in turn
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		target := ""
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if v, ok := strings.CutPrefix(line, "WARC-Target-URI: "); ok {
				target = v
			}
			if code, ok := strings.CutPrefix(line, "HTTP/1.1 "); ok && target != "" {
				out = append(out, code[:3]+" "+target)
				target = ""
			}
		}
		f.Close()
	}
	slices.Sort(out)
	return out
}

// TestEveryResponseArchived: robots.txt, a redirect, the feed, a page, a
// page that answers 404 and a feed that answers 500 are all in the WARC
// files.
func TestEveryResponseArchived(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/rss", http.StatusMovedPermanently) })
	s.handle("/rss", static("application/rss+xml", fmt.Appendf(nil, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Bir</title><link>%[1]s/haber/1</link></item><item><title>İki</title><link>%[1]s/haber/2</link></item></channel></rss>`, s.URL)))
	s.handle("/haber/1", articlePage(t, "Meclis toplandı"))
	s.handle("/bozuk", status(http.StatusInternalServerError))
	c, ar := newCrawler(t)
	sums := c.RunAll(t.Context(), []config.Source{source("iyi", "feed", s.URL+"/feed"), source("bozuk", "feed", s.URL+"/bozuk")}, nil)
	if sums[0].New != 1 || sums[0].Failed != 1 || !strings.HasPrefix(sums[1].Error, "http: ") {
		t.Fatalf("summaries %+v", sums)
	}
	want := []string{"200 " + s.URL + "/haber/1", "200 " + s.URL + "/robots.txt", "200 " + s.URL + "/rss",
		"301 " + s.URL + "/feed", "404 " + s.URL + "/haber/2", "500 " + s.URL + "/bozuk"}
	if got := warcResponses(t, ar); !slices.Equal(got, want) {
		t.Errorf("archived responses\n%q\nwant\n%q", got, want)
	}
}
