package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/haberci/haberci/watch"
)

// writeMatchesCSV writes a watch's matches as CSV, every cell through
// csvCell.
func writeMatchesCSV(w http.ResponseWriter, views []watch.View) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"article_id", "url", "source", "title", "published_at", "first_seen_at", "similarity", "relation",
		"agency", "credited", "removed_at", "headline_changed", "original_title", "kept", "intro", "copies"})
	for _, v := range views {
		row := []string{v.ArticleID, v.URL, v.Source, v.Title, csvTime(Time(v.PublishedAt)), csvTime(Time(v.FirstSeenAt)),
			strconv.FormatFloat(v.Similarity, 'f', 3, 64), v.Relation, v.Agency, strconv.FormatBool(v.Credited),
			csvTime(Time(v.RemovedAt)), strconv.FormatBool(v.HeadlineChanged), v.OriginalTitle,
			strconv.FormatFloat(v.Kept, 'f', 3, 64), strconv.FormatBool(v.Intro), strconv.Itoa(v.Copies)}
		for i := range row {
			row[i] = csvCell(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
}

// csvCell defuses a cell a spreadsheet would run as a formula (OWASP CSV
// injection): one starting with =, +, -, @, a tab or a carriage return
// gets a leading apostrophe. Titles come from crawled pages, so anyone
// can write them. Numbers that are only negative stay numbers.
func csvCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
