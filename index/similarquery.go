package index

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/turkish"
)

// similarQuery matches articles sharing at least similarMinMatch of the
// terms in title, lead or body, each weighted by its tf·idf relative to
// the heaviest, and never the article id itself. Each term is looked up in
// the folded text too, where it is found at the same places: that field's
// locations mark the snippets.
func similarQuery(id string, terms []weighted) query.Query {
	top := terms[0].weight
	var should []query.Query
	for _, t := range terms {
		fields := append(append([]boostedField{}, textFieldsTR...), boostedField{fTextF, 1})
		var qs []query.Query
		for _, f := range fields {
			term := t.term
			if f.name == fTextF {
				term = string(foldTerm([]byte(term), turkish.FoldRune))
			}
			q := query.NewTermQuery(term)
			q.SetField(f.name)
			q.SetBoost(f.boost * t.weight / top)
			qs = append(qs, q)
		}
		should = append(should, query.NewDisjunctionQuery(qs))
	}
	shared := query.NewDisjunctionQuery(should)
	shared.SetMin(float64(min(similarMinMatch, len(should))))
	return query.NewBooleanQuery([]query.Query{shared}, nil, []query.Query{query.NewDocIDQuery([]string{id})})
}
