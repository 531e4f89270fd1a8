package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/crawler/canon"
)

// outlets of the syndication test: an agency and two municipalities that
// republish its item with their own edits.
var outlets = []struct{ id, title string }{
	{"iha", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı yapıldı"},
	{"kartal", "Başkan Vekilimiz Çalıştaya Katıldı"},
	{"tuzla", "CHP İstanbul Çalıştayı Yenikapı'da toplandı"},
}

// syndicatedSite serves one feed and one article page per outlet.
func syndicatedSite(t *testing.T) *httptest.Server {
	seed := readSeed(t) // ends with the credit line "Kaynak: İHA"
	body := map[string][]string{
		"iha": seed,
		// New intro, last two paragraphs trimmed, credit line removed.
		"kartal": append([]string{"Kartal Belediyesi olarak çalıştayda ilçemizi temsil ettik."}, seed[:len(seed)-3]...),
		// Two paragraphs swapped and a typo fixed in the opposite direction.
		"tuzla": append(append([]string{seed[0], seed[2], seed[1]}, seed[3:len(seed)-1]...),
			strings.Replace(seed[len(seed)-2], "teşekkür", "teşekür", 1)),
	}
	at := time.Date(2020, 6, 20, 14, 0, 0, 0, time.UTC)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i, o := range outlets {
			pg := page{slug: o.id + "-calistay", title: o.title, published: at.Add(time.Duration(i) * time.Hour), paras: body[o.id]}
			switch r.URL.Path {
			case "/" + o.id + ".xml":
				w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
				fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>%s/</link><description>Haberler</description>
<item><title>%s</title><link>%s/haber/%s</link><pubDate>%s</pubDate></item></channel></rss>`,
					o.id, srv.URL, html.EscapeString(pg.title), srv.URL, pg.slug, pg.published.Format(time.RFC1123Z))
				return
			case "/haber/" + pg.slug:
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, articleHTML(pg))
				return
			}
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSyndicationEndToEnd crawls the agency first, then the two
// municipalities, and asks the coverage report for the story.
func TestSyndicationEndToEnd(t *testing.T) {
	srv := syndicatedSite(t)
	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "data_dir: %s/data\nlisten: 127.0.0.1:%d\ncrawl: {per_host_interval: 5ms, timeout: 5s}\nsources:\n", dir, freePort(t))
	for _, o := range outlets {
		fmt.Fprintf(&cfg, "  - {id: %s, name: %s, type: feed, url: \"%s/%s.xml\", schedule: \"@every 1h\"}\n", o.id, o.id, srv.URL, o.id)
	}
	cfgPath := filepath.Join(dir, "haberci.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, o := range outlets { // one after another: the agency is seen first
		haberci(t, 0, "crawl", "--config", cfgPath, "--source", o.id)
	}

	link, err := canon.URL(srv.URL + "/haber/kartal-calistay")
	if err != nil {
		t.Fatal(err)
	}
	var cov api.CoverageResponse
	if err := json.Unmarshal([]byte(haberci(t, 0, "coverage", "--config", cfgPath, "--json", canon.ID(link))), &cov); err != nil {
		t.Fatal(err)
	}
	if len(cov.Copies) != 3 || cov.Agency != "İHA" || cov.First.Source != "iha" {
		t.Fatalf("coverage %+v, want 3 copies, agency İHA, first the agency's", cov)
	}
	for i, c := range cov.Copies {
		if c.Source != outlets[i].id || c.Similarity < 0.5 {
			t.Errorf("copy %d: %s similarity %.3f, want %s above 0.5", i, c.Source, c.Similarity, outlets[i].id)
		}
	}

	report := haberci(t, 0, "coverage", "--config", cfgPath, "çalıştay")
	if !strings.Contains(report, "1 story\n") || !strings.Contains(report, "3 outlets, 3 copies") || !strings.Contains(report, "[İHA]") {
		t.Errorf("query report:\n%s", report)
	}
	csvOut := haberci(t, 0, "coverage", "--config", cfgPath, "--csv", canon.ID(link))
	if n := bytes.Count([]byte(csvOut), []byte("\n")); n != 4 {
		t.Errorf("CSV has %d lines, want a header and 3 copies:\n%s", n, csvOut)
	}
}
