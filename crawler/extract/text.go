package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// cleanSpace collapses every run of white space (including no-break and
// zero-width spaces) to one ASCII space and trims the ends.
func cleanSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if r == '\u200b' || r == '\ufeff' || r == '\u00ad' {
			continue // zero-width space, BOM, soft hyphen: invisible residue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007'
}

// nfc returns s in Unicode normalisation form C, so that "ş" typed as
// s + combining cedilla compares equal to the precomposed letter.
func nfc(s string) string { return norm.NFC.String(s) }

// fold lower-cases s with Turkish rules and maps the Turkish letters to ASCII
// ("Yayınlanma" → "yayinlanma", "İHA" → "iha"). Every rune maps to exactly
// one rune, so rune offsets in the result match those in s.
func fold(s string) string {
	return strings.Map(turkish.FoldRune, s)
}

// runeLen counts the characters of s, which is what densities are made of.
func runeLen(s string) int { return len([]rune(s)) }

// truncateRunes cuts s to at most n bytes without splitting a rune.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
