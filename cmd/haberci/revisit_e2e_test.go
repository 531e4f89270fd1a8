package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRevisitEndToEnd: two crawls through the CLI, the page of one article
// edited and the other's taken down in between. The second crawl's revisits
// make search find the edit and the export (JSONL and CSV) show updated_at and removed_at;
// first_seen_at, agency and cluster stay.
func TestRevisitEndToEnd(t *testing.T) {
	seed := readSeed(t)
	istanbul := time.FixedZone("TRT", 3*3600)
	pages := map[string]page{
		"duzeltilen": {"duzeltilen", "Tek Yön İktidar Çalıştayı yapıldı", time.Date(2020, 6, 20, 14, 5, 0, 0, istanbul), seed},
		"kaldirilan": {"kaldirilan", "Kartal'da çalıştay", time.Date(2020, 6, 20, 15, 0, 0, 0, istanbul), seed[:3]},
	}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch slug, ok := strings.CutPrefix(r.URL.Path, "/haber/"); {
		case r.URL.Path == "/rss.xml":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Yerel</title>`)
			for _, s := range []string{"duzeltilen", "kaldirilan"} {
				fmt.Fprintf(w, `<item><title>%s</title><link>%s/haber/%s</link></item>`, html.EscapeString(pages[s].title), "http://"+r.Host, s)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case ok && pages[slug].slug != "":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(pages[slug]))
		default:
			http.Error(w, "gone", http.StatusGone)
		}
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "haberci.yaml")
	cfg := fmt.Sprintf("data_dir: %s/data\nlisten: 127.0.0.1:%d\ncrawl: {per_host_interval: 5ms, timeout: 5s, revisit: [3s, 1h]}\n"+
		"sources:\n  - {id: yerel, name: Yerel, type: feed, url: \"%s/rss.xml\", schedule: \"@every 1h\"}\n", dir, freePort(t), srv.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	haberci(t, 0, "crawl", "--config", cfgPath)
	before := exported(t, cfgPath)
	if len(before) != 2 {
		t.Fatalf("%d articles after the first crawl, want 2", len(before))
	}
	mu.Lock()
	edited := pages["duzeltilen"]
	edited.paras = append(append([]string{}, seed...), "Düzeltme: çalıştaydaki ikramlar zeytinyağlı yemeklerdi.")
	pages["duzeltilen"] = edited
	delete(pages, "kaldirilan")
	mu.Unlock()
	if out := haberci(t, 0, "search", "--config", cfgPath, "--json", "zeytinyağlı"); strings.Contains(out, "duzeltilen") {
		t.Fatalf("found before the edit: %s", out)
	}
	for _, a := range before {
		time.Sleep(time.Until(a.FirstSeenAt.Add(3*time.Second)) + 10*time.Millisecond)
	}
	haberci(t, 0, "crawl", "--config", cfgPath)
	after := exported(t, cfgPath)
	for url, b := range before {
		a := after[url]
		if a == nil || !a.FirstSeenAt.Equal(b.FirstSeenAt) || a.Agency != b.Agency || a.ClusterID != b.ClusterID {
			t.Errorf("%s: kept fields changed: %+v → %+v", url, b, a)
			continue
		}
		switch {
		case strings.HasSuffix(url, "/duzeltilen"):
			if a.UpdatedAt.IsZero() || !a.RemovedAt.IsZero() || !strings.Contains(a.Body, "zeytinyağlı") || len(a.Captures) != 2 {
				t.Errorf("edited: updated_at %v, removed_at %v, %d captures, body has the edit: %v", a.UpdatedAt, a.RemovedAt, len(a.Captures), strings.Contains(a.Body, "zeytinyağlı"))
			}
		default:
			if a.RemovedAt.IsZero() || len(a.Captures) != 2 || a.Captures[1].Status != http.StatusGone || a.Body != b.Body {
				t.Errorf("removed: removed_at %v, captures %+v", a.RemovedAt, a.Captures)
			}
		}
	}
	// The CSV export carries the same two times, read back by column name.
	csvOut := haberci(t, 0, "export", "--config", cfgPath, "--format", "csv")
	urls, updated, removed := readCSV(t, csvOut, "canonical_url"), readCSV(t, csvOut, "updated_at"), readCSV(t, csvOut, "removed_at")
	for i, url := range urls {
		if a := after[url]; a == nil || updated[i] != csvTime(a.UpdatedAt) || removed[i] != csvTime(a.RemovedAt) {
			t.Errorf("CSV %s: updated_at %q, removed_at %q; JSONL %+v", url, updated[i], removed[i], a)
		}
	}
	if len(urls) != len(after) {
		t.Errorf("CSV has %d rows, JSONL %d articles", len(urls), len(after))
	}
	if out := haberci(t, 0, "search", "--config", cfgPath, "--json", "zeytinyağlı"); !strings.Contains(out, "/haber/duzeltilen") {
		t.Errorf("search after the revisit does not find the edit: %s", out)
	}
}

// exportedArticle is the part of an export line this test reads.
type exportedArticle struct {
	CanonicalURL string    `json:"canonical_url"`
	Body         string    `json:"body"`
	Agency       string    `json:"agency"`
	ClusterID    string    `json:"cluster_id"`
	FirstSeenAt  time.Time `json:"first_seen_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	RemovedAt    time.Time `json:"removed_at"`
	Captures     []struct {
		Status int `json:"status"`
	} `json:"captures"`
}

// exported runs haberci export --format jsonl and returns its articles by canonical URL.
func exported(t *testing.T, cfgPath string) map[string]*exportedArticle {
	t.Helper()
	out := haberci(t, 0, "export", "--config", cfgPath, "--format", "jsonl")
	arts := map[string]*exportedArticle{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a exportedArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("export line: %v", err)
		}
		arts[a.CanonicalURL] = &a
	}
	return arts
}
