package index

import (
	"github.com/blevesearch/bleve/v2/search/query"
)

// similarQuery matches articles sharing at least similarMinMatch of the
// terms in title, lead or body, each weighted by its tf·idf relative to
// the heaviest, and never the article id itself.
func similarQuery(id string, terms []weighted) query.Query {
	top := terms[0].weight
	var should []query.Query
	for _, t := range terms {
		var qs []query.Query
		for _, f := range textFields {
			q := query.NewTermQuery(t.term)
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
