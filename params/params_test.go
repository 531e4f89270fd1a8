package params

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/index"
)

func TestValues(t *testing.T) {
	tests := map[string]struct {
		raw  string
		want string // q's value, or the error's prefix
		ok   bool
	}{
		"plain":            {"q=zab%C4%B1ta+50&size=2", "zabıta 50", true},
		"empty pairs":      {"&&q=a&", "a", true},
		"stray %":          {"q=zab%C4%B1ta%2050%", "q: invalid %-escape", false},
		"bad escape":       {"q=%zz", "q: invalid %-escape", false},
		"semicolon":        {"q=zabıta;x", "q: contains ';'", false},
		"semicolon in key": {"a;b=1", "a;b: contains ';'", false},
		"bad key":          {"q%=1", "q%: the parameter's name", false},
		"encoded ;":        {"q=a%3Bb", "a;b", true},
		"long key":         {strings.Repeat("k", 5000) + "=%", strings.Repeat("k", 64) + "…: invalid", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			v, err := Values(tc.raw)
			if tc.ok {
				if err != nil || v.Get("q") != tc.want {
					t.Fatalf("got %v, %v; want q=%q", v, err, tc.want)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q…", err, tc.want)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	tests := map[string]struct {
		raw  string
		want string // "" for success, else the error's prefix
	}{
		"defaults":        {"", ""},
		"deep page":       {"page=10000&size=20", "page: page × size must stay within the first 10000 hits"},
		"last page":       {"page=500&size=20", ""},
		"size 0":          {"size=0", "size: must be a whole number from 1 to 100"},
		"size word":       {"size=yirmi", "size: must be a whole number"},
		"page 0":          {"page=0", "page: must be a whole number from 1"},
		"from 1899":       {"from=1899-12-31", "from: want a date"},
		"to 2201":         {"to=2201-01-01", "to: want a date"},
		"to 2200":         {"to=2200-12-31", ""},
		"reversed":        {"from=2020-02-01&to=2020-01-01", "to: is before from"},
		"rfc3339":         {"from=2020-06-01T10:00:00%2B03:00", ""},
		"bad sort":        {"sort=random", "sort: must be relevance, newest or oldest"},
		"bad collapse":    {"collapse=yes", `collapse: must be "story"`},
		"bad facets":      {"facets=maybe", "facets: must be 1 or 0"},
		"bad widen":       {"widen=maybe", "widen: must be 1 or 0"},
		"sources split":   {"source=a,b&source=c", ""},
		"year 0 in from":  {"from=0000-01-01", "from: want a date"},
		"time in to 9999": {"to=9999-12-31T00:00:00Z", "to: want a date"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			v, err := Values(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			req, err := Search(v)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !(errors.Is(err, index.ErrBadRequest) || errors.As(err, new(*Error))) {
				t.Fatalf("got %+v, %v; want %q…", req, err, tc.want)
			}
		})
	}
	v, _ := Values("source=a,b&source=+c+&from=2020-06-01&to=2020-06-01")
	req, err := Search(v)
	if err != nil || strings.Join(req.Sources, "|") != "a|b|c" || !req.To.Equal(time.Date(2020, 6, 1, 23, 59, 59, 999999999, time.UTC)) {
		t.Errorf("got %+v, %v", req, err)
	}
	// People searching get a search widened when nothing matches, unless
	// they ask otherwise.
	for raw, want := range map[string]bool{"q=a": true, "q=a&widen=1": true, "q=a&widen=0": false, "q=a&widen=false": false} {
		v, _ := Values(raw)
		if req, err := Search(v); err != nil || req.Widen != want {
			t.Errorf("%s: Widen %v, %v; want %v", raw, req.Widen, err, want)
		}
	}
}

func TestCoverageAndFormat(t *testing.T) {
	tests := map[string]string{
		"seen_from":     "seen_from: want a date",
		"seen_to":       "seen_to: want a date",
		"limit=0":       "limit: must be a whole number from 1 to 1000",
		"limit=1001":    "limit: must be a whole number from 1 to 1000",
		"format=xml":    "format: must be json or csv",
		"from=3000-1-1": "from: want a date",
	}
	for raw, want := range tests {
		t.Run(raw, func(t *testing.T) {
			if !strings.Contains(raw, "=") {
				raw += "=9999-01-01"
			}
			v, _ := Values(raw)
			_, err := Coverage(v)
			if err == nil {
				_, err = Format(v, "json", "csv")
			}
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("got %v, want %q…", err, want)
			}
		})
	}
	v, _ := Values("seen_from=2020-01-01&seen_to=2020-01-31&limit=5&source=a&agency=%C4%B0HA")
	q, err := Coverage(v)
	if err != nil || q.Limit != 5 || q.Search.Agency != "İHA" || q.SeenTo.Day() != 31 || q.SeenTo.Hour() != 23 {
		t.Errorf("got %+v, %v", q, err)
	}
}
