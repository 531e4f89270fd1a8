package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStoreSettings(t *testing.T) {
	host, _ := os.Hostname()
	type store struct {
		database, warcDir, node string
		ttl                     time.Duration
	}
	good := map[string]struct {
		doc  string
		want store
	}{
		"absent":            {"listen: 127.0.0.1:9\n", store{"", filepath.Join("data", "warc"), host, 30 * time.Second}},
		"warc follows data": {"data_dir: /srv/h\n", store{"", "/srv/h/warc", host, 30 * time.Second}},
		"warc before data":  {"warc_dir: /nfs/warc\ndata_dir: /srv/h\n", store{"", "/nfs/warc", host, 30 * time.Second}},
		"postgres": {"database: postgres://haberci@db.example.org/haberci\nnode: node-1.a_b\nlease_ttl: 45s\n",
			store{"postgres://haberci@db.example.org/haberci", filepath.Join("data", "warc"), "node-1.a_b", 45 * time.Second}},
		"postgresql scheme": {"database: postgresql:///haberci?host=/run/pg\nnode: n\n", store{"postgresql:///haberci?host=/run/pg", filepath.Join("data", "warc"), "n", 30 * time.Second}},
		"empty database":    {"database: \"\"\n", store{"", filepath.Join("data", "warc"), host, 30 * time.Second}},
	}
	for name, tc := range good {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "c.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if got := (store{cfg.Database, cfg.WARC(), cfg.Node, cfg.LeaseTTL}); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	bad := map[string]struct {
		doc, prefix string
		kind        error
	}{
		"mysql":          {"listen: 127.0.0.1:9\ndatabase: mysql://db/h\n", "c.yaml:2: database: want a postgres:// URL", ErrInvalid},
		"file path":      {"database: ./haberci.db\n", "c.yaml:1: database: want a postgres:// URL", ErrInvalid},
		"space in node":  {"node: node a\n", `c.yaml:1: node: node id "node a"`, ErrInvalid},
		"leading dash":   {"\nnode: -a\n", `c.yaml:2: node: node id "-a"`, ErrInvalid},
		"node too long":  {"node: " + strings.Repeat("n", 64) + "\n", "c.yaml:1: node: node id", ErrInvalid},
		"Turkish node":   {"node: düğüm\n", `c.yaml:1: node: node id "düğüm"`, ErrInvalid},
		"empty warc dir": {"warc_dir: \" \"\n", "c.yaml:1: warc_dir: must not be empty", ErrInvalid},
		"short lease":    {"lease_ttl: 1s\n", "c.yaml:1: lease_ttl: 1s out of range 3s..1h0m0s", ErrInvalid},
		"long lease":     {"lease_ttl: 2h\n", "c.yaml:1: lease_ttl: 2h0m0s out of range", ErrInvalid},
		"lease no unit":  {"lease_ttl: 30\n", "c.yaml:1: lease_ttl: bad duration", ErrInvalid},
		"lease list":     {"lease_ttl: [30s]\n", "c.yaml:1: lease_ttl: want a duration", ErrInvalid},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), "c.yaml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a config error", err)
			}
			if !strings.HasPrefix(err.Error(), "config: "+tc.prefix) {
				t.Errorf("got %q, want prefix %q", err, "config: "+tc.prefix)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %q is not %v", err, tc.kind)
			}
		})
	}
}

// A password in a bad database URL stays out of the error.
func TestDatabaseErrorHidesPassword(t *testing.T) {
	_, err := Parse([]byte("database: \"postgres://u:s3cret@db:x/h\"\n"), "c.yaml")
	if err == nil {
		t.Fatal("bad port accepted")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error shows the password: %v", err)
	}
}

// Without warc_dir the WARC directory follows data_dir, also when a
// program changes DataDir after loading (the tests' copies of a data_dir).
func TestWARCFollowsDataDir(t *testing.T) {
	cfg, err := Parse([]byte("data_dir: /srv/a\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = "/srv/b"
	if got := cfg.WARC(); got != "/srv/b/warc" {
		t.Errorf("WARC() = %s, want /srv/b/warc", got)
	}
	cfg.WARCDir = "/nfs/warc"
	if got := cfg.WARC(); got != "/nfs/warc" {
		t.Errorf("WARC() = %s with warc_dir set", got)
	}
}
