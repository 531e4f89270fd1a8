// Package lemma finds the lemmas of Turkish words: kitabını → kitap,
// ağacın → ağaç, vakfa → vakıf, hakkı → hak, saatler → saat,
// başlıyorlar → başla-mak, gitti → git-mek. It strips inflectional suffixes
// by Turkish morphotactics (grammar.go) and morphophonemics (vowel
// harmony, buffer consonants, voicing, vowel drop, doubling, inverse
// harmony; phon.go), and keeps a lemma only when the lexicon lists it with
// the attributes that spelling needs (lexicon.go: zemberek-nlp's
// dictionaries, Apache-2.0, embedded with their licence in data/).
//
// Nouns, adjectives and proper nouns are their own lemmas; a verb's lemma is
// its root, a hyphen and the infinitive ending (git-mek), so that a verb and
// a noun spelled like its infinitive (ye-mek to eat, yemek the meal) stay apart.
package lemma

import (
	"strings"
	"unicode/utf8"

	"github.com/haberci/haberci/turkish"
)

// Bounds on the work one word costs: longer words are left to the caller's
// fallback, and an ambiguous word yields at most MaxLemmas lemmas.
const (
	MaxLemmas   = 3
	maxWordLen  = 64 // bytes
	maxSuffixes = 10
)

// Lemmas returns the lemmas of word, which must be in Turkish lower case
// with the circumflex dropped (turkish.LowerBytes, turkish.DropCircumflex),
// longest root first, at most MaxLemmas. It returns nil for a word the
// lexicon does not account for (a name it lacks, a foreign word, a typo):
// the caller falls back to a stemmer. A word in ASCII letters that has no
// Turkish reading as written is read as typed without Turkish letters
// (kitabini → kitap). Lemmas is for text; QueryLemmas for what people
// type. Both are safe for concurrent use.
func Lemmas(word string) []string {
	lx := lexiconOrPanic()
	if !analysable(word) {
		return nil
	}
	out := lx.lemmas(nil, word, false, false)
	if len(out) == 0 && isFoldedASCII(word) {
		out = lx.lemmas(nil, word, true, false)
	}
	return out
}

