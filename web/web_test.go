package web

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
)

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/search", "/search?q=%22", "/articles/" + f.ids["seed-ajans"], "/articles/nope",
		"/stories/" + f.seed, "/sources", "/signin", "/articles/" + f.ids["seed-ajans"] + "/captures/1"} {
		st, h, body := f.get(t, nil, path)
		if st >= 500 {
			t.Errorf("%s: %d", path, st)
		}
		for k, want := range map[string]string{"Content-Security-Policy": contentPolicy, "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "same-origin", "Content-Type": "text/html; charset=utf-8"} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
		if !strings.Contains(body, `<html lang="tr">`) {
			t.Errorf("%s: not lang=tr", path)
		}
		// No inline script anywhere: the one script is the embedded file.
		if n := strings.Count(body, "<script"); n != 1 || !strings.Contains(body, `<script src="/static/app.js?v=`) {
			t.Errorf("%s: %d script tags", path, n)
		}
		if strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " on") && regexp.MustCompile(`\son[a-z]+=`).MatchString(body) {
			t.Errorf("%s: inline style or handler in the page", path)
		}
		if len(body) > 100<<10 {
			t.Errorf("%s: %d bytes, over 100 KB", path, len(body))
		}
	}
	if st, h, _ := f.get(t, nil, "/"); st != 302 || h.Get("Location") != "/search" || h.Get("Content-Security-Policy") != contentPolicy {
		t.Errorf("/: %d to %q, want a redirect to /search with the headers", st, h.Get("Location"))
	}
}

func TestAPIStillServed(t *testing.T) {
	f := newFixture(t, nil)
	for path, want := range map[string]int{"/api/v1/search?q=çalıştay": 200, "/healthz": 200, "/api/v1/nope": 404, "/static/app.css": 200, "/static/nope.js": 404, "/static/": 404} {
		if st, _, _ := f.get(t, nil, path); st != want {
			t.Errorf("%s: %d, want %d", path, st, want)
		}
	}
}

