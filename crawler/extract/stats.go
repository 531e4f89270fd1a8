package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeStats are the text measures of one element's subtree.
type nodeStats struct {
	chars     int // characters of text, white space runs counted once
	linkChars int // of which inside <a>
	pChars    int // of which inside <p>
	commas    int
}

// measure fills m with the stats of n and every element below it.
func measure(n *html.Node, m map[*html.Node]*nodeStats) nodeStats {
	var s nodeStats
	if n.Type == html.TextNode {
		s.chars, s.commas = textStats(n.Data)
		return s
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := measure(c, m)
		s.chars += cs.chars
		s.linkChars += cs.linkChars
		s.pChars += cs.pChars
		s.commas += cs.commas
	}
	if n.Type != html.ElementNode {
		return s
	}
	switch n.DataAtom {
	case atom.A:
		s.linkChars = s.chars
	case atom.P:
		s.pChars = s.chars
	}
	st := s
	m[n] = &st
	return s
}

// linkDensity is the share of an element's text that sits in links.
func linkDensity(s *nodeStats) float64 {
	if s == nil || s.chars == 0 {
		return 0
	}
	return float64(s.linkChars) / float64(s.chars)
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classID is the lower-cased class and id of n, the words sites use to say
// what a box is. Two kinds of words say nothing about the box and are
// left out: a negation ("no-caption": there is none) and an id made from
// a heading ("getting-into-trouble-with-shared-history" names a section
// of the text, not a share box).
func classID(n *html.Node) string {
	class, id := attr(n, "class"), attr(n, "id")
	if class == "" && id == "" {
		return "" // most elements: no words to read
	}
	var b strings.Builder
	for _, w := range strings.Fields(strings.ToLower(class)) {
		if !negatedRe.MatchString(w) {
			b.WriteString(w)
			b.WriteByte(' ')
		}
	}
	if id := strings.ToLower(id); len(slugWordRe.FindAllString(id, maxIDWords)) < maxIDWords {
		b.WriteString(id)
	}
	return b.String()
}

// classWords are words that, anywhere in an element's class or id
// (classID), say what the element is. A substring search per word is
// several times faster than one regexp of them all, which Go runs by
// backtracking from every position.
type classWords []string

// wordList splits "a|b|c" into classWords.
func wordList(s string) classWords { return strings.Split(s, "|") }

// in reports whether classID holds one of the words.
func (w classWords) in(classID string) bool {
	if classID == "" {
		return false // most elements: no class, no id
	}
	for _, x := range w {
		if strings.Contains(classID, x) {
			return true
		}
	}
	return false
}

// maxIDWords is where an id stops being a name and becomes a heading slug.
const maxIDWords = 5

var (
	negatedRe  = regexp.MustCompile(`^(no|not|without)[-_]`)
	slugWordRe = regexp.MustCompile(`[a-z0-9]+`)
)

// directText is the text of n's own text children, not of its elements.
func directText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	}
	return cleanSpace(b.String())
}

// countCommas counts commas, Latin, Arabic and full-width: a sign of prose.
func countCommas(t string) int {
	return strings.Count(t, ",") + strings.Count(t, "،") + strings.Count(t, "，")
}
