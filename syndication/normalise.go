package syndication

import (
	"strings"
	"unicode"

	"github.com/haberci/haberci/agency"
	"github.com/haberci/haberci/turkish"
)

// Words returns the normalised words of body: Turkish-folded (İ→i, ı→i, ş→s,
// â→a, …), split at anything that is not a letter or digit, without tokens
// made only of digits and without credit lines ("Kaynak: İHA", "(AA)",
// "Haber Merkezi"), which outlets add, drop or reword freely.
func Words(body string) []string {
	var words []string
	for line := range strings.Lines(body) {
		toks := strings.FieldsFunc(turkish.Fold(line), notWordRune)
		toks = dropNumbers(toks)
		if agency.CreditLine(toks) {
			continue
		}
		words = append(words, toks...)
	}
	return words
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// dropNumbers removes digits-only tokens in place: dates and figures are
// restyled between outlets ("31 Mart 2019" / "31.03.2019").
func dropNumbers(toks []string) []string {
	out := toks[:0]
	for _, t := range toks {
		if strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
			out = append(out, t)
		}
	}
	return out
}
