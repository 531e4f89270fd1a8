package api

import "context"

// With collapse=story a search returns one hit per story (cluster of
// syndicated copies), its best-ranked match, across pages: page N and the
// next cursor continue with the next stories, and a story never comes back
// (the index reads the matches best first, up to index.MaxCollapseScan of
// them). The response's "collapse" object says how that went: "matches"
// before collapsing, "scanned" matches read or counted, and "exact" when all were
// counted, so that "total" counts stories. Past the cap, "total" counts
// matches and stories whose best match ranks later are not returned.

// countCopies sets each story hit's copies: the size of its cluster in the
// archive, every copy archived whether or not it matched; 1 for an article
// not clustered yet.
func (s *Server) countCopies(ctx context.Context, hits []Hit) error {
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		if h.ClusterID != "" {
			ids = append(ids, h.ClusterID)
		}
	}
	sizes, err := s.arch.ClusterSizes(ctx, ids)
	if err != nil {
		return err
	}
	for i := range hits {
		hits[i].Copies = max(1, sizes[hits[i].ClusterID])
	}
	return nil
}
