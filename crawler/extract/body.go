package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// ldMinChars is the shortest JSON-LD articleBody we take: shorter ones are
// usually teasers.
const ldMinChars = 300

// ldMinShare is how much of the page's own text a JSON-LD body must reach:
// some sites cut articleBody after a few sentences.
const ldMinShare = 0.7

// body returns the article text. It cleans the document, so every read of
// the page's chrome must happen before.
func (p *page) body(title string) string {
	for _, s := range p.sel.Remove {
		p.doc.Find(s).Remove()
	}
	if p.sel.Content != "" {
		if nodes := p.doc.Find(p.sel.Content).Nodes; len(nodes) > 0 {
			stats := map[*html.Node]*nodeStats{}
			for _, n := range nodes {
				measure(n, stats)
			}
			if paras := filterParas(collect(nodes, stats), title); len(paras) > 0 {
				return joinParas(paras)
			}
		}
	}
	dom, sure, cleaned := p.generic(title)
	if !sure {
		cleaned.undo() // go-readability reads the page as it came, not as we cleaned it
		dom = consensus(dom, p.readabilityParas(title))
	}
	if ld := ldParagraphs(p.ld.body, title); len(ld) > 0 {
		n, domN := textLen(ld), textLen(dom)
		if n >= ldMinChars && float64(n) >= ldMinShare*float64(domN) {
			return joinParas(ld)
		}
	}
	return joinParas(dom)
}

// generic runs our readability-like scorer on the page's body, and tells
// whether it is sure of its reading (see sureReading). It cleans the page;
// the cleaner it returns can undo that.
func (p *page) generic(title string) (paras []string, sure bool, cleaned *cleaner) {
	root := p.doc.FindMatcher(firstBody)
	if root.Length() == 0 {
		root = p.doc.Selection
	}
	n := root.Get(0)
	cleaned = newCleaner(n)
	cleaned.clean(n)
	nodes, stats := bestContent(n)
	if len(nodes) == 0 {
		// No paragraph scored: a tiny page, take it all, unsure.
		return filterParas(collect([]*html.Node{n}, stats), title), false, cleaned
	}
	paras = filterParas(collect(nodes, stats), title)
	return paras, sureReading(n, nodes, stats, paras), cleaned
}

// ldParagraphs splits a JSON-LD articleBody into paragraphs. Some sites
// put HTML in it; then it is read like a page fragment.
func ldParagraphs(body, title string) []string {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil
	}
	if strings.Contains(body, "</") || strings.Contains(body, "<br") {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			return nil
		}
		stats := map[*html.Node]*nodeStats{}
		measure(doc.Nodes[0], stats)
		return filterParas(collect(doc.Nodes, stats), title)
	}
	var ps []para
	for _, block := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if t := cleanSpace(block); t != "" {
			ps = append(ps, para{text: t})
		}
	}
	return filterParas(ps, title)
}

func textLen(ps []string) int {
	n := 0
	for _, p := range ps {
		n += runeLen(p)
	}
	return n
}
