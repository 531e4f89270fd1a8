package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// migrate copies a crawled archive into a real PostgreSQL and verifies it;
// a second run copies nothing more and verifies again; every article
// reads back from the database with its captures.
func TestMigrate(t *testing.T) {
	cfgPath, cfg := crawled(t)
	url := pgtest.URL(t)
	if code, _, errOut := runCLI("migrate", "--config", cfgPath); code != 2 || !strings.Contains(errOut, "postgres://") {
		t.Errorf("migrate without --to: exit %d, %q", code, errOut)
	}
	out := haberci(t, 0, "migrate", "--config", cfgPath, "--to", url)
	want, caps := archived(t, cfg.DataDir)
	if !regexp.MustCompile(`copied \d+ sources, \d+ clusters, 8 articles, \d+ captures`).MatchString(out) || !strings.Contains(out, "verified") {
		t.Errorf("migrate said %q", out)
	}
	out = haberci(t, 0, "migrate", "--config", cfgPath, "--to", url)
	if !strings.Contains(out, " 0 articles, 0 captures") || !strings.Contains(out, "verified") {
		t.Errorf("second migrate said %q", out)
	}
	ctx := context.Background()
	s, err := pgarchive.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range want {
		got, gotCaps, err := s.Get(ctx, a.ID)
		if err != nil || got.Title != a.Title || got.Body != a.Body || len(gotCaps) != len(caps[a.ID]) {
			t.Errorf("article %s in PostgreSQL: %v, %d captures (%v); want %d", a.ID, got, len(gotCaps), err, len(caps[a.ID]))
		}
	}
}
