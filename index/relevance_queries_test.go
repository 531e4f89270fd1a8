package index

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/haberci/haberci/turkish"
)

// relQuery is one query of the relevance suite with its judgements.
type relQuery struct {
	kind     string          // what it tests
	q        string          // as a user would type it
	relevant map[string]bool // ids of the relevant articles (1..10)
	forbid   func(relDoc) bool
}

// judge derives relevance judgements from the ground-truth words.
type judge struct {
	docs  []relDoc
	df    map[string]int
	vocab map[string]bool
}

func newJudge(docs []relDoc) *judge {
	j := &judge{docs: docs, df: map[string]int{}, vocab: map[string]bool{}}
	for _, d := range docs {
		for w := range d.words {
			j.df[w]++
			j.vocab[w] = true
		}
	}
	return j
}

// where returns the ids of the documents that satisfy pred.
func (j *judge) where(pred func(relDoc) bool) map[string]bool {
	out := map[string]bool{}
	for _, d := range j.docs {
		if pred(d) {
			out[d.art.ID] = true
		}
	}
	return out
}

// hasAll reports whether d holds every word.
func hasAll(d relDoc, words ...string) bool {
	for _, w := range words {
		if !d.words[w] {
			return false
		}
	}
	return true
}

// plainWord is a word of at least five letters and nothing else.
func plainWord(w string) bool {
	if utf8.RuneCountInString(w) < 5 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// words returns d's plain words from title and lead with a document
// frequency in [lo, hi], rarest first.
func (j *judge) words(d relDoc, lo, hi int) []string {
	var out []string
	for _, w := range gtWords(d.art.Title + " \n " + d.art.Lead) {
		if plainWord(w) && j.df[w] >= lo && j.df[w] <= hi && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return j.df[a] - j.df[b] })
	return out
}

// name reports whether w is written capitalised in d (a name, whose
// suffixes Turkish sets off with an apostrophe) and is the only word of
// the corpus that begins with its first five letters: stemming cannot
// widen a query for it, so the articles holding w are exactly the ones it
// should find.
func (j *judge) name(d relDoc, w string) bool {
	if !midSentence(d.art.Title+" \n "+d.art.Lead+" \n "+d.art.Body, title(w)) {
		return false
	}
	r := []rune(w)
	prefix := string(r[:5])
	for v := range j.vocab {
		if v != w && strings.HasPrefix(v, prefix) {
			return false
		}
	}
	return true
}

// midSentence reports whether word occurs after a letter or comma and a
// space: capitalised there, it is a name, not a sentence's first word.
func midSentence(text, word string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], word)
		if k < 0 {
			return false
		}
		i += k
		if i >= 2 && text[i-1] == ' ' {
			r, _ := utf8.DecodeLastRuneInString(text[:i-1])
			if unicode.IsLetter(r) || r == ',' {
				return true
			}
		}
		i += len(word)
	}
}

// upper, title and fold write a word the ways users type it.
func upper(w string) string { return strings.ToUpperSpecial(unicode.TurkishCase, w) }
func title(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return strings.ToUpperSpecial(unicode.TurkishCase, string(r)) + w[n:]
}
func fold(w string) string { return turkish.Fold(w) }

// locative is the apostrophe suffix a name takes for "in": 'da, 'de, 'ta, 'te
// by vowel harmony and the word's last sound.
func locative(w string) string {
	back := true
	for _, r := range w {
		if strings.ContainsRune("aıou", r) {
			back = true
		} else if strings.ContainsRune("eiöü", r) {
			back = false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(w)
	c := "d"
	if strings.ContainsRune("çfhkpsşt", last) {
		c = "t"
	}
	if back {
		return "'" + c + "a"
	}
	return "'" + c + "e"
}

// inflections are suffixes whose attested forms stand in for a word.
var inflections = []string{"ler", "lar", "leri", "ları", "lerin", "ların", "lerde", "larda", "de", "da", "den", "dan",
	"deki", "daki", "nin", "nın", "in", "ın", "si", "sı", "ye", "ya", "yi", "yı", "e", "a", "i", "ı"}

// inflected returns a form of w attested in the corpus but not in d.
func (j *judge) inflected(d relDoc, w string) (string, bool) {
	for _, s := range inflections {
		if f := w + s; j.vocab[f] && !d.words[f] {
			return f, true
		}
	}
	return "", false
}

// dateRange is the query text and test of a date: filter of days.
func dateRangeOf(from time.Time, days int) (string, func(time.Time) bool) {
	to := from.AddDate(0, 0, days)
	q := "date:" + from.Format("2006-01-02") + ".." + to.Format("2006-01-02")
	end := to.AddDate(0, 0, 1)
	return q, func(t time.Time) bool { return !t.Before(from) && t.Before(end) }
}
