// Package extract turns one fetched HTML page into an article: title, lead,
// body paragraphs, authors, dates, language, image, canonical URL and the
// news agency credited for it.
//
// The body comes, in order of trust, from the source's own Content
// selector, from the JSON-LD articleBody when it is complete, or from the
// generic main-content step: our readability-like scoring of the page's
// paragraphs, merged with go-readability's (see consensus) unless ours is
// sure of itself (see sureReading).
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// ErrNoContent is returned when a page has no article text. The Result
// returned with it still carries the metadata that was found.
var ErrNoContent = errors.New("extract: no article content found")

// MaxPageBytes bounds the HTML that Page parses; the rest is ignored.
const MaxPageBytes = 8 << 20

// Selectors are a source's goquery selectors; every field is optional.
type Selectors struct {
	Title, Content, Lead, Author, Date string
	Remove                             []string // dropped before Content is read
}

// Result is the article found in a page.
type Result struct {
	Title, Lead, Body      string // Body: plain text, paragraphs separated by "\n\n", NFC
	Authors                []string
	PublishedAt, UpdatedAt time.Time // UTC; zero when unknown
	Language               string    // "tr", "en"…; "" when unknown
	Agency                 string    // originating agency from the credit line; "" if none
	Image                  string    // og:image, absolute
	Canonical              string    // <link rel=canonical>, resolved against the page URL
	OGURL                  string    // og:url, resolved
	SiteName               string
}

// Page extracts the article from a UTF-8 HTML document fetched at pageURL.
// sel may be nil for generic extraction; a selector that does not parse is
// a *SelectorError.
func Page(src []byte, pageURL string, sel *Selectors) (*Result, error) {
	if sel == nil {
		sel = &Selectors{}
	}
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("extract: page URL: %w", err)
	}
	if len(src) > MaxPageBytes {
		src = src[:MaxPageBytes]
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("extract: parse: %w", err)
	}
	if href, ok := doc.FindMatcher(firstBase).Attr("href"); ok {
		if u := resolve(base, href); u != "" {
			base, _ = url.Parse(u)
		}
	}
	p := &page{doc: doc, base: base, sel: sel, meta: readMeta(doc), ld: readJSONLD(doc)}
	r := p.metadata()
	r.Body = p.body(r.Title)
	p.finish(r)
	if r.Body == "" {
		return r, ErrNoContent
	}
	return r, nil
}
