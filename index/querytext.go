package index

import (
	"bytes"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/turkish"
	"github.com/haberci/haberci/turkish/lemma"
)

// text matches text in any of the fields, by its tr terms OR by its folded
// terms (see wordTerms), which the fields hold side by side (see
// unionFilter). Text that analyses to several positions (a phrase, or a
// word like covid-19) must match as a phrase of its words as written (see
// surfaceAnalyzer), stop words included: the fields hold those words
// folded, whatever letters they were typed with. A stop word alone is
// nothing to look for, unless b.stops.
func (b queryBuilder) text(text string, fields []boostedField) query.Query {
	folded := phraseSlots(b.folded.Analyze([]byte(text)))
	if len(folded) == 0 && !b.stops {
		return nil // stop words only
	}
	var qs []query.Query
	words := phraseSlots(surfaceAnalyzer.Analyze([]byte(text)))
	switch {
	case len(words) > 1:
		for _, f := range fields {
			qs = append(qs, phraseQuery(words, f))
		}
		return query.NewDisjunctionQuery(qs)
	case len(words) == 0:
		return nil
	case len(folded) == 0:
		// A stop word, in a query of nothing else: the word as written.
		for _, f := range fields {
			qs = append(qs, wordQuery(words[0], "", f))
		}
		return query.NewDisjunctionQuery(qs)
	}
	word := words[0][0]
	trTerms, foldedTerms := b.wordTerms(text, word, folded[0])
	for _, f := range fields {
		if q := wordQuery(trTerms, "", f); q != nil {
			qs = append(qs, q)
		}
	}
	exact := word
	if w := wordAnalyzer.Analyze([]byte(text)); len(w) == 1 && len(lemma.Lemmas(string(w[0].Term))) > 0 {
		exact = "" // a lemma is no overeager stem: other forms weigh as much
	}
	for _, f := range fields {
		qs = append(qs, wordQuery(foldedTerms, exact, f))
	}
	if b.widen {
		if q := derivedQuery(text, fields); q != nil {
			qs = append(qs, q)
		}
	} else if w := wordAnalyzer.Analyze([]byte(text)); b.widenable != nil && len(w) == 1 && lemma.Derivable(string(w[0].Term)) {
		*b.widenable = true
	}
	return query.NewDisjunctionQuery(qs)
}

// derivedBoost weighs the words derived from a query word (see
// derivedQuery) below the word's own lemmas: an article that has the word
// itself ranks above one that has only a word made from it.
const derivedBoost = 0.5

// derivedQuery matches, in any of the fields, the words derived from
// text's one word (lemma.Derived: şaşkına also finds şaşkınlık), as one
// alternative of the word; nil when there are none. The index keeps
// derived words apart from their roots, which keeps words of different
// lemmas from sharing a term (a treebank keeps most apart: bakan and
// bakanlık, güven and güvenlik); a widened query (Request.Widen) reaches
// across, at a lower weight. Typed in ASCII, the word finds their folded
// forms.
func derivedQuery(text string, fields []boostedField) query.Query {
	words := wordAnalyzer.Analyze([]byte(text))
	if len(words) != 1 {
		return nil
	}
	derived := lemma.Derived(string(words[0].Term))
	if len(derived) == 0 {
		return nil
	}
	ascii := turkish.Lower(text) == turkish.Fold(text)
	var qs []query.Query
	for _, f := range fields {
		for _, d := range derived {
			if ascii {
				d = turkish.Fold(d)
			}
			t := query.NewTermQuery(d)
			t.SetField(f.name)
			t.SetBoost(f.boost)
			qs = append(qs, t)
		}
	}
	q := query.NewDisjunctionQuery(qs)
	q.SetBoost(derivedBoost)
	return q
}

