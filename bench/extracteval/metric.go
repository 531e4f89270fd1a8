package extracteval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// PageScore is the token overlap of one page, as in the benchmark's
// evaluate.py: true and false positives and false negatives of a multiset.
type PageScore struct {
	Name       string
	TP, FP, FN int
}

// Precision follows evaluate.py: two empty texts agree fully.
func (s PageScore) Precision() float64 {
	if s.FP == 0 && s.FN == 0 {
		return 1
	}
	if s.TP+s.FP == 0 {
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall follows evaluate.py: two empty texts agree fully.
func (s PageScore) Recall() float64 {
	if s.FP == 0 && s.FN == 0 {
		return 1
	}
	if s.TP+s.FN == 0 {
		return 0
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// F1 is the harmonic mean of Precision and Recall.
func (s PageScore) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Compare counts the overlap of two token multisets.
func Compare(name string, want, got []string) PageScore {
	counts := map[string]int{}
	for _, t := range want {
		counts[t]++
	}
	s := PageScore{Name: name}
	for _, t := range got {
		if counts[t] > 0 {
			counts[t]--
			s.TP++
		} else {
			s.FP++
		}
	}
	for _, c := range counts {
		s.FN += c
	}
	return s
}

// WordTokens are the lower-cased words of text.
func WordTokens(text string) []string { return words(strings.ToLower(text)) }

// ShingleTokens are the case-kept 4-word shingles of text, the tokens of
// evaluate.py, which the benchmark's published baselines use.
func ShingleTokens(text string) []string { return ngrams(words(text), 4) }

// words splits NFC text at every rune that is not a letter, digit, mark
// or "_" (the \w+ of evaluate.py).
func words(text string) []string {
	return strings.FieldsFunc(norm.NFC.String(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && !unicode.Is(unicode.Mn, r)
	})
}

// ngrams joins each run of n words; a text shorter than n is one token.
func ngrams(ws []string, n int) []string {
	var out []string
	for i := 0; i < max(1, len(ws)-n+1); i++ {
		if i < len(ws) {
			out = append(out, strings.Join(ws[i:min(i+n, len(ws))], " "))
		}
	}
	return out
}
