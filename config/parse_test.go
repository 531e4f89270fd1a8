package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseDesignExample(t *testing.T) {
	data, err := os.ReadFile("testdata/haberci.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse(data, "haberci.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		DataDir:             "./data",
		Listen:              "127.0.0.1:8080",
		UserAgent:           "Haberci/1.0 (+https://example.org/bot)",
		NearWindow:          720 * time.Hour,
		LogFormat:           LogText,
		MinScheduleInterval: time.Minute, MaxSources: 5000,
		Node: hostNode(), LeaseTTL: 30 * time.Second,
		Crawl: Crawl{Concurrency: 8, PerHostInterval: time.Second, Timeout: 20 * time.Second,
			MaxBodyBytes: 10485760, Robots: true, MaxItems: 200, Revisit: []time.Duration{time.Hour, 24 * time.Hour, 168 * time.Hour}},
		Sources: []Source{
			{ID: "iha-gundem", Name: "İHA Gündem", Type: "feed", URL: "https://example.org/rss/gundem",
				Schedule: "*/10 * * * *", Fulltext: true, MaxPages: 5,
				Extract: &Extract{Content: "div.news-content", Remove: []string{"div.ad", ".related"}}},
			{ID: "kartal-bel", Name: "kartal-bel", Type: "html", URL: "https://example.org/haberler",
				Schedule: "@every 15m", Fulltext: true, Links: "a.news-item", Next: "a.sonraki", MaxPages: 20},
			{ID: "ornek-site", Name: "ornek-site", Type: "auto", URL: "https://example.org/",
				Schedule: "@every 15m", Fulltext: true, MaxPages: 5},
			{ID: "ornek-sitemap", Name: "ornek-sitemap", Type: "sitemap", URL: "https://example.org/sitemap_index.xml",
				Schedule: "@every 15m", Fulltext: true, MaxPages: 5},
		},
		Path: "haberci.yaml",
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got\n%+v\nwant\n%+v", cfg, want)
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	data, err := os.ReadFile("testdata/bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(data, "bad.yaml")
	if err == nil {
		t.Fatal("bad.yaml accepted")
	}
	want := []string{
		`config: bad.yaml:3: crawl.concurency: unknown key "concurency"`,
		`config: bad.yaml:4: crawl.timeout: bad duration "soon"`,
		`config: bad.yaml:9: sources[0].schedule: bad cron spec "every banana": `,
		`config: bad.yaml:10: sources[1].links: type html needs links`,
		`config: bad.yaml:10: sources[1].id: duplicate id "aa-guncel" (first at line 6)`,
		`config: bad.yaml:12: sources[1].url: URL "ftp://example.org/list": want an http or https URL`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d:\n  %s\nwant prefix\n  %s", i, lines[i], w)
		}
	}
	if !errors.Is(err, ErrUnknownKey) || !errors.Is(err, ErrDuplicate) || !errors.Is(err, ErrMissing) {
		t.Errorf("joined error does not match every kind: %v", err)
	}
}

func TestParseKeepsDefaults(t *testing.T) {
	def := Default()
	tests := map[string]struct {
		doc   string
		crawl Crawl
		nSrc  int
	}{
		"empty file":        {"", def.Crawl, len(def.Sources)},
		"only comments":     {"# nothing yet\n", def.Crawl, len(def.Sources)},
		"empty crawl":       {"crawl:\n", def.Crawl, len(def.Sources)},
		"partial crawl":     {"crawl: {per_host_interval: 10ms}\n", withCrawl(def.Crawl, func(c *Crawl) { c.PerHostInterval = 10 * time.Millisecond }), len(def.Sources)},
		"robots off":        {"crawl:\n  robots: false\n", withCrawl(def.Crawl, func(c *Crawl) { c.Robots = false }), len(def.Sources)},
		"minutes timeout":   {"crawl: {timeout: 2m30s}\n", withCrawl(def.Crawl, func(c *Crawl) { c.Timeout = 150 * time.Second }), len(def.Sources)},
		"microsecond pause": {"crawl: {per_host_interval: 500us}\n", withCrawl(def.Crawl, func(c *Crawl) { c.PerHostInterval = 500 * time.Microsecond }), len(def.Sources)},
		"null timeout":      {"crawl: {timeout: null}\n", def.Crawl, len(def.Sources)},
		"all numbers":       {"crawl: {concurrency: 64, max_body_bytes: 1, max_items: 3}\n", withCrawl(def.Crawl, func(c *Crawl) { c.Concurrency, c.MaxBodyBytes, c.MaxItems = 64, 1, 3 }), len(def.Sources)},
		"no sources":        {"sources: []\n", def.Crawl, 0},
		"null sources":      {"sources:\n", def.Crawl, 0},
		"own sources":       {src(), def.Crawl, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.Crawl, tc.crawl) {
				t.Errorf("crawl = %+v, want %+v", cfg.Crawl, tc.crawl)
			}
			if len(cfg.Sources) != tc.nSrc {
				t.Errorf("%d sources, want %d", len(cfg.Sources), tc.nSrc)
			}
			if cfg.DataDir != "./data" || cfg.Listen != "127.0.0.1:8080" || cfg.Path != "t.yaml" {
				t.Errorf("top level changed: %q %q %q", cfg.DataDir, cfg.Listen, cfg.Path)
			}
		})
	}
}

func withCrawl(c Crawl, f func(*Crawl)) Crawl {
	f(&c)
	return c
}

