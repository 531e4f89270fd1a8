package watch

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/haberci/haberci/archive"
)

// FeedSize is how many of a watch's newest matches its feed holds.
const FeedSize = 100

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Link      atomLink   `xml:"link"`
	Author    atomAuthor `xml:"author"`
	Summary   string     `xml:"summary"`
}

// Feed renders a watch's matches (newest first) as an Atom 1.0 feed;
// self is the feed's own URL.
func Feed(w *archive.Watch, views []View, self string) ([]byte, error) {
	updated := w.CreatedAt
	f := atomFeed{
		ID:     "urn:haberci:watch:" + w.ID,
		Title:  "Haberci: " + w.Name,
		Link:   []atomLink{{Rel: "self", Href: self}},
		Author: atomAuthor{Name: "Haberci"},
	}
	for _, v := range views {
		if v.MatchedAt.After(updated) {
			updated = v.MatchedAt
		}
		e := atomEntry{
			ID:      fmt.Sprintf("urn:haberci:watch:%s:match:%d", w.ID, v.ID),
			Title:   v.Title,
			Updated: v.MatchedAt.UTC().Format(time.RFC3339),
			Link:    atomLink{Href: v.URL},
			Author:  atomAuthor{Name: v.Source},
			Summary: summary(v),
		}
		if !v.PublishedAt.IsZero() {
			e.Published = v.PublishedAt.UTC().Format(time.RFC3339)
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("watch: feed: %w", err)
	}
	return append([]byte(xml.Header), out...), nil
}

// summary says in one line what the match is.
func summary(v View) string {
	var parts []string
	if v.Relation != "" {
		parts = append(parts, v.Relation)
		if v.Credited {
			parts = append(parts, "credited")
		} else {
			parts = append(parts, "uncredited")
		}
		if v.HeadlineChanged {
			parts = append(parts, fmt.Sprintf("headline changed from %q", v.OriginalTitle))
		}
		parts = append(parts, fmt.Sprintf("%.0f%% of the paragraphs kept", v.Kept*100))
	}
	if v.Copies > 1 {
		parts = append(parts, fmt.Sprintf("%d copies", v.Copies))
	}
	parts = append(parts, "source "+v.Source)
	return strings.Join(parts, "; ")
}
