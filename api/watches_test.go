package api

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/config"

	"github.com/mmcdole/gofeed"
)

func TestWatchesAPI(t *testing.T) {
	const token = "sekret"
	f := newFixture(t, token, nil)
	auth := map[string]string{"Authorization": "Bearer " + token}
	body := `{"name":"Çalıştay","article_id":"` + f.ids["ajans"] + `","email":{"to":["basin@example.org"],"every":"day"}}`
	if st, _ := f.post(t, "/api/v1/watches", body, ""); st != 401 {
		t.Fatalf("POST without the token: %d", st)
	}
	st, out := f.post(t, "/api/v1/watches", body, token)
	if st != 201 {
		t.Fatalf("POST: %d %s", st, out)
	}
	var w WatchResponse
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatal(err)
	}
	if w.ID == "" || w.Kind != "release" || w.Name != "Çalıştay" || !strings.Contains(w.FeedURL, "/feeds/watches/") || w.Email == nil || w.Email.Every != "day" {
		t.Fatalf("created %+v", w)
	}
	var raw map[string]any
	_ = json.Unmarshal(out, &raw)
	for _, k := range []string{"id", "name", "kind", "feed_url", "created_at"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, out)
		}
	}
	if resp, _ := f.send(t, "GET", "/api/v1/watches", nil); resp.StatusCode != 401 {
		t.Errorf("listing watches without the token: %d (they hold addresses and feed tokens)", resp.StatusCode)
	}
	var list WatchesResponse
	if resp, b := f.send(t, "GET", "/api/v1/watches", auth); resp.StatusCode != 200 || json.Unmarshal(b, &list) != nil || len(list.Watches) != 1 {
		t.Fatalf("list: %d %s", resp.StatusCode, b)
	}
	var ms struct {
		Matches []map[string]any `json:"matches"`
	}
	resp, b := f.send(t, "GET", "/api/v1/watches/"+w.ID+"/matches", auth)
	if resp.StatusCode != 200 || json.Unmarshal(b, &ms) != nil {
		t.Fatalf("matches: %d %s", resp.StatusCode, b)
	}
	if len(ms.Matches) != 2 || ms.Matches[0]["article_id"] != f.ids["ajans"] || ms.Matches[0]["relation"] != "original" ||
		ms.Matches[1]["article_id"] != f.ids["kopya"] || ms.Matches[1]["relation"] != "copy" || ms.Matches[1]["credited"] != true {
		t.Fatalf("matches %s", b)
	}
	for _, k := range []string{"article_id", "url", "source", "title", "published_at", "first_seen_at", "similarity", "relation", "agency", "credited", "removed_at"} {
		if _, ok := ms.Matches[1][k]; !ok {
			t.Errorf("match lacks %q", k)
		}
	}
	resp, b = f.send(t, "GET", "/api/v1/watches/"+w.ID+"/matches?format=csv", auth)
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(rows) != 3 || rows[0][0] != "article_id" {
		t.Fatalf("csv: %d %v %q", resp.StatusCode, err, b)
	}

	// The feed needs no header; an unknown token is a 404.
	feedPath := w.FeedURL[strings.Index(w.FeedURL, "/feeds/"):]
	resp, b = f.send(t, "GET", feedPath, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("feed: %d %s", resp.StatusCode, b)
	}
	feed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil || feed.FeedType != "atom" || len(feed.Items) != 2 {
		t.Fatalf("feed %v: %+v", err, feed)
	}
	// Feed readers ask If-Modified-Since; a range or an If-Match, which
	// ServeContent would refuse in plain text (416, 412), gets the feed.
	for h, v := range map[string]string{"Range": "bytes=999999-", "If-Match": `"x"`, "If-Unmodified-Since": "Mon, 02 Jan 2006 15:04:05 GMT"} {
		if resp, b := f.send(t, "GET", feedPath, map[string]string{h: v}); resp.StatusCode != 200 || !strings.Contains(string(b), "<feed") {
			t.Errorf("feed with %s: %d %.200s", h, resp.StatusCode, b)
		}
	}
	if resp, _ := f.send(t, "GET", feedPath, map[string]string{"If-Modified-Since": time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}); resp.StatusCode != 304 {
		t.Errorf("feed If-Modified-Since: %d, want 304", resp.StatusCode)
	}
	if resp, _ := f.send(t, "GET", "/feeds/watches/0000", nil); resp.StatusCode != 404 {
		t.Errorf("unknown feed token: %d", resp.StatusCode)
	}

	for name, tc := range map[string]struct {
		body   string
		status int
	}{
		"not JSON":        {`{`, 400},
		"unknown field":   {`{"name":"x","text":"a","colour":"red"}`, 400},
		"two kinds":       {`{"name":"x","text":"a b c","query":"a"}`, 400},
		"unknown article": {`{"name":"x","article_id":"nope"}`, 400},
		"bad every":       {`{"name":"x","query":"belediye","email":{"to":["a@example.org"],"every":"week"}}`, 400},
		"query":           {`{"name":"Belediye","query":"belediye","source":"belediye"}`, 201},
	} {
		t.Run(name, func(t *testing.T) {
			if st, b := f.post(t, "/api/v1/watches", tc.body, token); st != tc.status {
				t.Errorf("got %d %s, want %d", st, b, tc.status)
			}
		})
	}

	if resp, _ := f.send(t, "DELETE", "/api/v1/watches/"+w.ID, auth); resp.StatusCode != 204 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	for _, p := range []string{"/api/v1/watches/" + w.ID, "/api/v1/watches/" + w.ID + "/matches", feedPath} {
		if resp, _ := f.send(t, "GET", p, auth); resp.StatusCode != 404 {
			t.Errorf("GET %s after delete: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := f.send(t, "DELETE", "/api/v1/watches/"+w.ID, auth); resp.StatusCode != 404 {
		t.Errorf("second delete: %d", resp.StatusCode)
	}
}

// TestWatchByURL: a release read from a page that no source lists.
func TestWatchByURL(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		for _, p := range strings.Split(seedBody, "\n\n") {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>")
		}
		fmt.Fprintf(w, `<!doctype html><html lang="tr"><head><title>Basın bülteni</title></head><body><article><h1>Tek Yön İktidar Çalıştayı</h1>%s</article></body></html>`, b.String())
	}))
	defer page.Close()
	f := newFixtureConfig(t, func(cfg *config.Config) { cfg.AllowPrivateSources = true; cfg.Crawl.Robots = false }, nil)
	st, out := f.post(t, "/api/v1/watches", `{"name":"Bülten","url":"`+page.URL+`/bulten"}`, "")
	if st != 201 {
		t.Fatalf("POST: %d %s", st, out)
	}
	var w WatchResponse
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatal(err)
	}
	var ms MatchesResponse
	f.get(t, "/api/v1/watches/"+w.ID+"/matches", &ms)
	if len(ms.Matches) != 2 || ms.Matches[0].Relation != "copy" || ms.Matches[1].Relation != "copy" {
		t.Fatalf("matches %+v, want the agency's item and its copy", ms.Matches)
	}
	if st, out := f.post(t, "/api/v1/watches", `{"name":"Yok","url":"http://127.0.0.1:1/kapali"}`, ""); st != 400 {
		t.Errorf("a page that cannot be read: %d %s, want 400", st, out)
	}
}
