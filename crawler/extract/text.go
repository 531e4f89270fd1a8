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
// ("Yayınlanma" → "yayinlanma", "İHA" → "iha", a decomposed "I\u0307HA" too):
// what extraction compares credits, labels and dates on. Rune offsets in
// the result match those in NFC text without "i" + U+0307 (what page text
// is after nfc), which Agency relies on to order mentions.
func fold(s string) string { return turkish.Fold(s) }

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
