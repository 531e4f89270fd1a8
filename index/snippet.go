package index

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Snippet sizes in bytes of UTF-8 (Turkish runs ~1.1 bytes a letter).
const (
	snippetWindow  = 330 // about 300 characters around the matches
	snippetContext = 60  // shown before the first match
	snippetLead    = 220 // about 200 characters when nothing matched
)

// span of a match in the stored text, in bytes.
type match struct{ start, end int }

// Parts of the combined text fields, by array position (see toDoc).
const (
	partBody = iota
	partTitle
	partLead
)

// snippet picks the text to show for a hit: the body around its matches,
// else the lead's or title's, else the start of lead or body. Matches are
// read from the combined text field, whose offsets point into the stored
// text of the part its array position names.
func snippet(locs search.FieldTermLocationMap, title, lead, body string) string {
	for _, p := range []struct {
		text string
		part uint64
	}{{body, partBody}, {lead, partLead}, {title, partTitle}} {
		if ms := matches(locs[fText], p.text, p.part); len(ms) > 0 {
			return fragment(p.text, ms)
		}
	}
	text := lead
	if text == "" {
		text = body
	}
	end := cutAt(text, snippetLead)
	s := escapeHTML(text[:end])
	if end < len(text) {
		s += "…"
	}
	return s
}

// matches collects the merged, sorted match spans within one part's text.
func matches(locs search.TermLocationMap, text string, part uint64) []match {
	var ms []match
	for _, ls := range locs {
		for _, l := range ls {
			if len(l.ArrayPositions) != 1 || l.ArrayPositions[0] != part {
				continue
			}
			s, e := int(l.Start), int(l.End)
			if s < e && e <= len(text) {
				ms = append(ms, match{s, e})
			}
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	merged := ms[:0]
	for _, m := range ms {
		if n := len(merged); n > 0 && m.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, m.end)
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// fragment marks the matches in the window of text that holds the most of
// them, escaping the text around.
func fragment(text string, ms []match) string {
	best, bestN := 0, 0
	for i := range ms {
		n := 0
		for j := i; j < len(ms) && ms[j].end <= ms[i].start+snippetWindow; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	start := wordStart(text, max(0, ms[best].start-snippetContext))
	end := start + cutAt(text[start:], snippetWindow)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range ms[best:] {
		if m.start >= end {
			break
		}
		b.WriteString(escapeHTML(text[pos:m.start]))
		b.WriteString("<mark>" + escapeHTML(text[m.start:min(m.end, end)]) + "</mark>")
		pos = min(m.end, end)
	}
	b.WriteString(escapeHTML(text[pos:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// wordStart moves i forward to the start of a word (after a space), unless
// i already starts the text or no space is near.
func wordStart(text string, i int) int {
	if i == 0 {
		return 0
	}
	if j := strings.IndexAny(text[i:], " \n\t"); j >= 0 && j < snippetContext {
		return i + j + 1
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// cutAt returns a length <= n at which text can be cut: at a space when one
// is near the end, never inside a rune.
func cutAt(text string, n int) int {
	if len(text) <= n {
		return len(text)
	}
	if i := strings.LastIndexAny(text[:n], " \n\t"); i > n/2 {
		return i
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return n
}

// escapeHTML escapes what would break HTML element content; quotes and
// apostrophes (common in Turkish names) stay readable.
var escapeHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
