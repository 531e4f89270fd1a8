package archive

import (
	"context"
	"errors"
	"testing"
)

func TestUpdateAndRemoveSource(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	if err := a.SyncSources(ctx, []SourceInfo{{ID: "aa-guncel", Type: "feed", URL: "https://www.aa.com.tr/rss"}}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []SourceInfo{
		{ID: "bolu", Name: "Bolu", Type: "feed", URL: "https://www.bolu.bel.tr/feed/", Schedule: "@every 15m"},
		{ID: "kartal", Name: "Kartal", Type: "feed", URL: "https://www.kartal.bel.tr/rss", Schedule: "@every 15m"},
	} {
		if err := a.AddSource(ctx, s, s.URL); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := a.Put(ctx, newArticle(t, "bolu", "https://www.bolu.bel.tr/haber/1", seedBody(t)), nil); err != nil {
		t.Fatal(err)
	}
	update := map[string]struct {
		src  SourceInfo
		key  string
		kind error
	}{
		"new name and schedule": {SourceInfo{ID: "bolu", Name: "Bolu Bld.", Type: "feed", URL: "https://www.bolu.bel.tr/feed/", Schedule: "@hourly"}, "https://www.bolu.bel.tr/feed/", nil},
		"URL of another":        {SourceInfo{ID: "bolu", Type: "feed", URL: "https://www.kartal.bel.tr/rss"}, "https://www.kartal.bel.tr/rss", ErrExists},
		"configured":            {SourceInfo{ID: "aa-guncel", Type: "feed", URL: "https://x.example/"}, "https://x.example/", ErrNotFound},
		"unknown":               {SourceInfo{ID: "nope", Type: "feed", URL: "https://y.example/"}, "https://y.example/", ErrNotFound},
		"no key":                {SourceInfo{ID: "bolu", Type: "feed"}, "", ErrInvalid},
	}
	for name, tc := range update {
		t.Run("update/"+name, func(t *testing.T) {
			if err := a.UpdateSource(ctx, tc.src, tc.key); !errors.Is(err, tc.kind) {
				t.Errorf("got %v, want %v", err, tc.kind)
			}
		})
	}
	st, err := a.StoredSource(ctx, "bolu")
	if err != nil || st.Name != "Bolu Bld." || st.Schedule != "@hourly" {
		t.Fatalf("after update: %+v, %v", st, err)
	}

	if err := a.RemoveSource(ctx, "aa-guncel"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove a configured source: %v", err)
	}
	if err := a.RemoveSource(ctx, "bolu"); err != nil {
		t.Fatal(err)
	}
	if err := a.RemoveSource(ctx, "bolu"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove twice: %v", err)
	}
	if _, err := a.StoredSource(ctx, "bolu"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed source still stored: %v", err)
	}
	counts, err := a.CountsBySource(ctx)
	if err != nil || counts["bolu"] != 1 {
		t.Errorf("the removed source's article: %v, %v", counts, err)
	}
	// The id stays taken (its articles name it); the URL is free.
	if err := a.AddSource(ctx, SourceInfo{ID: "bolu", Type: "feed"}, "https://z.example/"); !errors.Is(err, ErrExists) {
		t.Errorf("id of a removed source: %v", err)
	}
	if err := a.AddSource(ctx, SourceInfo{ID: "bolu-2", Type: "feed"}, "https://www.bolu.bel.tr/feed/"); err != nil {
		t.Errorf("URL of a removed source: %v", err)
	}
}
