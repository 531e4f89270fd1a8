package sources

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
)

// newRegistry opens a real archive in a temporary directory with one
// configured source, as serve would (the config's rows synced).
func newRegistry(t *testing.T, edit func(*config.Config)) (*Registry, *archive.Archive) {
	t.Helper()
	cfg := config.Default()
	cfg.Sources = []config.Source{config.NewFeedSource("ajans", "Ajans", "https://example.org/rss")}
	if edit != nil {
		edit(cfg)
	}
	ar, err := archive.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	if err := ar.SyncSources(context.Background(), Rows(cfg)); err != nil {
		t.Fatal(err)
	}
	return New(cfg, ar, nil, nil), ar
}

func TestAdd(t *testing.T) {
	ctx := context.Background()
	r, _ := newRegistry(t, nil)
	if _, err := r.Add(ctx, map[string]any{"name": "Bolu", "type": "feed", "url": "https://www.bolu.bel.tr/feed/"}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 65)
	tests := map[string]struct {
		fields map[string]any
		kind   error
		msg    string // the whole "field: message" prefix, or part of it
	}{
		"made-up id":        {map[string]any{"name": "Bolu", "type": "feed", "url": "https://www.bolu.bel.tr/duyuru/"}, nil, "bolu-2"},
		"127.1":             {map[string]any{"type": "feed", "url": "http://127.1/rss"}, ErrInvalid, `url: "127.1" is a loopback`},
		"decimal":           {map[string]any{"type": "feed", "url": "http://2130706433/rss"}, ErrInvalid, `url: "2130706433" is a loopback`},
		"hex":               {map[string]any{"type": "feed", "url": "http://0x7f000001/rss"}, ErrInvalid, `url: "0x7f000001" is a loopback`},
		"octal":             {map[string]any{"type": "feed", "url": "http://0177.0.0.1/rss"}, ErrInvalid, `url: "0177.0.0.1" is a loopback`},
		"NAT64":             {map[string]any{"type": "feed", "url": "http://[64:ff9b::7f00:1]/rss"}, ErrInvalid, `url: "64:ff9b::7f00:1" is a loopback`},
		"IPv4-mapped":       {map[string]any{"type": "feed", "url": "http://[::ffff:127.0.0.1]/rss"}, ErrInvalid, `url: "::ffff:127.0.0.1" is a loopback`},
		"every 1ms":         {map[string]any{"type": "feed", "url": "https://a.example/", "schedule": "@every 1ms"}, ErrInvalid, "schedule: "},
		"every 0s":          {map[string]any{"type": "feed", "url": "https://a.example/", "schedule": "@every 0s"}, ErrInvalid, "schedule: "},
		"every -1s":         {map[string]any{"type": "feed", "url": "https://a.example/", "schedule": "@every -1s"}, ErrInvalid, "schedule: "},
		"id of 65":          {map[string]any{"id": long, "type": "feed", "url": "https://a.example/"}, ErrInvalid, "id: id of 65 characters, at most 64 allowed"},
		"name of 60 KB":     {map[string]any{"name": strings.Repeat("ş", 30000), "type": "feed", "url": "https://a.example/"}, ErrInvalid, "name: 30000 characters, at most 200 allowed"},
		"URL of 3000":       {map[string]any{"type": "feed", "url": "https://a.example/" + strings.Repeat("x", 3000)}, ErrInvalid, "url: URL of 3018 bytes, at most 2048 allowed"},
		"links on a feed":   {map[string]any{"type": "feed", "url": "https://b.example/", "links": "a"}, ErrInvalid, "links: links applies to type html only, not feed"},
		"configured id":     {map[string]any{"id": "ajans", "type": "feed", "url": "https://c.example/"}, ErrConflict, "id: ajans is already a configured source's id"},
		"configured URL":    {map[string]any{"type": "feed", "url": "https://EXAMPLE.org/rss#x"}, ErrConflict, "url: configured source ajans already has this URL"},
		"run-time URL":      {map[string]any{"type": "feed", "url": "https://www.bolu.bel.tr/feed/"}, ErrConflict, "url: source bolu already has this URL"},
		"schedule too long": {map[string]any{"type": "feed", "url": "https://d.example/", "schedule": strings.Repeat("x", 40000)}, ErrInvalid, "schedule: bad cron spec"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			src, err := r.Add(ctx, tc.fields)
			if tc.kind == nil {
				if err != nil || src.ID != tc.msg || src.Origin != config.OriginAPI {
					t.Fatalf("got %+v, %v; want id %s", src, err, tc.msg)
				}
				return
			}
			var se *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &se) || !strings.HasPrefix(err.Error(), tc.msg) {
				t.Fatalf("got %v, want %v %q…", err, tc.kind, tc.msg)
			}
			if n := len(err.Error()); n > 600 {
				t.Errorf("message of %d bytes", n)
			}
		})
	}
}

