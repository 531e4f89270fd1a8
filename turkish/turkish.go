// Package turkish holds the Turkish letter rules that search, extraction and
// near-duplicate detection share: lower-casing (İ→i, I→ı) and folding to
// the ASCII letters people type on keyboards without Turkish ones.
package turkish

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lower returns s in Turkish lower case, NFC-composed: İ→i and I→ı, where the
// generic Unicode rule would make I an i and İ an "i̇" with a combining dot.
func Lower(s string) string {
	if isLowerASCII(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s) + 2)
	prev := rune(0)
	for _, r := range s {
		r = LowerRune(r)
		if r == '\u0307' && prev == 'i' {
			continue // the dot of a decomposed İ is redundant once lowered
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

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

// Fold returns Lower(s) with ç, ğ, ı, ö, ş, ü mapped to c, g, i, o, s, u and
// the circumflex dropped (â→a, î→i, û→u), so kılıçdaroğlu meets kilicdaroglu
// and hâlâ meets hala. It makes one pass over s (two when s is not NFC).
func Fold(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(0)
	for _, r := range s {
		if r < utf8.RuneSelf { // most of Turkish text: no table lookups
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A' // I would lower to ı, which folds to i
			}
			b.WriteByte(byte(r))
			prev = r
			continue
		}
		r = FoldRune(r)
		if r == '\u0307' && prev == 'i' {
			continue // the dot of a decomposed İ is redundant once lowered
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// FoldRune lower-cases and folds one rune. On its own it cannot drop the
// combining dot of a decomposed İ: use Fold on whole text.
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

// isLowerASCII reports whether s holds only ASCII without capital letters,
// which Lower returns as it is.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
