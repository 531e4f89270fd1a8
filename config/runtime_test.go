package config

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestParseSource(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want Source
	}{
		"JSON feed, defaults": {
			`{"id":"kartal-bel","type":"feed","url":"https://example.org/rss"}`,
			Source{ID: "kartal-bel", Name: "kartal-bel", Type: "feed", URL: "https://example.org/rss", Schedule: "@every 15m", Fulltext: true, MaxPages: 5},
		},
		"JSON html with options": {
			`{"id":"kartal","name":"Kartal Belediyesi","type":"html","url":"https://example.org/haberler","schedule":"*/30 * * * *",
			  "links":"a.haber","next":"a.sonraki","max_pages":3,"fulltext":false,"extract":{"content":"div.icerik","remove":["div.reklam"]}}`,
			Source{ID: "kartal", Name: "Kartal Belediyesi", Type: "html", URL: "https://example.org/haberler", Schedule: "*/30 * * * *",
				Links: "a.haber", Next: "a.sonraki", MaxPages: 3, Extract: &Extract{Content: "div.icerik", Remove: []string{"div.reklam"}}},
		},
		"YAML": {
			"id: ibb\ntype: sitemap\nurl: https://example.org/sitemap.xml\n",
			Source{ID: "ibb", Name: "ibb", Type: "sitemap", URL: "https://example.org/sitemap.xml", Schedule: "@every 15m", Fulltext: true, MaxPages: 5},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseSource([]byte(tc.doc), "request")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseSourceRefuses(t *testing.T) {
	tests := map[string]struct {
		doc   string
		kind  error
		field string
	}{
		"missing url":       {`{"id":"a","type":"feed"}`, ErrMissing, "url"},
		"missing id":        {`{"type":"feed","url":"https://example.org/"}`, ErrMissing, "id"},
		"not a slug":        {`{"id":"Kartal Bel","type":"feed","url":"https://example.org/"}`, ErrInvalid, "id"},
		"bad scheme":        {`{"id":"a","type":"feed","url":"ftp://example.org/"}`, ErrInvalid, "url"},
		"bad cron":          {`{"id":"a","type":"feed","url":"https://example.org/","schedule":"every banana"}`, ErrInvalid, "schedule"},
		"html needs links":  {`{"id":"a","type":"html","url":"https://example.org/"}`, ErrMissing, "links"},
		"bad selector":      {`{"id":"a","type":"html","url":"https://example.org/","links":"a[href"}`, ErrInvalid, "links"},
		"unknown key":       {`{"id":"a","type":"feed","url":"https://example.org/","origin":"config"}`, ErrUnknownKey, "origin"},
		"max_pages float":   {`{"id":"a","type":"html","url":"https://example.org/","links":"a","max_pages":2.5}`, ErrInvalid, "max_pages"},
		"not a mapping":     {`["a"]`, ErrInvalid, "(document)"},
		"empty":             {``, ErrMissing, ""},
		"syntax":            {`{"id": "a"`, ErrSyntax, ""},
		"unknown type":      {`{"id":"a","type":"podcast","url":"https://example.org/"}`, ErrInvalid, "type"},
		"duplicate key":     {`{"id":"a","id":"b","type":"feed","url":"https://example.org/"}`, ErrDuplicate, "id"},
		"fulltext a string": {`{"id":"a","type":"feed","url":"https://example.org/","fulltext":"yes"}`, ErrInvalid, "fulltext"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseSource([]byte(tc.doc), "request")
			var e *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &e) || e.Field != tc.field || e.File != "request" {
				t.Errorf("got %v (%+v), want %v on field %q", err, e, tc.kind, tc.field)
			}
		})
	}
}

func TestEntryRoundTrip(t *testing.T) {
	srcs := map[string]Source{
		"feed":     NewFeedSource("izmir-buyuksehir", "İzmir Büyükşehir", "https://example.org/rss?kategori=haber&x=1"),
		"html":     {ID: "kartal", Name: "kartal", Type: "html", URL: "https://example.org/", Schedule: "@hourly", Links: `a[href*="/haber/"]`, Next: "a.sonraki", MaxPages: 20},
		"extract":  {ID: "x", Name: "X: # not a comment", Type: "feed", URL: "https://example.org/", Schedule: "@every 1h", MaxPages: 5, Extract: &Extract{Title: "h1", Remove: []string{".reklam", "aside"}}},
		"no fetch": {ID: "y", Name: "y", Type: "feed", URL: "https://example.org/y", Schedule: "*/5 * * * *", Fulltext: false, MaxPages: 5},
	}
	for name, s := range srcs {
		t.Run(name, func(t *testing.T) {
			js, err := json.Marshal(s.Entry())
			if err != nil {
				t.Fatal(err)
			}
			ym, err := yaml.Marshal(s.Entry())
			if err != nil {
				t.Fatal(err)
			}
			for form, doc := range map[string][]byte{"json": js, "yaml": ym} {
				got, err := ParseSource(doc, form)
				if err != nil {
					t.Fatalf("%s %s: %v", form, doc, err)
				}
				if !reflect.DeepEqual(got, s) {
					t.Errorf("%s %s read back as %+v, want %+v", form, doc, got, s)
				}
			}
			if name == "feed" && (strings.Contains(string(js), "fulltext") || strings.Contains(string(js), "max_pages")) {
				t.Errorf("defaults written out: %s", js)
			}
		})
	}
}

func TestPrivateBlocked(t *testing.T) {
	tests := map[string]struct {
		origin string
		allow  bool
		want   bool
	}{
		"config file":          {"", false, false},
		"config, named":        {OriginConfig, false, false},
		"run time":             {OriginAPI, false, true},
		"run time, allowed":    {OriginAPI, true, false},
		"config file, allowed": {"", true, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := &Config{AllowPrivateSources: tc.allow}
			if got := cfg.PrivateBlocked(Source{ID: "a", Origin: tc.origin}); got != tc.want {
				t.Errorf("PrivateBlocked = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseAllowPrivateSources(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want bool
		err  error
	}{
		"default": {"listen: 127.0.0.1:9000\n", false, nil},
		"true":    {"allow_private_sources: true\n", true, nil},
		"yes":     {"allow_private_sources: yes\n", false, ErrInvalid},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(tc.doc), "t.yaml")
			if !errors.Is(err, tc.err) || tc.err == nil && err != nil {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err == nil && cfg.AllowPrivateSources != tc.want {
				t.Errorf("AllowPrivateSources = %v", cfg.AllowPrivateSources)
			}
		})
	}
}
