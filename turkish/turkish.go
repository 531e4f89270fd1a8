// Package turkish holds the Turkish letter rules that search, extraction,
// near-duplicate detection and the benchmarks share: lower-casing (İ→i,
// I→ı), folding to the ASCII letters people type on keyboards without
// Turkish ones, and dropping the circumflex. Each rule is written once,
// on bytes (what the index's token filters hold) with string wrappers.
//
// Every mapping works on NFC text and drops the combining dot above (U+0307)
// after a lower-case i: "i̇" is what generic lower-casing makes of İ, and a
// decomposed İ (I + U+0307) composes to İ first, so İzmir, I\u0307zmir and
// i\u0307zmir all meet. Token offsets are the tokenizer's, so a term that
// shrinks here does not move its word in the text.
package turkish

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// combiningDot is U+0307 COMBINING DOT ABOVE.
const combiningDot = '\u0307'

// Lower returns s in Turkish lower case, NFC-composed: İ→i and I→ı, where the
// generic Unicode rule would make I an i and İ an "i̇" with a combining dot.
// Bytes that are not UTF-8 are kept as they are.
func Lower(s string) string {
	if isLowerASCII(s) {
		return s
	}
	return string(LowerBytes([]byte(s)))
}

// Fold returns Lower(s) with ç, ğ, ı, ö, ş, ü mapped to c, g, i, o, s, u and
// the circumflex dropped (â→a, î→i, û→u), so kılıçdaroğlu meets kilicdaroglu
// and hâlâ meets hala.
func Fold(s string) string {
	if isLowerASCII(s) {
		return s
	}
	return string(FoldBytes([]byte(s)))
}

// LowerBytes is Lower on bytes. It returns term itself, without
// allocating, when nothing changes (most words of a text); otherwise a new
// slice: term is never written to.
func LowerBytes(term []byte) []byte { return mapTerm(term, LowerRune) }

// FoldBytes is Fold on bytes, with LowerBytes's allocation rule.
func FoldBytes(term []byte) []byte { return mapTerm(term, FoldRune) }

// DropCircumflex maps â, î, û to a, i, u and leaves every other rune, so
// hâlâ/hala and kâr/kar meet while ç, ş, ı… stay Turkish (the stemmer
// needs them). Writers use the circumflex inconsistently. Same allocation
// rule as LowerBytes.
func DropCircumflex(term []byte) []byte { return mapTerm(term, circumflexRune) }

// LowerRune lower-cases one rune by the Turkish rules. ASCII and the
// Turkish letters, nearly every rune of Turkish text, skip the Unicode
// tables.
func LowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		switch {
		case r == 'I':
			return 'ı'
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case 'ç', 'ğ', 'ı', 'ö', 'ş', 'ü', 'â', 'î', 'û':
		return r
	case 'İ':
		return 'i'
	case 'Ç':
		return 'ç'
	case 'Ğ':
		return 'ğ'
	case 'Ö':
		return 'ö'
	case 'Ş':
		return 'ş'
	case 'Ü':
		return 'ü'
	}
	return unicode.TurkishCase.ToLower(r)
}

// FoldRune lower-cases and folds one rune. On its own it cannot compose a
// decomposed letter or drop the combining dot of a decomposed İ: use Fold
// or FoldBytes on whole words.
func FoldRune(r rune) rune {
	switch r = LowerRune(r); r {
	case 'ç':
		return 'c'
	case 'ğ':
		return 'g'
	case 'ı', 'î':
		return 'i'
	case 'ö':
		return 'o'
	case 'ş':
		return 's'
	case 'ü', 'û':
		return 'u'
	case 'â':
		return 'a'
	}
	return r
}

// circumflexRune is DropCircumflex's rune mapping.
func circumflexRune(r rune) rune {
	switch r {
	case 'â':
		return 'a'
	case 'î':
		return 'i'
	case 'û':
		return 'u'
	}
	return r
}

// mapTerm applies f to every rune of the NFC form of term, dropping a
// combining dot above after a mapped i and keeping stray bytes (dropping
// them would silently merge words). It returns term itself when nothing
// changes.
func mapTerm(term []byte, f func(rune) rune) []byte {
	i := 0
	for i < len(term) && term[i] < utf8.RuneSelf && (term[i] < 'A' || term[i] > 'Z') {
		i++
	}
	if i == len(term) {
		return term // lower-case ASCII: every mapping keeps it
	}
	if !quickNFC(term) && !norm.NFC.IsNormal(term) {
		term = norm.NFC.Bytes(term)
	}
	first := firstUnlike(term, f)
	if first == len(term) {
		return term
	}
	out := make([]byte, first, len(term)+2)
	copy(out, term[:first])
	prev := rune(0)
	if first > 0 {
		prev, _ = utf8.DecodeLastRune(term[:first])
	}
	for i := first; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, term[i])
			i++
			prev = r
			continue
		}
		i += size
		if r == combiningDot && prev == 'i' {
			continue
		}
		r = f(r)
		out = utf8.AppendRune(out, r)
		prev = r
	}
	return out
}

// quickNFC reports whether term is made only of runes that are NFC in any
// context (nfcStable), and so is NFC: Turkish text with its usual
// punctuation, read without the costlier check of the norm package (a
// visible share of analysing and folding whole bodies). False means
// "check".
func quickNFC(term []byte) bool {
	for i := 0; i < len(term); {
		if term[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		if !nfcStable(r) { // U+FFFD, what a stray byte reads as, is not
			return false
		}
		i += size
	}
	return true
}

// nfcStable reports whether r is in the ranges quickNFC accepts: below
// the combining diacritics (U+0300; Latin with the Turkish letters), and
// the dashes, quotes, bullets and ellipsis of U+2010–U+2027. Each of them
// is NFC alone, is not a combining mark and never composes with what
// precedes it (TestQuickNFC checks every one).
func nfcStable(r rune) bool {
	return r < 0x300 || (r >= 0x2010 && r <= 0x2027)
}

// firstUnlike returns the offset of the first rune that f changes, or of
// a combining dot above (which mapTerm may drop), or len(term) when there
// is neither. Stray bytes stay as they are.
func firstUnlike(term []byte, f func(rune) rune) int {
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		if r == combiningDot || (size > 1 || r < utf8.RuneSelf) && f(r) != r {
			return i
		}
		i += size
	}
	return len(term)
}

// isLowerASCII reports whether s holds only ASCII without capital letters,
// which every mapping here returns as it is.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
