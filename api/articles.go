package api

import (
	"errors"
	"net/http"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// ArticleResponse is GET /api/v1/articles/{id}'s body.
type ArticleResponse struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Source       string    `json:"source"`
	Title        string    `json:"title"`
	Lead         string    `json:"lead"`
	Body         string    `json:"body"`
	Authors      []string  `json:"authors"`
	PublishedAt  Time      `json:"published_at"`
	FirstSeenAt  Time      `json:"first_seen_at"`
	UpdatedAt    Time      `json:"updated_at"` // a revisit saw the text change; null until then
	RemovedAt    Time      `json:"removed_at"` // a revisit got 404/410; null until then
	Language     string    `json:"language"`
	Agency       string    `json:"agency"`
	Image        string    `json:"image,omitempty"`
	ClusterID    string    `json:"cluster_id"`
	Captures     []Capture `json:"captures"`
}

// Capture is one archived HTTP response on the wire.
type Capture struct {
	URL         string `json:"url"`
	FetchedAt   Time   `json:"fetched_at"`
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
	WARCFile    string `json:"warc_file"`
	Offset      int64  `json:"offset"`
	Length      int64  `json:"length"`
	Digest      string `json:"digest"`
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	a, caps, ok := s.load(w, r)
	if !ok {
		return
	}
	out := ArticleResponse{ID: a.ID, URL: a.URL, CanonicalURL: a.CanonicalURL, Source: a.SourceID, Title: a.Title,
		Lead: a.Lead, Body: a.Body, Authors: a.Authors, PublishedAt: Time(a.PublishedAt), FirstSeenAt: Time(a.FirstSeenAt),
		UpdatedAt: Time(a.UpdatedAt), RemovedAt: Time(a.RemovedAt), Language: a.Language, Agency: a.Agency, Image: a.Image, ClusterID: a.ClusterID,
		Captures: make([]Capture, 0, len(caps))}
	if out.Authors == nil {
		out.Authors = []string{}
	}
	for _, c := range caps {
		out.Captures = append(out.Captures, Capture{URL: c.URL, FetchedAt: Time(c.FetchedAt), Status: c.Status,
			ContentType: c.ContentType, WARCFile: c.WARCFile, Offset: c.Offset, Length: c.Length, Digest: c.Digest})
	}
	s.writeJSON(w, http.StatusOK, out)
}

// load reads the article named in the path, answering 404 or 500 itself.
func (s *Server) load(w http.ResponseWriter, r *http.Request) (*article.Article, []article.Capture, bool) {
	a, caps, err := s.arch.Get(r.Context(), r.PathValue("id"))
	if errors.Is(err, archive.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", "no article with id "+config.Quote(r.PathValue("id")))
		return nil, nil, false
	}
	if err != nil {
		s.answerError(w, r, "article", err)
		return nil, nil, false
	}
	return a, caps, true
}
