package index

import (
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// toDoc turns an article into the field map Bleve indexes. Empty values are
// left out so they neither match nor appear in facets. The id is Bleve's
// document id; what no query reads (first seen, language) is left out.
func toDoc(a *article.Article) map[string]interface{} {
	d := make(map[string]interface{}, 16)
	put := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	put(fURL, a.URL)
	put(fTitle, a.Title)
	put(fLead, a.Lead)
	put(fBody, a.Body)
	if a.Title != "" || a.Lead != "" || a.Body != "" {
		// One array, so positions restart per part and a phrase never
		// spans two parts; a hit's location says which part it is in.
		// The body comes first: Bleve merges each later part's term
		// frequencies into the first one's, and the body's are by far
		// the largest (bench/pipeline profile: that merge took 0.05 CPU s
		// per 2,000 articles instead of 0.37 with the title first).
		d[fText] = []string{a.Body, a.Title, textLead(a)}
	}
	put(fSource, a.SourceID)
	put(fAgency, a.Agency)
	put(fCluster, a.ClusterID)
	if len(a.Authors) > 0 {
		d[fAuthors] = a.Authors
	}
	if !a.PublishedAt.IsZero() {
		d[fPublished] = a.PublishedAt.UTC()
	}
	if f := facetValues(a); len(f) > 0 {
		d[fFacets] = f
	}
	d[fSortKey] = sortKey(sortTime(a))
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

// facetValues are what the facets count of an article, in one field so
// that counting reads one doc value per match: its source, its agency and
// its publication day, each behind its facet's prefix.
func facetValues(a *article.Article) []string {
	var out []string
	if a.SourceID != "" {
		out = append(out, prefixSource+a.SourceID)
	}
	if a.Agency != "" {
		out = append(out, prefixAgency+a.Agency)
	}
	if !a.PublishedAt.IsZero() {
		out = append(out, prefixDay+a.PublishedAt.UTC().Format(time.DateOnly))
	}
	return out
}

// textLead is the lead as the combined text field holds it: left out when
// the body opens with it, as it often does (a feed's description or the
// page's standfirst is its first paragraph), so that its words are neither
// indexed nor counted twice. The lead field still holds it.
func textLead(a *article.Article) string {
	if strings.HasPrefix(a.Body, a.Lead) {
		return ""
	}
	return a.Lead
}