func TestUnknownPathsAnswerByKind(t *testing.T) {
	f := newFixture(t, nil)
	html := map[string]struct {
		method, lang string
		status       int
		text         string
	}{
		"/nope":                   {"GET", "tr", 404, "Böyle bir sayfa yok."},
		"/nope?lang=en":           {"GET", "en", 404, "No such page."},
		"/search/deeper":          {"GET", "tr", 404, "Böyle bir sayfa yok."},
		"/articles/x/y/z":         {"GET", "tr", 404, "Böyle bir sayfa yok."},
		"/apiv1/search":           {"GET", "tr", 404, "Böyle bir sayfa yok."},
		"/search?lang=en&q=POSTs": {"POST", "en", 405, "This page does not accept POST."},
	}
	for path, want := range html {
		t.Run(path, func(t *testing.T) {
			req, err := http.NewRequest(want.method, f.srv.URL+path, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			st, h, body := f.do(t, f.client(t), req)
			if st != want.status || h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Content-Security-Policy") != contentPolicy ||
				h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(body, `<html lang="`+want.lang+`">`) || !strings.Contains(body, want.text) {
				t.Errorf("%d %q CSP %q, want %d HTML in %s saying %q:\n%.300s", st, h.Get("Content-Type"), h.Get("Content-Security-Policy"), want.status, want.lang, want.text, body)
			}
			if want.status == 405 && h.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
	// The API's paths keep the contract's JSON, unknown ones included.
	for _, path := range []string{"/api/v1/nope", "/api", "/api/", "/feeds/watches/nope"} {
		st, h, body := f.get(t, nil, path)
		if st != 404 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %q %.200s, want the API's JSON 404", path, st, h.Get("Content-Type"), body)
		}
	}
}

// hitTitles lists the hit titles of a search page, in order.
func hitTitles(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<h3><a href="/articles/[^"]+">([^<]*)</a></h3>`).FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestSearchTurkish(t *testing.T) {
	f := newFixture(t, nil)
	tests := map[string]struct {
		query string
		want  string // a title among the hits
	}{
		"Turkish letters":        {"Kılıçdaroğlu", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı"},
		"ASCII typing":           {"kilicdaroglu", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı"},
		"upper case with İ":      {"İSTANBUL'DAN", "Kartal Belediyesi Tek Yön İktidar Çalıştayı'na katıldı"},
		"title field and suffix": {"title:çalıştayı", "Kartal Belediyesi Tek Yön İktidar Çalıştayı'na katıldı"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st, _, body := f.get(t, nil, "/search?q="+url.QueryEscape(tc.query))
			if st != 200 {
				t.Fatalf("%d", st)
			}
			if !slices.Contains(hitTitles(body), tc.want) {
				t.Errorf("%q: %q not among %q", tc.query, tc.want, hitTitles(body))
			}
			if !strings.Contains(tc.query, ":") && !strings.Contains(body, "<mark>") {
				t.Errorf("%q: no highlighted snippet", tc.query)
			}
			if !strings.Contains(body, `value="`+html.EscapeString(tc.query)+`"`) {
				t.Errorf("%q: the search box does not keep the query", tc.query)
			}
		})
	}
}

func TestSearchFiltersFacetsPaging(t *testing.T) {
	f := newFixture(t, nil)
	// Everything, newest first: 27 articles, 20 a page.
	_, _, first := f.get(t, nil, "/search")
	hits := hitTitles(first)
	if len(hits) != pageSize {
		t.Fatalf("first page: %d hits", len(hits))
	}
	next := regexp.MustCompile(`<a rel="next" href="([^"]+)"`).FindStringSubmatch(first)
	if next == nil {
		t.Fatal("no next page link")
	}
	_, _, second := f.get(t, nil, html.UnescapeString(next[1]))
	more := hitTitles(second)
	if len(more) != 27-pageSize {
		t.Errorf("second page: %d hits, want %d", len(more), 27-pageSize)
	}
	for _, h := range more {
		if slices.Contains(hits, h) {
			t.Errorf("%q on both pages", h)
		}
	}
	if strings.Contains(second, `rel="next"`) || !strings.Contains(second, ">İlk sayfa<") {
		t.Error("second page: a next link, or no first page link")
	}

	// A facet link narrows the search to its source, and its count is right.
	m := regexp.MustCompile(`<a href="([^"]+)">milliyet <span class="count">(\d+)</span>`).FindStringSubmatch(first)
	if m == nil {
		t.Fatal("no milliyet facet link")
	}
	_, _, narrowed := f.get(t, nil, html.UnescapeString(m[1]))
	if got := len(hitTitles(narrowed)); m[2] != "8" || got != 8 {
		t.Errorf("milliyet: facet says %s, page shows %d, want 8", m[2], got)
	}
	if !strings.Contains(narrowed, `<option value="milliyet" selected>`) {
		t.Error("the source filter does not show the facet's choice")
	}

	// Dates: 2020-06-01 holds the seed at 09:00 and the hostile one at 14:00.
	_, _, day := f.get(t, nil, "/search?from=2020-06-01&to=2020-06-01")
	if got := hitTitles(day); len(got) != 3 { // and the first TTC text, at 09:00 too
		t.Errorf("one day: %q", got)
	}
	// The histogram's bars link to their dates.
	if !regexp.MustCompile(`<svg class="histogram"[^>]*>`).MatchString(first) || !strings.Contains(first, "from=2020-06-01&amp;to=2020-06-01") &&
		!strings.Contains(first, "from=2020-06-01&amp;to=2020-06-07") {
		t.Error("no histogram bar linking to its dates")
	}

	// One per story: the seed's two copies are one hit, with its copy count.
	_, _, stories := f.get(t, nil, "/search?q=kilicdaroglu&collapse=story")
	n := 0
	for _, h := range hitTitles(stories) {
		if strings.Contains(h, "Tek Yön") {
			n++
		}
	}
	if n != 1 || !strings.Contains(stories, `<a href="/stories/`+f.seed+`">2 kopya</a>`) {
		t.Errorf("collapsed: %d seed hits, copies link present %v", n, strings.Contains(stories, "2 kopya"))
	}
}

func TestSearchBadInput(t *testing.T) {
	f := newFixture(t, nil)
	// Refused as the API refuses them (one parser), with its message.
	for q, want := range map[string]string{"collapse=all": "collapse: ", "q=%zz": "q: ", "from=2020-13-01": "from: ", "q=a;b": "q: "} {
		st, _, body := f.get(t, nil, "/search?"+q)
		if st != 400 || !strings.Contains(body, html.EscapeString(want)) {
			t.Errorf("%s: %d, want 400 naming %q", q, st, want)
		}
		if ast, _, _ := f.get(t, nil, "/api/v1/search?"+q); ast != 400 {
			t.Errorf("%s: the API answers %d", q, ast)
		}
	}
	for _, q := range []string{"q=%22unclosed", "q=title:", "from=yesterday", "from=2020-06-02&to=2020-06-01", "sort=best", "after=garbage", "q=" + strings.Repeat("a+", 5000)} {
		st, _, body := f.get(t, nil, "/search?"+q)
		if st != 400 && st != 200 {
			t.Errorf("%.40s: %d", q, st)
		}
		if st == 400 && (!strings.Contains(body, `role="alert"`) || !strings.Contains(body, `id="q"`)) {
			t.Errorf("%.40s: 400 without the message and the form", q)
		}
	}
}

func TestHostileTitleRenderedAsText(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/search?q=" + url.QueryEscape("tırnak"), "/articles/" + f.ids["hostile"], "/search?q=" + url.QueryEscape(`<script>`)} {
		st, _, body := f.get(t, nil, path)
		if st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<b>kalın"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q written as markup", path, bad)
			}
		}
		if path != "/search?q=%3Cscript%3E" && !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("%s: the hostile title is not shown as text", path)
		}
	}
}

