package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/index"
)

// The seed text (an İHA item, shared/data/seed-article) in short: enough
// for the API's shapes; search quality is tested in index and cmd/haberci.
const seedBody = "CHP Genel Başkanı Kemal Kılıçdaroğlu'nun katılımıyla gerçekleştirilen çalıştay, Yenikapı'da bulunan Avrasya Gösteri ve Sanat Merkezi'nde yapıldı.\n\n" +
	"İstanbul ilçe belediyeleri ile ilçe parti örgütleri arasındaki uyumu güçlendirmek amacıyla yapıldı.\n\nKaynak: İHA"

// fixture is a real archive and index behind a real HTTP server.
type fixture struct {
	srv  *httptest.Server
	api  *Server
	arch *archive.Archive
	ids  map[string]string // slug -> article id
}

func newFixture(t testing.TB, token string, sched func(*config.Config, *archive.Archive) *crawler.Scheduler) *fixture {
	t.Helper()
	return newFixtureConfig(t, func(cfg *config.Config) { cfg.APIToken = token }, sched)
}

// newFixtureConfig is newFixture with edit applied to the config before the
// server is built.
func newFixtureConfig(t testing.TB, edit func(*config.Config), sched func(*config.Config, *archive.Archive) *crawler.Scheduler) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ar, err := archive.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	f := &fixture{arch: ar, ids: map[string]string{}}
	day := time.Date(2020, 6, 20, 11, 0, 0, 0, time.UTC)
	for i, a := range []struct{ slug, source, title, body string }{
		{"ajans", "ajans", "Tek Yön İktidar Çalıştayı yapıldı", seedBody},
		{"kopya", "belediye", "Çalıştay Yenikapı'da yapıldı", seedBody},
		{"spor", "belediye", "Galatasaray Sneijder ile sözleşme uzattı", "Hollandalı yıldızın sözleşmesi dört yıl uzatıldı."},
	} {
		u := "https://example.org/haber/" + a.slug
		art := &article.Article{ID: canon.ID(u), SourceID: a.source, URL: u, CanonicalURL: u, Title: a.title, Body: a.body,
			Agency: extractAgency(a.body), PublishedAt: day.Add(time.Duration(i) * time.Hour), Language: "tr"}
		resp := article.Response{URL: u, FetchedAt: day, Status: 200, Proto: "HTTP/1.1",
			Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}}, Body: []byte("<p>" + a.body + "</p>")}
		got, _, err := ar.Put(ctx, art, []article.Response{resp})
		if err != nil {
			t.Fatal(err)
		}
		f.ids[a.slug] = got.ID
	}
	ix, err := index.Open(dir + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(ctx, ar, 100, nil); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Sources = []config.Source{{ID: "ajans", Name: "Ajans", Type: "feed", URL: "https://example.org/rss", Schedule: "@every 1h"},
		{ID: "belediye", Name: "Belediye", Type: "feed", URL: "https://example.org/belediye.rss", Schedule: "@every 1h"}}
	edit(cfg)
	var s *crawler.Scheduler
	if sched != nil {
		s = sched(cfg, ar)
	}
	f.api = New(cfg, ix, ar, s, nil)
	f.srv = httptest.NewServer(f.api.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func extractAgency(body string) string {
	if strings.Contains(body, "Kaynak: İHA") {
		return "İHA"
	}
	return ""
}

// get fetches path and decodes JSON into out when out is not nil.
func (f *fixture) get(t *testing.T, path string, out any) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return resp.StatusCode, resp.Header, body
}

func TestSearchParameters(t *testing.T) {
	f := newFixture(t, "", nil)
	tests := map[string]struct {
		query     string
		status    int
		wantTotal uint64
	}{
		"everything":              {"q=", 200, 3},
		"Turkish inflection":      {"q=belediye", 200, 2},
		"folded":                  {"q=calistay", 200, 2},
		"source filter":           {"q=&source=belediye", 200, 2},
		"two sources":             {"q=&source=ajans,belediye", 200, 3},
		"agency filter":           {"q=&agency=%C4%B0HA", 200, 2},
		"date range, whole day":   {"q=&from=2020-06-20&to=2020-06-20", 200, 3},
		"date range, RFC 3339":    {"q=&from=2020-06-20T11:30:00Z", 200, 2},
		"empty range":             {"q=&from=2021-01-01", 200, 0},
		"size too small":          {"q=x&size=0", 400, 0},
		"size not a number":       {"q=x&size=abc", 400, 0},
		"size too large":          {"q=x&size=101", 400, 0},
		"page negative":           {"q=x&page=-1", 400, 0},
		"bad date":                {"q=x&from=notadate", 400, 0},
		"to before from":          {"q=x&from=2020-06-02&to=2020-06-01", 400, 0},
		"bad sort":                {"q=x&sort=sideways", 400, 0},
		"unclosed quote":          {"q=%22a+b", 400, 0},
		"garbage cursor":          {"q=&after=zz!not-a-cursor", 400, 0},
		"sort oldest is accepted": {"q=&sort=oldest", 200, 3},
		"stop word alone":         {"q=ve", 200, 2},
		"stop word in a title":    {"q=ile", 200, 3},
		"stop words only":         {"q=ile+ve", 200, 2},
		"phrase with stop word":   {"q=%22G%C3%B6steri+ve+Sanat%22", 200, 2},
		"phrase, other stop word": {"q=%22G%C3%B6steri+ile+Sanat%22", 200, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var res SearchResponse
			var e errorBody
			status, hdr, body := f.get(t, "/api/v1/search?"+tc.query, nil)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", hdr.Get("Content-Type"))
			}
			if status != 200 {
				if json.Unmarshal(body, &e) != nil || e.Error.Code != "bad_request" || e.Error.Message == "" {
					t.Errorf("error body %s", body)
				}
				return
			}
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			if res.Total != tc.wantTotal || len(res.Hits) != int(tc.wantTotal) {
				t.Errorf("total %d with %d hits, want %d", res.Total, len(res.Hits), tc.wantTotal)
			}
		})
	}
}

