package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"

	"github.com/haberci/haberci/turkish"
)

// turkishLowerFilter lower-cases tokens by the Turkish rules (İ→i, I→ı).
// Bleve's own to_lower (v2.6.3) corrupts words that contain İ, and the
// generic Unicode rule maps I to i, so neither serves Turkish text.
type turkishLowerFilter struct{}

// Filter rewrites every token's term in place.
func (turkishLowerFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = turkishLower(tok.Term)
	}
	return input
}

// turkishLower returns term in Turkish lower case, NFC-composed. Terms that
// are already lower-case, as most words of a text are, are returned
// unchanged without allocating.
func turkishLower(term []byte) []byte {
	if isLowerASCII(term) {
		return term
	}
	if !norm.NFC.IsNormal(term) {
		term = norm.NFC.Bytes(term)
	}
	first := firstUnlike(term)
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
			// Keep stray bytes: dropping them would silently merge words.
			out = append(out, term[i])
			i++
			prev = r
			continue
		}
		i += size
		if r == '\u0307' && prev == 'i' {
			// "i̇" is what generic lower-casing makes of İ: the dot is redundant.
			continue
		}
		r = turkish.LowerRune(r)
		out = utf8.AppendRune(out, r)
		prev = r
	}
	return out
}

// firstUnlike returns the offset of the first rune that turkishLower
// would change, or of a combining dot above (which it may drop), or
// len(term) when there is neither. Stray bytes stay as they are.
func firstUnlike(term []byte) int {
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		if r == '\u0307' || (size > 1 || r < utf8.RuneSelf) && turkish.LowerRune(r) != r {
			return i
		}
		i += size
	}
	return len(term)
}

// isLowerASCII reports whether b holds only ASCII without capital letters.
func isLowerASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
