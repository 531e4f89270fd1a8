package extract

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// nfc returns s in Unicode normalisation form C, so that "ş" typed as
// s + combining cedilla compares equal to the precomposed letter.
func nfc(s string) string { return norm.NFC.String(s) }

// fold lower-cases s with Turkish rules and maps the Turkish letters to ASCII
// ("Yayınlanma" → "yayinlanma", "İHA" → "iha"). Every rune maps to exactly
// one rune, so rune offsets in the result match those in s. ASCII, most of
// any Turkish text, is folded here without the Unicode case tables.
func fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A' // turkish.FoldRune: I → ı → i
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, foldLetter(r))
		i += size
	}
	return string(b)
}

// foldLetter is turkish.FoldRune with the Turkish letters, the most
// frequent non-ASCII runes here, looked up without the Unicode case tables.
func foldLetter(r rune) rune {
	switch r {
	case 'ç', 'Ç':
		return 'c'
	case 'ğ', 'Ğ':
		return 'g'
	case 'ı', 'İ':
		return 'i'
	case 'ö', 'Ö':
		return 'o'
	case 'ş', 'Ş':
		return 's'
	case 'ü', 'Ü':
		return 'u'
	}
	return turkish.FoldRune(r)
}

// runeLen counts the characters of s, which is what densities are made of.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

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
