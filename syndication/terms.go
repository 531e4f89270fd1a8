package syndication

import (
	"slices"
	"unicode/utf8"
)

// A rewrite of a release (a reporter's own sentences about the same item)
// shares few four-word shingles with it but most of its content words:
// names, places, figures' units, the event's nouns. Terms is that word set,
// and RewriteThreshold the containment above which two texts are one
// release rewritten; see rewrite_test.go for how it was measured.

// termPrefix is how many letters of a word make its term: Turkish suffixes
// follow the stem ("belediyesi", "belediyemiz" → "beled"), and five
// letters keep most stems apart.
const termPrefix = 5

// minTermLetters drops short words: mostly suffix-less function words.
const minTermLetters = 4

// MinTerms is the smallest term set judged for a rewrite.
const MinTerms = 20

// The rewrite rule, measured on real text (rewrite_test.go,
// realpairs_test.go): two texts that are not copies (Same) are one release
// rewritten when they still share RewriteShared of the shorter's shingles
// (a quote, a name with its title: a reporter keeps some) and RewriteTerms
// of its terms.
const (
	RewriteShared = 0.12
	RewriteTerms  = 0.4
)

// termsAloneOff disables rewriteRule's terms-only branch: a containment
// never reaches it. Measured on hand-labelled real pairs, a terms-only
// branch (say, 75 % of the shorter's terms, no shingle needed) found more
// independent reports of one event but called as many more reports of
// other events (league tables of other weeks, tournament days) rewrites;
// see TestRealRewrites.
const termsAloneOff = 2

// stopTerms are the prefixes of frequent long function words, which every
// text shares.
var stopTerms = map[string]bool{
	"olara": true, "ancak": true, "daha": true, "gibi": true, "icin": true, "kadar": true, "sonra": true,
	"once": true, "bunun": true, "olan": true, "oldu": true, "olduk": true, "veya": true, "degil": true,
	"diye": true, "gore": true, "ayri": true, "ettig": true, "etti": true, "eden": true,
	"yapil": true, "yapt": true, "yapa": true, "ilgil": true, "uzere": true, "karsi": true, "baska": true,
	"taraf": true, "bunla": true, "bura": true, "buyuk": true, "olmas": true, "sekil": true,
	"bulun": true, "belir": true, "ifade": true, "kendi": true, "diger": true, "neden": true,
	"ayni": true, "simdi": true, "artik": true, "hemen": true, "birli": true, "arasi": true,
	"sadec": true, "yeni": true, "ekled": true, "dedi": true, "soyle": true, "soyl": true, "konus": true,
}

// Terms returns the hashed term set of body: its normalised words (Words)
// of at least four letters, cut to five, without the stop terms.
func Terms(body string) Shingles {
	return TermsOf(Words(body))
}

// TermsOf is Terms of a body's words (Words), for a caller that shingles
// them too (FromWords): the body is then normalised once.
func TermsOf(words []string) Shingles {
	var out Shingles
	for _, w := range words {
		if utf8.RuneCountInString(w) < minTermLetters {
			continue
		}
		t := w
		if n := prefixBytes(w, termPrefix); n < len(w) {
			t = w[:n]
		}
		if stopTerms[t] {
			continue
		}
		out = append(out, hashString(t))
		if len(out) == MaxShingles {
			break
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// prefixBytes is the byte length of s's first n runes.
func prefixBytes(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// Rewritten reports whether two texts, given as shingles (Shingle) and
// terms (Terms), are long enough to judge and one release rewritten. The
// Similarity is of the shingles, for comparison with Same's.
func Rewritten(shA, shB, termsA, termsB Shingles) (Similarity, bool) {
	return rewriteRule{RewriteShared, RewriteTerms, termsAloneOff}.rewritten(shA, shB, termsA, termsB)
}

// rewriteRule holds the rewrite rule's thresholds, so that tests can
// measure other settings: a pair is a rewrite when it shares shared of the
// shorter's shingles and terms of its terms, or termsAlone of its terms.
type rewriteRule struct{ shared, terms, termsAlone float64 }

func (r rewriteRule) rewritten(shA, shB, termsA, termsB Shingles) (Similarity, bool) {
	s := Compare(shA, shB)
	if len(termsA) < MinTerms || len(termsB) < MinTerms || len(shA) < MinShingles || len(shB) < MinShingles {
		return s, false
	}
	terms := Compare(termsA, termsB).Containment
	return s, terms >= r.termsAlone || (s.Containment >= r.shared && terms >= r.terms)
}

// TermRows is the rows per band of a term signature's bands (TermBands):
// fewer than RowsPerBand, because a rewrite's term sets overlap less than
// a copy's shingle sets (Jaccard 0.35 meets with probability 0.84).
const TermRows = 3

// NumTermBands is how many bands TermBands returns.
const NumTermBands = NumHashes / TermRows

// TermBands returns the LSH band keys of a term signature (Sign(Terms)):
// NumTermBands bands of TermRows rows. An empty signature has none.
func TermBands(s *Signature) []uint64 {
	return s.bands(TermRows, 0x7e4d)
}