// wordTerms chooses the terms one word is looked up by: tr terms and
// folded terms. Typed with Turkish letters, the word is found by its
// Turkish lemmas or stems, and among folded terms only as the whole word,
// for copies typed without those letters: its folded stems would add the
// words it folds together with (yaş and yas, şık and sık) and read their
// postings too. Typed in ASCII, it may stand for any of them: it is
// found by its folded lemmas or stems and the whole word, and by those of
// its tr terms that have a Turkish letter (see turkishOnly). Either way it
// is also found by the further lemmas a query reads it with (see
// queryLemmas).
func (b queryBuilder) wordTerms(text, word string, folded []string) (tr, fo []string) {
	toks := b.tr.Analyze([]byte(text))
	if word == "" || turkish.Lower(text) == turkish.Fold(text) {
		return turkishOnly(toks), queryLemmas(folded, text, true)
	}
	for _, t := range toks {
		tr = append(tr, string(t.Term))
	}
	return queryLemmas(tr, text, false), []string{word}
}

// queryLemmas returns terms without repeats, with the further lemmas
// lemma.QueryLemmas reads text's one word with (folded when fold is set):
// the word a derived word or voiced verb is made from (liseli: lise), and
// for a word typed in ASCII the Turkish words it may stand for (kitabini
// is also kitabını, whose lemma kitap the index holds). Text is indexed
// under lemma.Lemmas' narrower reading; a query, where a missed reading
// costs a missed article, takes them all.
func queryLemmas(terms []string, text string, fold bool) []string {
	out := make([]string, 0, len(terms)+2)
	add := func(term string) {
		if !slices.Contains(out, term) {
			out = append(out, term)
		}
	}
	for _, t := range terms {
		add(t)
	}
	words := wordAnalyzer.Analyze([]byte(text))
	if len(words) != 1 {
		return out
	}
	for _, l := range lemma.QueryLemmas(string(words[0].Term)) {
		if fold {
			l = turkish.Fold(l)
		}
		add(l)
	}
	return out
}

// turkishOnly keeps the terms with a letter that folding changes. A tr
// stem in ASCII letters finds nothing that its folded twin, searched
// anyway, does not find, at the cost of reading its postings again; a
// stem with Turkish letters ranks its exact spelling (öldü, stem öl) above
// the words it folds together with (oldu, stem ol).
func turkishOnly(toks analysis.TokenStream) []string {
	var out []string
	for _, t := range toks {
		if !bytes.Equal(turkish.FoldBytes(t.Term), t.Term) {
			out = append(out, string(t.Term))
		}
	}
	return out
}

// exactBoost weighs the word as typed above its stems in the folded
// fields, which keep whole words: an overeager stem (Snowball reads konda
// as ko+nda, like koydu as ko+ydu) then ranks the word itself first. A
// word the lexicon knows is looked up by its lemmas, not Snowball's stems,
// and gets no such boost: kitabını is not more relevant than kitap.
const exactBoost = 4

// wordQuery matches any of one position's terms in f, the whole word
// (when it is one of them) weighing exactBoost times more; nil for no terms.
func wordQuery(terms []string, word string, f boostedField) query.Query {
	var qs []query.Query
	for _, term := range terms {
		t := query.NewTermQuery(term)
		t.SetField(f.name)
		t.SetBoost(f.boost)
		if term == word {
			t.SetBoost(f.boost * exactBoost)
		}
		qs = append(qs, t)
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// phraseQuery matches the positions' terms in a row in f.
func phraseQuery(slots [][]string, f boostedField) query.Query {
	q := query.NewMultiPhraseQuery(slots, f.name)
	q.SetBoost(f.boost)
	return q
}

// phraseSlots groups tokens by position; a stop word leaves an empty slot,
// which the phrase searcher treats as any word.
func phraseSlots(toks analysis.TokenStream) [][]string {
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	slots := make([][]string, last-first+1)
	for _, t := range toks {
		i := t.Position - first
		slots[i] = append(slots[i], string(t.Term))
	}
	return slots
}
