package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse gives the config parser arbitrary documents: it must never
// panic, and a document it accepts must hold a usable config.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range append(files, "defaults.yaml") {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("crawl: {per_host_interval: 10ms}\nsources:\n  - {id: a, type: feed, url: \"http://127.0.0.1/rss\"}\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		cfg, err := Parse(doc, "fuzz.yaml")
		if err != nil {
			return
		}
		if cfg.DataDir == "" || cfg.Listen == "" || cfg.Crawl.Concurrency < 1 || cfg.Crawl.PerHostInterval <= 0 {
			t.Errorf("accepted config is unusable: %+v", cfg)
		}
		seen := map[string]bool{}
		for _, s := range cfg.Sources {
			if s.ID == "" || s.URL == "" || seen[s.ID] {
				t.Errorf("accepted source %+v (duplicate: %v)", s, seen[s.ID])
			}
			if _, err := CronParser.Parse(s.Schedule); err != nil {
				t.Errorf("accepted schedule %q: %v", s.Schedule, err)
			}
			seen[s.ID] = true
		}
	})
}
