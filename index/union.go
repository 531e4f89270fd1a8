package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/haberci/haberci/turkish"
)

// unionFilter is what the indexed text fields hold: at each word's
// position, the terms tr gives it (its Turkish stems) and the terms
// tr_folded gives it (those stems and the whole word, folded to ASCII),
// each once. One field holds what used to be two twins, analysed once.
//
// A query means the same in it as in the twins: a term with a Turkish
// letter can only be a tr stem, and an ASCII term is found wherever
// tr_folded would have it, since every ASCII tr stem is also its own
// folded form. A word without Turkish letters, most of them, gets its
// terms once instead of twice.
type unionFilter struct{}

// Filter stems each token and adds the folded terms that are new.
func (unionFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(input))
	for _, tok := range input {
		word := tok.Term // appendStems replaces Term, it does not write into it
		start := len(out)
		out = appendStems(out, tok)
		stemsEnd := len(out)
		for i := start; i < stemsEnd; i++ {
			out = appendNew(out, start, out[i], foldTerm(out[i].Term, turkish.FoldRune))
		}
		out = appendNew(out, start, out[start], foldTerm(word, turkish.FoldRune))
	}
	return out
}

// appendNew appends a copy of like with term unless one of out[from:]
// already has it.
func appendNew(out analysis.TokenStream, from int, like *analysis.Token, term []byte) analysis.TokenStream {
	for _, t := range out[from:] {
		if bytes.Equal(t.Term, term) {
			return out
		}
	}
	extra := *like
	extra.Term = term
	return append(out, &extra)
}
