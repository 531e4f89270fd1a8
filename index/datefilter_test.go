package index

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseDateRange(t *testing.T) {
	utc := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		return day(s)
	}
	tests := map[string]struct {
		q        string
		from, to string // RFC 3339; "" = open
	}{
		"month range":      {"date:2020-06..2020-07", "2020-06-01T00:00:00Z", "2020-07-31T23:59:59.999999999Z"},
		"day range":        {"date:2020-06-01..2020-06-30", "2020-06-01T00:00:00Z", "2020-06-30T23:59:59.999999999Z"},
		"one year":         {"date:2020", "2020-01-01T00:00:00Z", "2020-12-31T23:59:59.999999999Z"},
		"one month":        {"date:2020-02", "2020-02-01T00:00:00Z", "2020-02-29T23:59:59.999999999Z"},
		"one day":          {"date:2015-06-23", "2015-06-23T00:00:00Z", "2015-06-23T23:59:59.999999999Z"},
		"open start":       {"date:..2020-07", "", "2020-07-31T23:59:59.999999999Z"},
		"open end":         {"date:2020-06..", "2020-06-01T00:00:00Z", ""},
		"mixed precision":  {"date:2019..2020-06-15", "2019-01-01T00:00:00Z", "2020-06-15T23:59:59.999999999Z"},
		"upper-case field": {"DATE:2020", "2020-01-01T00:00:00Z", "2020-12-31T23:59:59.999999999Z"},
		"same day twice":   {"date:2020-06-01..2020-06-01", "2020-06-01T00:00:00Z", "2020-06-01T23:59:59.999999999Z"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := parseQuery(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			d, ok := n.(*dateNode)
			if !ok {
				t.Fatalf("parseQuery(%q) = %T, want *dateNode", tc.q, n)
			}
			if !d.from.Equal(utc(tc.from)) || !d.to.Equal(utc(tc.to)) {
				t.Errorf("%q → [%v, %v], want [%s, %s]", tc.q, d.from, d.to, tc.from, tc.to)
			}
		})
	}
}

func TestParseDateRangeErrors(t *testing.T) {
	tests := map[string]struct {
		q   string
		pos int
		msg string
	}{
		"no bounds":        {"a date:..", 3, "want a date like"},
		"bad month":        {"date:2020-13", 1, "'2020-13' is not a date"},
		"bad day":          {"x date:2020-02-30..2020-03", 3, "'2020-02-30' is not a date"},
		"words":            {"date:dün", 1, "'dün' is not a date"},
		"reversed":         {"date:2020-07..2020-06", 1, "the range ends before it starts"},
		"phrase":           {`date:"2020"`, 1, "not a phrase"},
		"bare prefix":      {"date: 2020", 1, "expected a word or phrase after date:"},
		"three dots":       {"date:2020...2021", 1, "is not a date"},
		"time of day":      {"date:2020-06-01T10:00", 1, "is not a date"},
		"excluded and bad": {"a -date:20", 4, "'20' is not a date"},
		"year 9999":        {"date:9999", 1, "dates from 1900 to 2200 only"},
		"year 0":           {"date:0000-01-01", 1, "dates from 1900 to 2200 only"},
		"open to 3000":     {"date:..3000", 1, "dates from 1900 to 2200 only"},
		"from 1899":        {"date:1899-12..", 1, "dates from 1900 to 2200 only"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseQuery(tc.q)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseQuery(%q) = %v, want *QueryError", tc.q, err)
			}
			if qe.Pos != tc.pos || !strings.Contains(qe.Msg, tc.msg) {
				t.Errorf("parseQuery(%q) = at %d: %s, want at %d: …%s…", tc.q, qe.Pos, qe.Msg, tc.pos, tc.msg)
			}
		})
	}
}

func TestSearchDateFilter(t *testing.T) {
	ix := openFixture(t)
	tests := map[string]struct {
		q    string
		want []string
	}{
		"month":              {"date:2015-07", []string{"ttc-ekonomi-1", "ttc-ekonomi-2", "ttc-spor-2"}},
		"month range":        {"date:2015-06..2015-07", []string{"ttc-ekonomi-1", "ttc-ekonomi-2", "ttc-siyaset-1", "ttc-siyaset-2", "ttc-spor-1", "ttc-spor-2"}},
		"day":                {"date:2015-06-23", []string{"ttc-siyaset-1", "ttc-siyaset-2"}},
		"last day inclusive": {"date:2015-07-01..2015-07-15", []string{"ttc-ekonomi-1", "ttc-ekonomi-2"}},
		"year with word":     {"istanbul date:2020", []string{"seed", "seed-p4"}},
		"open start":         {"tbmm date:..2015", []string{"ttc-ekonomi-2", "ttc-siyaset-1", "ttc-siyaset-2"}},
		"open end":           {"date:2015-08..", []string{"seed", "seed-p4", "ttc-saglik-1"}},
		"excluded range":     {"tbmm -date:2015-06", []string{"ttc-ekonomi-2"}},
		"OR of ranges":       {"date:2015-08 OR date:2020-06-21", []string{"seed-p4", "ttc-saglik-1"}},
		"no match":           {"date:2016", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ids(t, ix, Request{Query: tc.q, Size: 100}); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.q, got, tc.want)
			}
		})
	}
}
