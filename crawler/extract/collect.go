package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// para is one paragraph of collected text.
type para struct {
	text      string
	linkChars int
	heading   bool
}

// blockTags break the text flow: what is inside one is its own paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Figure: true, atom.Header: true, atom.Footer: true, atom.Address: true, atom.Hr: true,
	atom.Form: true, atom.Fieldset: true, atom.Center: true, atom.Caption: true,
}

// collector turns a subtree into paragraphs. Inline text accumulates in
// the current paragraph as lines; a <br> ends a line, an empty line (two
// <br>s) ends the paragraph, and so does every block element.
type collector struct {
	stats   map[*html.Node]*nodeStats
	lines   []line
	out     []para
	heading bool
}

type line struct {
	b    strings.Builder
	link int
}

func (c *collector) add(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data, inLink)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if junkTags[n.DataAtom] {
		return
	}
	if n.DataAtom == atom.Br {
		c.lines = append(c.lines, line{})
		return
	}
	block := blockTags[n.DataAtom]
	if block {
		if c.linkList(n) {
			return
		}
		c.flush()
	}
	isHeading := headingTags[n.DataAtom]
	if isHeading {
		c.heading = true
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.add(ch, inLink || n.DataAtom == atom.A)
	}
	if block {
		c.flush()
	}
	if isHeading {
		c.heading = false
	}
}

var headingTags = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// linkList reports whether a list or box is mostly links: a menu or a
// "read more" box that survived cleaning.
func (c *collector) linkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Table, atom.Dl:
	default:
		return false
	}
	st := c.stats[n]
	return st != nil && st.chars > 0 && linkDensity(st) > 0.5 && st.pChars*2 < st.chars
}

func (c *collector) text(s string, inLink bool) {
	if len(c.lines) == 0 {
		c.lines = append(c.lines, line{})
	}
	l := &c.lines[len(c.lines)-1]
	l.b.WriteString(s)
	if inLink {
		l.link += runeLen(cleanSpace(s))
	}
}

// flush closes the current paragraph, splitting it at empty lines.
func (c *collector) flush() {
	var cur []string
	link := 0
	emit := func() {
		if len(cur) > 0 {
			c.out = append(c.out, para{text: strings.Join(cur, "\n"), linkChars: link, heading: c.heading})
		}
		cur, link = nil, 0
	}
	for i := range c.lines {
		t := cleanSpace(c.lines[i].b.String())
		if t == "" {
			emit()
			continue
		}
		cur = append(cur, t)
		link += c.lines[i].link
	}
	emit()
	c.lines = c.lines[:0]
}

// collect returns the paragraphs of nodes, in order.
func collect(nodes []*html.Node, stats map[*html.Node]*nodeStats) []para {
	c := &collector{stats: stats}
	for _, n := range nodes {
		c.add(n, false)
		c.flush()
	}
	return c.out
}
