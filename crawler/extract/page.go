package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/haberci/haberci/agency"
)

// page is one document being extracted.
type page struct {
	doc  *goquery.Document
	base *url.URL
	sel  *Selectors
	meta pageMeta
	ld   linkedData
	spot string // a lead paragraph (.spot, .ozet, h2.lead) seen before cleaning
	// byline is the short lines right after the headline, seen before
	// cleaning: where many papers credit the agency ("Kaynak: İHA",
	// "Anadolu Ajansı"), outside the body.
	byline string
}

// spotSelector finds the standfirst that Turkish news sites put under the title.
const spotSelector = ".spot, .ozet, .summary, .lead, .standfirst, .news-spot, .haber-spot, h2.lead, h2.spot, .article-spot, .description, .desc"

// The first match of a fixed selector, compiled once: goquery compiles a
// selector string on every Find and walks the whole page for all matches.
var (
	firstSpot  = goquery.Single(spotSelector)
	firstBody  = goquery.Single("body")
	firstTitle = goquery.Single("title")
	firstH1    = goquery.Single("h1")
	firstHTML  = goquery.Single("html")
	firstBase  = goquery.Single("base[href]")
)

// metadata fills everything but Body from the untouched page.
func (p *page) metadata() *Result {
	m, ld := p.meta, p.ld
	host := ""
	if p.base != nil {
		host = p.base.Hostname()
	}
	r := &Result{
		SiteName:  nfc(firstNonEmpty(m.first("og:site_name", "application-name"), ld.publisher)),
		Image:     resolve(p.base, firstNonEmpty(m.first("og:image", "og:image:url", "twitter:image", "twitter:image:src"), ld.image)),
		Canonical: resolve(p.base, m.canonical),
		OGURL:     resolve(p.base, m.first("og:url")),
	}
	title := firstNonEmpty(p.selText(p.sel.Title), m.first("og:title", "twitter:title"), ld.headline, m.h1, m.titleTag)
	r.Title = nfc(stripSiteSuffix(title, r.SiteName, host))
	r.Authors = splitAuthors(p.selText(p.sel.Author))
	if len(r.Authors) == 0 {
		r.Authors = splitAuthors(ld.authors...)
	}
	if len(r.Authors) == 0 {
		r.Authors = splitAuthors(nonURL(m.first("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")))
	}
	if len(r.Authors) == 0 {
		r.Authors = splitAuthors(m.relAuthor...)
	}
	r.PublishedAt, r.UpdatedAt = pageDates(p.doc, m, ld)
	if p.sel.Date != "" {
		s := p.doc.Find(p.sel.Date).First()
		if t := firstDate(s.AttrOr("datetime", ""), s.AttrOr("content", "")); !t.IsZero() {
			r.PublishedAt = t
		} else if t, ok := parseTextDate(fold(s.Text()), false); ok {
			r.PublishedAt = t
		}
	}
	r.Language = firstNonEmpty(m.lang, langCode(m.first("og:locale", "content-language", "language", "dc.language")))
	r.Lead = p.selText(p.sel.Lead)
	p.spot = cleanSpace(p.doc.FindMatcher(firstSpot).Text())
	p.byline = bylineText(p.doc)
	return r
}

// Bounds of the byline area: the elements after the headline, each short.
const (
	bylineElements = 8  // elements read after the headline, at each level
	bylineRunes    = 80 // a longer element is body text or a teaser, not a byline
)

// bylineText returns the short elements that follow the page's <h1>, in
// its parent and its grandparent, one per line.
func bylineText(doc *goquery.Document) string {
	h1 := doc.FindMatcher(firstH1)
	if h1.Length() == 0 {
		return ""
	}
	var lines []string
	for s := h1; s.Length() > 0; s = s.Parent() {
		s.NextAll().EachWithBreak(func(i int, e *goquery.Selection) bool {
			if t, ok := shortText(e, bylineRunes); ok {
				if t = cleanSpace(t); t != "" && runeLen(t) <= bylineRunes {
					lines = append(lines, t)
				}
			}
			return i+1 < bylineElements
		})
		if goquery.NodeName(s.Parent()) == "body" {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// shortText is sel.Text() when that holds at most limit characters that
// are neither space nor invisible (cleanSpace keeps each of them), else
// ok is false. It stops reading at the first character past limit: the
// elements after a headline include the article's whole body.
func shortText(sel *goquery.Selection, limit int) (text string, ok bool) {
	var b strings.Builder
	n := 0
	var walk func(*html.Node) bool
	walk = func(nd *html.Node) bool {
		if nd.Type == html.TextNode {
			for _, r := range nd.Data {
				if !isSpace(r) && !invisible(r) {
					if n++; n > limit {
						return false
					}
				}
			}
			b.WriteString(nd.Data)
		}
		for c := nd.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	for _, nd := range sel.Nodes {
		if !walk(nd) {
			return "", false
		}
	}
	return b.String(), true
}

// finish sets what depends on the body: the lead, the language guess and
// the agency credit.
func (p *page) finish(r *Result) {
	if r.Lead == "" {
		desc := p.meta.first("og:description", "description", "twitter:description")
		switch {
		case desc != "" && !isPrefixCut(desc, r.Body):
			r.Lead = desc
		case p.spot != "" && runeLen(p.spot) < 600:
			r.Lead = p.spot
		}
	}
	r.Lead = nfc(cleanSpace(r.Lead))
	if r.Language == "" {
		r.Language = guessLanguage(r.Title + " " + r.Body)
	}
	r.Agency = p.agency(r)
}

// agency looks for the credit where papers put it: the last paragraphs,
// the authors, the byline area under the headline, the author meta tags,
// then the dateline of the first paragraph.
func (p *page) agency(r *Result) string {
	paras := strings.Split(r.Body, "\n\n")
	tail := paras[max(0, len(paras)-3):]
	places := []string{
		strings.Join(tail, "\n"),
		strings.Join(r.Authors, "\n"),
		p.byline,
		p.meta.first("author", "article:author", "source", "dc.source"),
		truncateRunes(paras[0], 200),
	}
	for _, t := range places {
		if a := agency.Find(t); a != "" {
			return a
		}
	}
	return ""
}

// selText is the text of the first match of a source selector.
func (p *page) selText(selector string) string {
	if selector == "" {
		return ""
	}
	return cleanSpace(p.doc.Find(selector).First().Text())
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func nonURL(s string) string {
	if isURL(s) {
		return ""
	}
	return s
}
