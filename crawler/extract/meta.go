package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// pageMeta is what the page says about itself outside the article text:
// <meta> tags, <link rel>, <html lang>, <title> and the first <h1>.
type pageMeta struct {
	tags      map[string]string // meta property/name/itemprop (lower-case) → first non-empty content
	lang      string
	titleTag  string
	h1        string
	canonical string
	relAuthor []string
}

// readMeta must run before the document is cleaned: cleaning removes the
// header where <h1> and rel=author links often live.
func readMeta(doc *goquery.Document) pageMeta {
	m := pageMeta{tags: map[string]string{}}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content := cleanSpace(s.AttrOr("content", ""))
		if content == "" {
			return
		}
		for _, attr := range []string{"property", "name", "itemprop", "http-equiv"} {
			key := strings.ToLower(strings.TrimSpace(s.AttrOr(attr, "")))
			if key != "" && m.tags[key] == "" {
				m.tags[key] = content
			}
		}
	})
	root := doc.FindMatcher(firstHTML)
	m.lang = langCode(root.AttrOr("lang", root.AttrOr("xml:lang", "")))
	m.titleTag = cleanSpace(doc.FindMatcher(firstTitle).Text())
	m.h1 = cleanSpace(doc.FindMatcher(firstH1).Text())
	doc.Find("link[rel]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if hasToken(s.AttrOr("rel", ""), "canonical") {
			m.canonical = strings.TrimSpace(s.AttrOr("href", ""))
			return false
		}
		return true
	})
	doc.Find(`a[rel~="author"]`).Each(func(_ int, s *goquery.Selection) {
		if name := cleanSpace(s.Text()); name != "" && len(name) < 80 {
			m.relAuthor = append(m.relAuthor, name)
		}
	})
	return m
}

// first returns the first non-empty tag among keys.
func (m pageMeta) first(keys ...string) string {
	for _, k := range keys {
		if v := m.tags[k]; v != "" {
			return v
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}

// resolve makes ref absolute against base; "" stays "", and a reference
// that does not parse is dropped rather than passed on half-valid.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" && u.IsAbs() {
		return ""
	}
	return u.String()
}

// isURL tells an author given as a profile URL (article:author on Facebook
// style pages) from a name.
func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//")
}
