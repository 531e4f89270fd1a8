package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ContentHash returns the hex SHA-256 of body after normalisation: Unicode
// NFC, Turkish lower-case (İ→i, I→ı), and every run of white space (a BOM
// and zero-width spaces count as space) made one space, ends trimmed. The same
// text republished with other line breaks, spacing, letter case or
// decomposed letters therefore gets the same hash and lands in one cluster.
//
// A body with no text has no hash, "": otherwise every article whose text
// could not be extracted would share one cluster.
func ContentHash(body string) string {
	// One pass into one buffer: the hash of every archived page is taken
	// on the crawl's path, and the obvious composition of strings
	// functions allocated the text four times over.
	if !norm.NFC.IsNormalString(body) {
		body = norm.NFC.String(body)
	}
	buf := make([]byte, 0, len(body))
	space := false // a space is due before the next word
	for _, r := range body {
		switch {
		case r < utf8.RuneSelf && asciiSpace[r]:
			space = len(buf) > 0
		case r >= utf8.RuneSelf && isSpace(r):
			space = len(buf) > 0
		default:
			if space {
				buf = append(buf, ' ')
				space = false
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' && r != 'I' {
					r += 'a' - 'A'
				}
				if r == 'I' {
					buf = utf8.AppendRune(buf, 'ı')
					continue
				}
				buf = append(buf, byte(r))
				continue
			}
			buf = utf8.AppendRune(buf, unicode.TurkishCase.ToLower(r))
		}
	}
	if len(buf) == 0 {
		return ""
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// asciiSpace marks the ASCII runes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isSpace reports white space, including the invisible separators that
// scraped text carries.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}
