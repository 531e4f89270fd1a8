package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	tests := map[string]struct {
		robots string
		path   string
		want   bool
	}{
		"empty file":             {"", "/x", true},
		"disallow all":           {"User-agent: *\nDisallow: /\n", "/haber/1", false},
		"empty disallow":         {"User-agent: *\nDisallow:\n", "/haber/1", true},
		"prefix":                 {"User-agent: *\nDisallow: /admin\n", "/admin/panel", false},
		"prefix only":            {"User-agent: *\nDisallow: /admin\n", "/haber/admin", true},
		"longest match wins":     {"User-agent: *\nDisallow: /haber\nAllow: /haber/guncel\n", "/haber/guncel/1", true},
		"longer disallow wins":   {"User-agent: *\nAllow: /haber\nDisallow: /haber/arsiv\n", "/haber/arsiv/2019", false},
		"allow wins a tie":       {"User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
		"wildcard":               {"User-agent: *\nDisallow: /*.php\n", "/index.php?id=3", false},
		"wildcard no match":      {"User-agent: *\nDisallow: /*.php\n", "/index.html", true},
		"anchored":               {"User-agent: *\nDisallow: /*.xml$\n", "/rss.xml", false},
		"anchored not at end":    {"User-agent: *\nDisallow: /*.xml$\n", "/rss.xml?x=1", true},
		"query":                  {"User-agent: *\nDisallow: /*?print=\n", "/haber?print=1", false},
		"our group wins":         {"User-agent: *\nDisallow: /\n\nUser-agent: Haberci\nAllow: /\n", "/haber", true},
		"our group only":         {"User-agent: Haberci\nDisallow: /ara\n\nUser-agent: *\nDisallow: /\n", "/haber", true},
		"our group, not ours":    {"User-agent: Haberci\nDisallow: /ara\n\nUser-agent: *\nDisallow: /\n", "/ara/x", false},
		"someone else's group":   {"User-agent: Googlebot\nDisallow: /\n", "/haber", true},
		"grouped agents":         {"User-agent: Googlebot\nUser-agent: haberci\nDisallow: /gizli\n", "/gizli", false},
		"merged groups":          {"User-agent: Haberci\nDisallow: /a\n\nUser-agent: Haberci\nDisallow: /b\n", "/b", false},
		"versioned agent line":   {"User-agent: Haberci/2.0\nDisallow: /\n", "/", false},
		"comments and CRLF":      {"# robots\r\nUser-agent: * # all\r\nDisallow: /tmp # temp\r\n", "/tmp/x", false},
		"case of keys":           {"USER-AGENT: *\nDISALLOW: /x\n", "/x", false},
		"rules before any agent": {"Disallow: /\nUser-agent: *\nAllow: /\n", "/x", true},
		"robots.txt itself":      {"User-agent: *\nDisallow: /\n", "/robots.txt", true},
		"non-ASCII pattern":      {"User-agent: *\nDisallow: /haberler/gündem\n", "/haberler/g%C3%BCndem/1", false},
		"lower-case escape":      {"User-agent: *\nDisallow: /g%c3%bc\n", "/g%C3%BC", false},
		"BOM":                    {"\xEF\xBB\xBFUser-agent: *\nDisallow: /\n", "/x", false},
		"sitemap line":           {"User-agent: *\nSitemap: https://example.org/s.xml\nDisallow: /x\n", "/x", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p := parseRobots([]byte(tc.robots), "haberci")
			if got := p.allows(tc.path); got != tc.want {
				t.Errorf("allows(%q) = %v, want %v (rules %+v)", tc.path, got, tc.want, p.rules)
			}
		})
	}
}

