package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"

	"github.com/haberci/haberci/turkish"
)

// stopWords maps each word of the tr stop list (Turkish lower case) to its
// folded form, the one term the index holds for it.
var stopWords = func() map[string][]byte {
	m := map[string][]byte{}
	for _, line := range bytes.Split(tr.TurkishStopWords, []byte("\n")) {
		w := bytes.TrimSpace(line)
		if len(w) == 0 || w[0] == '#' {
			continue
		}
		f := bytes.Clone(turkish.FoldBytes(w))
		m[string(w)] = f[:len(f):len(f)] // shared by tokens: no room to append into
	}
	return m
}()

// stopMarkFilter marks stop words as keywords instead of dropping them, in
// the index's analysis (tr_index): the union filter then gives each one
// term, the word folded, at its position, and no lemma or stem. A query of
// stop words only (ve, ama ve) can then find them as written, and a phrase
// with a stop word (savaş ve barış) matches it, not any word there. Other
// queries drop stop words as before (the query analyzers keep the stop
// filter), so they rank by the same terms.
type stopMarkFilter struct{}

// Filter marks the stop words of input.
func (stopMarkFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if _, ok := stopWords[string(tok.Term)]; ok {
			tok.KeyWord = true
		}
	}
	return input
}
