package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/config"
)

// TestHostileServers crawls each hostile server beside a healthy source on
// another host: the hostile one ends with a clear error (or, for a page it
// can still read, the article), in bounded time and memory, and the healthy
// one is fully archived in the same crawl.
func TestHostileServers(t *testing.T) {
	page := articleHTML(t, "Çalıştay")
	seedPage := static("text/html; charset=utf-8", page)
	tests := map[string]struct {
		feed, page http.HandlerFunc // nil page: the feed is the fault
		wantErr    string           // in the hostile source's summary
		wantBody   string           // in the archived article, when one is expected
	}{
		"slowloris: a byte every 100 ms": {feed: trickle, wantErr: "deadline exceeded"},
		"endless body":                   {feed: endless, wantErr: "body exceeds limit"},
		"gzip bomb":                      {feed: gzipBomb(t), wantErr: "body exceeds limit"},
		"redirect loop": {feed: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, map[string]string{"/feed": "/feed2", "/feed2": "/feed"}[r.URL.Path], http.StatusFound)
		}, wantErr: "redirect loop"},
		"500": {feed: status(http.StatusInternalServerError), wantErr: "500 Internal Server Error"},
		"429 with Retry-After": {feed: status(http.StatusTooManyRequests, "Retry-After", "120"),
			wantErr: "429 Too Many Requests"},
		"malformed xml":  {feed: static("application/rss+xml", fixture(t, "rss_illformed.xml")), wantErr: "not a readable feed"},
		"html as a feed": {feed: static("application/rss+xml", fixture(t, "page_plain.html")), wantErr: "not a readable feed"},
		"UTF-8 page labelled ISO-8859-9": {feed: oneItemFeed,
			page: static("text/html; charset=iso-8859-9", page), wantBody: "Kılıçdaroğlu"},
		"10 MB page": {feed: oneItemFeed, page: static("text/html; charset=utf-8", tenMegabytes(page)),
			wantBody: "Kılıçdaroğlu"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			hostile, healthy := newSite(t), newSite(t)
			hostile.handle("/feed", tc.feed)
			hostile.handle("/feed2", tc.feed)
			if tc.page != nil {
				hostile.handle("/haber/1", tc.page)
			}
			healthy.file(t, "/index.xml", "application/rss+xml", "rss_2.0_relurl_1.xml", "https://insanity.industries")
			for _, p := range []string{"/post/pareto-optimal-compression/", "/post/pacman-tracking-leftover-packages/"} {
				healthy.handle(p, seedPage)
			}
			c, ar := newCrawler(t, func(cfg *config.Config) { cfg.Crawl.Timeout = 2 * time.Second })
			sums := c.RunAll(t.Context(), []config.Source{source("kotu", "feed", hostile.URL+"/feed"),
				source("saglam", "feed", healthy.URL+"/index.xml")}, nil)
			if !strings.Contains(sums[0].Error, tc.wantErr) || (tc.wantErr == "") != (sums[0].Error == "") {
				t.Errorf("hostile source: error %q, want one containing %q", sums[0].Error, tc.wantErr)
			}
			if sums[1].Error != "" || sums[1].New != 2 {
				t.Errorf("healthy source: %+v, want 2 new and no error", sums[1])
			}
			bySource := map[string]int{}
			for _, a := range archived(t, ar) {
				bySource[a.SourceID]++
				if a.SourceID == "kotu" && !strings.Contains(a.Body, tc.wantBody) {
					t.Errorf("hostile article body lacks %q: %.200q", tc.wantBody, a.Body)
				}
			}
			if want := map[bool]int{true: 1}[tc.wantBody != ""]; bySource["kotu"] != want || bySource["saglam"] != 2 {
				t.Errorf("archived per source %v, want kotu %d, saglam 2", bySource, want)
			}
		})
	}
}

// oneItemFeed is an RSS feed of one item, /haber/1 on the same host.
func oneItemFeed(w http.ResponseWriter, r *http.Request) {
	base := "http://" + r.Host
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kötü</title><link>%s/</link>`+
		`<item><title>Çalıştay</title><link>%[1]s/haber/1</link><guid>%[1]s/haber/1</guid></item></channel></rss>`, base)
}

// trickle sends headers, then a byte every 100 ms until the client leaves.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
		}
	}
}

// endless streams a body that never ends.
func endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	chunk := bytes.Repeat([]byte("<item>sonsuz</item>"), 2048)
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// gzipBomb answers 64 MiB of zeros compressed to a few dozen KiB.
func gzipBomb(t *testing.T) http.HandlerFunc {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for range 64 {
		zw.Write(make([]byte, 1<<20))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}
}

// tenMegabytes pads an article page to about 10 MB (10^7 bytes) with a
// footer menu after the article, the way bloated portal pages are. (Page
// parses the first extract.MaxPageBytes only: an article that starts past
// 8 MiB is not found, and the item keeps what its feed said.)
func tenMegabytes(page []byte) []byte {
	const size = 10_000_000
	menu := []byte(`<li class="menu-item"><a href="/kategori/gundem">Gündem</a></li>`)
	head, _, _ := bytes.Cut(page, []byte("</body>"))
	var b bytes.Buffer
	b.Grow(size)
	b.Write(head)
	b.WriteString("<footer><ul>")
	for b.Len() < size-len(menu)-40 {
		b.Write(menu)
	}
	b.WriteString("</ul></footer></body></html>")
	return b.Bytes()
}
