package api

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/syndication"
)

// Copy is one outlet's copy of a story.
type Copy struct {
	ID          string  `json:"id"`
	Source      string  `json:"source"`
	URL         string  `json:"url"`
	Title       string  `json:"title"`
	PublishedAt Time    `json:"published_at"`
	FirstSeenAt Time    `json:"first_seen_at"`
	Similarity  float64 `json:"similarity"`
}

// CoverageResponse is GET /api/v1/articles/{id}/coverage's body.
type CoverageResponse struct {
	ClusterID string `json:"cluster_id"`
	Agency    string `json:"agency"`
	First     Copy   `json:"first"`
	Copies    []Copy `json:"copies"`
}

// coverage lists every copy of the article's story, oldest first, each with
// its similarity to the article asked about: the share of the shorter text's
// shingles found in the other (syndication.Similarity.Containment), 1 for
// the same normalised text.
func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	a, _, ok := s.load(w, r)
	if !ok {
		return
	}
	members, err := s.arch.ClusterMembers(r.Context(), a.ClusterID)
	if err != nil {
		s.fail(w, "coverage", err)
		return
	}
	if len(members) == 0 { // an article is always a member of its own cluster
		members = []*article.Article{a}
	}
	out := CoverageResponse{ClusterID: a.ClusterID, Copies: make([]Copy, 0, len(members))}
	switch c, err := s.arch.Cluster(r.Context(), a.ClusterID); {
	case err == nil:
		out.Agency = c.Agency
	case !errors.Is(err, archive.ErrNotFound):
		s.fail(w, "coverage", err)
		return
	}
	asked := syndication.Shingle(a.Body)
	for _, m := range members {
		out.Copies = append(out.Copies, Copy{ID: m.ID, Source: m.SourceID, URL: m.URL, Title: m.Title,
			PublishedAt: Time(m.PublishedAt), FirstSeenAt: Time(m.FirstSeenAt), Similarity: similarity(a, m, asked)})
		if out.Agency == "" {
			out.Agency = m.Agency
		}
	}
	out.First = out.Copies[0]
	if r.URL.Query().Get("format") == "csv" {
		writeCoverageCSV(w, out)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// similarity of copy m to article a (whose shingles are asked), rounded to
// three digits.
func similarity(a, m *article.Article, asked syndication.Shingles) float64 {
	if m.ID == a.ID || (a.ContentSHA256 != "" && m.ContentSHA256 == a.ContentSHA256) {
		return 1
	}
	c := syndication.Compare(asked, syndication.Shingle(m.Body)).Containment
	return float64(int(c*1000+0.5)) / 1000
}

func writeCoverageCSV(w http.ResponseWriter, c CoverageResponse) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"cluster_id", "agency", "id", "source", "url", "title", "published_at", "first_seen_at", "similarity"})
	for _, cp := range c.Copies {
		_ = cw.Write([]string{c.ClusterID, c.Agency, cp.ID, cp.Source, cp.URL, cp.Title,
			csvTime(cp.PublishedAt), csvTime(cp.FirstSeenAt), strconv.FormatFloat(cp.Similarity, 'f', 3, 64)})
	}
	cw.Flush()
}

func csvTime(t Time) string {
	if time.Time(t).IsZero() {
		return ""
	}
	return time.Time(t).UTC().Format(time.RFC3339)
}
