package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// keepWordStemFilter stems like stemFilter and also keeps the word itself
// at the same position when no stem equals it. tr_folded uses it:
// Snowball's rules read Turkish vowels, so a word typed without Turkish
// letters (guneydogulu) may stem apart from its real form (güneydoğulu →
// güneydoğu), but the folded whole words always meet.
type keepWordStemFilter struct{}

// Filter stems each token, adding the unstemmed word after its stems.
func (keepWordStemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(input))
	for _, tok := range input {
		word := tok.Term // stemFilter replaces Term, it does not write into it
		stemmed := stemFilter{}.Filter(analysis.TokenStream{tok})
		out = append(out, stemmed...)
		if !hasTerm(stemmed, word) {
			extra := *stemmed[0]
			extra.Term = word
			out = append(out, &extra)
		}
	}
	return out
}

// hasTerm reports whether one of toks has term.
func hasTerm(toks analysis.TokenStream, term []byte) bool {
	for _, t := range toks {
		if bytes.Equal(t.Term, term) {
			return true
		}
	}
	return false
}
