package archive

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/haberci/haberci/article"
)

// oldArchive writes an archive in dir as the program before run-time
// sources left it: every step before "run-time sources", one configured
// source with its fetch state.
func oldArchive(t *testing.T, dir string) {
	t.Helper()
	steps := slices.IndexFunc(migrations, func(m migration) bool { return m.name == "run-time sources" })
	if steps < 0 {
		t.Fatal("no run-time sources step among the migrations")
	}
	archiveAt(t, dir, steps,
		`INSERT INTO source (id, name, type, url, schedule, last_status, consecutive_failures) VALUES
			('kartal-bel', 'Kartal Belediyesi', 'feed', 'https://www.kartal.bel.tr/rss', '@every 30m', 503, 2)`)
}

func TestMigrateRuntimeSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	oldArchive(t, dir)

	a := openAt(t, dir)
	st, err := a.FetchState(ctx, "kartal-bel")
	if err != nil || st.LastStatus != 503 || st.ConsecutiveFailures != 2 {
		t.Fatalf("fetch state after the migration: %+v, %v", st, err)
	}
	var origin string
	var paused bool
	if err := a.read.QueryRowContext(ctx, `SELECT origin, paused FROM source WHERE id = 'kartal-bel'`).Scan(&origin, &paused); err != nil || origin != "config" || paused {
		t.Fatalf("old row: origin %q paused %v (%v), want config and running", origin, paused, err)
	}
	if got, err := a.StoredSources(ctx); err != nil || len(got) != 0 {
		t.Fatalf("stored sources of an old archive: %+v, %v", got, err)
	}
	add := SourceInfo{ID: "izmir-bb", Name: "İzmir Büyükşehir", Type: "feed", URL: "https://www.izmir.bel.tr/rss", Schedule: "@every 15m", Options: `{"id":"izmir-bb"}`}
	if err := a.AddSource(ctx, add, "https://www.izmir.bel.tr/rss"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"kartal-bel", "izmir-bb"} {
		if err := a.SetPaused(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b := openAt(t, dir) // reopened: nothing to migrate, everything kept
	stored, err := b.StoredSources(ctx)
	if err != nil || len(stored) != 1 || stored[0].SourceInfo != add || !stored[0].Paused || stored[0].AddedAt.IsZero() {
		t.Fatalf("stored sources after reopen: %+v, %v", stored, err)
	}
	if paused, err := b.PausedSources(ctx); err != nil || !reflect.DeepEqual(paused, []string{"izmir-bb", "kartal-bel"}) {
		t.Errorf("paused after reopen: %v, %v", paused, err)
	}
	if one, err := b.StoredSource(ctx, "izmir-bb"); err != nil || !reflect.DeepEqual(one, stored[0]) {
		t.Errorf("StoredSource = %+v, %v; want %+v", one, err, stored[0])
	}
	for _, id := range []string{"kartal-bel", "yok"} { // configured, unknown
		if _, err := b.StoredSource(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("StoredSource(%q): %v, want ErrNotFound", id, err)
		}
	}
}

func TestAddSource(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	if err := a.SyncSources(ctx, []SourceInfo{{ID: "aa-guncel", Type: "feed", URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel"}}); err != nil {
		t.Fatal(err)
	}
	first := SourceInfo{ID: "bolu", Name: "Bolu", Type: "feed", URL: "https://www.bolu.bel.tr/feed/", Schedule: "@every 15m"}
	if err := a.AddSource(ctx, first, "https://www.bolu.bel.tr/feed/"); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		src    SourceInfo
		key    string
		kind   error
		holder *ExistsError
	}{
		"id of a configured source": {SourceInfo{ID: "aa-guncel", Type: "feed"}, "https://example.org/a", ErrExists, &ExistsError{"id", "aa-guncel"}},
		"id of a run-time source":   {SourceInfo{ID: "bolu", Type: "feed"}, "https://example.org/b", ErrExists, &ExistsError{"id", "bolu"}},
		"URL of a run-time source":  {SourceInfo{ID: "bolu-2", Type: "feed"}, "https://www.bolu.bel.tr/feed/", ErrExists, &ExistsError{"url", "bolu"}},
		"no id":                     {SourceInfo{Type: "feed"}, "https://example.org/c", ErrInvalid, nil},
		"no URL key":                {SourceInfo{ID: "c", Type: "feed"}, "", ErrInvalid, nil},
		"options not JSON":          {SourceInfo{ID: "d", Type: "feed", Options: "{"}, "https://example.org/d", ErrInvalid, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := a.AddSource(ctx, tc.src, tc.key)
			var ee *ExistsError
			if !errors.Is(err, tc.kind) || tc.holder != nil && (!errors.As(err, &ee) || *ee != *tc.holder) {
				t.Errorf("got %v, want %v (%+v)", err, tc.kind, tc.holder)
			}
		})
	}
	// The config file's URL is not the archive's to refuse: the caller
	// compares against the config it loaded.
	if err := a.AddSource(ctx, SourceInfo{ID: "aa-2", Type: "feed"}, "https://www.aa.com.tr/tr/rss/default?cat=guncel"); err != nil {
		t.Errorf("URL of a configured source: %v", err)
	}
	ids, err := a.SourceIDs(ctx)
	if err != nil || !reflect.DeepEqual(ids, []string{"aa-2", "aa-guncel", "bolu"}) {
		t.Errorf("SourceIDs = %v, %v", ids, err)
	}
}

func TestConfigTakesOverARuntimeID(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	src := SourceInfo{ID: "bolu", Type: "feed", URL: "https://www.bolu.bel.tr/feed/"}
	if err := a.AddSource(ctx, src, src.URL); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPaused(ctx, "bolu", true); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveFetchState(ctx, article.FetchState{SourceID: "bolu", LastStatus: 200}); err != nil {
		t.Fatal(err)
	}
	src.Name = "Bolu Belediyesi" // now in the config file
	if err := a.SyncSources(ctx, []SourceInfo{src}); err != nil {
		t.Fatal(err)
	}
	stored, err := a.StoredSources(ctx)
	if err != nil || len(stored) != 0 {
		t.Errorf("still a run-time source: %+v, %v", stored, err)
	}
	paused, err := a.PausedSources(ctx)
	if st, _ := a.FetchState(ctx, "bolu"); err != nil || len(paused) != 1 || st.LastStatus != 200 {
		t.Errorf("pause %v and fetch state %+v not kept (%v)", paused, st, err)
	}
}
