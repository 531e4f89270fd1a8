package index

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// analyzer returns one of our analyzers as the index mapping builds it.
func analyzer(t testing.TB, name string) analysis.Analyzer {
	t.Helper()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := im.AnalyzerNamed(name)
	if a == nil {
		t.Fatalf("analyzer %s not defined", name)
	}
	return a
}

// terms runs a over text and returns the terms.
func terms(a analysis.Analyzer, text string) []string {
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestAnalyzers(t *testing.T) {
	trA, foldA := analyzer(t, AnalyzerTR), analyzer(t, AnalyzerTRFolded)
	tests := map[string]struct {
		in         string
		tr, folded []string
	}{
		"dotted capital I":       {"İstanbul", []string{"istanbul"}, []string{"istanbul"}},
		"all caps with İ":        {"İSTANBUL", []string{"istanbul"}, []string{"istanbul"}},
		"apostrophe suffix":      {"İstanbul'da", []string{"istanbul"}, []string{"istanbul"}},
		"typographic apostrophe": {"İstanbul’dan", []string{"istanbul"}, []string{"istanbul"}},
		"dotless capital I":      {"IŞIK", []string{"ışık"}, []string{"isik"}},
		"Irak":                   {"Irak", []string{"ırak"}, []string{"irak"}},
		"acronym with suffix":    {"İHA'nın", []string{"iha"}, []string{"iha"}},
		"name with suffix":       {"Kılıçdaroğlu'nun", []string{"kılıçdaroğlu"}, []string{"kilicdaroglu"}},
		"name in caps":           {"KILIÇDAROĞLU", []string{"kılıçdaroğlu"}, []string{"kilicdaroglu"}},
		"name typed in ASCII":    {"kilicdaroglu", []string{"kilicdaroglu"}, []string{"kilicdaroglu"}},
		"year with suffix":       {"2019'da", []string{"2019"}, []string{"2019"}},
		"circumflex":             {"hâlâ kâr", []string{"hal", "hala", "kar"}, []string{"hal", "hala", "kar"}},
		"stop words dropped":     {"ve bu çalıştay", []string{"çalıştay"}, []string{"calistay"}},
		"ASCII caps":             {"CALISTAY", []string{"calıstay"}, []string{"calistay"}},
		"decomposed letters":     {"S\u0327EHI\u0307R", []string{"şehir"}, []string{"sehir"}},
		"generic lower of İ":     {"i\u0307stanbul", []string{"istanbul"}, []string{"istanbul"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := terms(trA, tc.in); !slices.Equal(got, tc.tr) {
				t.Errorf("tr(%q) = %q, want %q", tc.in, got, tc.tr)
			}
			if got := terms(foldA, tc.in); !slices.Equal(got, tc.folded) {
				t.Errorf("tr_folded(%q) = %q, want %q", tc.in, got, tc.folded)
			}
		})
	}
}

// TestAnalyzersShareStems checks that every form of a word shares at least
// one term with the others, which is what makes a query for one find all.
func TestAnalyzersShareStems(t *testing.T) {
	trA, foldA := analyzer(t, AnalyzerTR), analyzer(t, AnalyzerTRFolded)
	tests := map[string]struct {
		a     analysis.Analyzer
		words []string
		want  string
	}{
		"belediye forms":        {trA, []string{"belediye", "belediyesi", "belediyelerine", "Belediyesi'nin", "belediyeye"}, "belediye"},
		"çalıştay forms":        {trA, []string{"çalıştay", "Çalıştayı", "ÇALIŞTAY", "çalıştaya", "Çalıştayın"}, "çalıştay"},
		"folded çalıştay/ASCII": {foldA, []string{"çalıştay", "CALISTAY", "Çalıştay"}, "calistay"},
		"folded name":           {foldA, []string{"kilicdaroglu", "KILIÇDAROĞLU", "Kılıçdaroğlu'nun"}, "kilicdaroglu"},
		"possessive -sI":        {trA, []string{"ülke", "ülkesi", "ülkeler"}, "ülke"},
		"dotted/dotless i":      {trA, []string{"İstanbul", "İSTANBUL", "istanbul"}, "istanbul"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, w := range tc.words {
				if got := terms(tc.a, w); !slices.Contains(got, tc.want) {
					t.Errorf("%q → %q, want it to contain %q", w, got, tc.want)
				}
			}
		})
	}
}

func TestStemCandidates(t *testing.T) {
	tests := map[string]struct {
		word string
		want []string
	}{
		"possessive after vowel": {"belediyesi", []string{"belediyes", "belediye"}},
		"final vowel of root":    {"ankara", []string{"ankar", "ankara"}},
		"y + vowel":              {"çalıştayı", []string{"çalışta", "çalıştayı", "çalıştay"}},
		"consonant + s + I":      {"ambulansı", []string{"ambulansı", "ambulans"}},
		"vowel + s + I kept":     {"ülkesi", []string{"ülkes", "ülke"}},
		"nothing to add":         {"haberleri", []string{"haber"}},
		"plain consonant root":   {"istanbul", []string{"istanbul"}},
	}
	a := analyzer(t, AnalyzerTR)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := terms(a, tc.word); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}
