package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/haberci/haberci/agency"
	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/watch/watchtest"
)

// text reads a testdata file: its paragraphs (blank-line or line
// separated), and for Kemik files the first line apart as the title.
func text(t testing.TB, name string, titled bool) (title string, paras []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	if titled {
		return paras[0], paras[1:]
	}
	return "", paras
}

// store is a real archive and index in a temporary directory.
type store struct {
	arch *archive.Archive
	ix   *index.Index
	day  time.Time
	n    int
}

func newStore(t testing.TB) *store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ar, err := archive.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	ix, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return &store{arch: ar, ix: ix, day: time.Now().UTC().Add(-time.Hour)}
}

// put archives an article as the crawler would (agency from the credit
// line) and indexes it.
func (s *store) put(t testing.TB, source, slug, title string, paras []string) *article.Article {
	t.Helper()
	ctx := context.Background()
	u := "https://" + source + ".example.org/haber/" + slug
	body := strings.Join(paras, "\n\n")
	s.n++
	art := &article.Article{ID: canon.ID(u), SourceID: source, URL: u, CanonicalURL: u, Title: title, Body: body,
		Agency: agency.Find(body), PublishedAt: s.day.Add(time.Duration(s.n) * time.Minute), Language: "tr"}
	resp := article.Response{URL: u, FetchedAt: s.day, Status: 200, Proto: "HTTP/1.1",
		Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}}, Body: []byte("<p>" + body + "</p>")}
	got, _, err := s.arch.Put(ctx, art, []article.Response{resp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ix.CatchUp(ctx, s.arch, 100, nil); err != nil {
		t.Fatal(err)
	}
	return got
}

// hook is a webhook receiver on 127.0.0.1 that fails its first fail
// requests with 503 and records the others' verified bodies.
type hook struct {
	srv    *httptest.Server
	mu     sync.Mutex
	fail   int
	calls  int
	bodies []Payload
	errs   []error
}

func newHook(t testing.TB, secret string, fail int) *hook {
	h := &hook{fail: fail}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.calls++
		if err := VerifySignature(r.Header.Get(SignatureHeader), secret, body, time.Now(), 5*time.Minute); err != nil {
			h.errs = append(h.errs, err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if h.calls <= h.fail {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var p Payload
		if err := json.Unmarshal(body, &p); err != nil {
			h.errs = append(h.errs, err)
		}
		h.bodies = append(h.bodies, p)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hook) received() (calls int, bodies []Payload, errs []error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls, append([]Payload(nil), h.bodies...), append([]error(nil), h.errs...)
}

// The seed release in pieces: its credit line and its paragraphs.
func seedParts(t testing.TB) (paras []string, credit string) {
	_, all := text(t, "kartal-belediyesi-2020-06-iha.txt", false)
	return all[:len(all)-1], all[len(all)-1]
}

func TestReleaseWatch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	seed, credit := seedParts(t)
	release := s.put(t, "ajans", "calistay", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı", append(seed, credit))
	papaTitle, papa := text(t, "kemik-dunya-2739.txt", true)
	s.put(t, "ajans", "papa", papaTitle, papa)

	const secret = "0123456789abcdef-secret"
	h := newHook(t, secret, 1)
	mailSrv := watchtest.NewSMTPServer(t, "haberci", "parola")
	svc := NewService(s.arch, s.ix, WithPrivateWebhooks(true))
	byID, err := svc.Create(ctx, Spec{Name: "Çalıştay bülteni", ArticleID: release.ID,
		Webhook: &Webhook{URL: h.srv.URL, Secret: secret}, Email: &Email{To: []string{"basin@kartal.example.org"}, Every: "now"}})
	if err != nil {
		t.Fatal(err)
	}
	byText, err := svc.Create(ctx, Spec{Name: "Papa", Title: papaTitle, Text: strings.Join(papa, "\n")})
	if err != nil {
		t.Fatal(err)
	}

	// Later a municipality publishes a credited copy, an uncredited copy
	// under a new headline with an intro and a paragraph cut, a rewrite of
	// the other release (another paper's report) and an unrelated story.
	credited := s.put(t, "belediye", "kopya", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı", append(seed, credit))
	intro := "Belediyemiz, ilçe örgütleriyle birlikte yürütülen çalışmaları değerlendirmek üzere yapılan toplantıya katılım sağladı ve görüşlerini paylaştı."
	edited := append([]string{intro}, seed[:len(seed)-1]...)
	uncredited := s.put(t, "belediye", "calistay-yapildi", "Kartal, CHP çalıştayında temsil edildi", edited)
	rewriteTitle, rewrite := text(t, "kemik-dunya-2742.txt", true)
	rewritten := s.put(t, "belediye", "papa-istifa", rewriteTitle, rewrite)
	otherTitle, other := text(t, "kemik-spor-100.txt", true)
	s.put(t, "belediye", "atletizm", otherTitle, other)

	m := NewMatcher(s.arch, s.ix, nil)
	if _, err := m.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.arch.Matches(ctx, byID.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		relation                  string
		credited, headline, intro bool
	}
	wantByID := map[string]want{
		release.ID:    {"original", true, false, false},
		credited.ID:   {"copy", true, false, false},
		uncredited.ID: {"copy", false, true, true},
	}
	if len(got) != len(wantByID) {
		t.Fatalf("release watch matched %d articles, want %d: %+v", len(got), len(wantByID), got)
	}
	for _, g := range got {
		w, ok := wantByID[g.ArticleID]
		if !ok {
			t.Errorf("unexpected match %+v", g)
			continue
		}
		if g.Relation != w.relation || g.Credited != w.credited || g.HeadlineChanged != w.headline || g.Intro != w.intro {
			t.Errorf("%s: got %+v, want %+v", g.ArticleID, g, w)
		}
	}
	if got[0].ArticleID != release.ID {
		t.Errorf("first match %s, want the original (oldest first)", got[0].ArticleID)
	}
	if k := got[2].Kept; k < 0.8 || k > 0.9 {
		t.Errorf("uncredited copy kept %.3f of the paragraphs, want 6/7", k)
	}
	papaMatches, err := s.arch.Matches(ctx, byText.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(papaMatches) != 2 { // the agency's own item and the other paper's report
		t.Fatalf("text watch matched %+v, want the release and its rewrite", papaMatches)
	}
	if r := papaMatches[1]; r.ArticleID != rewritten.ID || r.Relation != "rewrite" {
		t.Errorf("got %+v, want a rewrite by %s", r, rewritten.ID)
	}

	// A text watch made once the rewrite is archived finds it at once.
	late, err := svc.Create(ctx, Spec{Name: "Papa, sonra", Text: strings.Join(papa, "\n")})
	if err != nil {
		t.Fatal(err)
	}
	lateMatches, err := s.arch.Matches(ctx, late.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(lateMatches) != 2 || lateMatches[1].ArticleID != rewritten.ID || lateMatches[1].Relation != "rewrite" {
		t.Fatalf("a text watch made after the rewrite matched %+v", lateMatches)
	}

	// Delivery: the receiver fails the first webhook; a retry succeeds.
	cfg := config.Default()
	cfg.AllowPrivateSources = true
	host, port, _ := strings.Cut(mailSrv.Addr, ":")
	cfg.SMTP = config.SMTP{Host: host, StartTLS: false, User: "haberci", Password: "parola", From: "Haberci <haberci@example.org>"}
	cfg.SMTP.Port = atoi(t, port)
	d := NewDeliverer(s.arch, cfg, nil, WithRetryBase(time.Millisecond))
	if _, err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	calls, bodies, _ := h.received()
	if calls != 1 || len(bodies) != 0 {
		t.Fatalf("after the first try: %d calls, %d accepted", calls, len(bodies))
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	calls, bodies, errs := h.received()
	if len(errs) > 0 {
		t.Fatalf("receiver errors: %v", errs)
	}
	if calls != 2 || len(bodies) != 1 || bodies[0].Event != EventMatches || bodies[0].WatchID != byID.ID || len(bodies[0].Matches) != 3 {
		t.Fatalf("after the retry: %d calls, bodies %+v", calls, bodies)
	}
	log, err := s.arch.Deliveries(ctx, byID.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].Channel == "" {
		t.Errorf("delivery log %+v, want the failed and the good webhook and the e-mail", log)
	}
	mails := mailSrv.Wait(1, 5*time.Second)
	if len(mails) != 1 || mails[0].Auth != "haberci" || !bytes.Contains(mails[0].Data, []byte("UNCREDITED")) {
		t.Fatalf("mails %+v", mails)
	}
	// Nothing more is owed.
	if n, err := d.DeliverDue(ctx); err != nil || n != 0 {
		t.Errorf("a third pass delivered %d (%v)", n, err)
	}

	// The Atom feed parses and lists the matches.
	latest, err := s.arch.LatestMatches(ctx, byID.ID, FeedSize)
	if err != nil {
		t.Fatal(err)
	}
	views, err := Views(ctx, s.arch, &byID, latest)
	if err != nil {
		t.Fatal(err)
	}
	xml, err := Feed(&byID, views, "http://127.0.0.1/feeds/watches/"+byID.FeedToken)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(xml))
	if err != nil {
		t.Fatal(err)
	}
	if feed.FeedType != "atom" || len(feed.Items) != 3 || feed.Items[0].Link != uncredited.URL {
		t.Errorf("feed %s with %d items, first %+v", feed.FeedType, len(feed.Items), feed.Items[0])
	}
}

func atoi(t testing.TB, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a port: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestCreateRefuses(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	svc := NewService(s.arch, s.ix)
	long := strings.Repeat("kelime ", 30)
	for name, tc := range map[string]struct {
		spec  Spec
		field string
	}{
		"no name":         {Spec{Text: long}, "name"},
		"two kinds":       {Spec{Name: "x", Text: long, Query: "a"}, "article_id"},
		"none":            {Spec{Name: "x"}, "article_id"},
		"unknown article": {Spec{Name: "x", ArticleID: "nope"}, "article_id"},
		"short text":      {Spec{Name: "x", Text: "çok kısa bir metin"}, "text"},
		"bad query":       {Spec{Name: "x", Query: `"unclosed`}, "query"},
		"private hook":    {Spec{Name: "x", Text: long, Webhook: &Webhook{URL: "http://127.0.0.1:9/", Secret: "0123456789abcdef"}}, "webhook.url"},
		"short secret":    {Spec{Name: "x", Text: long, Webhook: &Webhook{URL: "https://hooks.example.org/", Secret: "kısa"}}, "webhook.secret"},
		"bad email":       {Spec{Name: "x", Text: long, Email: &Email{To: []string{"nobody"}}}, "email.to"},
		"bad every":       {Spec{Name: "x", Text: long, Email: &Email{To: []string{"a@example.org"}, Every: "week"}}, "email.every"},
		"url unavailable": {Spec{Name: "x", URL: "https://example.org/basin"}, "url"},
		"control in name": {Spec{Name: "a\r\nBcc: x@example.org", Text: long}, "name"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := svc.Create(ctx, tc.spec)
			var ie *InvalidError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Fatalf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`{"event":"watch.matches"}`)
	now := time.Unix(1_800_000_000, 0)
	h := Signature("secret-secret-secret", now, body)
	if !strings.HasPrefix(h, "t=1800000000,v1=") || len(h) != len("t=1800000000,v1=")+64 {
		t.Fatalf("header %q", h)
	}
	for name, tc := range map[string]struct {
		header, secret string
		body           []byte
		at             time.Time
		ok             bool
	}{
		"valid":        {h, "secret-secret-secret", body, now.Add(time.Minute), true},
		"other secret": {h, "secret-secret-other!", body, now, false},
		"other body":   {h, "secret-secret-secret", []byte(`{}`), now, false},
		"replayed":     {h, "secret-secret-secret", body, now.Add(time.Hour), false},
		"malformed":    {"v1=abc", "secret-secret-secret", body, now, false},
	} {
		t.Run(name, func(t *testing.T) {
			err := VerifySignature(tc.header, tc.secret, tc.body, tc.at, 5*time.Minute)
			if (err == nil) != tc.ok {
				t.Errorf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestMatcherWithoutWatches: with no release watch the matcher moves its
// watermark to the archive's end without reading articles; a watch made
// later still gets the copies stored after it.
func TestMatcherWithoutWatches(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	seed, credit := seedParts(t)
	s.put(t, "ajans", "calistay", "Çalıştay", append(seed, credit))
	m := NewMatcher(s.arch, s.ix, nil)
	if n, err := m.CatchUp(ctx); err != nil || n != 0 {
		t.Fatalf("catch-up: %d %v", n, err)
	}
	top, _ := s.arch.MaxSeq(ctx)
	if wm, err := s.arch.WatchState(ctx, watermarkKey); err != nil || wm != top {
		t.Fatalf("watermark %d (%v), want %d", wm, err, top)
	}
	w, err := NewService(s.arch, s.ix).Create(ctx, Spec{Name: "x", Text: strings.Join(seed, "\n\n")})
	if err != nil {
		t.Fatal(err)
	}
	cp := s.put(t, "belediye", "kopya", "Çalıştay", seed)
	if n, err := m.CatchUp(ctx); err != nil || n != 1 {
		t.Fatalf("catch-up after the watch: %d %v", n, err)
	}
	ms, _ := s.arch.Matches(ctx, w.ID, 0, 10)
	if len(ms) != 2 || ms[1].ArticleID != cp.ID {
		t.Errorf("matches %+v", ms)
	}
}
