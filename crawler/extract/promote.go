package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sharedAncestor returns the best candidate, or the closest ancestor it
// shares with at least three other near-best candidates: a page that wraps
// every paragraph in its own card has many near-equal winners.
func (s *scorer) sharedAncestor(ranked []*html.Node) *html.Node {
	top := ranked[0]
	var rivals []*html.Node
	for _, n := range ranked[1:min(len(ranked), 5)] {
		if s.scores[n] >= 0.75*s.scores[top] {
			rivals = append(rivals, n)
		}
	}
	if len(rivals) < 3 {
		return top
	}
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.Type == html.ElementNode; p = p.Parent {
		k := 0
		for _, r := range rivals {
			if contains(p, r) {
				k++
			}
		}
		if k >= 3 {
			return p
		}
	}
	return top
}

func contains(ancestor, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// promote moves from the best-scored node up to an ancestor that scores
// even better (the article's paragraphs were split over several boxes), and
// past wrappers that have nothing but this one child.
func (s *scorer) promote(top *html.Node) *html.Node {
	last := s.scores[top]
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.Type == html.ElementNode; p = p.Parent {
		ps, ok := s.scores[p]
		if !ok {
			continue
		}
		if ps < last/3 {
			break
		}
		if ps > last {
			top = p
			break
		}
		last = ps
	}
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.Type == html.ElementNode && elementChildren(p) == 1; p = p.Parent {
		top = p
	}
	return top
}

// withSiblings returns top and the siblings that look like more of the same
// article: well scored boxes and plain paragraphs with few links.
func (s *scorer) withSiblings(top *html.Node) []*html.Node {
	if top.Parent == nil || top.DataAtom == atom.Body {
		return []*html.Node{top}
	}
	threshold := max(10, s.scores[top]*0.2)
	topClass := strings.TrimSpace(attr(top, "class"))
	var out []*html.Node
	for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c == top {
			out = append(out, c)
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(c, "class") == topClass {
			if s.proseBox(c) {
				out = append(out, c) // the same kind of box as top, holding prose
				continue
			}
			bonus = s.scores[top] * 0.2
		}
		if sc, ok := s.scores[c]; ok && sc+bonus >= threshold {
			out = append(out, c)
			continue
		}
		if c.DataAtom == atom.P && s.looseParagraph(c) {
			out = append(out, c)
		}
	}
	return out
}

// proseBox reports whether n holds paragraphs with few links: a box too
// deep for its paragraphs' votes to reach can still be told by that.
func (s *scorer) proseBox(n *html.Node) bool {
	st := s.stats[n]
	return st != nil && st.pChars >= 80 && linkDensity(st) < 0.25
}

// looseParagraph accepts a sibling <p>: long with few links, or a short
// sentence with none.
func (s *scorer) looseParagraph(p *html.Node) bool {
	st := s.stats[p]
	if st == nil || st.chars == 0 {
		return false
	}
	ld := linkDensity(st)
	if st.chars > 80 {
		return ld < 0.25
	}
	return ld == 0 && strings.Contains(textOf(p), ". ")
}

func elementChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		}
	}
	return k
}

// textOf is the plain text of n's subtree, white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return cleanSpace(b.String())
}
