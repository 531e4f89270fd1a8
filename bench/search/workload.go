package main

import (
	"hash/fnv"
	"slices"
	"strings"
	"unicode"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/turkish"
)

// workload is the queries each kind is measured with, taken from the
// corpus itself so every one has hits.
type workload struct {
	words   []string // single words from titles, in 20..1000 articles
	phrases []string // two consecutive title words, in 5..300 articles
	sources []string // per word: the source most of its articles come from
}

// titleWords splits a title into lower-case words of letters only.
func titleWords(title string) []string {
	f := strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range f {
		f[i] = turkish.Lower(w)
	}
	return f
}

// newWorkload picks n words and n phrases by document frequency in titles,
// in an order fixed by a hash of the text.
func newWorkload(corpus []*article.Article, n int) workload {
	wordDF, pairDF := map[string]int{}, map[string]int{}
	wordSrc := map[string]map[string]int{}
	for _, a := range corpus {
		ws := titleWords(a.Title)
		seen := map[string]bool{}
		for i, w := range ws {
			if len([]rune(w)) >= 5 && !seen[w] {
				seen[w] = true
				wordDF[w]++
				if wordSrc[w] == nil {
					wordSrc[w] = map[string]int{}
				}
				wordSrc[w][a.SourceID]++
			}
			if i > 0 && len([]rune(ws[i-1])) >= 4 && len([]rune(w)) >= 4 {
				p := ws[i-1] + " " + w
				if !seen[p] {
					seen[p] = true
					pairDF[p]++
				}
			}
		}
	}
	var wl workload
	wl.words = pick(wordDF, 20, 1000, n)
	wl.phrases = pick(pairDF, 5, 300, n)
	for _, w := range wl.words {
		best, bestN := "", 0
		for s, c := range wordSrc[w] {
			if c > bestN || (c == bestN && s < best) {
				best, bestN = s, c
			}
		}
		wl.sources = append(wl.sources, best)
	}
	return wl
}

// pick returns up to n keys of df with a count in [lo, hi], ordered by hash.
func pick(df map[string]int, lo, hi, n int) []string {
	var keys []string
	for k, c := range df {
		if c >= lo && c <= hi {
			keys = append(keys, k)
		}
	}
	hash := func(s string) uint64 { h := fnv.New64a(); h.Write([]byte(s)); return h.Sum64() }
	slices.SortFunc(keys, func(a, b string) int {
		ha, hb := hash(a), hash(b)
		switch {
		case ha < hb:
			return -1
		case ha > hb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys[:min(n, len(keys))]
}
