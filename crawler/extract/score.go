package extract

import (
	"math"
	"sort"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	positiveWords = wordList("article|body|content|entry|hentry|main|post|text|story|haber|icerik|detay|makale|news")
	negativeWords = append(wordList("widget|hidden|meta|byline|author|yazar|date|tarih|shoutbox|combx|masthead|thumb"), boilerWords...)
)

// paraTags are the elements that vote as whole paragraphs.
var paraTags = map[atom.Atom]bool{atom.P: true, atom.Pre: true, atom.Td: true, atom.Blockquote: true}

// scorer finds the main content of a cleaned page, the readability way:
// every paragraph votes for its ancestors with its length and commas; the
// best-voted container, discounted by its link density, wins.
type scorer struct {
	stats  map[*html.Node]*nodeStats
	scores map[*html.Node]float64
	order  []*html.Node // scored containers in first-seen order, for stable ties
}

// bestContent returns the nodes whose paragraphs make up the article, in
// document order, or nil when the page has no paragraph worth the name,
// and the text stats of body's elements.
func bestContent(body *html.Node) ([]*html.Node, map[*html.Node]*nodeStats) {
	s := &scorer{stats: map[*html.Node]*nodeStats{}, scores: map[*html.Node]float64{}}
	measure(body, s.stats)
	s.vote(body)
	if len(s.order) == 0 {
		return nil, s.stats
	}
	for _, n := range s.order {
		s.scores[n] *= 1 - linkDensity(s.stats[n])
	}
	top := s.promote(s.sharedAncestor(s.ranked()))
	return s.withSiblings(top), s.stats
}

// vote lets each paragraph-like element add its score to five ancestors.
func (s *scorer) vote(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		chars, commas, ok := s.paragraph(c)
		if ok {
			score := 1 + float64(commas) + math.Min(float64(chars)/100, 3)
			// Text written straight into a box is that box's own
			// paragraph (readability wraps it in a <p>): the box is first
			// to get its vote.
			first := c.Parent
			if !paraTags[c.DataAtom] {
				first = c
			}
			level := 0
			for a := first; a != nil && a.Type == html.ElementNode && level < 5; a = a.Parent {
				s.init(a)
				switch level {
				case 0:
					s.scores[a] += score
				case 1:
					s.scores[a] += score / 2
				default:
					s.scores[a] += score / float64(level*3)
				}
				level++
			}
		}
		s.vote(c)
	}
}

// paragraph reports whether n is a paragraph for voting: a <p>, <pre> or
// <td>, or a box whose own text (between <br>s, say) is long enough.
func (s *scorer) paragraph(n *html.Node) (chars, commas int, ok bool) {
	st := s.stats[n]
	if st == nil {
		return 0, 0, false
	}
	if paraTags[n.DataAtom] {
		return st.chars, st.commas, st.chars >= 25
	}
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Span, atom.Font, atom.Center:
		if t := directText(n); runeLen(t) >= 25 {
			return runeLen(t), countCommas(t), true
		}
	}
	return 0, 0, false
}

func (s *scorer) init(n *html.Node) {
	if _, ok := s.scores[n]; ok {
		return
	}
	var base float64
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		base = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		base = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		base = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		base = -5
	}
	ci := classID(n)
	if negativeWords.in(ci) {
		base -= 25
	}
	if positiveWords.in(ci) {
		base += 25
	}
	s.scores[n] = base
	s.order = append(s.order, n)
}

// ranked lists the scored containers, best first.
func (s *scorer) ranked() []*html.Node {
	ranked := append([]*html.Node(nil), s.order...)
	sort.SliceStable(ranked, func(i, j int) bool { return s.scores[ranked[i]] > s.scores[ranked[j]] })
	return ranked
}
