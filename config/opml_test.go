package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseOPMLFixture(t *testing.T) {
	f, err := os.Open("testdata/turkish-feeds.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := ParseOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 11 {
		t.Fatalf("%d feeds, want 11 (the three category outlines are no feeds): %+v", len(feeds), feeds)
	}
	want := map[int]Feed{
		0:  {"Anadolu Ajansı – Güncel", "https://www.aa.com.tr/tr/rss/default?cat=guncel"},
		4:  {"Şırnak Belediyesi – Haberler", "https://www.sirnak.bel.tr/feed/"},
		10: {"bianet", "https://bianet.org/rss/bianet"}, // text only, no title
	}
	for i, w := range want {
		if feeds[i] != w {
			t.Errorf("feed %d = %+v, want %+v", i, feeds[i], w)
		}
	}
}

func TestParseOPML(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want []Feed
	}{
		"nested three deep": {
			`<opml version="1.0"><body><outline text="a"><outline text="b"><outline text="Kartal" xmlUrl="https://example.org/rss"/></outline></outline></body></opml>`,
			[]Feed{{"Kartal", "https://example.org/rss"}},
		},
		"attribute case and spaces": {
			`<opml><body><outline title="  İzmir
			  Büyükşehir " xmlURL=" https://example.org/izmir "/></body></opml>`,
			[]Feed{{"İzmir Büyükşehir", "https://example.org/izmir"}},
		},
		"windows-1254": {
			"<?xml version=\"1.0\" encoding=\"windows-1254\"?><opml><body><outline text=\"\xde\xfdrnak\" xmlUrl=\"https://example.org/s\"/></body></opml>",
			[]Feed{{"Şırnak", "https://example.org/s"}},
		},
		"no feeds":        {`<opml version="2.0"><head><title>boş</title></head><body/></opml>`, nil},
		"empty xmlUrl":    {`<opml><body><outline text="x" xmlUrl=""/></body></opml>`, nil},
		"title over text": {`<opml><body><outline text="kısa" title="Uzun Başlık" xmlUrl="https://example.org/"/></body></opml>`, []Feed{{"Uzun Başlık", "https://example.org/"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseOPML(strings.NewReader(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseOPMLRefuses(t *testing.T) {
	tests := map[string]struct {
		doc, want string
	}{
		"not XML":        {"sources:\n  - id: a\n", "no <opml> element"},
		"truncated":      {`<opml><body><outline text="a" xmlUrl="https://example.org/"`, "XML syntax error on line 1"},
		"unclosed":       {"<opml>\n<body>\n<outline text=\"a\">\n</body></opml>", "XML syntax error on line 4"},
		"an RSS feed":    {`<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, "the root element is <rss>, not <opml>"},
		"empty":          {"", "no <opml> element"},
		"too large":      {"<opml>" + strings.Repeat(" ", MaxOPMLBytes) + "</opml>", "larger than"},
		"unknown encode": {`<?xml version="1.0" encoding="klingon"?><opml/>`, "klingon"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseOPML(strings.NewReader(tc.doc))
			if !errors.Is(err, ErrOPML) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want ErrOPML with %q", err, tc.want)
			}
		})
	}
}
