package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/turkish"

	"github.com/haberci/haberci/turkish/lemma"
)

// stemFilter replaces each token by its lemmas (see package
// turkish/lemma): every inflected form of a word the lexicon knows meets
// its other forms on one term (kitabını, kitap → kitap; gitti, gidiyor →
// gitmek), and words that merely begin alike do not (kül, kültür). An
// ambiguous word gets each plausible lemma at the same position, like
// synonyms (bounded by lemma.MaxLemmas).
//
// A word the lexicon does not account for (a name it lacks, a foreign word)
// gets Snowball's Turkish stem and, where Snowball is known to split one
// word's forms, candidate stems at the same position:
//
//	belediye → beledi (+belediye)   Snowball reads -ye as the dative
//	belediyesi → belediyes (+belediye)   the possessive -sI after a vowel
//	çalıştayı → çalışta (+çalıştay)   -yI read as buffer y + accusative
//	ambulansı → ambulansı (+ambulans)   -sI after a consonant left alone
type stemFilter struct{}

// Filter stems the stream, inserting candidates after each token.
func (stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)+len(input)/4)
	for _, tok := range input {
		out = appendStems(out, tok)
	}
	return out
}

// appendStems replaces tok's term by its first stem, appends it to out and
// appends its other stems after it, at the same position.
func appendStems(out analysis.TokenStream, tok *analysis.Token) analysis.TokenStream {
	st, ok := stems.lookup(tok.Term)
	if !ok {
		st = stemWord(string(tok.Term))
		stems.store(string(tok.Term), st)
	}
	tok.Term = []byte(st.stem)
	out = append(out, tok)
	for _, c := range st.extra {
		extra := *tok
		extra.Term = []byte(c)
		out = append(out, &extra)
	}
	return out
}

// stemWord returns the lemmas of one lower-case word, or when the lexicon
// has none, its Snowball stem with candidates.
func stemWord(word string) stemmed {
	if ls := lemma.Lemmas(word); len(ls) > 0 {
		return stemmed{stem: ls[0], extra: ls[1:len(ls):len(ls)]}
	}
	return snowballStems(word)
}

// snowballStems runs Snowball on one lower-case word and adds the
// candidates.
func snowballStems(word string) stemmed {
	env := snowballstem.NewEnv(word)
	turkish.Stem(env)
	stem := env.Current()
	return stemmed{stem: stem, extra: stemCandidates(word, stem)}
}

// stemCandidates returns the extra stems for word, whose Snowball stem is
// stem. It only looks at what Snowball removed: a final vowel, y+vowel, or a
// high vowel after a stem ending in vowel+s.
func stemCandidates(word, stem string) []string {
	rest, ok := strings.CutPrefix(word, stem)
	if !ok {
		return nil
	}
	if rest == "" {
		return consonantSCandidate(word)
	}
	var out []string
	switch {
	case isVowelString(rest, 1) && strings.HasSuffix(stem, "s") && endsInVowel(stem[:len(stem)-1]) && isHighVowel(rest):
		out = append(out, stem[:len(stem)-1]) // belediyes|i → belediye
	case isVowelString(rest, 1):
		out = append(out, word) // ankar|a → ankara: the vowel was the root's
	case len(rest) > 1 && rest[0] == 'y' && isVowelString(rest[1:], 1):
		out = append(out, word, stem+"y") // beledi|ye → belediye, çalışta|yı → çalıştay
	}
	return out
}

// consonantSCandidate handles a word Snowball left whole because it ends in
// consonant + s + high vowel: its -sI rule needs a vowel before the s, so
// ambulansı, dersi, kursu keep their -I. The candidate drops that vowel.
func consonantSCandidate(word string) []string {
	last, n := utf8.DecodeLastRuneInString(word)
	base := word[:len(word)-n]
	if !isHighVowel(string(last)) || !strings.HasSuffix(base, "s") {
		return nil
	}
	if before := base[:len(base)-1]; before == "" || endsInVowel(before) {
		return nil
	}
	return []string{base}
}

// isVowelString reports whether s is exactly n Turkish vowels.
func isVowelString(s string, n int) bool {
	if utf8.RuneCountInString(s) != n {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("aeıioöuü", r) {
			return false
		}
	}
	return true
}

// isHighVowel reports whether s is one of the high vowels ı i u ü, the
// vowels of the possessive -sI.
func isHighVowel(s string) bool {
	return s == "ı" || s == "i" || s == "u" || s == "ü"
}

// endsInVowel reports whether s ends in a Turkish vowel.
func endsInVowel(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("aeıioöuü", r)
}
