package main

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/canon"
)

// agencies are spread over the prepared articles by hash, so that agency
// filters and facets have a few values (the corpus has no credit lines).
var agencies = []string{"AA", "DHA", "İHA", "ANKA", ""}

// Prepared articles get publication dates over ten years from dateBase.
var (
	dateBase = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	dateSpan = 10 * 365 * 24 * time.Hour
)

// archiveHost names the made-up site the prepared articles come from; it
// is never contacted.
const archiveHost = "https://arsiv.example.org"

// canonicalURL is copy k of a corpus file's address: copy 0 is the file
// itself, later copies (to reach N beyond the corpus) get their own path.
func canonicalURL(d doc, k int) string {
	if k == 0 {
		return fmt.Sprintf("%s/milliyet/%s/%s", archiveHost, d.category, d.num)
	}
	return fmt.Sprintf("%s/k%d/milliyet/%s/%s", archiveHost, k, d.category, d.num)
}

// sourceID is the archive source of a corpus category.
func sourceID(category string) string { return "milliyet-" + category }

// newArticle dresses copy k of d as an archived article, as the crawler
// would hand it to the archive (id = hash of the canonical URL).
func newArticle(d doc, k int) *article.Article {
	u := canonicalURL(d, k)
	h := fnv.New64a()
	h.Write([]byte(u))
	sum := h.Sum64()
	return &article.Article{
		ID:           canon.ID(u),
		SourceID:     sourceID(d.category),
		URL:          u,
		CanonicalURL: u,
		Title:        d.title,
		Lead:         d.lead,
		Body:         d.body,
		Language:     "tr",
		Agency:       agencies[sum%uint64(len(agencies))],
		PublishedAt:  dateBase.Add(time.Duration(sum>>8) % dateSpan).Truncate(time.Second),
	}
}
