package config

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Bounds of an OPML import: a reader's subscription list is kilobytes and
// a few hundred feeds; these stop a wrong or hostile file early.
const (
	MaxOPMLBytes = 10 << 20
	maxOPMLFeeds = 10_000
)

// ErrOPML wraps every reason an OPML document cannot be read.
var ErrOPML = errors.New("config: bad OPML")

// Feed is one subscription of an OPML file.
type Feed struct {
	Title string // the outline's title, else its text; may be ""
	URL   string // its xmlUrl
}

// ParseOPML reads an OPML subscription list (1.0 or 2.0, any charset its
// XML declaration names) and returns every outline that has an xmlUrl,
// nested outlines included, in document order. Outlines without one
// (categories) only group others.
func ParseOPML(r io.Reader) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxOPMLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config: read OPML: %w", err)
	}
	if len(data) > MaxOPMLBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrOPML, MaxOPMLBytes)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	var feeds []Feed
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrOPML, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			if root = el.Name.Local; root != "opml" {
				return nil, fmt.Errorf("%w: the root element is <%s>, not <opml>", ErrOPML, root)
			}
		}
		if el.Name.Local != "outline" {
			continue
		}
		if f := outlineFeed(el.Attr); f.URL != "" {
			if len(feeds) == maxOPMLFeeds {
				return nil, fmt.Errorf("%w: more than %d feeds", ErrOPML, maxOPMLFeeds)
			}
			feeds = append(feeds, f)
		}
	}
	if root == "" {
		return nil, fmt.Errorf("%w: no <opml> element", ErrOPML)
	}
	return feeds, nil
}

// outlineFeed reads an outline's attributes. Names are matched without
// case: some exporters write xmlURL or xmlurl.
func outlineFeed(attrs []xml.Attr) Feed {
	var f Feed
	var text string
	for _, a := range attrs {
		v := strings.Join(strings.Fields(a.Value), " ")
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			f.URL = v
		case "title":
			f.Title = v
		case "text":
			text = v
		}
	}
	if f.Title == "" {
		f.Title = text
	}
	return f
}
