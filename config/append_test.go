package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bolu and sirnak are two rows of testdata/turkish-feeds.opml as import makes them.
var (
	bolu   = NewFeedSource("bolu-belediyesi-haberler", "Bolu Belediyesi – Haberler", "https://www.bolu.bel.tr/feed/")
	sirnak = NewFeedSource("sirnak-belediyesi-haberler", "Şırnak Belediyesi: Haberler", "https://www.sirnak.bel.tr/feed/?a=1&b=2")
)

func TestAppendSources(t *testing.T) {
	defaults, err := os.ReadFile("defaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		doc      string
		keep     []string // text that must survive unchanged
		wantLine string   // a line the edit must produce
	}{
		"the embedded defaults": {string(defaults), []string{
			"# Haberci's embedded default configuration",
			"  # 2026-03-25: rss-parser validated, updated within 24 h.\n  - id: cumhuriyet-sondakika\n",
			"  # --- Municipalities (one recorded GET each, 2026-09-14) -------------------\n",
		}, "  - id: sirnak-belediyesi-haberler\n"},
		"list, then another key": {
			"sources:\n- id: a\n  type: feed\n  url: https://example.org/a   # kept\n\n# the API\nlisten: 127.0.0.1:9000\n",
			[]string{"  url: https://example.org/a   # kept\n", "\n# the API\nlisten: 127.0.0.1:9000\n"},
			"- id: bolu-belediyesi-haberler\n",
		},
		"empty flow list": {"data_dir: ./veri\nsources: []   # none yet\nlisten: 127.0.0.1:9000\n",
			[]string{"sources:    # none yet\n", "listen: 127.0.0.1:9000\n"}, "  - id: bolu-belediyesi-haberler\n"},
		"null list, no newline at the end": {"# mine\nsources:", []string{"# mine\nsources:\n"}, "  - id: bolu-belediyesi-haberler\n"},
		"CRLF": {"sources:\r\n  - id: a\r\n    type: feed\r\n    url: https://example.org/a\r\n",
			[]string{"  - id: a\r\n"}, "  - id: bolu-belediyesi-haberler\r\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "haberci.yaml")
			if err := os.WriteFile(path, []byte(tc.doc), 0o640); err != nil {
				t.Fatal(err)
			}
			before, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := AppendSources(path, []Source{bolu, sirnak}, "imported from abonelik.opml"); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			for _, k := range append(tc.keep, tc.wantLine, "# imported from abonelik.opml") {
				if !strings.Contains(text, k) {
					t.Errorf("%q missing from\n%s", k, text)
				}
			}
			after, err := Load(path)
			if err != nil {
				t.Fatalf("edited file does not load: %v\n%s", err, text)
			}
			n := len(before.Sources)
			if len(after.Sources) != n+2 || after.Sources[n].ID != bolu.ID || after.Sources[n+1].Name != sirnak.Name ||
				after.Sources[n+1].URL != sirnak.URL || after.Sources[n].Schedule != "@every 15m" {
				t.Errorf("sources after: %+v", after.Sources[n:])
			}
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o640 {
				t.Errorf("mode %v (%v), want 0640", st.Mode(), err)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func TestAppendSourcesRefuses(t *testing.T) {
	tests := map[string]struct {
		doc  string
		srcs []Source
		kind error
		want string
	}{
		"no sources key":  {"data_dir: ./veri\n", []Source{bolu}, ErrCannotAppend, "embedded default sources apply"},
		"flow list":       {"sources: [{id: a, type: feed, url: \"https://example.org/\"}]\n", []Source{bolu}, ErrCannotAppend, "not a block list"},
		"duplicate id":    {"sources:\n  - {id: bolu-belediyesi-haberler, type: feed, url: \"https://example.org/\"}\n", []Source{bolu}, ErrCannotAppend, "would not load"},
		"bad new source":  {"sources: []\n", []Source{{ID: "x", Type: "feed", URL: "ftp://example.org/"}}, ErrCannotAppend, "would not load"},
		"broken file":     {"sources:\n  - id: a\n", []Source{bolu}, ErrMissing, "missing required key"},
		"flow root":       {"{sources: []}\n", []Source{bolu}, ErrCannotAppend, "not a block mapping"},
		"second document": {"sources:\n  - {id: a, type: feed, url: \"https://example.org/\"}\n---\nlisten: x\n", []Source{bolu}, ErrCannotAppend, "old sources plus the new ones"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "haberci.yaml")
			if err := os.WriteFile(path, []byte(tc.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			err := AppendSources(path, tc.srcs, "")
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %v with %q", err, tc.kind, tc.want)
			}
			if data, _ := os.ReadFile(path); string(data) != tc.doc {
				t.Errorf("file changed to\n%s", data)
			}
		})
	}
}
