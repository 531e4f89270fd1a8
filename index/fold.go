package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// foldFilter maps single runes to single runes through fold. It runs after
// the Turkish lower-case filter, so it only needs lower-case letters.
type foldFilter struct {
	fold func(r rune) rune
}

// Filter rewrites every token's term, allocating only when a rune changes.
func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = foldTerm(tok.Term, f.fold)
	}
	return input
}

// foldTerm applies fold to every rune of term.
func foldTerm(term []byte, fold func(rune) rune) []byte {
	first := -1
	for i, r := range string(term) {
		if r >= utf8.RuneSelf && fold(r) != r {
			first = i
			break
		}
	}
	if first < 0 {
		return term
	}
	out := make([]byte, first, len(term))
	copy(out, term[:first])
	for _, r := range string(term[first:]) {
		out = utf8.AppendRune(out, fold(r))
	}
	return out
}

// foldCircumflex drops the circumflex, so hâlâ/hala and kâr/kar meet.
// Writers use it inconsistently; the stemmer would not unify them.
func foldCircumflex(r rune) rune {
	switch r {
	case 'â':
		return 'a'
	case 'î':
		return 'i'
	case 'û':
		return 'u'
	}
	return r
}
