package extract

import (
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// maxReadabilityElements bounds the pages go-readability reads: it scores
// the page up to four times, which is fine for a news page (a few thousand
// elements) but not for a 10 MB one. Larger pages get our scorer alone.
const maxReadabilityElements = 25000

// readabilityParas is the second opinion on the article: the main content
// that go-readability (a port of Mozilla's Readability.js) finds, cleaned
// and filtered like our own candidate. It reads a copy of the document,
// which must not be cleaned (see cleaner.undo). It returns nil when
// go-readability finds nothing or the page is too large for it.
func (p *page) readabilityParas(title string) []string {
	root := p.doc.Nodes[0]
	if countElements(root, maxReadabilityElements+1) > maxReadabilityElements {
		return nil
	}
	parser := readability.NewParser()
	parser.KeepClasses = true // our cleaner reads them
	base := p.base
	if base == nil {
		base = &url.URL{}
	}
	article, err := parser.ParseDocument(root, base)
	if err != nil || article.Node == nil {
		return nil
	}
	n := article.Node
	newCleaner(n).clean(n)
	stats := map[*html.Node]*nodeStats{}
	measure(n, stats)
	return filterParas(collect([]*html.Node{n}, stats), title)
}

// countElements counts the elements under n, stopping at limit.
func countElements(n *html.Node, limit int) int {
	k := 0
	for c := n.FirstChild; c != nil && k < limit; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		}
		k += countElements(c, limit-k)
	}
	return k
}
