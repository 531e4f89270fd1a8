package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/index"
)

// testToken is the api_token of fixtures that need one.
const testToken = "s3cret-token-for-tests"

// hostileTitle is a crawled title that would run script if it were ever
// written into a page as markup.
const hostileTitle = `<script>alert("x")</script><img src=x onerror=alert(1)> Kılıçdaroğlu "tırnak"`

// fixture is a real archive and index, filled from real news texts (see
// testdata/SOURCE), behind the pages and the API on a real HTTP server,
// with a real scheduler whose sources are a local site.
type fixture struct {
	srv   *httptest.Server
	web   *Server
	arch  *archive.Archive
	sched *crawler.Scheduler
	ids   map[string]string // name -> article id
	seed  string            // the cluster id of the seed article's copies
}

// fixtureSources are the fixture's sources, each fed by the local site.
var fixtureSources = []string{"ajans-haber", "kartal-bel", "haberturk", "milliyet", "sabah"}

func newFixture(t testing.TB, edit func(*config.Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ar, err := archive.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	f := &fixture{arch: ar, ids: map[string]string{}}
	day := time.Date(2020, 6, 1, 9, 0, 0, 0, time.UTC)
	put := func(name, source, title, body, agency string, published time.Time, page string) {
		t.Helper()
		u := "https://example.org/" + source + "/" + name
		art := &article.Article{ID: canon.ID(u), SourceID: source, URL: u, CanonicalURL: u, Title: title, Body: body,
			Agency: agency, PublishedAt: published, FirstSeenAt: published.Add(10 * time.Minute), Language: "tr"}
		resp := article.Response{URL: u, FetchedAt: published.Add(10 * time.Minute), Status: 200, Proto: "HTTP/1.1",
			Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}}, Body: []byte(page)}
		got, _, err := ar.Put(ctx, art, []article.Response{resp})
		if err != nil {
			t.Fatal(err)
		}
		f.ids[name] = got.ID
	}
	seed := readText(t, "testdata/kartal-belediyesi-2020-06-iha.txt")
	seed = strings.TrimPrefix(seed, "date 2020-06 ")
	put("seed-ajans", "ajans-haber", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı", seed, "İHA", day, "<html><body><p>"+seed+"</p></body></html>")
	put("seed-kartal", "kartal-bel", "Kartal Belediyesi Tek Yön İktidar Çalıştayı'na katıldı", seed, "İHA", day.Add(26*time.Hour),
		`<html><head><script>document.title="pwned"</script></head><body><p>`+seed+`</p></body></html>`)

	files, err := filepath.Glob("testdata/ttc/*.txt")
	if err != nil || len(files) < 24 {
		t.Fatalf("testdata/ttc: %d files (%v)", len(files), err)
	}
	sort.Strings(files)
	agencies := []string{"AA", "İHA", "DHA", ""}
	for i, file := range files {
		body := readText(t, file)
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		source := fixtureSources[2+i%3]
		put(name, source, titleOf(body), body, agencies[i%4], day.Add(time.Duration(i)*36*time.Hour), "<p>"+body+"</p>")
	}
	put("hostile", "sabah", hostileTitle, readText(t, files[0])+"\n\nEk paragraf <b>kalın değil</b>.", "AA",
		day.Add(5*time.Hour), "<p>hostile</p>")

	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(ctx, ar, 100, nil); err != nil {
		t.Fatal(err)
	}
	a, _, err := ar.Get(ctx, f.ids["seed-kartal"])
	if err != nil {
		t.Fatal(err)
	}
	f.seed = a.ClusterID

	// The sources' feeds: a local site, never the internet.
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Yerel</title></channel></rss>`)
	}))
	t.Cleanup(site.Close)
	cfg := config.Default()
	cfg.Sources = nil
	for _, id := range fixtureSources {
		cfg.Sources = append(cfg.Sources, config.Source{ID: id, Name: strings.ToUpper(id[:1]) + id[1:], Type: "feed",
			URL: site.URL + "/rss/" + id, Schedule: "@every 1h"})
		// Fetched a moment ago: nothing is due while the test runs.
		if err := ar.SaveFetchState(ctx, article.FetchState{SourceID: id, LastFetchAt: time.Now(), LastStatus: 200}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ar.SaveFetchState(ctx, article.FetchState{SourceID: "milliyet", LastFetchAt: time.Now(), LastStatus: 503,
		LastError: "http: 503 Service Unavailable", ConsecutiveFailures: 2}); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cfg)
	}
	sctx, cancel := context.WithCancel(context.Background())
	sched, err := crawler.New(cfg, ar, nil, nil).Schedule(sctx, cfg.Sources)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sched.Stop(); cancel() })
	f.sched = sched
	f.web = New(cfg, ix, ar, api.New(cfg, ix, ar, sched, nil).Handler(), nil)
	f.srv = httptest.NewServer(f.web.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// readText reads a test text without its byte order mark and the
// scraping residue (runs of tabs and spaces) of TTC-3600.
func readText(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimPrefix(string(b), "\uFEFF")
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// titleOf makes a title of a text's first eight words: TTC-3600 has none.
func titleOf(body string) string {
	words := strings.Fields(body)
	return strings.Join(words[:min(8, len(words))], " ")
}

// client is a browser-like HTTP client: it keeps cookies and does not
// follow redirects, so tests see them.
func (f *fixture) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get fetches path with c (nil: a fresh client) and returns the status,
// headers and body.
func (f *fixture) get(t *testing.T, c *http.Client, path string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		c = f.client(t)
	}
	return f.do(t, c, req)
}

// post sends a form with c.
func (f *fixture) post(t *testing.T, c *http.Client, path string, form url.Values) (int, http.Header, string) {
	t.Helper()
	req, err := newFormRequest(f.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(t, c, req)
}

func (f *fixture) do(t *testing.T, c *http.Client, req *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// csrfOf reads the CSRF token of the first form in page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="csrf" value="`)
	if !ok {
		t.Fatalf("no CSRF field in the page")
	}
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}

// newFormRequest is a POST of form to target.
func newFormRequest(target string, form url.Values) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// releaseWatch creates a watch of an archived article through the API and
// returns its id.
func (f *fixture) releaseWatch(t *testing.T, articleID string) string {
	t.Helper()
	body := `{"name":"Çalıştay bülteni","article_id":"` + articleID + `"}`
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1/watches", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	st, _, out := f.do(t, f.client(t), req)
	var w struct{ ID string }
	if err := json.Unmarshal([]byte(out), &w); st != http.StatusCreated || err != nil || w.ID == "" {
		t.Fatalf("create watch: %d %s", st, out)
	}
	return w.ID
}
