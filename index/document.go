package index

import (
	"time"

	"github.com/haberci/haberci/article"
)

// toDoc turns an article into the field map Bleve indexes. Empty values are
// left out so they neither match nor appear in facets.
func toDoc(a *article.Article) map[string]interface{} {
	d := make(map[string]interface{}, 16)
	d[fID] = a.ID
	put := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	put(fURL, a.URL)
	put(fTitle, a.Title)
	put(fLead, a.Lead)
	put(fBody, a.Body)
	put(fSource, a.SourceID)
	put(fAgency, a.Agency)
	put(fCluster, a.ClusterID)
	put(fLanguage, a.Language)
	if len(a.Authors) > 0 {
		d[fAuthors] = a.Authors
	}
	if !a.PublishedAt.IsZero() {
		d[fPublished] = a.PublishedAt.UTC()
	}
	if !a.FirstSeenAt.IsZero() {
		d[fFirstSeen] = a.FirstSeenAt.UTC()
	}
	d[fSortTime] = sortTime(a)
	return d
}

// sortTime is the date an article sorts by: published, else first seen,
// else the Unix epoch. Every document has one, so date sorts and cursors
// never meet a missing value.
func sortTime(a *article.Article) time.Time {
	switch {
	case !a.PublishedAt.IsZero():
		return a.PublishedAt.UTC()
	case !a.FirstSeenAt.IsZero():
		return a.FirstSeenAt.UTC()
	}
	return time.Unix(0, 0).UTC()
}
