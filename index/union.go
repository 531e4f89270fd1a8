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

// Filter replaces each token by its terms. The terms of a word are
// computed once (unionTerms) and cached; tokens share their bytes, which
// nothing after this last filter writes to. A stop word (marked by
// stopMarkFilter) is one term, the word folded.
func (unionFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(input))
	var slab []analysis.Token // the added tokens, allocated a chunk at a time
	for _, tok := range input {
		if tok.KeyWord {
			tok.Term = stopWords[string(tok.Term)]
			out = append(out, tok)
			continue
		}
		terms, ok := unions.lookup(tok.Term)
		if !ok {
			terms = unionTerms(tok)
			unions.store(string(tok.Term), terms)
		}
		tok.Term = terms[0]
		out = append(out, tok)
		for _, term := range terms[1:] {
			if len(slab) == 0 {
				slab = make([]analysis.Token, max(16, len(input)))
			}
			extra := &slab[0]
			slab = slab[1:]
			*extra = *tok
			extra.Term = term
			out = append(out, extra)
		}
	}
	return out
}

// unionTerms computes the terms of tok's word: its stems, then each
// stem's folded form and the folded word where they are new.
func unionTerms(tok *analysis.Token) [][]byte {
	word := *tok
	word.Term = bytes.Clone(tok.Term)
	// Not through the stems cache: the union cache already holds the
	// word's terms, and only query analysis reads the stems of a word
	// again, so storing them for every new indexed word cost more (map
	// growth, a second lock) than the rare query it saves.
	out := appendStemmed(make(analysis.TokenStream, 0, 4), &word, stemWord(string(tok.Term)))
	stemsEnd := len(out)
	for i := 0; i < stemsEnd; i++ {
		out = appendNew(out, 0, out[i], turkish.FoldBytes(out[i].Term))
	}
	out = appendNew(out, 0, out[0], turkish.FoldBytes(tok.Term))
	terms := make([][]byte, len(out))
	for i, t := range out {
		c := bytes.Clone(t.Term)
		terms[i] = c[:len(c):len(c)] // shared by tokens: no room to append into
	}
	return terms
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
