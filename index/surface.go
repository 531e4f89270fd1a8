package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/haberci/haberci/turkish"
)

// surfaceAnalyzer analyses the words of a quoted phrase: tr_folded without
// the stemmer, so each word becomes the whole folded word that tr_folded
// keeps beside its stems. A "phrase" thus matches its words as written
// (up to case, apostrophe suffixes and Turkish letters), not every
// inflection, and reads far shorter postings than stems would. It is
// built at query time only, from the filters of trFilters (analysis.go)
// minus the stemmer: the indexed terms are tr_folded's. It keeps stop
// words, which the index holds folded (see stopMarkFilter).
var surfaceAnalyzer = newSurfaceAnalyzer(true, true)

// wordAnalyzer is surfaceAnalyzer without the fold: each word as the
// lemmatizer is handed it (Turkish lower case, suffix after an apostrophe
// and circumflex dropped, stop words out).
var wordAnalyzer = newSurfaceAnalyzer(false, false)

func newSurfaceAnalyzer(fold, stops bool) analysis.Analyzer {
	cache := registry.NewCache()
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		panic("index: surface analyzer: " + err.Error())
	}
	bleveFilter := func(name string) analysis.TokenFilter {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			panic("index: surface analyzer: " + err.Error())
		}
		return f
	}
	// Ours by value: package variables are set before init registers them.
	filters := []analysis.TokenFilter{
		bleveFilter(apostrophe.Name), termFilter(turkish.LowerBytes), termFilter(turkish.DropCircumflex),
	}
	if !stops {
		filters = append(filters, bleveFilter(tr.StopName))
	}
	if fold {
		filters = append(filters, termFilter(turkish.FoldBytes))
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}
}
