package lemma

import (
	"strings"

	"github.com/haberci/haberci/turkish"
)

// isVowel reports whether r is a Turkish vowel (circumflexes are dropped
// before analysis).
func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'ı', 'i', 'o', 'ö', 'u', 'ü':
		return true
	}
	return false
}

func isBack(r rune) bool    { return r == 'a' || r == 'ı' || r == 'o' || r == 'u' }
func isRounded(r rune) bool { return r == 'o' || r == 'ö' || r == 'u' || r == 'ü' }

// isVoiceless reports whether a suffix's D and C become t and ç after r.
func isVoiceless(r rune) bool { return strings.ContainsRune("çfhkpsşt", r) }

func vowelCount(rs []rune) int {
	n := 0
	for _, r := range rs {
		if isVowel(r) {
			n++
		}
	}
	return n
}

// harmonyVowel returns the last vowel of s, made front when the root takes
// front suffixes against its vowels (saat → saatler), or 0 without one.
func harmonyVowel(s string, inverse bool) rune {
	var h rune
	for _, r := range s {
		if isVowel(r) {
			h = r
		}
	}
	if inverse {
		switch h {
		case 'a':
			h = 'e'
		case 'ı':
			h = 'i'
		case 'o':
			h = 'ö'
		case 'u':
			h = 'ü'
		}
	}
	return h
}

// phon is what the next suffix's shape depends on: the vowel it
// harmonises with and the sound it follows.
type phon struct {
	harm  rune // 0 before any vowel: front unrounded (e, i)
	last  rune // the last letter so far
	vowel bool // last is a vowel
}

// lowA and highI are the two- and four-way harmonised vowels.
func (p phon) lowA() rune {
	if isBack(p.harm) {
		return 'a'
	}
	return 'e'
}

func (p phon) highI() rune {
	switch {
	case isBack(p.harm) && isRounded(p.harm):
		return 'u'
	case isBack(p.harm):
		return 'ı'
	case isRounded(p.harm):
		return 'ü'
	}
	return 'i'
}

// next returns p after the letters of s.
func (p phon) next(s string) phon {
	for _, r := range s {
		p.last = r
		p.vowel = isVowel(r)
		if p.vowel {
			p.harm = r
		}
	}
	return p
}

// A template spells a suffix with archiphonemes: A (a/e), I (ı/i/u/ü), D
// (d/t), C (c/ç), K (a final k that may soften to ğ before a vowel),
// (y) (n) (s) (letters only after a vowel) and (I) (only after a
// consonant); other letters stand for themselves.
type template []seg

type seg struct {
	kind rune // 'A', 'I', 'D', 'C', 'K', 'y' (after a vowel only), 'v' (I after a consonant only), 0 literal
	lit  rune
}

// compile parses a template's spelling.
func compile(s string) template {
	var t template
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '(' && i+2 < len(rs) && rs[i+2] == ')':
			if rs[i+1] == 'I' {
				t = append(t, seg{kind: 'v'})
			} else {
				t = append(t, seg{kind: 'y', lit: rs[i+1]})
			}
			i += 2
		case strings.ContainsRune("ADCKI", r):
			t = append(t, seg{kind: r})
		default:
			t = append(t, seg{lit: r})
		}
	}
	return t
}

// realize spells t after p. The second result is t with a final K softened
// to ğ, or "" when t has none.
func (t template) realize(p phon) (string, string) {
	var b []rune
	soft := false
	for i, s := range t {
		switch s.kind {
		case 0:
			b = append(b, s.lit)
		case 'y':
			if p.vowel {
				b = append(b, s.lit)
			}
		case 'v':
			if !p.vowel {
				b = append(b, p.highI())
			}
		case 'A':
			b = append(b, p.lowA())
		case 'I':
			b = append(b, p.highI())
		case 'D':
			b = append(b, pick(isVoiceless(p.last), 't', 'd'))
		case 'C':
			b = append(b, pick(isVoiceless(p.last), 'ç', 'c'))
		case 'K':
			b = append(b, 'k')
			soft = i == len(t)-1
		}
		if len(b) > 0 {
			p = p.next(string(b[len(b)-1]))
		}
	}
	if !soft {
		return string(b), ""
	}
	b[len(b)-1] = 'ğ'
	hard := string(b[:len(b)-1]) + "k"
	return hard, string(b)
}

func pick(cond bool, yes, no rune) rune {
	if cond {
		return yes
	}
	return no
}

// Realisations are computed once per arc for each of the phon classes a
// suffix's spelling depends on (the harmony vowel's class, whether the
// word ends in a vowel, whether its last letter is voiceless), so matching
// a word allocates nothing.
const phonClasses = 16

// class returns p's index among the phonClasses.
func (p phon) class() int {
	c := 0
	if isRounded(p.harm) {
		c |= 1
	}
	if isBack(p.harm) {
		c |= 2
	}
	if p.vowel {
		c |= 4
	}
	if isVoiceless(p.last) {
		c |= 8
	}
	return c
}

// representative returns a phon of class c.
func representative(c int) phon {
	harm := [4]rune{'e', 'ö', 'ı', 'u'}[c&3]
	last := 'r'
	switch {
	case c&4 != 0:
		last = harm
	case c&8 != 0:
		last = 't'
	}
	return phon{harm: harm, last: last, vowel: c&4 != 0}
}

// spelling is one realisation of a suffix: as written, and folded to ASCII
// for words typed without Turkish letters.
type spelling struct {
	s, folded string
}

// realisations holds a template's spellings for each phon class: hard and,
// for a final K, soft (ğ).
type realisations [phonClasses][2]spelling

func (t template) realisations() realisations {
	var r realisations
	for c := range r {
		hard, soft := t.realize(representative(c))
		r[c][0] = spelling{hard, turkish.Fold(hard)}
		if soft != "" {
			r[c][1] = spelling{soft, turkish.Fold(soft)}
		}
	}
	return r
}