func TestSnippetParts(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []snippetPart
	}{
		"plain":          {"a &amp; b", []snippetPart{{"a & b", false}}},
		"marks":          {"x <mark>İstanbul</mark>'da <mark>y</mark>", []snippetPart{{"x ", false}, {"İstanbul", true}, {"'da ", false}, {"y", true}}},
		"unclosed mark":  {"a <mark>b", []snippetPart{{"a ", false}, {"b", true}}},
		"raw tag stays":  {"<script>x</script>", []snippetPart{{"<script>x</script>", false}}},
		"escaped markup": {"&lt;mark&gt;", []snippetPart{{"<mark>", false}}},
		"empty":          {"", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := snippetParts(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("%q: %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestArticleAndCaptures(t *testing.T) {
	f := newFixture(t, nil)
	id := f.ids["seed-kartal"]
	st, _, body := f.get(t, nil, "/articles/"+id)
	if st != 200 {
		t.Fatalf("%d", st)
	}
	for _, want := range []string{"<h1>Kartal Belediyesi Tek Yön İktidar Çalıştayı&#39;na katıldı</h1>", "<dd>İHA</dd>",
		`<time datetime="2020-06-02T11:00:00Z">2020-06-02 11:00 UTC</time>`, `<a href="/stories/` + f.seed + `">`,
		`href="/captures/` + id + `/1"`, `href="/articles/` + id + `/captures/1"`, `<a href="/articles/` + id + `/similar">Benzer haberler</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if st, _, _ := f.get(t, nil, "/articles/nope"); st != 404 {
		t.Errorf("unknown article: %d", st)
	}
	// Similar articles: the other copy first, its shared words marked.
	st, _, sim := f.get(t, nil, "/articles/"+id+"/similar")
	if hits := hitTitles(sim); st != 200 || len(hits) == 0 || hits[0] != "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı" || !strings.Contains(sim, "<mark>") {
		t.Errorf("similar: %d %q", st, hits)
	}
	// The capture: its bytes, never as a page of ours.
	st, h, raw := f.get(t, nil, "/captures/"+id+"/1")
	if st != 200 || h.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(raw, `<script>document.title="pwned"</script>`) {
		t.Errorf("capture as text: %d %q", st, h.Get("Content-Type"))
	}
	st, h, _ = f.get(t, nil, "/captures/"+id+"/1?as=page")
	if st != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox;") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("capture as page: %d %q CSP %q", st, h.Get("Content-Type"), h.Get("Content-Security-Policy"))
	}
	_, _, frame := f.get(t, nil, "/articles/"+id+"/captures/1")
	if !strings.Contains(frame, `<iframe class="capture" sandbox="" src="/captures/`+id+`/1?as=page"`) {
		t.Error("the capture page has no sandboxed iframe")
	}
	for _, n := range []string{"0", "2", "x", "99999999999999999999"} {
		if st, _, _ := f.get(t, nil, "/captures/"+id+"/"+n); st != 404 {
			t.Errorf("capture %s: %d", n, st)
		}
	}
}

func TestStory(t *testing.T) {
	f := newFixture(t, nil)
	st, _, body := f.get(t, nil, "/stories/"+f.seed)
	if st != 200 {
		t.Fatalf("%d", st)
	}
	if got := strings.Count(body, `<tr class="copy">`); got != 2 {
		t.Errorf("%d copies listed, want 2", got)
	}
	for _, want := range []string{"2 kaynak, 2 kopya", `<a href="/articles/` + f.ids["seed-ajans"] + `">ajans-haber</a>`,
		"100 %", `<svg class="histogram days"`, "2020-06-01: 1, 2020-06-02: 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	st, h, data := f.get(t, nil, "/stories/"+f.seed+"/coverage.csv")
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if st != 200 || err != nil || len(rows) != 3 || rows[0][0] != "cluster_id" || rows[1][0] != f.seed ||
		!strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("CSV: %d %v %q", st, err, data)
	}
	if st, _, _ := f.get(t, nil, "/stories/nope"); st != 404 {
		t.Errorf("unknown story: %d", st)
	}
	// Past storyRows copies, the rest are on later pages.
	defer func(n int) { storyRows = n }(storyRows)
	storyRows = 1
	pages := map[string]struct {
		status     int
		want, lack []string
	}{
		"":          {200, []string{"2 kaynak, 2 kopya", "Kopya 1–1 / 2", `<a rel="next" href="/stories/` + f.seed + `?from=1">`, `>ajans-haber</a>`}, []string{`rel="prev"`}},
		"?from=1":   {200, []string{"2 kaynak, 2 kopya", "Kopya 2–2 / 2", `<a rel="prev" href="/stories/` + f.seed + `">`, "<td>kartal-bel</td>"}, []string{`rel="next"`}},
		"?from=2":   {400, []string{"from 0 ile 1 arasında"}, nil},
		"?from=-1":  {400, []string{"from 0 ile 1 arasında"}, nil},
		"?from=bir": {400, []string{"from 0 ile 1 arasında"}, nil},
	}
	for q, tc := range pages {
		st, _, body := f.get(t, nil, "/stories/"+f.seed+q)
		if st != tc.status {
			t.Errorf("%s: %d, want %d", q, st, tc.status)
		}
		if tc.status == 200 && strings.Count(body, `<tr class="copy">`) != 1 {
			t.Errorf("%s: %d rows, want 1", q, strings.Count(body, `<tr class="copy">`))
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q", q, w)
			}
		}
		for _, w := range tc.lack {
			if strings.Contains(body, w) {
				t.Errorf("%s: has %q", q, w)
			}
		}
	}
}

func TestSignInAndSourceActions(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken })
	c := f.client(t)
	_, _, list := f.get(t, c, "/sources")
	if strings.Contains(list, `action="/sources/`) || !strings.Contains(list, "İşlemler için giriş yapın.") {
		t.Error("actions offered before sign-in")
	}
	if !strings.Contains(list, "<strong>http</strong>") || !strings.Contains(list, "hatalı") {
		t.Error("the failing source's error class is not shown")
	}
	// A form from the page (with its CSRF token) still needs a session.
	tok := csrfOf(t, func() string { _, _, b := f.get(t, c, "/signin"); return b }())
	if st, _, _ := f.post(t, c, "/sources/sabah/pause", url.Values{"csrf": {tok}}); st != 401 {
		t.Errorf("pause without session: %d", st)
	}
	if st, _, body := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {"wrong"}, "next": {"/sources"}}); st != 401 || !strings.Contains(body, "Anahtar yanlış.") {
		t.Errorf("wrong token: %d", st)
	}
	if st, _, _ := f.post(t, c, "/signin", url.Values{"token": {testToken}}); st != 403 {
		t.Errorf("sign-in without the CSRF token: %d", st)
	}
	st, h, _ := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {testToken}, "next": {"/sources"}})
	if st != 303 || h.Get("Location") != "/sources" {
		t.Fatalf("sign-in: %d to %q", st, h.Get("Location"))
	}
	cookie := h.Get("Set-Cookie")
	for _, want := range []string{"hb_session=", "HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	_, _, list = f.get(t, c, "/sources")
	if !strings.Contains(list, `action="/sources/sabah/pause"`) {
		t.Fatal("no pause form after sign-in")
	}
	tok = csrfOf(t, list)
	// Refused without the token, or with another's.
	for _, bad := range []url.Values{{}, {"csrf": {"0000"}}, {"csrf": {tok + "0"}}} {
		if st, _, _ := f.post(t, c, "/sources/sabah/pause", bad); st != 403 || f.sched.Paused("sabah") {
			t.Errorf("pause with csrf %q: %d", bad.Get("csrf"), st)
		}
	}
	st, h, _ = f.post(t, c, "/sources/sabah/pause", url.Values{"csrf": {tok}})
	if st != 303 || !f.sched.Paused("sabah") {
		t.Fatalf("pause: %d, paused %v", st, f.sched.Paused("sabah"))
	}
	_, _, list = f.get(t, c, h.Get("Location"))
	if !strings.Contains(list, "sabah: duraklatıldı") || !strings.Contains(list, `action="/sources/sabah/resume"`) {
		t.Error("the list does not show the pause")
	}
	if st, _, _ := f.post(t, c, "/sources/sabah/resume", url.Values{"csrf": {tok}}); st != 303 || f.sched.Paused("sabah") {
		t.Errorf("resume: %d", st)
	}
	if st, _, _ := f.post(t, c, "/sources/sabah/crawl", url.Values{"csrf": {tok}}); st != 303 {
		t.Errorf("crawl now: %d", st)
	}
	if st, _, body := f.post(t, c, "/sources/yok/pause", url.Values{"csrf": {tok}}); st != 404 || !strings.Contains(body, "no source with id yok") {
		t.Errorf("unknown source: %d", st)
	}
	if st, _, _ := f.post(t, c, "/sources/sabah/delete", url.Values{"csrf": {tok}}); st != 404 {
		t.Errorf("unknown action: %d", st)
	}
	// Another site's form: refused even with a valid token.
	req, _ := newFormRequest(f.srv.URL+"/sources/sabah/pause", url.Values{"csrf": {tok}})
	req.Header.Set("Origin", "https://evil.example")
	if resp, err := c.Do(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("cross-origin form: %v %v", resp.StatusCode, err)
	}
	// Signing out ends the session.
	if st, _, _ := f.post(t, c, "/signout", url.Values{"csrf": {tok}}); st != 303 {
		t.Errorf("sign-out: %d", st)
	}
	if st, _, _ := f.post(t, c, "/sources/sabah/pause", url.Values{"csrf": {tok}}); st != 401 {
		t.Errorf("pause after sign-out: %d", st)
	}
	if localPath("//evil.example/x") != "/search" || localPath("/\\evil.example") != "/search" || localPath("/sources?x=1") != "/sources?x=1" {
		t.Error("localPath lets another host through")
	}
}

