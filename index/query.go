package index

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// boostedField is a field searched for words, with its query-time boost.
type boostedField struct {
	name  string
	boost float64
}

// textFields are searched for unprefixed words: the combined text (title,
// lead and body), and the title and lead again, so that they weigh more.
var textFields = []boostedField{{fTitle, 2}, {fLead, 1}, {fText, 1}}

// queryBuilder turns a parsed query into a Bleve query, analysing words
// itself so it can drop stop words instead of matching nothing.
type queryBuilder struct {
	tr, folded analysis.Analyzer
	widen      bool  // words also match the words derived from them (derivedQuery)
	widenable  *bool // set when widen would add to some word; may be nil
	stops      bool  // a stop word is looked up as written, not dropped
}

// exact is b without widening: an excluded word excludes itself, not the
// words derived from it.
func (b queryBuilder) exact() queryBuilder {
	b.widen, b.widenable = false, nil
	return b
}

// build returns the query for n, or nil when n constrains nothing (stop
// words only). A *notNode comes back wrapped as match-all-but.
func (b queryBuilder) build(n node) query.Query {
	switch n := n.(type) {
	case *termNode:
		return b.term(n)
	case *dateNode:
		return n.query()
	case *notNode:
		child := b.exact().build(n.child)
		if child == nil {
			return nil
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{child})
	case *orNode:
		var qs []query.Query
		for _, c := range n.children {
			if q := b.build(c); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil
		}
		return query.NewDisjunctionQuery(qs)
	case *andNode:
		return b.and(n)
	}
	return nil
}

// and needs every positive child and excludes every negated one.
func (b queryBuilder) and(n *andNode) query.Query {
	var must, mustNot []query.Query
	for _, c := range n.children {
		if not, ok := c.(*notNode); ok {
			if q := b.exact().build(not.child); q != nil {
				mustNot = append(mustNot, q)
			}
		} else if q := b.build(c); q != nil {
			must = append(must, q)
		}
	}
	switch {
	case len(must) == 0 && len(mustNot) == 0:
		return nil
	case len(mustNot) == 0 && len(must) == 1:
		return must[0]
	case len(must) == 0:
		must = []query.Query{query.NewMatchAllQuery()}
	}
	return query.NewBooleanQuery(must, nil, mustNot)
}

// term builds the query for one word or phrase.
func (b queryBuilder) term(n *termNode) query.Query {
	switch n.field {
	case "source":
		return exactAny(fSource, n.text, strings.ToLower(n.text))
	case "agency":
		return exactAny(fAgency, n.text, strings.ToUpperSpecial(unicode.TurkishCase, n.text),
			strings.ToLowerSpecial(unicode.TurkishCase, n.text))
	case "title":
		return b.text(n.text, []boostedField{{fTitle, 1}})
	case "author":
		return b.text(n.text, []boostedField{{fAuthorsT, 1}})
	}
	return b.text(n.text, textFields)
}

// exactAny matches field values equal to any of vals (keyword fields).
func exactAny(field string, vals ...string) query.Query {
	var qs []query.Query
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[v] {
			continue
		}
		seen[v] = true
		t := query.NewTermQuery(v)
		t.SetField(field)
		qs = append(qs, t)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}
