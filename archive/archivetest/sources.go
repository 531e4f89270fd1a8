package archivetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
)

// sourceTests are the suite's cases for configured and run-time sources.
var sourceTests = map[string]func(t *testing.T, impl Impl){
	"add source":                   testAddSource,
	"config takes over runtime id": testConfigTakesOver,
	"update and remove source":     testUpdateRemoveSource,
	"sync sources":                 testSyncSources,
}

// syncSources stores the configured sources.
func syncSources(t *testing.T, s Store, srcs ...archive.SourceInfo) {
	t.Helper()
	if err := s.SyncSources(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
}

func testAddSource(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	syncSources(t, s, archive.SourceInfo{ID: "aa-guncel", Type: "feed", URL: "https://www.aa.com.tr/tr/rss/default?cat=guncel"})
	first := archive.SourceInfo{ID: "bolu", Name: "Bolu Belediyesi", Type: "feed", URL: "https://www.bolu.bel.tr/feed/",
		Schedule: "@every 15m", Options: `{"dil":"tr"}`}
	if err := s.AddSource(ctx, first, "https://www.bolu.bel.tr/feed/"); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		src    archive.SourceInfo
		key    string
		kind   error
		holder *archive.ExistsError
	}{
		"id of a configured source": {archive.SourceInfo{ID: "aa-guncel", Type: "feed"}, "https://example.org/a", archive.ErrExists, &archive.ExistsError{Field: "id", ID: "aa-guncel"}},
		"id of a run-time source":   {archive.SourceInfo{ID: "bolu", Type: "feed"}, "https://example.org/b", archive.ErrExists, &archive.ExistsError{Field: "id", ID: "bolu"}},
		"URL of a run-time source":  {archive.SourceInfo{ID: "bolu-2", Type: "feed"}, "https://www.bolu.bel.tr/feed/", archive.ErrExists, &archive.ExistsError{Field: "url", ID: "bolu"}},
		"no id":                     {archive.SourceInfo{Type: "feed"}, "https://example.org/c", impl.ErrInvalid, nil},
		"no URL key":                {archive.SourceInfo{ID: "c", Type: "feed"}, "", impl.ErrInvalid, nil},
		"options not JSON":          {archive.SourceInfo{ID: "d", Type: "feed", Options: "{"}, "https://example.org/d", impl.ErrInvalid, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := s.AddSource(ctx, tc.src, tc.key)
			var ee *archive.ExistsError
			if !errors.Is(err, tc.kind) || tc.holder != nil && (!errors.As(err, &ee) || *ee != *tc.holder) {
				t.Errorf("got %v, want %v (%+v)", err, tc.kind, tc.holder)
			}
		})
	}
	// The config file's URL is not the archive's to refuse: the caller
	// compares against the config it loaded.
	if err := s.AddSource(ctx, archive.SourceInfo{ID: "aa-2", Type: "feed"}, "https://www.aa.com.tr/tr/rss/default?cat=guncel"); err != nil {
		t.Errorf("URL of a configured source: %v", err)
	}
	ids, err := s.SourceIDs(ctx)
	if err != nil || !reflect.DeepEqual(ids, []string{"aa-2", "aa-guncel", "bolu"}) {
		t.Errorf("SourceIDs = %v, %v", ids, err)
	}
	stored, err := s.StoredSources(ctx)
	if err != nil || len(stored) != 2 || stored[0].ID != "bolu" || stored[1].ID != "aa-2" {
		t.Fatalf("StoredSources = %+v, %v; want bolu then aa-2", stored, err)
	}
	got := stored[0]
	if got.AddedAt.IsZero() || got.Paused || !sameJSON(got.Options, first.Options) {
		t.Errorf("stored %+v: want an added time, not paused, options %s", got, first.Options)
	}
	got.Options, got.AddedAt = first.Options, stored[0].AddedAt
	if got.SourceInfo != first {
		t.Errorf("stored %+v, want %+v", got.SourceInfo, first)
	}
	if one, err := s.StoredSource(ctx, "bolu"); err != nil || !reflect.DeepEqual(one, stored[0]) {
		t.Errorf("StoredSource = %+v, %v; want %+v", one, err, stored[0])
	}
	if _, err := s.StoredSource(ctx, "aa-guncel"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("StoredSource of a configured source: %v, want not found", err)
	}
}