// QueryLemmas returns Lemmas(word), widened for a query, where a missed
// reading costs a missed article: a derived word or voiced verb also gets
// the lemma of the word it is made from (liseli: lise; indiremeyecek:
// in-mek; a treebank often lemmatises so), and a word in ASCII letters the
// lemmas of the Turkish words it may stand for as typed without Turkish
// letters (kitabini: kitabi as written, kitap as kitabını). Text keeps
// Lemmas' narrower reading, so that words of different lemmas rarely
// share a term. At most 2×MaxLemmas.
func QueryLemmas(word string) []string {
	lx := lexiconOrPanic()
	if !analysable(word) {
		return nil
	}
	out := lx.lemmas(nil, word, false, true)
	for _, l := range Lemmas(word) {
		if !contains(out, l) {
			out = append(out, l)
		}
	}
	if isFoldedASCII(word) {
		for _, l := range lx.lemmas(nil, word, true, true) {
			if !contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out
}

func analysable(word string) bool {
	return len(word) >= 2 && len(word) <= maxWordLen && utf8.ValidString(word)
}

func lexiconOrPanic() *lexicon {
	lx, err := load()
	if err != nil {
		panic(err) // the embedded lexicon is part of the binary: its tests catch a bad one
	}
	return lx
}

// minFoldedRoot is the shortest root spelling (letters) a word typed without
// Turkish letters is read with.
const minFoldedRoot = 3

// minBaseRoot is the shortest nominal root (letters) a derived word also
// gets the lemma of: shorter ones are more often a coincidence
// (an-laş-mak). Verb roots are short (in-dir-mek) and voices regular.
const minBaseRoot = 3

// maxCandidates bounds the analyses one word is looked at with.
const maxCandidates = 8

// lemmas appends word's lemmas to out, longest root first. A word reached
// from a shorter root through a derivation (yolcu-luk, rahat-lık-la) or a
// voice the lexicon lists as a verb of its own (indir-mek from in-mek) is
// that derived word's, when the lexicon lists it or the word has no other
// reading (ağacın is ağaç's, not a derived ağa-cı's). A derived noun or
// adjective also gets its root's lemma, so that renkli meets renk and
// şaşkınlık şaşkın (a treebank lemmatises them so); a voiced verb only with
// bases, for a query (bulunuyor is bulun-mak's, indiremeyecek finds
// inmeye). folded compares in ASCII: word as typed without Turkish letters.
func (l *lexicon) lemmas(out []string, word string, folded, bases bool) []string {
	var buf [maxCandidates]candidate
	found := l.candidates(buf[:0], word, folded)
	start := len(out)
	add := func(l string) {
		if !contains(out[start:], l) && len(out)-start < MaxLemmas {
			out = append(out, l)
		}
	}
	primary := false
	for _, c := range found {
		if c.derived == "" {
			add(c.lemma)
			primary = true
		}
	}
	for _, c := range found {
		if c.derived == "" {
			continue
		}
		if !primary || l.lists(c.derived, l.spellings(folded), folded) {
			add(c.derived) // ağa-cı is no reading of ağacın: no such word
		}
		if !c.short && contains(out[start:], c.derived) && (bases || c.adjective) {
			add(c.lemma)
		}
	}
	return out
}

// spellings maps root spellings to their variants: folded to ASCII when
// folded is set.
func (l *lexicon) spellings(folded bool) map[string][]variant {
	if folded {
		return l.folded
	}
	return l.stems
}

// candidate is one analysis of a word: a root and the suffixes after it.
type candidate struct {
	lemma     string // the root's lemma
	derived   string // the derived word's, if any
	short     bool   // a nominal root of fewer than minBaseRoot letters
	adjective bool   // derived by -lI or -sIz (renkli, renksiz)
}

// candidates appends to out word's analyses, longest root first, at most
// maxCandidates in all.
func (l *lexicon) candidates(out []candidate, word string, folded bool) []candidate {
	stems := l.spellings(folded)
	for end := len(word); end >= 2 && len(out) < maxCandidates; end-- {
		if end < len(word) && !utf8.RuneStart(word[end]) {
			continue
		}
		for _, v := range stems[word[:end]] {
			if folded && utf8.RuneCountInString(v.spelling) < minFoldedRoot {
				continue // short ASCII roots read into anything (iha as ıh-a)
			}
			ok, derived, kind := v.accepts(word, end, folded, stems)
			if ok && len(out) < maxCandidates {
				short := v.e.flags&fVerb == 0 && utf8.RuneCountInString(v.spelling) < minBaseRoot
				out = append(out, candidate{v.e.lemma, derived, short, kind == deriveAdjective})
			}
		}
	}
	return out
}

// lists reports whether the lexicon has the word lemma (spelled as typed
// when folded).
func (l *lexicon) lists(lemma string, stems map[string][]variant, folded bool) bool {
	root, _, _ := strings.Cut(lemma, "-")
	for _, v := range stems[root] {
		if v.e.lemma == lemma || folded && turkish.Fold(v.e.lemma) == lemma {
			return true
		}
	}
	return false
}

// accepts reports whether word[end:] is a sequence of suffixes v's root
// takes; derived is the derived word's lemma when a derivation was taken.
func (v *variant) accepts(word string, end int, folded bool, stems map[string][]variant) (ok bool, derived string, kind uint8) {
	rest := word[end:]
	if rest == "" {
		return v.need == needAny || v.need == needConsonant || v.need == needNothing, "", deriveNone
	}
	if v.need == needNothing {
		return false, "", deriveNone
	}
	r, _ := utf8.DecodeLastRuneInString(v.spelling)
	p := phon{harm: v.harm, last: r, vowel: isVowel(r)}
	start := sNoun
	if v.e.flags&fVerb != 0 {
		start = sVerb
	}
	w := walk{word: word, folded: folded, stems: stems}
	ok, derived = w.parse(end, start, p, v.need, 0, "")
	return ok, derived, w.lastDerive
}

// walk is one word being matched against suffix sequences.
type walk struct {
	word       string
	folded     bool
	lastDerive uint8                // the kind of the matched path's last derivation
	stems      map[string][]variant // the lexicon's spellings, folded when folded is
}

// isVerb reports whether the lexicon lists a verb whose root is spelled
// stem.
func (w *walk) isVerb(stem string) bool {
	for _, v := range w.stems[stem] {
		if v.e.flags&fVerb != 0 && v.need != needIyor && v.need != needY {
			return true
		}
	}
	return false
}

// parse reports whether word[at:] is a sequence of suffixes that may
// follow state st, the word so far ending as p; need constrains the first
// suffix. derived is the lemma of the last derivation taken so far, and
// what it returns with a match.
func (w *walk) parse(at int, st state, p phon, need uint8, depth int, derived string) (bool, string) {
	if depth >= maxSuffixes {
		return false, ""
	}
	rest := w.word[at:]
	for i := range arcs[st] {
		a := &arcs[st][i]
		if !a.cond.allows(p) || (need == needIyor && !a.iyor) {
			continue
		}
		real := &a.real[p.class()]
		for k := range real {
			sp := &real[k]
			if sp.s == "" || !firstFits(need, sp.s) {
				continue
			}
			cmp := sp.s
			if w.folded {
				cmp = sp.folded
			}
			after, ok := strings.CutPrefix(rest, cmp)
			if !ok {
				continue
			}
			if k == 1 && !startsWithVowel(after) {
				continue // ğ for k only before a vowel: yapacağı, not yapacağ
			}
			d := derived
			if a.derive != deriveNone {
				d = w.derivedLemma(at, real[0], a.derive)
			}
			if stem := w.word[:at+len(cmp)]; a.voice && w.isVerb(stem) {
				d = infinitive(stem, stem) // the voiced verb is a lemma of its own
			}
			if after == "" {
				w.lastDerive = a.derive
				return true, d
			}
			if ok, d := w.parse(at+len(cmp), a.to, p.next(sp.s), needAny, depth+1, d); ok {
				if w.lastDerive == deriveNone {
					w.lastDerive = a.derive
				}
				return true, d
			}
		}
	}
	return false, ""
}

// derivedLemma is the lemma of a word derived by the suffix spelled hard
// (k unsoftened) at word[at:]: the word up to it, and for a verb the
// infinitive ending.
func (w *walk) derivedLemma(at int, sp spelling, kind uint8) string {
	hard := sp.s
	if w.folded {
		hard = sp.folded
	}
	d := w.word[:at] + hard
	if kind == deriveVerb {
		return infinitive(d, hard)
	}
	return d
}

// firstFits checks the first suffix against what the root's spelling needs.
func firstFits(need uint8, s string) bool {
	switch need {
	case needVowel:
		return startsWithVowel(s)
	case needConsonant:
		return !startsWithVowel(s)
	case needY:
		return s[0] == 'y'
	}
	return true
}

func startsWithVowel(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isVowel(r)
}

// isFoldedASCII reports whether word has only ASCII letters, as a Turkish
// word typed without Turkish letters would.
func isFoldedASCII(word string) bool {
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// infinitive returns the lemma of the verb whose root is root: the root, a
// hyphen and the infinitive ending (başla-mak, git-mek). Turkish text never
// spells a word so, so a verb stays apart from a noun spelled like its
// infinitive (ye-mek to eat, yemek the meal). vowels decides the ending's
// harmony: the root's last vowels (the folded spelling's when typed in ASCII).
func infinitive(root, vowels string) string {
	if isBack(harmonyVowel(vowels, false)) {
		return root + "-mak"
	}
	return root + "-mek"
}
