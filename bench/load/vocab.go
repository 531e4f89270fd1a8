package main

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strings"
	"unicode"

	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/turkish"
)

// Bounds of what the vocabulary keeps, so that memory stays small.
const (
	maxTerms    = 200 // per query kind
	maxIDs      = 500 // article ids for GET /articles/{id}
	siteStories = 600 // corpus files held back for the local site
)

// vocab is the corpus's material for the clients' queries: every term is
// taken from titles, so queries have hits.
type vocab struct {
	words     []string // lower-case title words, in 20..1000 titles
	inflected []string // surface forms with an apostrophe suffix: Türkiye'nin
	folded    []string // words with Turkish letters, folded to ASCII
	phrases   []string // two consecutive title words
	sourceOf  map[string]string
	ids       []string // ids of prepared articles (copy 0)
	stories   []doc    // for the local site
}

// vocabBuilder counts title terms while the corpus streams past.
type vocabBuilder struct {
	wordDF, pairDF, aposDF map[string]int
	sourceOf               map[string]string
	v                      vocab
	seen, archived         int // files seen; how many of the first are archived
}

// newVocabBuilder counts terms; ids are drawn from the first archived
// files only (copy 0 of each is in the archive).
func newVocabBuilder(archived int) *vocabBuilder {
	return &vocabBuilder{wordDF: map[string]int{}, pairDF: map[string]int{}, aposDF: map[string]int{},
		sourceOf: map[string]string{}, archived: archived}
}

// add counts one corpus file.
func (b *vocabBuilder) add(d doc) {
	b.seen++
	if b.seen%83 == 0 && b.seen <= b.archived && len(b.v.ids) < maxIDs {
		b.v.ids = append(b.v.ids, canon.ID(canonicalURL(d, 0)))
	}
	if b.seen%61 == 0 && len(b.v.stories) < siteStories {
		b.v.stories = append(b.v.stories, d)
	}
	ws := strings.Fields(d.title)
	var prev string
	for _, raw := range ws {
		if strings.ContainsAny(raw, "'’") && len([]rune(raw)) >= 6 && isWord(raw) {
			b.aposDF[raw]++
		}
		w := turkish.Lower(strings.Trim(raw, ".,:;!?\"()"))
		if !isWord(w) {
			prev = ""
			continue
		}
		if len([]rune(w)) >= 5 {
			b.wordDF[w]++
			if _, ok := b.sourceOf[w]; !ok {
				b.sourceOf[w] = sourceID(d.category)
			}
		}
		if prev != "" && len([]rune(prev)) >= 4 && len([]rune(w)) >= 4 {
			b.pairDF[prev+" "+w]++
		}
		prev = w
	}
}

// isWord says whether s is letters, optionally with one apostrophe.
func isWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) < 0
}

// done picks the terms by document frequency, in an order fixed by hash.
func (b *vocabBuilder) done() vocab {
	v := b.v
	v.sourceOf = map[string]string{}
	v.words = pick(b.wordDF, 20, 1000)
	for _, w := range v.words {
		v.sourceOf[w] = b.sourceOf[w]
	}
	v.inflected = pick(b.aposDF, 5, 1000)
	v.phrases = pick(b.pairDF, 5, 300)
	for _, w := range pick(b.wordDF, 10, 1000) {
		if f := turkish.Fold(w); f != w && len(v.folded) < maxTerms {
			v.folded = append(v.folded, f)
		}
	}
	return v
}

// pick returns up to maxTerms keys of df with a count in [lo, hi], ordered
// by hash so that the choice is stable and spread over the alphabet.
func pick(df map[string]int, lo, hi int) []string {
	var keys []string
	for k, c := range df {
		if c >= lo && c <= hi {
			keys = append(keys, k)
		}
	}
	hash := func(s string) uint64 { h := fnv.New64a(); h.Write([]byte(s)); return h.Sum64() }
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(hash(a), hash(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys[:min(maxTerms, len(keys))]
}
