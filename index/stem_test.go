package index

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestStemmerMatchesSnowball checks the first term our tr analyzer gives
// each word of the Snowball reference vocabulary sample against the
// reference stemmer's output. Stop words (no term) are left out; apostrophe
// forms and circumflex words differ on purpose (suffix dropped, â folded).
func TestStemmerMatchesSnowball(t *testing.T) {
	f, err := os.Open("testdata/snowball-turkish-sample.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := analyzer(t, AnalyzerTR)
	var total, match, stop int
	var misses []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		word, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		got := terms(a, word)
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
