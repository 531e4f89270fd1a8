package archive

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
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

// Adding, editing and removing run-time sources, and the config taking one
// over, are in the shared suite (archivetest), run on both stores.
