package index

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/haberci/haberci/article"
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
		"circumflex":             {"hâlâ kâr", []string{"hala", "hal", "kar", "kar-mak"}, []string{"hala", "hal", "kar", "kar-mak"}},
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
		"folded whole word":     {foldA, []string{"Güneydoğulu", "guneydogulu", "GÜNEYDOĞULU", "GUNEYDOGULU"}, "guneydogulu"},
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

// TestSnowballCandidates: the fallback for words outside the lexicon adds
// candidate stems where Snowball splits one word's forms.
func TestSnowballCandidates(t *testing.T) {
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
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st := snowballStems(tc.word)
			if got := append([]string{st.stem}, st.extra...); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}

// TestAnalysisDocumented checks what doc.go says the analysis does with
// numbers, dates, acronyms and hyphenated words.
func TestAnalysisDocumented(t *testing.T) {
	trA, foldA := analyzer(t, AnalyzerTR), analyzer(t, AnalyzerTRFolded)
	tests := map[string]struct {
		in         string
		tr, folded []string
	}{
		"thousands separator":     {"1.500", []string{"1.500"}, []string{"1.500"}},
		"decimal comma":           {"3,5", []string{"3,5"}, []string{"3,5"}},
		"time of day":             {"14.30", []string{"14.30"}, []string{"14.30"}},
		"percent":                 {"%45", []string{"45"}, []string{"45"}},
		"year, stop-word suffix":  {"2019'da", []string{"2019"}, []string{"2019"}},
		"year, other suffix":      {"1980'li", []string{"1980", "li"}, []string{"1980", "li"}},
		"dotted date":             {"15.07.2016", []string{"15.07.2016"}, []string{"15.07.2016"}},
		"ISO date":                {"2016-07-15", []string{"2016", "07", "15"}, []string{"2016", "07", "15"}},
		"written date":            {"15 Temmuz 2016", []string{"15", "temmuz", "2016"}, []string{"15", "temmuz", "2016"}},
		"acronym with İ":          {"İBB'nin", []string{"ibb"}, []string{"ibb"}},
		"acronym with suffix":     {"CHP'li", []string{"chp"}, []string{"chp"}},
		"acronym, locative":       {"TBMM'de", []string{"tbmm"}, []string{"tbmm"}},
		"acronym with dotless I":  {"IMF", []string{"ımf"}, []string{"imf"}},
		"acronym with dotted İ":   {"İMF", []string{"imf"}, []string{"imf"}},
		"hyphenated words":        {"sosyal-demokrat", []string{"sosyal", "demokrat"}, []string{"sosyal", "demokrat"}},
		"hyphenated with letters": {"Türk-İş", []string{"türk", "iş"}, []string{"turk", "is"}},
		"domain name":             {"cnnturk.com", []string{"cnnturk.co"}, []string{"cnnturk.co", "cnnturk.com"}},
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

// TestHyphenatedQueryIsPhrase checks the query side of doc.go's claim: a
// hyphenated query word must match its parts in order.
func TestHyphenatedQueryIsPhrase(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []*article.Article{
		{ID: "hyphen", Seq: 1, Title: "Covid-19 aşısı", Body: "Sağlık Bakanlığı covid-19 aşısını duyurdu."},
		{ID: "spaced", Seq: 2, Title: "Covid 19 tedbirleri", Body: "Covid 19 tedbirleri sürüyor."},
		{ID: "apart", Seq: 3, Title: "Covid ve 19 il", Body: "Covid vakaları 19 ilde arttı."},
		{ID: "ibb", Seq: 4, Title: "İBB'nin bütçesi", Body: "İBB Meclisi toplandı; IMF heyeti de geldi."},
	}
	if err := ix.Apply(arts, 4); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		q    string
		want []string
	}{
		"hyphenated query":          {"covid-19", []string{"hyphen", "spaced"}},
		"acronym typed in ASCII":    {"ibb", []string{"ibb"}},
		"acronym with suffix":       {"İBB'ye", []string{"ibb"}},
		"dotless acronym":           {"IMF", []string{"ibb"}},
		"dotless acronym lower":     {"imf", []string{"ibb"}},
		"dotless acronym, dotted İ": {"İMF", []string{"ibb"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ids(t, ix, Request{Query: tc.q}); !slices.Equal(got, tc.want) {
				t.Errorf("%q → %q, want %q", tc.q, got, tc.want)
			}
		})
	}
}
