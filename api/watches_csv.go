package api

import (
	"net/http"
	"strconv"

	"github.com/haberci/haberci/csvsafe"
	"github.com/haberci/haberci/watch"
)

// writeMatchesCSV writes a watch's matches as CSV (csvsafe: formulas
// defused).
func writeMatchesCSV(w http.ResponseWriter, views []watch.View) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"article_id", "url", "source", "title", "published_at", "first_seen_at", "similarity", "relation",
		"agency", "credited", "removed_at", "headline_changed", "original_title", "kept", "intro", "copies"})
	for _, v := range views {
		row := []string{v.ArticleID, v.URL, v.Source, v.Title, csvsafe.Time(v.PublishedAt), csvsafe.Time(v.FirstSeenAt),
			strconv.FormatFloat(v.Similarity, 'f', 3, 64), v.Relation, v.Agency, strconv.FormatBool(v.Credited),
			csvsafe.Time(v.RemovedAt), strconv.FormatBool(v.HeadlineChanged), v.OriginalTitle,
			strconv.FormatFloat(v.Kept, 'f', 3, 64), strconv.FormatBool(v.Intro), strconv.Itoa(v.Copies)}
		_ = cw.Write(row)
	}
	cw.Flush()
}