func TestParseCrawlDelay(t *testing.T) {
	tests := map[string]struct {
		robots string
		want   time.Duration
	}{
		"none":          {"User-agent: *\nDisallow: /x\n", 0},
		"seconds":       {"User-agent: *\nCrawl-delay: 5\n", 5 * time.Second},
		"fraction":      {"User-agent: *\nCrawl-delay: 0.5\n", 500 * time.Millisecond},
		"capped":        {"User-agent: *\nCrawl-delay: 86400\n", maxCrawlDelay},
		"garbage":       {"User-agent: *\nCrawl-delay: soon\n", 0},
		"other's group": {"User-agent: Haberci\nDisallow: /x\n\nUser-agent: *\nCrawl-delay: 9\n", 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := parseRobots([]byte(tc.robots), "haberci").delay; got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAllowedCachesRobots(t *testing.T) {
	log := &hitLog{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.URL.Path == "/robots.txt" {
			w.Write([]byte("User-agent: *\nDisallow: /ozel/\nCrawl-delay: 7\n"))
			return
		}
		w.Write([]byte("tamam"))
	}))
	o := testOptions()
	o.PerHostInterval = -1 // the crawl delay below is applied to the host, not waited for
	o.Robots = true
	c := New(o)
	ctx := context.Background()

	if _, err := c.Get(ctx, Request{URL: srv.URL + "/ozel/belge"}); !errors.Is(err, ErrDisallowed) {
		t.Fatalf("disallowed page: got %v, want ErrDisallowed", err)
	}
	if ok, err := c.Allowed(ctx, srv.URL+"/haber/1"); !ok || err != nil {
		t.Fatalf("Allowed(/haber/1) = %v, %v", ok, err)
	}
	// The crawl delay now spaces this host; a 7s wait would not fit the
	// deadline below, so only look at the host's interval.
	u, _ := url.Parse(srv.URL)
	g := c.hosts.get(hostKey(u))
	c.hosts.mu.Lock()
	interval := g.interval
	c.hosts.mu.Unlock()
	c.hosts.put(g)
	if interval != 7*time.Second {
		t.Errorf("host interval %v, want the 7s Crawl-delay", interval)
	}
	if n, m := log.count("/robots.txt"), log.count("/ozel/belge"); n != 1 || m != 0 {
		t.Errorf("robots.txt fetched %d times (want 1), disallowed page %d times (want 0)", n, m)
	}
}

func TestAllowedWhenRobotsFails(t *testing.T) {
	tests := map[string]struct {
		status int
		want   bool
	}{
		"404 allows":         {http.StatusNotFound, true},
		"403 allows":         {http.StatusForbidden, true},
		"410 allows":         {http.StatusGone, true},
		"429 disallows":      {http.StatusTooManyRequests, false},
		"500 disallows":      {http.StatusInternalServerError, false},
		"503 disallows":      {http.StatusServiceUnavailable, false},
		"redirects too much": {http.StatusFound, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			log := &hitLog{}
			srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				log.add(r)
				if tc.status == http.StatusFound {
					http.Redirect(w, r, r.URL.Path+"x", tc.status) // RFC 9309: unavailable after 5 hops
					return
				}
				w.WriteHeader(tc.status)
			}))
			c := New(testOptions())
			for range 2 {
				if ok, err := c.Allowed(context.Background(), srv.URL+"/haber"); ok != tc.want || err != nil {
					t.Fatalf("Allowed = %v, %v; want %v", ok, err, tc.want)
				}
			}
			if n := len(log.paths); tc.status != http.StatusFound && n != 1 {
				t.Errorf("robots.txt asked %d times, want 1 (cached)", n)
			}
		})
	}
}

func TestAllowedUnreachable(t *testing.T) {
	srv := serve(t, http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	o := testOptions()
	o.Robots = true
	c := New(o)
	ok, err := c.Allowed(context.Background(), srv.URL+"/haber")
	if ok || err != nil {
		t.Fatalf("Allowed = %v, %v; want false, nil", ok, err)
	}
	// A host that cannot be reached is a network failure, not a robots block.
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/haber"})
	if errors.Is(err, ErrDisallowed) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("Get: got %v, want the refused connection, not ErrDisallowed", err)
	}
}

func TestAllowedSharesOneFetch(t *testing.T) {
	log := &hitLog{}
	release := make(chan struct{})
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		<-release
		w.Write([]byte("User-agent: *\nDisallow: /ara\n"))
	}))
	c := New(testOptions())

	// A caller that gives up while robots.txt is on its way caches nothing.
	short, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Allowed(short, srv.URL+"/haber"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: got %v", err)
	}

	results := make(chan bool, 8)
	for range cap(results) {
		go func() {
			ok, err := c.Allowed(context.Background(), srv.URL+"/ara?q=haber")
			results <- ok || err != nil
		}()
	}
	close(release)
	for range cap(results) {
		if <-results {
			t.Error("a caller was allowed /ara or failed")
		}
	}
	if n := log.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
}