func TestPrivateReads(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken, c.PrivateReads = testToken, true })
	c := f.client(t)
	for _, path := range []string{"/search?q=x", "/articles/" + f.ids["seed-ajans"], "/stories/" + f.seed, "/sources",
		"/captures/" + f.ids["seed-ajans"] + "/1", "/stories/" + f.seed + "/coverage.csv"} {
		st, h, _ := f.get(t, c, path)
		if st != 303 || !strings.HasPrefix(h.Get("Location"), "/signin?next=") {
			t.Errorf("%s without session: %d to %q", path, st, h.Get("Location"))
		}
	}
	_, _, form := f.get(t, c, "/signin?next=%2Fstories%2F"+f.seed)
	if st, h, _ := f.post(t, c, "/signin", url.Values{"csrf": {csrfOf(t, form)}, "token": {testToken}, "next": {"/stories/" + f.seed}}); st != 303 || h.Get("Location") != "/stories/"+f.seed {
		t.Fatalf("sign-in: %d", st)
	}
	for _, path := range []string{"/search?q=x", "/stories/" + f.seed, "/sources", "/stories/" + f.seed + "/coverage.csv"} {
		if st, _, _ := f.get(t, c, path); st != 200 {
			t.Errorf("%s signed in: %d", path, st)
		}
	}
}

