package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

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
	s := strings.ToLowerSpecial(unicode.TurkishCase, norm.NFC.String(body))
	s = strings.Join(strings.FieldsFunc(s, isSpace), " ")
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// isSpace reports white space, including the invisible separators that
// scraped text carries.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}