func TestSearchShape(t *testing.T) {
	f := newFixture(t, "", nil)
	var raw map[string]json.RawMessage
	f.get(t, "/api/v1/search?q=%C3%A7al%C4%B1%C5%9Ftay&size=1", &raw)
	for _, k := range []string{"total", "took_ms", "hits", "facets", "next"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("search response lacks %q", k)
		}
	}
	var hits []map[string]any
	if err := json.Unmarshal(raw["hits"], &hits); err != nil || len(hits) != 1 {
		t.Fatalf("hits %s", raw["hits"])
	}
	for _, k := range []string{"id", "url", "title", "source", "agency", "published_at", "snippet", "score", "cluster_id"} {
		if _, ok := hits[0][k]; !ok {
			t.Errorf("hit lacks %q", k)
		}
	}
	if p, _ := hits[0]["published_at"].(string); !strings.HasSuffix(p, "Z") {
		t.Errorf("published_at %q is not RFC 3339 UTC", p)
	}
	if s, _ := hits[0]["snippet"].(string); !strings.Contains(s, "<mark>") {
		t.Errorf("snippet %q marks nothing", s)
	}
}

func TestArticleAndCoverage(t *testing.T) {
	f := newFixture(t, "", nil)
	var a ArticleResponse
	if st, _, body := f.get(t, "/api/v1/articles/"+f.ids["ajans"], &a); st != 200 {
		t.Fatalf("status %d: %s", st, body)
	}
	if a.Title != "Tek Yön İktidar Çalıştayı yapıldı" || a.Agency != "İHA" || len(a.Captures) != 1 || a.Captures[0].Digest == "" {
		t.Errorf("article %+v", a)
	}
	var cov CoverageResponse
	f.get(t, "/api/v1/articles/"+f.ids["kopya"]+"/coverage", &cov)
	if len(cov.Copies) != 2 || cov.First.ID != f.ids["ajans"] || cov.Agency != "İHA" || cov.ClusterID == "" {
		t.Errorf("coverage %+v", cov)
	}
	_, hdr, body := f.get(t, "/api/v1/articles/"+f.ids["kopya"]+"/coverage?format=csv", nil)
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "cluster_id" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Errorf("coverage CSV %q (%v)", body, err)
	}
	for name, path := range map[string]string{
		"unknown article":  "/api/v1/articles/nope",
		"unknown coverage": "/api/v1/articles/nope/coverage",
		"unknown endpoint": "/api/v1/nothing",
	} {
		t.Run(name, func(t *testing.T) {
			var e errorBody
			if st, _, body := f.get(t, path, &e); st != 404 || e.Error.Code != "not_found" {
				t.Errorf("status %d body %s", st, body)
			}
		})
	}
}

