package syndication

import (
	"strings"
	"unicode"

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
		if isCredit(toks) {
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

// creditWords start a credit line (folded forms).
var creditWords = map[string]bool{"kaynak": true, "kaynagi": true, "foto": true, "fotograf": true,
	"haber": true, "muhabir": true, "editor": true, "source": true, "credit": true}

// agencyWords are agency names as folded tokens.
var agencyWords = map[string]bool{"iha": true, "aa": true, "dha": true, "anka": true, "una": true, "bha": true,
	"afp": true, "ap": true, "reuters": true, "sputnik": true, "xinhua": true, "anadolu": true, "ajansi": true,
	"ihlas": true, "demiroren": true, "dogan": true, "haber": true, "merkezi": true, "agency": true}

// isCredit reports a short line that only credits its source: it starts
// with a credit word or consists of agency names.
func isCredit(toks []string) bool {
	if len(toks) == 0 || len(toks) > 6 {
		return false
	}
	if creditWords[toks[0]] && len(toks) <= 4 {
		return true
	}
	for _, t := range toks {
		if !agencyWords[t] {
			return false
		}
	}
	return true
}
