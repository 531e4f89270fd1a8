package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"
)

// kind is one kind of request the clients send, with its share of them.
type kind struct {
	name   string
	weight int
	path   func(v *vocab, r *rand.Rand) string
}

// kinds is the request mix: mostly searches of every query form the
// design promises, a few article fetches.
var kinds = []kind{
	{"word", 20, func(v *vocab, r *rand.Rand) string { return search(url.Values{"q": {one(r, v.words)}}) }},
	{"inflected", 12, func(v *vocab, r *rand.Rand) string { return search(url.Values{"q": {one(r, v.inflected)}}) }},
	{"folded", 12, func(v *vocab, r *rand.Rand) string { return search(url.Values{"q": {one(r, v.folded)}}) }},
	{"phrase", 12, func(v *vocab, r *rand.Rand) string {
		return search(url.Values{"q": {`"` + one(r, v.phrases) + `"`}})
	}},
	{"two-words", 8, func(v *vocab, r *rand.Rand) string {
		return search(url.Values{"q": {one(r, v.words) + " " + one(r, v.words)}})
	}},
	{"filtered", 10, func(v *vocab, r *rand.Rand) string {
		w := one(r, v.words)
		from := dateBase.AddDate(r.IntN(7), 0, 0)
		return search(url.Values{"q": {w}, "source": {v.sourceOf[w]},
			"from": {from.Format(time.DateOnly)}, "to": {from.AddDate(3, 0, 0).Format(time.DateOnly)}})
	}},
	{"newest", 10, func(v *vocab, r *rand.Rand) string {
		return search(url.Values{"q": {one(r, v.words)}, "sort": {"newest"}})
	}},
	{"agency+page2", 6, func(v *vocab, r *rand.Rand) string {
		return search(url.Values{"q": {one(r, v.words)}, "agency": {one(r, agencies[:4])}, "page": {"2"}})
	}},
	{"browse-facets", 5, func(v *vocab, r *rand.Rand) string {
		return search(url.Values{"sort": {"newest"}, "source": {sourceID(one(r, categories))}})
	}},
	{"article", 5, func(v *vocab, r *rand.Rand) string { return "/api/v1/articles/" + one(r, v.ids) }},
}

// pageKinds are the web pages' requests, added to the mix with -pages so
// that the API's kinds, in the same run, are their baseline: the search
// page does the API's search plus the source list, the story counts and
// the rendering.
var pageKinds = []kind{
	{"page: word", 20, func(v *vocab, r *rand.Rand) string { return page(url.Values{"q": {one(r, v.words)}}) }},
	{"page: folded", 10, func(v *vocab, r *rand.Rand) string { return page(url.Values{"q": {one(r, v.folded)}}) }},
	{"page: filtered", 10, func(v *vocab, r *rand.Rand) string {
		w := one(r, v.words)
		from := dateBase.AddDate(r.IntN(7), 0, 0)
		return page(url.Values{"q": {w}, "source": {v.sourceOf[w]},
			"from": {from.Format(time.DateOnly)}, "to": {from.AddDate(3, 0, 0).Format(time.DateOnly)}})
	}},
	{"page: one per story", 10, func(v *vocab, r *rand.Rand) string {
		return page(url.Values{"q": {one(r, v.words)}, "collapse": {"story"}})
	}},
	{"page: browse", 5, func(v *vocab, r *rand.Rand) string { return page(url.Values{}) }},
	{"page: article", 5, func(v *vocab, r *rand.Rand) string { return "/articles/" + one(r, v.ids) }},
}

func page(q url.Values) string { return "/search?" + q.Encode() }

// categories are the 42bin corpus's categories (its SOURCE.md).
var categories = []string{"dunya", "ekonomi", "genel", "guncel", "kultur-sanat", "magazin", "planet",
	"saglik", "siyaset", "spor", "teknoloji", "turkiye", "yasam"}

func search(q url.Values) string { return "/api/v1/search?" + q.Encode() }

func one(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// draw picks a kind by weight.
func draw(r *rand.Rand) int {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	n := r.IntN(total)
	for i, k := range kinds {
		if n < k.weight {
			return i
		}
		n -= k.weight
	}
	return len(kinds) - 1
}

// checkVocab fails when a kind would have nothing to draw from.
func checkVocab(v *vocab) error {
	for name, xs := range map[string][]string{"words": v.words, "inflected": v.inflected,
		"folded": v.folded, "phrases": v.phrases, "ids": v.ids} {
		if len(xs) == 0 {
			return fmt.Errorf("load: the corpus gave no %s for queries", name)
		}
	}
	return nil
}