func TestLanguage(t *testing.T) {
	f := newFixture(t, nil)
	c := f.client(t)
	_, h, body := f.get(t, c, "/search?lang=en&q=kilicdaroglu")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, ">Search<") || !strings.Contains(h.Get("Set-Cookie"), "hb_lang=en") {
		t.Error("lang=en is not English")
	}
	if !strings.Contains(body, `href="/search?lang=tr&amp;q=kilicdaroglu"`) {
		t.Error("no link back to Turkish keeping the search")
	}
	if _, _, body = f.get(t, c, "/sources"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the choice is not remembered")
	}
	if _, _, body = f.get(t, c, "/sources?lang=xx"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("an unknown language replaced the choice")
	}
	for key := range catalogue["tr"] {
		if _, ok := catalogue["en"][key]; !ok {
			t.Errorf("%s: no English", key)
		}
	}
	for key := range catalogue["en"] {
		if _, ok := catalogue["tr"][key]; !ok {
			t.Errorf("%s: no Turkish", key)
		}
	}
}

func TestTemplatesUseKnownMessages(t *testing.T) {
	for _, name := range append(pageNames, "layout") {
		b, err := templateFS.ReadFile("templates/" + name + ".html")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\bt "([a-z.]+)"`).FindAllStringSubmatch(string(b), -1) {
			if _, ok := catalogue["tr"][m[1]]; !ok {
				t.Errorf("%s: message %q not in the catalogue", name, m[1])
			}
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4200: "-4.200"} {
		if got := number("tr", in); got != want {
			t.Errorf("%d: %q, want %q", in, got, want)
		}
	}
	if got := number("en", 12345); got != "12,345" {
		t.Errorf("en: %q", got)
	}
}

func TestManySourcesKeepThePageLight(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		for i := range 3 * maxSourceOptions {
			c.Sources = append(c.Sources, config.Source{ID: fmt.Sprintf("kaynak-%04d", i), Name: "Kaynak", Type: "feed",
				URL: "http://127.0.0.1:1/rss", Schedule: "@every 24h"})
		}
	})
	_, _, body := f.get(t, nil, "/search?source=kaynak-0042")
	options := strings.Count(body, `<option value="kaynak-`) + strings.Count(body, `<option value="sabah"`)
	if options != 1 || !strings.Contains(body, `<option value="kaynak-0042" selected>`) {
		t.Errorf("%d source options; want only the selected one and the facets' sources", options)
	}
	if _, _, all := f.get(t, nil, "/search"); strings.Count(all, `<option value="kaynak-`) != 0 || !strings.Contains(all, `<option value="sabah">`) {
		t.Error("past the cap, the filter should offer the facets' sources")
	}
}

func TestWatches(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken })
	c := f.client(t)
	_, _, list := f.get(t, c, "/watches")
	if !strings.Contains(list, "Henüz izleme yok.") || strings.Contains(list, `action="/watches"`) {
		t.Error("before sign-in: no empty list, or a create form")
	}
	tok := csrfOf(t, func() string { _, _, b := f.get(t, c, "/signin"); return b }())
	if st, _, _ := f.post(t, c, "/watches", url.Values{"csrf": {tok}, "query": {"çalıştay"}}); st != 401 {
		t.Errorf("create without session: %d", st)
	}
	if st, _, _ := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {testToken}}); st != 303 {
		t.Fatalf("sign-in: %d", st)
	}
	// "Watch this search" from the search page, with its filters.
	_, _, page := f.get(t, c, "/search?q=kilicdaroglu&agency=%C4%B0HA")
	if !strings.Contains(page, `<input type="hidden" name="query" value="kilicdaroglu">`) || !strings.Contains(page, `name="agency" value="İHA"`) {
		t.Fatal("no watch-this-search form on the search page")
	}
	if st, _, _ := f.post(t, c, "/watches", url.Values{"query": {"kilicdaroglu"}}); st != 403 {
		t.Errorf("create without the CSRF token: %d", st)
	}
	st, h, _ := f.post(t, c, "/watches", url.Values{"csrf": {tok}, "query": {"kilicdaroglu"}, "agency": {"İHA"}})
	if st != 303 || !strings.HasPrefix(h.Get("Location"), "/watches/") {
		t.Fatalf("create query watch: %d to %q", st, h.Get("Location"))
	}
	_, _, wp := f.get(t, c, h.Get("Location"))
	for _, want := range []string{"<h1>kilicdaroglu</h1>", "/feeds/watches/", "<dd>İHA</dd>", `action="` + h.Get("Location") + `/delete"`} {
		if !strings.Contains(wp, want) {
			t.Errorf("query watch page lacks %q", want)
		}
	}
	// "Watch this release" from an article page: its archived copy matches at once.
	_, _, art := f.get(t, c, "/articles/"+f.ids["seed-ajans"])
	if !strings.Contains(art, `<input type="hidden" name="article_id" value="`+f.ids["seed-ajans"]+`">`) {
		t.Fatal("no watch-this-release form on the article page")
	}
	st, h, _ = f.post(t, c, "/watches", url.Values{"csrf": {tok}, "article_id": {f.ids["seed-ajans"]}, "title": {"İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı"}})
	if st != 303 {
		t.Fatalf("create release watch: %d", st)
	}
	_, _, rp := f.get(t, c, h.Get("Location"))
	if !strings.Contains(rp, `<a href="/articles/`+f.ids["seed-kartal"]+`">Kartal Belediyesi Tek Yön İktidar Çalıştayı&#39;na katıldı</a>`) {
		t.Error("the release watch does not list the archived copy")
	}
	// A hostile name is text; a bad watch says why and keeps the form.
	st, h, _ = f.post(t, c, "/watches", url.Values{"csrf": {tok}, "name": {hostileTitle}, "query": {"sabah"}})
	if st != 303 {
		t.Fatalf("hostile name: %d", st)
	}
	_, _, list = f.get(t, c, "/watches")
	if strings.Contains(list, "<script>alert") || strings.Count(list, `<a href="/watches/`) != 3 {
		t.Error("the list shows the hostile name as markup, or not three watches")
	}
	st, _, bad := f.post(t, c, "/watches", url.Values{"csrf": {tok}, "query": {`"unclosed`}, "name": {"kötü"}})
	if st != 400 || !strings.Contains(bad, `role="alert"`) || !strings.Contains(bad, `value="&#34;unclosed"`) {
		t.Errorf("bad query: %d", st)
	}
	// The list shows when each watch was made.
	if _, _, all := f.get(t, c, "/watches"); strings.Count(all, `<td><time datetime="`) != 3 {
		t.Errorf("%d creation times shown, want 3", strings.Count(all, `<td><time datetime="`))
	}
	// Past watchRows watches, the list is paged.
	func() {
		defer func(n int) { watchRows = n }(watchRows)
		watchRows = 2
		_, _, one := f.get(t, c, "/watches")
		_, _, two := f.get(t, c, "/watches?from=2")
		if strings.Count(one, `<th scope="row">`) != 2 || !strings.Contains(one, "İzleme 1–2 / 3") || !strings.Contains(one, `<a rel="next" href="/watches?from=2">`) ||
			strings.Count(two, `<th scope="row">`) != 1 || !strings.Contains(two, `<a rel="prev" href="/watches">`) {
			t.Error("the watch list is not paged two a page")
		}
		if st, _, _ := f.get(t, c, "/watches?from=3"); st != 400 {
			t.Errorf("from past the list: %d", st)
		}
	}()
	// Delete.
	if st, dh, _ := f.post(t, c, h.Get("Location")+"/delete", url.Values{"csrf": {tok}}); st != 303 || dh.Get("Location") != "/watches" {
		t.Errorf("delete: %d", st)
	}
	if st, _, _ := f.get(t, c, h.Get("Location")); st != 404 {
		t.Errorf("deleted watch: %d", st)
	}
}

