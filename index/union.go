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
// stem's folded form and the folded word where they are new. They share
// one backing array, each capped at its length: tokens share them, so none
// may be appended into.
func unionTerms(tok *analysis.Token) [][]byte {
	// Not through the stems cache: the union cache already holds the
	// word's terms, and only query analysis reads the stems of a word
	// again, so storing them for every new indexed word cost more (map
	// growth, a second lock) than the rare query it saves.
	st := stemWord(string(tok.Term))
	out := make([][]byte, 0, 2*(1+len(st.extra))+1)
	out = append(out, []byte(st.stem))
	for _, e := range st.extra {
		out = append(out, []byte(e))
	}
	stemsEnd := len(out)
	for i := 0; i < stemsEnd; i++ {
		out = appendNew(out, turkish.FoldBytes(out[i]))
	}
	out = appendNew(out, turkish.FoldBytes(tok.Term))
	size := 0
	for _, t := range out {
		size += len(t)
	}
	buf := make([]byte, 0, size)
	for i, t := range out {
		at := len(buf)
		buf = append(buf, t...)
		out[i] = buf[at:len(buf):len(buf)]
	}
	return out
}

// appendNew appends term to out unless out already has it.
func appendNew(out [][]byte, term []byte) [][]byte {
	for _, t := range out {
		if bytes.Equal(t, term) {
			return out
		}
	}
	return append(out, term)
}
