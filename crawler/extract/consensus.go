package extract

import "strings"

// proseChars is the length from which a paragraph reads as prose on its
// own (two lines of text, a sentence or more), not as a label, date line or
// headline.
const proseChars = 120

// consensus merges two independent readings of the article's main content:
// ours (a scorer that keeps tight to the paragraphs it votes for) and
// theirs (go-readability, which finds the right box more often but also
// takes the headline lists, date lines and standfirsts next to it).
//
// When they agree (at least half of theirs is also ours), theirs is kept
// in its order, except for the short paragraphs only it has: one reader
// alone taking a line that does not read as prose is how chrome gets in.
// When they disagree, theirs wins: on the public test sets it was right
// in nearly every such case. Either alone is taken as it is.
func consensus(ours, theirs []string) []string {
	if len(theirs) == 0 {
		return ours
	}
	if len(ours) == 0 {
		return theirs
	}
	seen := map[string]bool{}
	for _, p := range ours {
		seen[p] = true
		for _, line := range strings.Split(p, "\n") {
			seen[line] = true // the other collector may split a <br> paragraph
		}
	}
	shared := 0
	for _, p := range theirs {
		if seen[p] {
			shared += runeLen(p)
		}
	}
	if 2*shared < textLen(theirs) {
		return theirs
	}
	out := make([]string, 0, len(theirs))
	for _, p := range theirs {
		if seen[p] || runeLen(p) >= proseChars {
			out = append(out, p)
		}
	}
	return out
}
