package api

import (
	"testing"
)

func TestSimilar(t *testing.T) {
	f := newFixture(t, "", nil)
	tests := map[string]struct {
		path   string
		status int
		want   []string // slugs of the hits, in order
		code   string   // error code when not 200
	}{
		"copy of the agency item": {"/api/v1/articles/" + f.ids["ajans"] + "/similar", 200, []string{"kopya"}, ""},
		"agency item of the copy": {"/api/v1/articles/" + f.ids["kopya"] + "/similar?size=1", 200, []string{"ajans"}, ""},
		"nothing alike":           {"/api/v1/articles/" + f.ids["spor"] + "/similar", 200, nil, ""},
		"unknown id":              {"/api/v1/articles/nope/similar", 404, nil, "not_found"},
		"size out of range":       {"/api/v1/articles/" + f.ids["ajans"] + "/similar?size=101", 400, nil, "bad_request"},
	}
	slug := map[string]string{}
	for s, id := range f.ids {
		slug[id] = s
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if tc.status != 200 {
				var e errorBody
				if st, _, body := f.get(t, tc.path, &e); st != tc.status || e.Error.Code != tc.code {
					t.Errorf("status %d body %s, want %d %s", st, body, tc.status, tc.code)
				}
				return
			}
			var res SimilarResponse
			if st, _, body := f.get(t, tc.path, &res); st != 200 || res.Hits == nil {
				t.Fatalf("status %d body %s", st, body)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, slug[h.ID])
				if h.URL == "" || h.Title == "" || h.Snippet == "" {
					t.Errorf("hit %+v lacks url, title or snippet", h)
				}
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("hits %q, want %q", got, tc.want)
			}
		})
	}
}