func TestParseSourceDefaults(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want Source
	}{
		"bare feed": {src(), Source{ID: "aa-guncel", Name: "aa-guncel", Type: "feed",
			URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel", Schedule: "@every 15m", Fulltext: true, MaxPages: 5}},
		"everything set": {strings.Replace(src("name: AA", "schedule: '@hourly'", "fulltext: false", "max_pages: 100", "links: a", "next: a.next"), "type: feed", "type: html", 1),
			Source{ID: "aa-guncel", Name: "AA", Type: "html", URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel",
				Schedule: "@hourly", Fulltext: false, MaxPages: 100, Links: "a", Next: "a.next"}},
		"single remove": {src("extract:", "  title: h1", "  remove: div.ad"), Source{ID: "aa-guncel", Name: "aa-guncel", Type: "feed",
			URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel", Schedule: "@every 15m", Fulltext: true, MaxPages: 5,
			Extract: &Extract{Title: "h1", Remove: []string{"div.ad"}}}},
		"null extract": {src("extract:"), Source{ID: "aa-guncel", Name: "aa-guncel", Type: "feed",
			URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel", Schedule: "@every 15m", Fulltext: true, MaxPages: 5}},
		"five-field cron": {src(`schedule: "*/10 6-23 * * 1-5"`), Source{ID: "aa-guncel", Name: "aa-guncel", Type: "feed",
			URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel", Schedule: "*/10 6-23 * * 1-5", Fulltext: true, MaxPages: 5}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.Sources, []Source{tc.want}) {
				t.Errorf("got  %+v\nwant %+v", cfg.Sources, []Source{tc.want})
			}
		})
	}
}

func TestParseFollowsAliases(t *testing.T) {
	doc := `sources:
  - id: bolu-bel-rss
    type: feed
    url: https://www.bolu.bel.tr/feed/
    extract: &wp {content: div.entry-content, remove: [.sharedaddy]}
  - id: giresun-bel-rss
    type: feed
    url: https://giresun.bel.tr/feed/
    extract: *wp
`
	cfg, err := Parse([]byte(doc), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Extract{Content: "div.entry-content", Remove: []string{".sharedaddy"}}
	for _, s := range cfg.Sources {
		if !reflect.DeepEqual(s.Extract, want) {
			t.Errorf("%s: extract %+v, want %+v", s.ID, s.Extract, want)
		}
	}
	if cfg.Sources[0].Extract == cfg.Sources[1].Extract {
		t.Error("two sources share one *Extract")
	}
}

func TestParseBoundsAliasExpansion(t *testing.T) {
	// 500 aliases of a source whose remove list has 600 selectors: a 6 kB
	// file that would make the walk visit 300,000 nodes, over maxNodes.
	var b strings.Builder
	b.WriteString("sources:\n  - &s\n    id: a\n    type: feed\n    url: https://example.org/\n    extract: {remove: [")
	b.WriteString(strings.Repeat("p, ", 600))
	b.WriteString("p]}\n")
	b.WriteString(strings.Repeat("  - *s\n", 500))
	_, err := Parse([]byte(b.String()), "t.yaml")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %.200v, want ErrTooLarge", err)
	}
}

func TestParseNearWindow(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want time.Duration
	}{
		"default: thirty days": {"", 720 * time.Hour},
		"two days":             {"near_window: 48h\n", 48 * time.Hour},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if cfg.NearWindow != tc.want {
				t.Errorf("near_window %v, want %v", cfg.NearWindow, tc.want)
			}
		})
	}
}

func TestParseLogFormat(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"default: text": {"", LogText},
		"json":          {"log_format: json\n", LogJSON},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if cfg.LogFormat != tc.want {
				t.Errorf("log_format %q, want %q", cfg.LogFormat, tc.want)
			}
		})
	}
}

func TestParseRevisit(t *testing.T) {
	for name, tc := range map[string]struct {
		doc     string
		want    []time.Duration
		errLine int // 0: no error
		errText string
	}{
		"default":      {"", []time.Duration{time.Hour, 24 * time.Hour, 168 * time.Hour}, 0, ""},
		"own steps":    {"crawl:\n  revisit: [30m, 6h]\n", []time.Duration{30 * time.Minute, 6 * time.Hour}, 0, ""},
		"off":          {"crawl:\n  revisit: []\n", []time.Duration{}, 0, ""},
		"not a list":   {"crawl:\n  revisit: 1h\n", nil, 2, "want a list of durations"},
		"bad duration": {"crawl:\n  revisit:\n    - 1h\n    - bir gün\n", nil, 4, "bad duration"},
		"negative":     {"crawl:\n  revisit: [-1h]\n", nil, 2, "must be positive"},
		"not rising":   {"crawl:\n  revisit:\n    - 24h\n    - 1h\n", nil, 4, "not after the revisit before it"},
		"too many":     {"crawl:\n  revisit: [1h,2h,3h,4h,5h,6h,7h,8h,9h,10h,11h,12h,13h,14h,15h,16h,17h]\n", nil, 2, "at most 16"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if tc.errLine == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(cfg.Crawl.Revisit, tc.want) {
					t.Errorf("revisit %v, want %v", cfg.Crawl.Revisit, tc.want)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *config.Error", err)
			}
			if ce.Line != tc.errLine || !strings.Contains(err.Error(), tc.errText) || !strings.Contains(ce.Field, "revisit") {
				t.Errorf("error %q (line %d, field %q), want line %d and %q", err, ce.Line, ce.Field, tc.errLine, tc.errText)
			}
		})
	}
}
