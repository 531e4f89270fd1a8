package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrNoDocument is returned by Similar when the id is not indexed.
var ErrNoDocument = errors.New("index: no such document")

// Bounds of a more-like-this query.
const (
	similarTerms     = 20  // distinctive terms the query is built from
	similarCandidate = 200 // most frequent terms whose rarity is looked up
	similarMinMatch  = 2   // terms another article must share
)

// Similar returns up to size (default DefaultSize, at most MaxSize) other
// articles like the one with id: it takes the document's most distinctive
// terms (frequent in it, rare in the index: tf·idf over title, lead and
// body, the title counted thrice) and searches for articles sharing at
// least two of them, weighted, titles first. Snippets mark the shared words.
func (ix *Index) Similar(ctx context.Context, id string, size int) (*Result, error) {
	if size == 0 {
		size = DefaultSize
	}
	if size < 1 || size > MaxSize {
		return nil, &ParamError{"size", fmt.Sprintf("must be a whole number from 1 to %d", MaxSize)}
	}
	start := time.Now()
	title, lead, body, err := ix.storedText(ctx, id)
	if err != nil {
		return nil, err
	}
	terms, err := ix.distinctiveTerms(ctx, title, lead, body)
	if err != nil {
		return nil, err
	}
	out := &Result{Hits: []Hit{}, Facets: emptyFacets()}
	if len(terms) == 0 {
		out.Took = time.Since(start)
		return out, nil
	}
	q := similarQuery(id, terms)
	page, err := ix.fetch(ctx, q, order{name: SortRelevance}, nil, 0, size, false)
	if err != nil {
		return nil, err
	}
	loaded, err := ix.load(ctx, q, page.hits)
	if err != nil {
		return nil, err
	}
	out.Total = page.total
	for _, h := range page.hits {
		out.Hits = append(out.Hits, toHit(h, loaded[h.ID]))
	}
	out.Took = time.Since(start)
	return out, nil
}

// storedText loads the stored title, lead and body of id.
func (ix *Index) storedText(ctx context.Context, id string) (title, lead, body string, err error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{fTitle, fLead, fBody}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return "", "", "", fmt.Errorf("index: similar %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return "", "", "", fmt.Errorf("%w: %s", ErrNoDocument, id)
	}
	s := func(f string) string { v, _ := res.Hits[0].Fields[f].(string); return v }
	return s(fTitle), s(fLead), s(fBody), nil
}

// weighted is a term and its tf·idf weight.
type weighted struct {
	term   string
	weight float64
}

// distinctiveTerms analyses the text as the tr fields are and returns the
// similarTerms terms with the highest tf·idf, leaving out terms no other
// article has. Document frequencies come from the index's postings.
func (ix *Index) distinctiveTerms(ctx context.Context, title, lead, body string) ([]weighted, error) {
	a := ix.im.AnalyzerNamed(AnalyzerTR)
	tf := map[string]float64{}
	for _, part := range []struct {
		text   string
		weight float64
	}{{title, 3}, {lead, 1}, {body, 1}} {
		for _, tok := range a.Analyze([]byte(part.text)) {
			if len([]rune(string(tok.Term))) >= 2 {
				tf[string(tok.Term)] += part.weight
			}
		}
	}
	cands := make([]weighted, 0, len(tf))
	for t, n := range tf {
		cands = append(cands, weighted{t, n})
	}
	byWeight(cands)
	cands = cands[:min(len(cands), similarCandidate)]

	r, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: similar: %w", err)
	}
	reader, err := r.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: similar: %w", err)
	}
	defer reader.Close()
	n, err := reader.DocCount()
	if err != nil {
		return nil, fmt.Errorf("index: similar: %w", err)
	}
	// docFreq is how many articles hold term in their title, lead or body.
	docFreq := func(term string) (uint64, error) {
		tfr, err := reader.TermFieldReader(ctx, []byte(term), fText, false, false, false)
		if err != nil {
			return 0, fmt.Errorf("index: similar: %w", err)
		}
		df := tfr.Count()
		if err := tfr.Close(); err != nil {
			return 0, fmt.Errorf("index: similar: %w", err)
		}
		return df, nil
	}
	var out []weighted
	for _, c := range cands {
		df, err := docFreq(c.term)
		if err != nil {
			return nil, err
		}
		if df > 1 { // 1: only the article itself
			// Smoothed idf: stays positive when every article holds the term
			// (a small archive), where log(n/df) = 0 would zero every boost.
			out = append(out, weighted{c.term, c.weight * math.Log1p(float64(n)/float64(df))})
		}
	}
	byWeight(out)
	return out[:min(len(out), similarTerms)], nil
}

// byWeight sorts heaviest first, ties by term for a stable query.
func byWeight(ws []weighted) {
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].weight != ws[j].weight {
			return ws[i].weight > ws[j].weight
		}
		return ws[i].term < ws[j].term
	})
}
