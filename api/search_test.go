package api

import "testing"

func TestSearchFacetsParameter(t *testing.T) {
	f := newFixture(t, "", nil)
	tests := map[string]struct {
		query   string
		status  int
		sources int // source facet terms
	}{
		"facets by default": {"q=", 200, 2},
		"facets=1":          {"q=&facets=1", 200, 2},
		"facets=true":       {"q=&facets=true", 200, 2},
		"facets=0":          {"q=&facets=0", 200, 0},
		"facets=false":      {"q=belediye&facets=false", 200, 0},
		"facets=maybe":      {"q=&facets=maybe", 400, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var res SearchResponse
			st, _, body := f.get(t, "/api/v1/search?"+tc.query, &res)
			if st != tc.status {
				t.Fatalf("status %d, want %d: %s", st, tc.status, body)
			}
			if st != 200 {
				return
			}
			if len(res.Facets.Source) != tc.sources || len(res.Hits) == 0 {
				t.Errorf("source facet %v with %d hits, want %d terms and hits", res.Facets.Source, len(res.Hits), tc.sources)
			}
			if res.Facets.Source == nil || res.Facets.Agency == nil || res.Facets.Published == nil {
				t.Errorf("facets with nil slices: %+v", res.Facets)
			}
		})
	}
}
