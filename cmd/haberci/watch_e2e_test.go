package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/watch"
	"github.com/haberci/haberci/watch/watchtest"
)

// watchSite is an agency and a municipality on 127.0.0.1, one feed each;
// the municipality's feed lists what publish has added.
type watchSite struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]page
	feeds map[string][]string // feed → slugs, newest last
}

func newWatchSite(t *testing.T) *watchSite {
	s := &watchSite{pages: map[string]page{}, feeds: map[string][]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if slugs, ok := s.feeds[strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")]; ok {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><link>%s/</link><description>d</description>`, s.URL)
			for _, slug := range slugs {
				p := s.pages[slug]
				fmt.Fprintf(w, `<item><title>%s</title><link>%s/haber/%s</link><pubDate>%s</pubDate></item>`,
					html.EscapeString(p.title), s.URL, slug, p.published.Format(time.RFC1123Z))
			}
			fmt.Fprint(w, `</channel></rss>`)
			return
		}
		if p, ok := s.pages[strings.TrimPrefix(r.URL.Path, "/haber/")]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(p))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// publish adds a page to a feed.
func (s *watchSite) publish(feed string, p page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.published.IsZero() {
		p.published = time.Now().UTC().Add(-time.Minute)
	}
	s.pages[p.slug] = p
	s.feeds[feed] = append(s.feeds[feed], p.slug)
}

func (s *watchSite) id(t *testing.T, slug string) string {
	u, err := canon.URL(s.URL + "/haber/" + slug)
	if err != nil {
		t.Fatal(err)
	}
	return canon.ID(u)
}

// kemik reads one of the Kemik articles the watch package's tests use:
// title, then paragraphs.
func kemik(t *testing.T, name string) (string, []string) {
	b, err := os.ReadFile(filepath.Join("..", "..", "watch", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines[0], lines[1:]
}

// receiver is a webhook endpoint that checks every signature. Its answer
// is set by the test: fail with 503 and Retry-After: 1, hang until
// released, or accept.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	mode     string // "fail-once", "hang", "ok"
	arrived  chan struct{}
	release  chan struct{}
	accepted []watch.Payload
	bad      []string
}

func newReceiver(t *testing.T, secret string) *receiver {
	rc := &receiver{mode: "fail-once", arrived: make(chan struct{}, 10), release: make(chan struct{})}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := watch.VerifySignature(r.Header.Get(watch.SignatureHeader), secret, body, time.Now(), 5*time.Minute); err != nil {
			rc.mu.Lock()
			rc.bad = append(rc.bad, err.Error())
			rc.mu.Unlock()
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		rc.mu.Lock()
		mode := rc.mode
		if mode == "fail-once" {
			rc.mode = "ok"
		}
		rc.mu.Unlock()
		select {
		case rc.arrived <- struct{}{}:
		default:
		}
		switch mode {
		case "fail-once":
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		case "hang":
			select {
			case <-rc.release:
			case <-r.Context().Done():
			}
			return
		}
		var p watch.Payload
		_ = json.Unmarshal(body, &p)
		rc.mu.Lock()
		rc.accepted = append(rc.accepted, p)
		rc.mu.Unlock()
	}))
	t.Cleanup(func() { close(rc.release); rc.Close() })
	return rc
}

func (rc *receiver) setMode(m string) {
	rc.mu.Lock()
	rc.mode = m
	rc.mu.Unlock()
}

// got returns the article ids accepted so far, per event, and the bad
// signatures seen.
func (rc *receiver) got() (ids []string, bad []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, p := range rc.accepted {
		for _, m := range p.Matches {
			ids = append(ids, m.ArticleID)
		}
	}
	return ids, append([]string(nil), rc.bad...)
}

