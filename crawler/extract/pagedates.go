package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

var (
	publishedMeta = []string{"article:published_time", "og:published_time", "datepublished", "published_time",
		"pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date", "date",
		"sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime"}
	updatedMeta = []string{"article:modified_time", "og:updated_time", "datemodified", "modified_time", "last-modified", "dc.date.modified"}

	// Labels written before a date in Turkish pages (folded).
	publishedLabel = dateLabel{
		regexp.MustCompile(`(yayinlanma|yayin|giris|olusturulma|eklenme|kayit|haber giris)( tarihi| zamani)?\s*:?\s*(\d)`),
		[]string{"yayin", "giris", "olusturulma", "eklenme", "kayit"}}
	updatedLabel = dateLabel{
		regexp.MustCompile(`(son guncelleme|guncelleme|guncellenme)( tarihi| zamani)?\s*:?\s*(\d)`),
		[]string{"guncel"}}
	// Boxes that usually hold the article's date.
	dateBoxWords = wordList("date|tarih|time|zaman|publish|yayin|meta")
)

// dateLabel is a label written before a date, and words of which every
// match of it holds one: most pages hold none, and a substring search is
// far cheaper than the regexp over the whole page text.
type dateLabel struct {
	re    *regexp.Regexp
	words []string
}

// pageDates finds when the article was published and last updated, most
// trusted source first; it must run on the page before cleaning. The page
// text is read only for what the structured dates leave unknown.
func pageDates(doc *goquery.Document, m pageMeta, ld linkedData) (published, updated time.Time) {
	published = firstDate(ld.published, m.first(publishedMeta...))
	if published.IsZero() { // the elements are looked up only when needed: each lookup walks the page
		published = firstDate(timeElement(doc, "datePublished"))
	}
	updated = firstDate(ld.modified, m.first(updatedMeta...))
	if updated.IsZero() {
		updated = firstDate(itemprop(doc, "dateModified"))
	}
	if !published.IsZero() && !updated.IsZero() {
		return published, updated
	}
	text := fold(pageText(doc, 200_000))
	if published.IsZero() {
		published = labelledDate(text, publishedLabel)
	}
	if published.IsZero() {
		published = dateBoxes(doc)
	}
	if published.IsZero() {
		published, _ = parseTextDate(text, true)
	}
	if updated.IsZero() {
		updated = labelledDate(text, updatedLabel)
	}
	return published, updated
}

func firstDate(values ...string) time.Time {
	for _, v := range values {
		if t, ok := parseDate(v); ok {
			return t
		}
	}
	return time.Time{}
}

// timeElement reads <time datetime>, preferring one marked as the
// publication date, then any element with itemprop=prop.
func timeElement(doc *goquery.Document, prop string) string {
	if v := itemprop(doc, prop); v != "" {
		return v
	}
	if v, ok := doc.Find("time[pubdate][datetime]").First().Attr("datetime"); ok {
		return v
	}
	return doc.Find("time[datetime]").First().AttrOr("datetime", "")
}

func itemprop(doc *goquery.Document, prop string) string {
	s := doc.Find(`[itemprop="` + prop + `"]`).First()
	for _, a := range []string{"datetime", "content"} {
		if v, ok := s.Attr(a); ok && v != "" {
			return v
		}
	}
	return s.Text()
}

// labelledDate reads the date written right after a label such as
// "Yayınlanma:" or "Güncelleme:" in folded page text.
func labelledDate(folded string, label dateLabel) time.Time {
	if !slices.ContainsFunc(label.words, func(w string) bool { return strings.Contains(folded, w) }) {
		return time.Time{}
	}
	for _, m := range label.re.FindAllStringSubmatchIndex(folded, 8) {
		window := truncateRunes(folded[m[len(m)-2]:], 60) // from the first digit on
		if t, ok := parseTextDate(window, false); ok {
			return t
		}
		if t, ok := parseDate(strings.Fields(window + " x")[0]); ok {
			return t
		}
	}
	return time.Time{}
}

// dateBoxes looks for a date in small elements whose class or id says date.
func dateBoxes(doc *goquery.Document) time.Time {
	var found time.Time
	doc.Find("[class],[id]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		n := s.Get(0)
		if !dateBoxWords.in(classID(n)) {
			return true
		}
		t := s.Text()
		if len(t) > 200 {
			return true
		}
		if d, ok := parseTextDate(fold(cleanSpace(t)), false); ok {
			found = d
			return false
		}
		return true
	})
	return found
}

// pageText is the visible text of the page, blocks on their own lines, at
// most limit bytes.
func pageText(doc *goquery.Document, limit int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if b.Len() >= limit || (n.Type == html.ElementNode && junkTags[n.DataAtom]) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteByte('\n')
		}
	}
	for _, n := range doc.FindMatcher(firstBody).Nodes {
		walk(n)
	}
	return truncateRunes(b.String(), limit)
}
