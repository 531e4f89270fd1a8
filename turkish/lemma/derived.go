package lemma

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxDerived bounds the derived words Derived returns.
const MaxDerived = 8

// Derived returns words derived from word's lemmas (Lemmas) by a nominal
// derivational suffix: şaşkına → şaşkınlık, kitabı → kitaplık, kitapçı,
// tarih → tarihsel, rahatlığa → rahatlıkla. Lemmas keeps a derived word apart from its root
// (şaşkınlık is indexed under şaşkınlık, not şaşkın: indexing the root
// too conflates more words of different lemmas than Snowball does), yet a
// treebank, and a searcher, often read it as the root's. A query may ask
// for these words too, at a lower weight.
//
// Two kinds are given, at most MaxDerived, each lemma's in turn: the lemma with each suffix
// that Lemmas reads as a derivation to a noun (-lIk, -CI, -CIK, -sAl),
// spelled as Lemmas spells the derived word (kitapçılar, kitapçı: the
// lexicon lists few such words, Lemmas reads them through the root); then
// the words the lexicon lists whose own analysis leads back to the lemma
// (rahatlıkla, an adverb of its own). Derivations by -lI and -sIz are left
// out: text is indexed under their root already (renkli: renk). Verbs and
// proper nouns get none, nor lemmas of fewer than minBaseRoot letters,
// whose derived words are more often coincidences.
func Derived(word string) []string {
	lx := lexiconOrPanic()
	if !analysable(word) {
		return nil
	}
	lemmas := Lemmas(word)
	var out []string
	add := func(d string) {
		if len(out) < MaxDerived && !contains(out, d) && !contains(lemmas, d) {
			out = append(out, d)
		}
	}
	// Each lemma's derived words in turn, so that one lemma's (tarihi's)
	// do not crowd out another's (tarih's).
	var lists [][]string
	for _, l := range derivable(lemmas) {
		lists = append(lists, append(lx.suffixed(l), derivedIndex(lx)[l]...))
	}
	for i := 0; len(out) < MaxDerived; i++ {
		more := false
		for _, ds := range lists {
			if i < len(ds) {
				add(ds[i])
				more = true
			}
		}
		if !more {
			break
		}
	}
	return out
}

// Derivable reports whether Derived(word) may have words (it has none when
// this is false), without building the index of the lexicon's derived
// words that Derived reads on first use (about half a second): a lemma the
// lexicon lists takes the suffixes itself, and one it does not (rahatlık,
// a derived reading) may be the base of a word it lists.
func Derivable(word string) bool {
	lx := lexiconOrPanic()
	if !analysable(word) {
		return false
	}
	for _, l := range derivable(Lemmas(word)) {
		if len(lx.suffixed(l)) > 0 || !lx.lists(l, lx.stems, false) {
			return true
		}
	}
	return false
}

// derivable keeps the lemmas Derived reads derived words for: nouns and
// adjectives of at least minBaseRoot letters.
func derivable(lemmas []string) []string {
	var out []string
	for _, l := range lemmas {
		if !strings.Contains(l, "-") && utf8.RuneCountInString(l) >= minBaseRoot {
			out = append(out, l)
		}
	}
	return out
}

var (
	derivedOnce sync.Once
	derivedMap  map[string][]string
)

// derivedIndex maps each nominal lemma to the words the lexicon lists as
// derived from it, shortest first; built once, on first use (about 40,000
// analyses).
func derivedIndex(lx *lexicon) map[string][]string {
	derivedOnce.Do(func() {
		m := map[string][]string{}
		seen := map[*entry]bool{}
		var buf [maxCandidates]candidate
		for _, vs := range lx.stems {
			for _, v := range vs {
				e := v.e
				if seen[e] || e.flags&(fVerb|fProper|fClosed) != 0 {
					continue
				}
				seen[e] = true
				for _, c := range lx.candidates(buf[:0], e.lemma, false) {
					if c.derived == "" || c.short || c.adjective {
						continue
					}
					for _, base := range []string{c.lemma, c.derived} {
						if base != e.lemma && !strings.Contains(base, "-") && !contains(m[base], e.lemma) {
							m[base] = append(m[base], e.lemma)
						}
					}
				}
			}
		}
		for _, ds := range m {
			slices.SortFunc(ds, func(a, b string) int {
				return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
			})
		}
		derivedMap = m
	})
	return derivedMap
}

// nounSuffixes are the derivations to a noun that Lemmas reads (see
// grammar.go), spelled for each phon class. Read once arcs are built
// (grammar.go's init runs after package variables are set).
var nounSuffixes = sync.OnceValue(func() []realisations {
	var out []realisations
	for _, a := range arcs[sNoun] {
		if a.derive == deriveNoun {
			out = append(out, a.real)
		}
	}
	return out
})

// suffixed returns lemma with each of nounSuffixes as a word derived from
// it is indexed (the k unsoftened: kitaplık), when the lexicon lists lemma
// as an inflected noun or adjective.
func (l *lexicon) suffixed(lemma string) []string {
	for _, v := range l.stems[lemma] {
		if v.spelling != lemma || v.e.lemma != lemma || v.need == needNothing || v.e.flags&(fVerb|fProper) != 0 {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(lemma)
		p := phon{harm: v.harm, last: r, vowel: isVowel(r)}
		var out []string
		for _, real := range nounSuffixes() {
			if sp := real[p.class()][0].s; sp != "" && !strings.HasSuffix(lemma, sp) {
				out = append(out, lemma+sp)
			}
		}
		return out
	}
	return nil
}