func TestNextRun(t *testing.T) {
	now := time.Date(2026, 12, 7, 5, 3, 0, 0, time.UTC)
	last := api.Time(time.Date(2026, 12, 7, 4, 50, 0, 0, time.UTC))
	tests := map[string]struct {
		src  api.SourceResponse
		want time.Time
	}{
		"every, after the last run": {api.SourceResponse{Schedule: "@every 1h", LastFetchAt: last}, time.Date(2026, 12, 7, 5, 50, 0, 0, time.UTC)},
		"every, never run":          {api.SourceResponse{Schedule: "@every 15m"}, now.Add(15 * time.Minute)},
		"cron spec":                 {api.SourceResponse{Schedule: "*/10 * * * *", LastFetchAt: last}, time.Date(2026, 12, 7, 5, 10, 0, 0, time.UTC)},
		"paused":                    {api.SourceResponse{Schedule: "@every 1h", Paused: true}, time.Time{}},
		"unparsable":                {api.SourceResponse{Schedule: "sometimes"}, time.Time{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := nextRun(tc.src, now); !got.Equal(tc.want) {
				t.Errorf("%v, want %v", got, tc.want)
			}
		})
	}
}

func TestSignInThrottled(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken })
	clock := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	f.web.now = func() time.Time { return clock }
	c := f.client(t)
	tok := csrfOf(t, func() string { _, _, b := f.get(t, c, "/signin"); return b }())
	for i := range signinFails {
		if st, _, _ := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {fmt.Sprint("guess", i)}}); st != 401 {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	// Past the limit even the right token waits for the window to end.
	st, h, body := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {testToken}})
	if st != 429 || h.Get("Retry-After") != "10" || !strings.Contains(body, "Çok fazla hatalı deneme") {
		t.Errorf("after %d wrong tokens: %d %q", signinFails, st, h.Get("Retry-After"))
	}
	clock = clock.Add(signinWindow)
	if st, _, _ := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {testToken}}); st != 303 {
		t.Errorf("after the window: %d", st)
	}
}