func TestMaxSources(t *testing.T) {
	ctx := context.Background()
	r, _ := newRegistry(t, func(c *config.Config) { c.MaxSources = 3 })
	for i, u := range []string{"https://a.example/", "https://b.example/"} {
		if _, err := r.Add(ctx, map[string]any{"type": "feed", "url": u}); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
	}
	_, err := r.Add(ctx, map[string]any{"type": "feed", "url": "https://c.example/"})
	if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "max_sources: already 3 sources") {
		t.Fatalf("fourth source: %v", err)
	}
	// A removed source frees its place.
	list, _ := r.List(ctx)
	if err := r.Remove(ctx, list[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Add(ctx, map[string]any{"type": "feed", "url": "https://c.example/"}); err != nil {
		t.Errorf("after a removal: %v", err)
	}
}

func TestEditRemove(t *testing.T) {
	ctx := context.Background()
	r, ar := newRegistry(t, nil)
	for _, f := range []map[string]any{
		{"id": "konya", "type": "html", "url": "https://www.konya.bel.tr/haber", "links": "a.haber", "next": "a.sonraki"},
		{"id": "bolu", "type": "feed", "url": "https://www.bolu.bel.tr/feed/"},
	} {
		if _, err := r.Add(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := ar.SetPaused(ctx, "bolu", true); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		id    string
		patch map[string]any
		kind  error
		msg   string
		check func(config.Source) bool
	}{
		"rename":              {"konya", map[string]any{"name": "Konya BB"}, nil, "", func(s config.Source) bool { return s.Name == "Konya BB" && s.Links == "a.haber" }},
		"schedule":            {"bolu", map[string]any{"schedule": "@hourly"}, nil, "", func(s config.Source) bool { return s.Schedule == "@hourly" }},
		"schedule too often":  {"bolu", map[string]any{"schedule": "@every 5s"}, ErrInvalid, "schedule: ", nil},
		"to feed, links kept": {"konya", map[string]any{"type": "feed"}, ErrInvalid, "links: links applies to type html only, not feed; next: next applies", nil},
		"to feed, links null": {"konya", map[string]any{"type": "feed", "links": nil, "next": nil}, nil, "", func(s config.Source) bool { return s.Type == "feed" && s.Links == "" }},
		"URL of another":      {"bolu", map[string]any{"url": "https://www.konya.bel.tr/haber"}, ErrConflict, "url: source konya already has this URL", nil},
		"URL of configured":   {"bolu", map[string]any{"url": "https://example.org/rss"}, ErrConflict, "url: configured source ajans", nil},
		"private URL":         {"bolu", map[string]any{"url": "http://0x7f.1/"}, ErrInvalid, `url: "0x7f.1" is a loopback`, nil},
		"id changed":          {"bolu", map[string]any{"id": "bolu2"}, ErrInvalid, "id: cannot be changed", nil},
		"id kept":             {"bolu", map[string]any{"id": "bolu", "name": "Bolu"}, nil, "", func(s config.Source) bool { return s.Name == "Bolu" }},
		"configured":          {"ajans", map[string]any{"name": "x"}, ErrConfigured, "source ajans is configured in the config file", nil},
		"unknown":             {"yok", map[string]any{"name": "x"}, ErrNotFound, "no source with id", nil},
	}
	for _, name := range []string{"rename", "schedule", "schedule too often", "to feed, links kept", "to feed, links null",
		"URL of another", "URL of configured", "private URL", "id changed", "id kept", "configured", "unknown"} {
		tc := tests[name]
		t.Run(name, func(t *testing.T) {
			src, err := r.Edit(ctx, tc.id, tc.patch)
			if tc.kind != nil {
				if !errors.Is(err, tc.kind) || !strings.HasPrefix(err.Error(), tc.msg) {
					t.Fatalf("got %v, want %v %q…", err, tc.kind, tc.msg)
				}
				return
			}
			if err != nil || !tc.check(src) {
				t.Fatalf("got %+v, %v", src, err)
			}
			// What the crawler runs is what was stored.
			run, _, err := r.Runnable(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range run {
				if s.ID == tc.id && !tc.check(s) {
					t.Errorf("runnable %+v", s)
				}
			}
		})
	}
	info, err := r.Get(ctx, "bolu")
	if err != nil || !info.Paused {
		t.Errorf("edit lost the pause: %+v, %v", info, err)
	}
	for id, want := range map[string]error{"ajans": ErrConfigured, "yok": ErrNotFound, "bolu": nil} {
		if err := r.Remove(ctx, id); !errors.Is(err, want) {
			t.Errorf("remove %s: %v, want %v", id, err, want)
		}
	}
	list, err := r.List(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "ajans" || list[1].ID != "konya" {
		t.Errorf("after remove: %+v, %v", list, err)
	}
}

func TestDecodeBothEncodings(t *testing.T) {
	src := config.Source{ID: "konya", Name: "Konya", Type: "html", URL: "https://www.konya.bel.tr/haber", Schedule: "@hourly",
		Fulltext: true, Links: "a.haber", MaxPages: 3, Extract: &config.Extract{Content: "div.icerik"}}
	old, err := json.Marshal(src) // the Go-field-name form the daemon's start once wrote
	if err != nil {
		t.Fatal(err)
	}
	for name, stored := range map[string]string{"entry": encodeEntry(src), "go fields": string(old)} {
		t.Run(name, func(t *testing.T) {
			got, err := decodeEntry(stored, "konya")
			if err != nil {
				t.Fatal(err)
			}
			if got.Links != "a.haber" || got.MaxPages != 3 || got.Extract == nil || got.Extract.Content != "div.icerik" || got.Schedule != "@hourly" || got.Name != "Konya" {
				t.Errorf("got %+v", got)
			}
		})
	}
	if _, err := decodeEntry(encodeEntry(src), "baska"); err == nil {
		t.Error("an entry naming another id was accepted")
	}
}

func TestPlanFeeds(t *testing.T) {
	cfg := config.Default()
	cfg.Sources = []config.Source{config.NewFeedSource("ajans", "Ajans", "https://example.org/rss")}
	add, out := PlanFeeds(cfg, []config.Feed{
		{Title: "Ajans kopyası", URL: "https://EXAMPLE.org/rss?utm_source=x"},
		{Title: "Bolu Belediyesi", URL: "https://www.bolu.bel.tr/feed/"},
		{Title: "Bolu Belediyesi", URL: "https://www.bolu.bel.tr/duyuru/feed/"},
		{Title: "Bolu yine", URL: "https://www.bolu.bel.tr/feed/#ust"},
		{Title: "bozuk", URL: "ftp://x.example/"},
	})
	ids := []string{}
	for _, s := range add {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "bolu-belediyesi,bolu-belediyesi-2" {
		t.Errorf("added %v", ids)
	}
	kinds := []string{}
	for _, o := range out {
		switch {
		case o.Err == nil:
			kinds = append(kinds, "added")
		case errors.Is(o.Err, ErrConflict):
			kinds = append(kinds, "skipped "+o.ID)
		default:
			kinds = append(kinds, "refused")
		}
	}
	if got := strings.Join(kinds, ","); got != "skipped ajans,added,added,skipped bolu-belediyesi,refused" {
		t.Errorf("outcomes %s", got)
	}
}

// TestSetConfig: after a reload the file's sources are the configured
// ones, and an id the file took over is the file's to change.
func TestSetConfig(t *testing.T) {
	ctx := context.Background()
	r, ar := newRegistry(t, nil)
	if _, err := r.Add(ctx, map[string]any{"id": "bolu", "type": "feed", "url": "https://www.bolu.bel.tr/feed/"}); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Sources = []config.Source{config.NewFeedSource("ajans", "Ajans", "https://example.org/rss"),
		config.NewFeedSource("bolu", "Bolu", "https://www.bolu.bel.tr/rss")}
	if err := ar.SyncSources(ctx, Rows(cfg)); err != nil {
		t.Fatal(err)
	}
	r.SetConfig(cfg)
	if _, err := r.Edit(ctx, "bolu", map[string]any{"name": "x"}); !errors.Is(err, ErrConfigured) {
		t.Errorf("edit of a source the file took over: %v", err)
	}
	list, err := r.List(ctx)
	if err != nil || len(list) != 2 || list[1].ID != "bolu" || list[1].Origin != config.OriginConfig || list[1].URL != "https://www.bolu.bel.tr/rss" {
		t.Errorf("after SetConfig: %+v, %v", list, err)
	}
}
