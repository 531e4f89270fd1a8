package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// storedFields are loaded for every hit: what Hit shows and the text the
// snippet is cut from.
var storedFields = []string{fURL, fTitle, fLead, fBody, fSource, fAgency, fPublished, fCluster}

// load reads the stored fields of the page's hits and, when q is not nil,
// where q matches in them, by searching those documents only: reading
// locations and stored text for every match, as one search would, cost
// more than the whole search of the page. It returns the hits by id.
func (ix *Index) load(ctx context.Context, q query.Query, hits []*search.DocumentMatch) (map[string]*search.DocumentMatch, error) {
	out := make(map[string]*search.DocumentMatch, len(hits))
	if len(hits) == 0 {
		return out, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	if q != nil {
		if err := ix.loadInto(ctx, query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}), len(ids), true, out); err != nil {
			return nil, err
		}
	}
	var missing []string // browsing, or replaced since by a version q does not match
	for _, id := range ids {
		if out[id] == nil {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		if err := ix.loadInto(ctx, query.NewDocIDQuery(missing), len(missing), false, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadInto runs q for its stored fields (and locations) into out by id.
func (ix *Index) loadInto(ctx context.Context, q query.Query, n int, locations bool, out map[string]*search.DocumentMatch) error {
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = storedFields
	req.IncludeLocations = locations
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("index: load hits: %w", err)
	}
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return nil
}
