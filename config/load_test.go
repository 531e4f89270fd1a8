package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("haberci.yaml", "data_dir: /srv/haberci\ncrawl: {per_host_interval: 10ms}\n"+src())
	bad := write("bad.yaml", "data_dir: /srv/haberci\n\nsources:\n  - id: a\n    type: feed\n    url: https://example.org/\n    schedule: \"every banana\"\n")
	huge := write("huge.yaml", "# "+strings.Repeat("x", maxFileBytes)+"\n")

	t.Run("file", func(t *testing.T) {
		cfg, err := Load(good)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Path != good || cfg.DataDir != "/srv/haberci" || cfg.Crawl.PerHostInterval != 10*time.Millisecond ||
			cfg.Crawl.Timeout != 20*time.Second || len(cfg.Sources) != 1 {
			t.Errorf("got %+v", cfg)
		}
	})
	t.Run("no path", func(t *testing.T) {
		cfg, err := Load("")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg, Default()) {
			t.Errorf("Load(\"\") differs from Default()")
		}
	})
	t.Run("error names the path", func(t *testing.T) {
		_, err := Load(bad)
		want := "config: " + bad + `:7: sources[0].schedule: bad cron spec "every banana"`
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("got %v, want prefix %s", err, want)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := Load(filepath.Join(dir, "nope.yaml"))
		if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "config: ") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		_, err := Load(huge)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("got %v", err)
		}
	})
}
