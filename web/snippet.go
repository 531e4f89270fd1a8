package web

import (
	"html"
	"strings"
)

// snippetPart is a run of a snippet's text, marked when it matched.
type snippetPart struct {
	Text string
	Mark bool
}

// snippetParts reads the index's snippet (text escaped, matches in
// <mark>…</mark>) back into plain text runs, which the template escapes
// again. Only the mark tags survive as markup: anything else that looks
// like a tag, had the index let one through, is shown as text.
func snippetParts(s string) []snippetPart {
	var out []snippetPart
	add := func(text string, mark bool) {
		if text != "" {
			out = append(out, snippetPart{Text: html.UnescapeString(text), Mark: mark})
		}
	}
	for s != "" {
		before, rest, ok := strings.Cut(s, "<mark>")
		if !ok {
			add(s, false)
			break
		}
		add(before, false)
		marked, after, closed := strings.Cut(rest, "</mark>")
		add(marked, true)
		if !closed {
			break
		}
		s = after
	}
	return out
}