func TestReleaseWatchFromTextAndURL(t *testing.T) {
	seed := strings.TrimPrefix(readText(t, "testdata/kartal-belediyesi-2020-06-iha.txt"), "date 2020-06 ")
	// The release's page on a local site, never the internet.
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/bulten" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Çalıştay bülteni</title></head><body><article><h1>Çalıştay bülteni</h1><p>%s</p></article></body></html>",
			html.EscapeString(strings.ReplaceAll(seed, "\n\n", "</p><p>")))
	}))
	t.Cleanup(site.Close)
	f := newFixture(t, func(c *config.Config) { c.APIToken = testToken; c.AllowPrivateSources = true })
	c := f.client(t)
	tok := csrfOf(t, func() string { _, _, b := f.get(t, c, "/signin"); return b }())
	if st, _, _ := f.post(t, c, "/signin", url.Values{"csrf": {tok}, "token": {testToken}}); st != 303 {
		t.Fatalf("sign-in: %d", st)
	}
	if _, _, list := f.get(t, c, "/watches"); !strings.Contains(list, `<textarea id="r-text" name="text"`) || !strings.Contains(list, `<input id="r-url" name="url" type="url"`) {
		t.Fatal("no release form on /watches")
	}
	copyLink := `<a href="/articles/` + f.ids["seed-kartal"] + `">`
	made := map[string]struct {
		form     url.Values
		wantName string
	}{
		"pasted text with a title": {url.Values{"title": {"Tek Yön İktidar Çalıştayı"}, "text": {seed}}, "Tek Yön İktidar Çalıştayı"},
		"pasted text, named":       {url.Values{"name": {"Kartal bülteni"}, "text": {seed}}, "Kartal bülteni"},
		"URL":                      {url.Values{"url": {site.URL + "/bulten"}}, site.URL + "/bulten"},
	}
	for name, tc := range made {
		t.Run(name, func(t *testing.T) {
			tc.form.Set("csrf", tok)
			tc.form.Set("form", "release")
			st, h, body := f.post(t, c, "/watches", tc.form)
			if st != 303 || !strings.HasPrefix(h.Get("Location"), "/watches/") {
				t.Fatalf("create: %d to %q\n%.500s", st, h.Get("Location"), body)
			}
			_, _, wp := f.get(t, c, h.Get("Location"))
			if !strings.Contains(wp, "<h1>"+html.EscapeString(tc.wantName)+"</h1>") || !strings.Contains(wp, copyLink) {
				t.Errorf("watch page lacks the name %q or the archived copy", tc.wantName)
			}
		})
	}
	refused := map[string]struct {
		form url.Values
		want string // the error in the release form
	}{
		"neither":        {url.Values{"name": {"boş"}}, "Bültenin bağlantısını ya da metnini verin; ikisini birden değil."},
		"both":           {url.Values{"url": {site.URL + "/bulten"}, "text": {seed}}, "Bültenin bağlantısını ya da metnini verin; ikisini birden değil."},
		"too short":      {url.Values{"text": {"Kısa bir metin."}}, "too short"},
		"not http":       {url.Values{"url": {"ftp://example.org/x"}}, "http(s) URL"},
		"unreadable URL": {url.Values{"url": {site.URL + "/yok"}}, "cannot read the release"},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			tc.form.Set("csrf", tok)
			tc.form.Set("form", "release")
			st, _, body := f.post(t, c, "/watches", tc.form)
			form := body[strings.Index(body, `aria-labelledby="rel-h"`)+1:]
			if st != 400 || !strings.Contains(form, `role="alert"`) || !strings.Contains(form, html.EscapeString(tc.want)) {
				t.Fatalf("%d; want 400 with %q in the release form:\n%.600s", st, tc.want, form)
			}
			if v := tc.form.Get("text"); v != "" && !strings.Contains(form, html.EscapeString(v)+"</textarea>") {
				t.Error("the pasted text is not kept")
			}
			if v := tc.form.Get("url"); v != "" && !strings.Contains(form, `value="`+html.EscapeString(v)+`"`) {
				t.Error("the URL is not kept")
			}
		})
	}
	// Without the CSRF token, and past the form's size, nothing is made.
	if st, _, _ := f.post(t, c, "/watches", url.Values{"form": {"release"}, "text": {seed}}); st != 403 {
		t.Errorf("without the CSRF token: %d", st)
	}
	if st, _, body := f.post(t, c, "/watches", url.Values{"csrf": {tok}, "form": {"release"}, "text": {strings.Repeat("ğ", maxReleaseForm/2)}}); st != 413 || !strings.Contains(body, "Form çok büyük") {
		t.Errorf("an over-long form: %d %s", st, body[strings.Index(body, "<main"):])
	}
	if _, _, list := f.get(t, c, "/watches"); strings.Count(list, `<th scope="row"><a href="/watches/`) != len(made) {
		t.Errorf("%d watches listed, want %d", strings.Count(list, `<th scope="row"><a href="/watches/`), len(made))
	}
}

