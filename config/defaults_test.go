package config

import (
	"bufio"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	// Parse the embedded bytes directly: Default would panic on a bad file.
	if _, err := Parse(defaultsYAML, "defaults.yaml"); err != nil {
		t.Fatalf("embedded defaults do not validate:\n%v", err)
	}
	cfg := Default()
	if cfg.Path != "" {
		t.Errorf("Path = %q, want empty for the embedded defaults", cfg.Path)
	}
	if len(cfg.Sources) < 8 {
		t.Errorf("%d sources, want at least 8", len(cfg.Sources))
	}
	b := builtin()
	if cfg.DataDir != b.DataDir || cfg.Listen != b.Listen || cfg.UserAgent != b.UserAgent || cfg.APIToken != "" || !reflect.DeepEqual(cfg.Crawl, b.Crawl) ||
		cfg.PrivateReads || len(cfg.CORSOrigins) != 0 {
		t.Errorf("defaults.yaml settings differ from the built-in ones:\n%+v\n%+v", cfg, b)
	}
	agencies := map[string]bool{"aa": false, "iha": false, "dha": false, "anka": false}
	belTR := 0
	for _, s := range cfg.Sources {
		prefix, _, _ := strings.Cut(s.ID, "-")
		if _, ok := agencies[prefix]; ok {
			agencies[prefix] = true
		}
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(u.Hostname(), ".bel.tr") {
			belTR++
		}
	}
	for a, found := range agencies {
		if !found {
			t.Errorf("no source of agency %s", a)
		}
	}
	if belTR < 4 {
		t.Errorf("%d *.bel.tr sources, want at least 4", belTR)
	}
}

// TestDefaultMatchesEvidence checks each default source against its row in
// feeds.tsv, so a typo in an address or a name cannot slip in.
func TestDefaultMatchesEvidence(t *testing.T) {
	f, err := os.Open("testdata/feeds.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct{ name, kind, url string }
	rows := map[string]row{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 4 || c[0] == "id" {
			continue
		}
		rows[c[0]] = row{name: c[1], kind: c[2], url: c[3]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	typeOf := map[string]string{"rss": TypeFeed, "list-page": TypeHTML, "sitemap": TypeSitemap, "news-sitemap": TypeSitemap}
	for _, s := range Default().Sources {
		t.Run(s.ID, func(t *testing.T) {
			r, ok := rows[s.ID]
			if !ok {
				t.Fatalf("no row %q in feeds.tsv", s.ID)
			}
			if s.Name != r.name || s.URL != r.url || s.Type != typeOf[r.kind] {
				t.Errorf("source {%q %q %q}, feeds.tsv row {%q %q %q}", s.Name, s.URL, s.Type, r.name, r.url, r.kind)
			}
			if strings.Contains(r.name, "DOUBTFUL") {
				t.Errorf("a DOUBTFUL row is a default")
			}
			if s.Type == TypeHTML && s.Links == "" {
				t.Errorf("html source without links")
			}
		})
	}
}

func TestDefaultIsACopy(t *testing.T) {
	a := Default()
	a.Sources[0].ID = "changed"
	a.Sources = a.Sources[:1]
	for _, s := range Default().Sources {
		if s.Extract != nil {
			s.Extract.Remove = append(s.Extract.Remove[:0], "changed")
		}
	}
	b := Default()
	if b.Sources[0].ID == "changed" || len(b.Sources) < 8 {
		t.Errorf("changing one Default() changed the next: %+v", b.Sources[0])
	}
	for _, s := range b.Sources {
		if s.Extract != nil && len(s.Extract.Remove) > 0 && s.Extract.Remove[0] == "changed" {
			t.Errorf("%s: extract shared between calls", s.ID)
		}
	}
}

func TestConfigSource(t *testing.T) {
	cfg := Default()
	tests := map[string]struct {
		id       string
		found    bool
		wantType string
	}{
		"agency feed":     {"aa-guncel", true, TypeFeed},
		"agency list":     {"iha-gundem", true, TypeHTML},
		"municipality":    {"ibb-sitemap", true, TypeSitemap},
		"last one":        {"cumhuriyet-sondakika", true, TypeFeed},
		"doubtful row":    {"iha-rss-doubtful", false, ""},
		"case differs":    {"AA-GUNCEL", false, ""},
		"empty id":        {"", false, ""},
		"prefix of an id": {"aa", false, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, ok := cfg.Source(tc.id)
			if ok != tc.found || s.Type != tc.wantType || ok && s.ID != tc.id {
				t.Errorf("Source(%q) = %+v, %v", tc.id, s, ok)
			}
		})
	}
}
