package api

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/canon"
)

// addNearCopy archives a third outlet's edited copy of the seed item: an
// intro of its own, a typo, no credit line. The index does not hold it;
// coverage reads the archive.
func addNearCopy(t *testing.T, f *fixture) string {
	t.Helper()
	body := "Belediyemizden yapılan açıklamaya göre,\n\n" +
		strings.Replace(strings.TrimSuffix(seedBody, "\n\nKaynak: İHA"), "Yenikapı'da", "Yenikapıda", 1)
	u := "https://tuzla.example/haber/calistay"
	art := &article.Article{ID: canon.ID(u), SourceID: "tuzla", URL: u, CanonicalURL: u, Title: "Çalıştaya katıldık",
		Body: body, FirstSeenAt: time.Now().Add(time.Hour)}
	got, _, err := f.arch.Put(context.Background(), art, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got.ID
}

func TestCoverageSimilarity(t *testing.T) {
	f := newFixture(t, "", nil)
	near := addNearCopy(t, f)
	var cov CoverageResponse
	if st, _, body := f.get(t, "/api/v1/articles/"+f.ids["ajans"]+"/coverage", &cov); st != 200 {
		t.Fatalf("status %d: %s", st, body)
	}
	want := []string{f.ids["ajans"], f.ids["kopya"], near} // oldest first
	if len(cov.Copies) != len(want) || cov.Agency != "İHA" || cov.First.ID != f.ids["ajans"] {
		t.Fatalf("coverage %+v, want copies %v, agency İHA", cov, want)
	}
	for i, c := range cov.Copies {
		if c.ID != want[i] {
			t.Errorf("copy %d is %s, want %s", i, c.ID, want[i])
		}
	}
	if s := cov.Copies[1].Similarity; s != 1 {
		t.Errorf("exact copy similarity %v, want 1", s)
	}
	if s := cov.Copies[2].Similarity; s <= 0.5 || s >= 1 {
		t.Errorf("edited copy similarity %v, want in (0.5, 1)", s)
	}
}

func TestStoryCoverage(t *testing.T) {
	f := newFixture(t, "", nil)
	addNearCopy(t, f)
	var cov StoriesResponse
	if st, _, body := f.get(t, "/api/v1/coverage?q=çalıştay", &cov); st != 200 {
		t.Fatalf("status %d: %s", st, body)
	}
	if len(cov.Stories) != 1 {
		t.Fatalf("stories %+v, want the çalıştay story only", cov.Stories)
	}
	st := cov.Stories[0]
	if st.Copies != 3 || st.Outlets != 3 || st.Agency != "İHA" || st.First.Source != "ajans" || st.Title != "Tek Yön İktidar Çalıştayı yapıldı" {
		t.Errorf("story %+v, want 3 copies in 3 outlets, agency İHA, first the agency", st)
	}
	var perDay int64
	for _, d := range cov.PerDay {
		perDay += d.Count
	}
	if perDay != 3 {
		t.Errorf("per_day %+v sums to %d, want 3", cov.PerDay, perDay)
	}

	var all StoriesResponse
	f.get(t, "/api/v1/coverage", &all)
	if len(all.Stories) != 2 || all.Stories[0].Copies != 3 || all.Stories[1].Copies != 1 {
		t.Errorf("all stories %+v, want the 3-copy story then the other", all.Stories)
	}
	_, hdr, body := f.get(t, "/api/v1/coverage?format=csv", nil)
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "cluster_id" || rows[1][7] != "3" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Errorf("stories CSV %q (%v)", body, err)
	}
	for name, path := range map[string]string{
		"bad from":     "/api/v1/coverage?from=yesterday",
		"bad limit":    "/api/v1/coverage?limit=0",
		"bad query":    "/api/v1/coverage?q=%22unclosed",
		"bad collapse": "/api/v1/search?q=x&collapse=source",
	} {
		t.Run(name, func(t *testing.T) {
			var e errorBody
			if st, _, body := f.get(t, path, &e); st != 400 || e.Error.Code != "bad_request" {
				t.Errorf("status %d body %s", st, body)
			}
		})
	}
}

func TestCollapseStory(t *testing.T) {
	f := newFixture(t, "", nil)
	var plain, collapsed SearchResponse
	f.get(t, "/api/v1/search?q=çalıştay", &plain)
	f.get(t, "/api/v1/search?q=çalıştay&collapse=story", &collapsed)
	if len(plain.Hits) != 2 || plain.Hits[0].Copies != 0 {
		t.Fatalf("plain hits %+v, want the two copies without counts", plain.Hits)
	}
	if len(collapsed.Hits) != 1 || collapsed.Hits[0].Copies != 2 || collapsed.Hits[0].ClusterID != plain.Hits[0].ClusterID {
		t.Errorf("collapsed hits %+v, want one hit with 2 copies", collapsed.Hits)
	}
}

// TestStoryCoverageFilters: from and to are publication dates with or
// without q, source and agency always count, per_day is by publication
// day, seen_from and seen_to bound the crawl time.
func TestStoryCoverageFilters(t *testing.T) {
	f := newFixture(t, "", nil)
	tests := map[string]struct {
		query   string
		stories int
		perDay  string // the days listed
	}{
		"all":                  {"", 2, "2020-06-20"},
		"source without q":     {"source=belediye", 2, "2020-06-20"},
		"agency without q":     {"agency=%C4%B0HA", 1, "2020-06-20"},
		"source with q":        {"q=%C3%A7al%C4%B1%C5%9Ftay&source=ajans", 1, "2020-06-20"},
		"published after":      {"from=2020-06-21", 0, ""},
		"published that day":   {"from=2020-06-20&to=2020-06-20", 2, "2020-06-20"},
		"published, with q":    {"q=galatasaray&to=2020-06-19", 0, ""},
		"seen since 2000":      {"seen_from=2000-01-01&source=belediye", 2, "2020-06-20"},
		"seen before 2001":     {"seen_to=2001-01-01", 0, ""},
		"seen before, with q":  {"q=galatasaray&seen_to=2001-01-01", 0, ""},
		"limit":                {"limit=1", 1, "2020-06-20"},
		"source matches none":  {"source=yok", 0, ""},
		"agency and published": {"agency=%C4%B0HA&from=2020-06-20T11:30:00Z", 1, "2020-06-20"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out StoriesResponse
			if st, _, body := f.get(t, "/api/v1/coverage?"+tc.query, &out); st != 200 {
				t.Fatalf("%d %s", st, body)
			}
			days := []string{}
			for _, d := range out.PerDay {
				days = append(days, d.Date)
			}
			if len(out.Stories) != tc.stories || strings.Join(days, ",") != tc.perDay {
				t.Errorf("%d stories, per_day %v; want %d, %s", len(out.Stories), out.PerDay, tc.stories, tc.perDay)
			}
		})
	}
}
