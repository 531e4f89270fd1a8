package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/haberci/haberci/turkish"
)

// Analyzer names defined on the index mapping. AnalyzerTR shadows Bleve's
// built-in "tr" analyzer inside our mapping only. The text fields are
// indexed with AnalyzerIndex, the union of the other two at each position
// (see unionFilter); queries are analysed with tr and tr_folded, to choose
// which terms to look up.
const (
	AnalyzerTR       = "tr"
	AnalyzerTRFolded = "tr_folded"
	AnalyzerIndex    = "tr_index"
)

// Names of our token filter types in Bleve's registry.
const (
	filterTurkishLower = "haberci_turkish_lower"
	filterCircumflex   = "haberci_circumflex_fold"
	filterASCIIFold    = "haberci_ascii_fold"
	filterStem         = "haberci_stem_tr"
	filterStemKeep     = "haberci_stem_tr_keep_word"
	filterUnion        = "haberci_stem_tr_union"
	filterStopMark     = "haberci_stop_tr_mark"
)

func init() {
	filters := map[string]analysis.TokenFilter{
		filterTurkishLower: termFilter(turkish.LowerBytes),
		filterCircumflex:   termFilter(turkish.DropCircumflex),
		filterASCIIFold:    termFilter(turkish.FoldBytes),
		filterStem:         stemFilter{},
		filterStemKeep:     keepWordStemFilter{},
		filterUnion:        unionFilter{},
		filterStopMark:     stopMarkFilter{},
	}
	for name, f := range filters {
		err := registry.RegisterTokenFilter(name,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) { return f, nil })
		if err != nil {
			panic(fmt.Sprintf("index: register %s: %v", name, err))
		}
	}
}

// trFilters is the tr chain: suffix after an apostrophe dropped first (it
// needs the original ' and ’), then Turkish lower case before the stop list
// and stemmer, which expect lower-case Turkish. The stemmer gives a word's
// lemmas, or Snowball's stem with candidates for a word outside the
// lexicon (see stemFilter).
var trFilters = []interface{}{
	apostrophe.Name,
	filterTurkishLower,
	filterCircumflex,
	tr.StopName,
	filterStem,
}

// addAnalyzers defines tr, tr_folded and tr_index on im. Folding comes
// after stemming so the stemmer still sees real Turkish vowels (its rules
// need ı vs i; the lemmatizer reads a word typed in ASCII itself); tr_folded keeps each word beside its stems, so that whole
// words typed without Turkish letters match even where the stems differ.
// tr_index keeps stop words, marked, where the others drop them: the
// index holds them as written (see stopMarkFilter).
func addAnalyzers(im *mapping.IndexMappingImpl) error {
	shared := trFilters[:len(trFilters)-1]
	folded := append(append([]interface{}{}, shared...), filterStemKeep, filterASCIIFold)
	union := append(append([]interface{}{}, shared[:len(shared)-1]...), filterStopMark, filterUnion)
	defs := []struct {
		name    string
		filters []interface{}
	}{
		{AnalyzerTR, trFilters},
		{AnalyzerTRFolded, folded},
		{AnalyzerIndex, union},
	}
	for _, d := range defs {
		err := im.AddCustomAnalyzer(d.name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": d.filters,
		})
		if err != nil {
			return fmt.Errorf("index: analyzer %s: %w", d.name, err)
		}
	}
	return nil
}