// TestCompressedPages: over real HTTP, a client sending Accept-Encoding:
// gzip gets the pages, the assets and the API's larger answers gzipped,
// each decoding to what a client without it gets; Vary names both what a
// page varies with.
func TestCompressedPages(t *testing.T) {
	f := newFixture(t, nil)
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		st, h, body := f.do(t, raw, req)
		return &http.Response{StatusCode: st, Header: h}, []byte(body)
	}
	pages := map[string]string{ // path -> a Vary value besides Accept-Encoding
		"/search?q=%C3%A7al%C4%B1%C5%9Ftay":        "Cookie",
		"/search":                                  "Cookie",
		"/articles/" + f.ids["seed-ajans"]:         "Cookie",
		"/stories/" + f.seed:                       "Cookie",
		"/sources":                                 "Cookie",
		"/nope":                                    "Cookie",
		"/static/app.css":                          "",
		"/static/app.js?v=" + assetVersion:         "",
		"/api/v1/search?q=%C3%A7al%C4%B1%C5%9Ftay": "",
	}
	for path, vary := range pages {
		t.Run(path, func(t *testing.T) {
			plainResp, plain := fetch(path, "")
			resp, body := fetch(path, "gzip, deflate, br, zstd") // what Chromium sends
			if resp.StatusCode != plainResp.StatusCode || resp.Header.Get("Content-Encoding") != "gzip" || plainResp.Header.Get("Content-Encoding") != "" {
				t.Fatalf("%d %q, plain %d %q: want the same status, gzip only when asked", resp.StatusCode, resp.Header.Get("Content-Encoding"),
					plainResp.StatusCode, plainResp.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if len(body) >= len(plain) {
				t.Errorf("%d bytes gzipped, %d plain", len(body), len(plain))
			}
			// Pages carry a per-answer CSRF token and the search's time; the rest is the same.
			if strip := regexp.MustCompile(`name="csrf" value="[^"]*"|"took_ms":\d+|\d+ ms`); !bytes.Equal(strip.ReplaceAll(got, nil), strip.ReplaceAll(plain, nil)) {
				t.Errorf("decoded body differs from the plain one:\n%.300s\n%.300s", got, plain)
			}
			for _, h := range []http.Header{resp.Header, plainResp.Header} {
				v := strings.Join(h.Values("Vary"), ", ")
				if !strings.Contains(v, "Accept-Encoding") || vary != "" && !strings.Contains(v, vary) {
					t.Errorf("Vary %q, want Accept-Encoding and %q", v, vary)
				}
			}
		})
	}
	if resp, _ := fetch("/healthz", "gzip"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("/healthz, a few bytes: encoded %q", resp.Header.Get("Content-Encoding"))
	}
}

// TestStaticMissingAndPanicArePages: a missing asset and a page that
// panics answer with the pages' HTML error page and its headers, not
// net/http's plain text.
func TestStaticMissingAndPanicArePages(t *testing.T) {
	f := newFixture(t, nil)
	f.web.page("GET /test-panic", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", "attachment")
		panic("boom")
	})
	cases := map[string]struct {
		status int
		text   string
	}{
		"/static/nope.js":         {404, "Böyle bir sayfa yok."},
		"/static/nope.js?lang=en": {404, "No such page."},
		"/static/":                {404, "Böyle bir sayfa yok."},
		"/test-panic":             {500, "Beklenmeyen bir hata oldu"},
		"/test-panic?lang=en":     {500, "Something went wrong"},
	}
	for path, want := range cases {
		t.Run(path, func(t *testing.T) {
			st, h, body := f.get(t, nil, path)
			if st != want.status || h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Content-Security-Policy") != contentPolicy ||
				h.Get("Content-Disposition") != "" || !strings.Contains(body, want.text) || strings.Contains(body, "boom") {
				t.Errorf("%d %q CSP %q, want a %d page saying %q:\n%.300s", st, h.Get("Content-Type"), h.Get("Content-Security-Policy"), want.status, want.text, body)
			}
		})
	}
	if st, h, _ := f.get(t, nil, "/static/app.css"); st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		t.Errorf("/static/app.css: %d %q", st, h.Get("Content-Type"))
	}
}
