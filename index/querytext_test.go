package index

import (
	"fmt"
	"testing"
)

func TestWordTerms(t *testing.T) {
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	b := queryBuilder{tr: im.AnalyzerNamed(AnalyzerTR), folded: im.AnalyzerNamed(AnalyzerTRFolded)}
	tests := map[string]struct {
		word       string
		tr, folded string // fmt.Sprint of the terms
	}{
		// Typed with Turkish letters: Turkish stems, the folded whole word.
		"Turkish letters":       {"yaşında", "[yaş]", "[yasinda]"},
		"capitals and suffix":   {"KILIÇDAROĞLU'NUN", "[kılıçdaroğlu]", "[kilicdaroglu]"},
		"stem without its mark": {"ortasında", "[orta]", "[ortasinda]"},
		// Typed in ASCII: folded lemmas and word; tr only with Turkish letters.
		"ASCII":                  {"yasinda", "[yaş]", "[yas yasinda]"},
		"ASCII lemma":            {"belediyesi", "[]", "[belediye belediyesi]"},
		"ASCII, Turkish reading": {"kitabini", "[]", "[kitabi kitabini kitap]"},
		"ASCII, vowel drop":      {"oglunu", "[oğul]", "[ogul oglunu]"},
		"dotless capital I":      {"IRAK", "[ırak]", "[irak]"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			word := ""
			if w := surfaceAnalyzer.Analyze([]byte(tc.word)); len(w) == 1 {
				word = string(w[0].Term)
			}
			tr, folded := b.wordTerms(tc.word, word, phraseSlots(b.folded.Analyze([]byte(tc.word)))[0])
			if fmt.Sprint(tr) != tc.tr || fmt.Sprint(folded) != tc.folded {
				t.Errorf("tr %v, folded %v; want %s, %s", tr, folded, tc.tr, tc.folded)
			}
		})
	}
}
