package extracteval

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// inlineTags continue the text flow; every other element ends a word.
var inlineTags = map[string]bool{
	"a": true, "b": true, "i": true, "em": true, "strong": true, "span": true, "code": true, "sup": true,
	"sub": true, "small": true, "mark": true, "abbr": true, "cite": true, "q": true, "u": true, "s": true, "font": true,
}

// HTMLText is the text of an HTML document or fragment, as NodeText reads it.
func HTMLText(src []byte) (string, error) {
	doc, err := html.Parse(strings.NewReader(string(src)))
	if err != nil {
		return "", err
	}
	return NodeText(doc), nil
}

// NodeText is the plain text of n's subtree in Unicode NFC, with a space
// wherever a block ends so that words of two paragraphs never merge.
// Script and style text is skipped. It turns every extractor's HTML
// output into text the same way, so none gains from its own text
// rendering.
func NodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && !inlineTags[n.Data] {
			b.WriteByte(' ')
		}
	}
	if n != nil {
		walk(n)
	}
	return norm.NFC.String(strings.Join(strings.Fields(b.String()), " "))
}