// waitFor polls cond every 100 ms for up to limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestWatchEndToEnd: an agency publishes two releases; a watch by id (with
// a webhook and e-mail) and one by pasted text are made; a municipality
// then publishes a credited copy, an uncredited copy under a new headline,
// another paper's rewrite of the second release and an unrelated story.
// The daemon matches and delivers them; a SIGKILL while a delivery is in
// flight redelivers it after the restart.
func TestWatchEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the daemon")
	}
	bin := filepath.Join(t.TempDir(), "haberci")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := newWatchSite(t)
	seed := readSeed(t) // ends with "Kaynak: İHA"
	papaTitle, papa := kemik(t, "kemik-dunya-2739.txt")
	site.publish("ajans", page{slug: "ajans-calistay", title: "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı yapıldı", paras: seed})
	site.publish("ajans", page{slug: "ajans-papa", title: papaTitle, paras: papa})

	const secret = "e2e-webhook-secret-0123"
	hook := newReceiver(t, secret)
	mail := watchtest.NewSMTPServer(t, "", "")
	dir := t.TempDir()
	host, port, _ := strings.Cut(mail.Addr, ":")
	listen := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfgPath := filepath.Join(dir, "haberci.yaml")
	cfg := fmt.Sprintf(`data_dir: %s/data
listen: %s
allow_private_sources: true
crawl: {per_host_interval: 5ms, timeout: 5s}
smtp: {host: %s, port: %s, starttls: false, from: "Haberci <haberci@example.org>"}
sources:
  - {id: ajans, name: Ajans, type: feed, url: "%s/ajans.xml", schedule: "@every 1h"}
  - {id: belediye, name: Belediye, type: feed, url: "%s/belediye.xml", schedule: "@every 1h"}
`, dir, listen, host, port, site.URL, site.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	haberci(t, 0, "crawl", "--config", cfgPath, "--source", "ajans")
	release := site.id(t, "ajans-calistay")
	var byID, byText api.WatchResponse
	out := haberci(t, 0, "watch", "add", "--config", cfgPath, "--json", "--name", "Çalıştay bülteni", "--article", release,
		"--webhook", hook.URL, "--secret", secret, "--email", "basin@example.org", "--every", "now")
	if err := json.Unmarshal([]byte(out), &byID); err != nil {
		t.Fatal(err)
	}
	textFile := filepath.Join(dir, "papa.txt")
	if err := os.WriteFile(textFile, []byte(strings.Join(papa, "\n\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(haberci(t, 0, "watch", "add", "--config", cfgPath, "--json", "--name", "Papa", "--title", papaTitle, "--text", textFile)), &byText); err != nil {
		t.Fatal(err)
	}

	// The municipality publishes; the daemon crawls it.
	intro := "Belediyemiz, ilçe örgütleriyle birlikte yürütülen çalışmaları değerlendirmek üzere yapılan toplantıya katılım sağladı ve görüşlerini paylaştı."
	rewriteTitle, rewrite := kemik(t, "kemik-dunya-2742.txt")
	otherTitle, other := kemik(t, "kemik-spor-100.txt")
	site.publish("belediye", page{slug: "belediye-kopya", title: "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı yapıldı", paras: seed})
	site.publish("belediye", page{slug: "belediye-calistay", title: "Kartal, CHP çalıştayında temsil edildi",
		paras: append([]string{intro}, seed[:len(seed)-2]...)})
	site.publish("belediye", page{slug: "belediye-papa", title: rewriteTitle, paras: rewrite})
	site.publish("belediye", page{slug: "belediye-atletizm", title: otherTitle, paras: other})

	base := "http://" + listen
	client := &http.Client{Timeout: 10 * time.Second}
	daemon := startDaemon(t, bin, cfgPath, base, client)
	crawlNow(t, client, base, "belediye")

	// The webhook fails once (503, Retry-After: 1), then gets every match
	// of the release, signatures valid.
	wantHook := []string{release, site.id(t, "belediye-kopya"), site.id(t, "belediye-calistay")}
	waitFor(t, 30*time.Second, "the webhook deliveries", func() bool { ids, _ := hook.got(); return len(ids) >= len(wantHook) })
	ids, bad := hook.got()
	if len(bad) > 0 || !sameSet(ids, wantHook) {
		t.Fatalf("webhook got %v (bad signatures %v), want %v", ids, bad, wantHook)
	}
	var shown api.WatchResponse
	getJSON(t, base+"/api/v1/watches/"+byID.ID, 200, &shown)
	failed := 0
	for _, d := range shown.Deliveries {
		if d.Channel == "webhook" && d.Error != "" {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("delivery log %+v, want one failed webhook", shown.Deliveries)
	}

	// Exactly the right matches, with the right flags, oldest first.
	var res api.MatchesResponse
	getJSON(t, base+"/api/v1/watches/"+byID.ID+"/matches", 200, &res)
	type flags struct {
		relation           string
		credited, headline bool
	}
	want := map[string]flags{
		release:                         {"original", true, false},
		site.id(t, "belediye-kopya"):    {"copy", true, false},
		site.id(t, "belediye-calistay"): {"copy", false, true},
	}
	if len(res.Matches) != len(want) || res.Matches[0].ArticleID != release {
		t.Fatalf("matches %+v", res.Matches)
	}
	for _, m := range res.Matches {
		if w := want[m.ArticleID]; m.Relation != w.relation || m.Credited != w.credited || m.HeadlineChanged != w.headline {
			t.Errorf("%s: %+v, want %+v", m.URL, m, w)
		}
	}
	getJSON(t, base+"/api/v1/watches/"+byText.ID+"/matches", 200, &res)
	if len(res.Matches) != 2 || res.Matches[0].ArticleID != site.id(t, "ajans-papa") || res.Matches[1].ArticleID != site.id(t, "belediye-papa") ||
		res.Matches[1].Relation != "rewrite" {
		t.Fatalf("text watch matches %+v, want the agency's text and the rewrite", res.Matches)
	}

	// The feed parses; the e-mail came.
	resp, err := client.Get(byID.FeedURL)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().Parse(resp.Body)
	resp.Body.Close()
	if err != nil || len(feed.Items) != 3 {
		t.Fatalf("feed: %v %+v", err, feed)
	}
	if mails := mail.Wait(1, 10*time.Second); len(mails) == 0 || !strings.Contains(string(mails[len(mails)-1].Data), "UNCREDITED") {
		t.Fatalf("mails %+v", mails)
	}

	// SIGKILL while a delivery is in flight: the match is recorded, its
	// webhook has not been answered. After the restart it comes again.
	hook.setMode("hang")
	site.publish("belediye", page{slug: "belediye-kopya-2", title: "Tek Yön İktidar Çalıştayı", paras: seed[:len(seed)-1]})
	drain(hook.arrived)
	crawlNow(t, client, base, "belediye")
	select {
	case <-hook.arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("the new match's webhook never arrived")
	}
	daemon.kill(t)
	hook.setMode("ok")
	startDaemon(t, bin, cfgPath, base, client)
	late := site.id(t, "belediye-kopya-2")
	waitFor(t, 30*time.Second, "the redelivery after SIGKILL", func() bool { ids, _ := hook.got(); return contains(ids, late) })
	if _, bad := hook.got(); len(bad) > 0 {
		t.Errorf("bad signatures: %v", bad)
	}
}

// daemonProc is a "haberci serve" subprocess.
type daemonProc struct{ cmd *exec.Cmd }

func startDaemon(t *testing.T, bin, cfgPath, base string, client *http.Client) *daemonProc {
	t.Helper()
	logs, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfgPath)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemonProc{cmd: cmd}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Signal(os.Interrupt)
			cmd.Wait()
		}
		logs.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logs.Name())
			t.Logf("serve log:\n%.5000s", b)
		}
	})
	if err := waitHealthy(client, base, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d *daemonProc) kill(t *testing.T) {
	if err := d.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	d.cmd.Wait()
}

// crawlNow asks the daemon to crawl a source, again while a run (the one
// at start) is in progress (409).
func crawlNow(t *testing.T, c *http.Client, base, source string) {
	t.Helper()
	u := base + "/api/v1/sources/" + source + "/crawl"
	for end := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := c.Post(u, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusAccepted {
			return
		}
		if resp.StatusCode != http.StatusConflict || time.Now().After(end) {
			t.Fatalf("POST %s: %d", u, resp.StatusCode)
		}
	}
}

func drain(c chan struct{}) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	seen := map[string]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			return false
		}
	}
	return len(seen) == len(b)
}