func TestSourcesHealthMetrics(t *testing.T) {
	f := newFixture(t, "", nil)
	var s SourcesResponse
	f.get(t, "/api/v1/sources", &s)
	if len(s.Sources) != 2 || s.Sources[0].ArticleCount != 1 || s.Sources[1].ArticleCount != 2 {
		t.Errorf("sources %+v", s)
	}
	if st, _, body := f.get(t, "/healthz", nil); st != 200 || !strings.Contains(string(body), `"indexed":3`) ||
		!strings.Contains(string(body), fmt.Sprintf(`"schema_step":%d`, archive.SchemaSteps())) ||
		!strings.Contains(string(body), fmt.Sprintf(`"mapping_version":%d`, index.MappingVersion)) {
		t.Errorf("healthz %d %s, want indexed, schema_step and mapping_version", st, body)
	}
	if st, _, body := f.get(t, "/metrics", nil); st != 200 || !strings.Contains(string(body), "haberci_http_requests_total") {
		t.Errorf("metrics %d", st)
	}
}

func TestCrawlNeedsToken(t *testing.T) {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
	}))
	defer feed.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sched *crawler.Scheduler
	f := newFixture(t, "s3cret", func(cfg *config.Config, ar *archive.Archive) *crawler.Scheduler {
		for i := range cfg.Sources {
			cfg.Sources[i].URL = feed.URL + "/rss"
		}
		for _, src := range cfg.Sources { // fetched before: nothing runs until triggered
			if err := ar.SaveFetchState(ctx, article.FetchState{SourceID: src.ID, LastFetchAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		var err error
		if sched, err = crawler.New(cfg, ar, nil, nil).Schedule(ctx, cfg.Sources); err != nil {
			t.Fatal(err)
		}
		return sched
	})
	defer sched.Stop()
	tests := map[string]struct {
		path, auth string
		status     int
	}{
		"no token":       {"/api/v1/sources/ajans/crawl", "", 401},
		"wrong token":    {"/api/v1/sources/ajans/crawl", "Bearer nope", 401},
		"not bearer":     {"/api/v1/sources/ajans/crawl", "s3cret", 401},
		"unknown source": {"/api/v1/sources/nope/crawl", "Bearer s3cret", 404},
		"with the token": {"/api/v1/sources/belediye/crawl", "Bearer s3cret", 202},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", f.srv.URL+tc.path, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
		})
	}
	var e errorBody
	if st, _, _ := f.get(t, "/api/v1/sources/ajans/crawl", &e); st != http.StatusMethodNotAllowed || e.Error.Code != "method_not_allowed" {
		t.Errorf("GET on the crawl endpoint: %d %+v, want 405", st, e)
	}
}

// TestArticleRemovedAt: removed_at is null until a revisit finds the page
// gone, then the time it did; updated_at likewise after an edit.
func TestArticleRemovedAt(t *testing.T) {
	f := newFixture(t, "", nil)
	path := "/api/v1/articles/" + f.ids["ajans"]
	if _, _, body := f.get(t, path, nil); !strings.Contains(string(body), `"removed_at":null`) || !strings.Contains(string(body), `"updated_at":null`) {
		t.Fatalf("fresh article: %s", body)
	}
	at := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	err := f.arch.Revisited(t.Context(), article.Revisited{ArticleID: f.ids["ajans"], SourceID: "ajans", At: at, Removed: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, body := f.get(t, path, nil); !strings.Contains(string(body), `"removed_at":"2026-12-07T06:00:00Z"`) {
		t.Errorf("removed article: %s", body)
	}
}
