package index

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TestStemmerMatchesSnowball checks the stem our fallback for words outside
// the lexicon gives each word of the Snowball reference vocabulary sample,
// after the tr analyzer's normalisation, against the reference stemmer's
// output. Stop words (no term) are left out; apostrophe forms and
// circumflex words differ on purpose (suffix dropped, â folded).
func TestStemmerMatchesSnowball(t *testing.T) {
	f, err := os.Open("testdata/snowball-turkish-sample.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := surfaceOf(t, AnalyzerTR)
	var total, match, stop int
	var misses []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		word, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		got := terms(a, word)
		for i, w := range got {
			got[i] = snowballStems(w).stem
		}
		if len(got) == 0 {
			stop++
			continue
		}
		total++
		if got[0] == want {
			match++
		} else if len(misses) < 20 {
			misses = append(misses, word+"→"+got[0]+" (snowball "+want+")")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	rate := float64(match) / float64(total)
	t.Logf("snowball agreement: %d/%d = %.4f (%d stop words skipped); first misses: %v", match, total, rate, stop, misses)
	if total < 5000 || rate < 0.99 {
		t.Errorf("agreement %.4f over %d words, want >= 0.99 over >= 5000", rate, total)
	}
}

// surfaceOf returns the named analyzer without its last filter (the stem
// filter): the lower-case words the stem filter is handed.
func surfaceOf(t *testing.T, name string) analysis.Analyzer {
	t.Helper()
	a, ok := analyzer(t, name).(*analysis.DefaultAnalyzer)
	if !ok {
		t.Fatalf("%s is a %T", name, analyzer(t, name))
	}
	return &analysis.DefaultAnalyzer{Tokenizer: a.Tokenizer, TokenFilters: a.TokenFilters[:len(a.TokenFilters)-1]}
}
