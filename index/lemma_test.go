package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/turkish"

	"github.com/haberci/haberci/internal/conllu"
	turk "github.com/haberci/haberci/turkish"
)

// readUD reads the words of a CoNLL-U file with their hand-corrected
// lemmas.
func readUD(t *testing.T, path string) []conllu.Word {
	t.Helper()
	words, err := conllu.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return words
}

// TestLemmaAgreement measures how often an inflected word and its
// hand-corrected lemma (UD Turkish-BOUN) meet on a term after our tr
// analysis, which is what makes a search for the lemma find the inflected
// form, against plain Snowball stems on Turkish lower case. Copula and
// auxiliary parts, punctuation, numbers and stop words are left out.
func TestLemmaAgreement(t *testing.T) {
	a := analyzer(t, AnalyzerTR)
	snowball := func(w string) string {
		env := snowballstem.NewEnv(turk.Lower(w))
		turkish.Stem(env)
		return env.Current()
	}
	type tally struct{ n, ours, base int }
	byPOS := map[string]*tally{}
	for _, tok := range readUD(t, "testdata/ud-boun-dev.conllu") {
		if !slices.Contains([]string{"NOUN", "PROPN", "ADJ", "VERB", "ADV"}, tok.UPOS) || tok.Lemma == "_" {
			continue
		}
		form, lemma := terms(a, tok.Form), terms(a, tok.Lemma)
		if len(form) == 0 || len(lemma) == 0 {
			continue // a stop word
		}
		c := byPOS[tok.UPOS]
		if c == nil {
			c = &tally{}
			byPOS[tok.UPOS] = c
		}
		c.n++
		if slices.ContainsFunc(form, func(f string) bool { return slices.Contains(lemma, f) }) {
			c.ours++
		}
		if snowball(tok.Form) == snowball(tok.Lemma) {
			c.base++
		}
	}
	var all tally
	var lines []string
	for _, pos := range []string{"NOUN", "PROPN", "ADJ", "VERB", "ADV"} {
		c := byPOS[pos]
		all.n, all.ours, all.base = all.n+c.n, all.ours+c.ours, all.base+c.base
		lines = append(lines, fmt.Sprintf("%-5s %5d words  ours %.3f  snowball %.3f", pos, c.n, rate(c.ours, c.n), rate(c.base, c.n)))
	}
	t.Logf("lemma agreement on UD Turkish-BOUN dev:\n%s\nall   %5d words  ours %.3f  snowball %.3f",
		strings.Join(lines, "\n"), all.n, rate(all.ours, all.n), rate(all.base, all.n))
	// Floors a little under the measured values (nouns 0.841, proper
	// nouns 0.973, all 0.688). Verbs (0.154) are Snowball's blind spot: its
	// Turkish stemmer removes nominal suffixes, and news is searched by its
	// nouns and names.
	for pos, floor := range map[string]float64{"NOUN": 0.82, "PROPN": 0.95} {
		if r := rate(byPOS[pos].ours, byPOS[pos].n); r < floor {
			t.Errorf("%s lemma agreement %.3f, want >= %.2f", pos, r, floor)
		}
	}
	if r := rate(all.ours, all.n); r < 0.67 || all.ours <= all.base {
		t.Errorf("lemma agreement %.3f (snowball %.3f), want >= 0.67 and above plain Snowball", r, rate(all.base, all.n))
	}
}

func rate(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}
