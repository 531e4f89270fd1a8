package extract

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// linkedData is the part of a schema.org article in JSON-LD that we use.
type linkedData struct {
	headline, body, image, publisher string
	authors                          []string
	published, modified              string
}

// articleTypes are the schema.org types whose articleBody we trust.
var articleTypes = set("newsarticle", "article", "reportagenews", "analysisnewsarticle", "blogposting",
	"opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting", "report", "webpage")

// readJSONLD returns the first article object found in the page's
// <script type="application/ld+json"> blocks, looking into arrays and
// @graph. Broken JSON is skipped: publishers ship plenty of it.
func readJSONLD(doc *goquery.Document) linkedData {
	var articles, pages []linkedData
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		for _, obj := range flattenLD(v, 0) {
			typ := ldTypes(obj["@type"])
			if typ == "" {
				continue
			}
			ld := linkedData{
				headline:  ldString(obj["headline"]),
				body:      ldString(obj["articleBody"]),
				image:     ldURL(obj["image"]),
				publisher: ldName(obj["publisher"]),
				authors:   ldNames(obj["author"]),
				published: ldString(obj["datePublished"]),
				modified:  ldString(obj["dateModified"]),
			}
			if typ == "webpage" {
				pages = append(pages, ld)
			} else {
				articles = append(articles, ld)
			}
		}
	})
	// An article with a body beats one without; a WebPage is the last resort.
	for _, a := range articles {
		if a.body != "" {
			return a
		}
	}
	if len(articles) > 0 {
		return articles[0]
	}
	if len(pages) > 0 {
		return pages[0]
	}
	return linkedData{}
}

// flattenLD lists every JSON object in v, descending into arrays and @graph
// (depth-bounded: the input is untrusted).
func flattenLD(v any, depth int) []map[string]any {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		var out []map[string]any
		for _, e := range x {
			out = append(out, flattenLD(e, depth+1)...)
		}
		return out
	case map[string]any:
		out := []map[string]any{x}
		if g, ok := x["@graph"]; ok {
			out = append(out, flattenLD(g, depth+1)...)
		}
		return out
	}
	return nil
}

// ldTypes returns the lower-cased article type of @type (a string or a
// list), or "" when it is not an article.
func ldTypes(v any) string {
	var names []any
	switch x := v.(type) {
	case string:
		names = []any{x}
	case []any:
		names = x
	}
	for _, n := range names {
		if s, ok := n.(string); ok && articleTypes[strings.ToLower(s)] {
			return strings.ToLower(s)
		}
	}
	return ""
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	}
	return ""
}

// ldName reads a Person/Organization given as a string or {"name": ...}.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return cleanSpace(x)
	case map[string]any:
		return cleanSpace(ldString(x["name"]))
	}
	return ""
}

func ldNames(v any) []string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []string
	for _, e := range list {
		if n := ldName(e); n != "" && !isURL(n) {
			out = append(out, n)
		}
	}
	return out
}

// ldURL reads an image given as a string, an ImageObject or a list of either.
func ldURL(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return ldString(x["url"])
	case []any:
		if len(x) > 0 {
			return ldURL(x[0])
		}
	}
	return ""
}
