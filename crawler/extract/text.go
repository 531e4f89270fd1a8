package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// cleanSpace collapses every run of white space (including no-break and
// zero-width spaces) to one ASCII space and trims the ends. Text that is
// clean already, as most short labels are, is returned without a copy.
func cleanSpace(s string) string {
	i := cleanPrefix(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	space := false
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if invisible(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanPrefix is the length of the longest prefix of s that cleanSpace
// would keep as it is (single spaces between words, nothing invisible)
// and that does not end in a space.
func cleanPrefix(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !asciiSpace(c) {
			i++
			continue
		}
		if c == ' ' && i > 0 && s[i-1] != ' ' {
			i++ // one space after a word: clean if a word follows
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && !isSpace(r) && !invisible(r) {
				i += size
				continue
			} // an invalid byte is rewritten as U+FFFD
		}
		if i > 0 && s[i-1] == ' ' {
			i--
		}
		return i
	}
	if len(s) > 0 && s[len(s)-1] == ' ' {
		return len(s) - 1
	}
	return len(s)
}

// textStats are the characters and commas of cleanSpace(s), counted
// without building it: measure runs on every text node of a page.
func textStats(s string) (chars, commas int) {
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case isSpace(r):
			space = chars > 0
			continue
		case invisible(r):
			continue
		case r == ',' || r == '،' || r == '，':
			commas++
		}
		if space {
			chars++
			space = false
		}
		chars++
	}
	return chars, commas
}

// asciiSpace reports ' ' and the controls \t, \n, \v, \f and \r, which follow one another.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// invisible reports zero-width space, BOM and soft hyphen: residue that
// cleanSpace drops.
func invisible(r rune) bool { return r == '\u200b' || r == '\ufeff' || r == '\u00ad' }

// isSpace reports white space, no-break spaces included. It is small
// enough to inline, so ASCII, most of any text, costs no call.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace(byte(r))
	}
	return isWideSpace(r)
}

func isWideSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u202f' || r == '\u2007' // unicode.IsSpace has U+00A0
}

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
