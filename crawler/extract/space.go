package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