// sameJSON reports whether two JSON texts hold the same value (PostgreSQL
// keeps options as jsonb, which spaces them its own way).
func sameJSON(a, b string) bool {
	var x, y any
	return json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil && reflect.DeepEqual(x, y)
}

// A run-time source whose id appears in the config file becomes the
// file's, keeping its pause and fetch state.
func testConfigTakesOver(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	src := archive.SourceInfo{ID: "bolu", Type: "feed", URL: "https://www.bolu.bel.tr/feed/"}
	if err := s.AddSource(ctx, src, src.URL); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPaused(ctx, "bolu", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFetchState(ctx, article.FetchState{SourceID: "bolu", LastStatus: 200}); err != nil {
		t.Fatal(err)
	}
	src.Name = "Bolu Belediyesi" // now in the config file
	syncSources(t, s, src)
	stored, err := s.StoredSources(ctx)
	if err != nil || len(stored) != 0 {
		t.Errorf("still a run-time source: %+v, %v", stored, err)
	}
	paused, err := s.PausedSources(ctx)
	if st, _ := s.FetchState(ctx, "bolu"); err != nil || !slices.Equal(paused, []string{"bolu"}) || st.LastStatus != 200 {
		t.Errorf("pause %v and fetch state %+v not kept (%v)", paused, st, err)
	}
}

func testUpdateRemoveSource(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	syncSources(t, s, archive.SourceInfo{ID: "aa-guncel", Type: "feed", URL: "https://www.aa.com.tr/rss"})
	for _, src := range []archive.SourceInfo{
		{ID: "bolu", Name: "Bolu", Type: "feed", URL: "https://www.bolu.bel.tr/feed/", Schedule: "@every 15m"},
		{ID: "kartal", Name: "Kartal", Type: "feed", URL: "https://www.kartal.bel.tr/rss", Schedule: "@every 15m"},
	} {
		if err := s.AddSource(ctx, src, src.URL); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPaused(ctx, "bolu", true); err != nil {
		t.Fatal(err)
	}
	art := articleN(1)
	art.SourceID = "bolu"
	put(t, s, art)
	update := map[string]struct {
		src  archive.SourceInfo
		key  string
		kind error
	}{
		"new name and schedule": {archive.SourceInfo{ID: "bolu", Name: "Bolu Bld.", Type: "feed", URL: "https://www.bolu.bel.tr/feed/", Schedule: "@hourly"}, "https://www.bolu.bel.tr/feed/", nil},
		"URL of another":        {archive.SourceInfo{ID: "bolu", Type: "feed", URL: "https://www.kartal.bel.tr/rss"}, "https://www.kartal.bel.tr/rss", archive.ErrExists},
		"configured":            {archive.SourceInfo{ID: "aa-guncel", Type: "feed", URL: "https://x.example/"}, "https://x.example/", impl.ErrNotFound},
		"unknown":               {archive.SourceInfo{ID: "nope", Type: "feed", URL: "https://y.example/"}, "https://y.example/", impl.ErrNotFound},
		"no key":                {archive.SourceInfo{ID: "bolu", Type: "feed"}, "", impl.ErrInvalid},
	}
	for name, tc := range update {
		t.Run("update/"+name, func(t *testing.T) {
			if err := s.UpdateSource(ctx, tc.src, tc.key); !errors.Is(err, tc.kind) {
				t.Errorf("got %v, want %v", err, tc.kind)
			}
		})
	}
	st, err := s.StoredSource(ctx, "bolu")
	if err != nil || st.Name != "Bolu Bld." || st.Schedule != "@hourly" || !st.Paused {
		t.Fatalf("after update: %+v, %v; want the new name and schedule, still paused", st, err)
	}
	if err := s.RemoveSource(ctx, "aa-guncel"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("remove a configured source: %v", err)
	}
	if err := s.RemoveSource(ctx, "bolu"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, "bolu"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("remove twice: %v", err)
	}
	if _, err := s.StoredSource(ctx, "bolu"); !errors.Is(err, impl.ErrNotFound) {
		t.Errorf("removed source still stored: %v", err)
	}
	if paused, err := s.PausedSources(ctx); err != nil || len(paused) != 0 {
		t.Errorf("removed source still paused: %v, %v", paused, err)
	}
	if got, _, err := s.Get(ctx, art.ID); err != nil || got.SourceID != "bolu" {
		t.Errorf("the removed source's article: %v, %v", got, err)
	}
	// The id stays taken (its articles name it); the URL is free.
	if err := s.AddSource(ctx, archive.SourceInfo{ID: "bolu", Type: "feed"}, "https://z.example/"); !errors.Is(err, archive.ErrExists) {
		t.Errorf("id of a removed source: %v", err)
	}
	if err := s.AddSource(ctx, archive.SourceInfo{ID: "bolu-2", Type: "feed"}, "https://www.bolu.bel.tr/feed/"); err != nil {
		t.Errorf("URL of a removed source: %v", err)
	}
}

// SyncSources inserts and updates configured sources, keeps fetch state
// and pauses and the sources no longer configured, and refuses a source
// without id or with options that are not JSON, storing none of the batch.
func testSyncSources(t *testing.T, impl Impl) {
	ctx := context.Background()
	s := impl.Open(t, 0)
	syncSources(t, s, archive.SourceInfo{ID: "aa-guncel", Name: "AA", Type: "feed", URL: "https://www.aa.com.tr/rss"},
		archive.SourceInfo{ID: "iha", Name: "İHA", Type: "feed", URL: "https://www.iha.com.tr/rss"})
	if err := s.SetPaused(ctx, "iha", true); err != nil {
		t.Fatal(err)
	}
	want := article.FetchState{SourceID: "aa-guncel", ETag: `"ığüşöç"`, LastStatus: 304, ConsecutiveFailures: 2, Backlog: 3, ResumeURL: "https://www.aa.com.tr/rss?s=2"}
	if err := s.SaveFetchState(ctx, want); err != nil {
		t.Fatal(err)
	}
	syncSources(t, s, archive.SourceInfo{ID: "aa-guncel", Name: "Anadolu Ajansı", Type: "feed", URL: "https://www.aa.com.tr/rss", Options: `{"x":1}`})
	if st, err := s.FetchState(ctx, "aa-guncel"); err != nil || !reflect.DeepEqual(st, want) {
		t.Errorf("fetch state %+v, %v; want %+v", st, err, want)
	}
	ids, err := s.SourceIDs(ctx)
	paused, perr := s.PausedSources(ctx)
	if err != nil || perr != nil || !slices.Equal(ids, []string{"aa-guncel", "iha"}) || !slices.Equal(paused, []string{"iha"}) {
		t.Errorf("SourceIDs %v (%v), paused %v (%v); want both kept, iha paused", ids, err, paused, perr)
	}
	for name, bad := range map[string]archive.SourceInfo{"no id": {Name: "x"}, "options not JSON": {ID: "yeni", Options: "{"}} {
		err := s.SyncSources(ctx, []archive.SourceInfo{{ID: "ok-1"}, bad})
		if ids, _ := s.SourceIDs(ctx); !errors.Is(err, impl.ErrInvalid) || slices.Contains(ids, "ok-1") {
			t.Errorf("%s: %v, sources %v; want ErrInvalid and nothing stored", name, err, ids)
		}
	}
	if st, err := s.FetchState(ctx, "hiç"); err != nil || st != (article.FetchState{SourceID: "hiç"}) {
		t.Errorf("fetch state of an unknown source: %+v, %v", st, err)
	}
}
