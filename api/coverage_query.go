package api

import (
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
)

// StoryFirst is where and when a story was first seen.
type StoryFirst struct {
	Source      string `json:"source"`
	URL         string `json:"url"`
	FirstSeenAt Time   `json:"first_seen_at"`
}

// Story is one story of GET /api/v1/coverage: how widely it was carried.
type Story struct {
	ClusterID string     `json:"cluster_id"`
	Title     string     `json:"title"`
	Agency    string     `json:"agency"`
	First     StoryFirst `json:"first"`
	Outlets   int64      `json:"outlets"`
	Copies    int64      `json:"copies"`
}

// DayCount is the number of copies first seen on one day (UTC).
type DayCount struct {
	Date  string `json:"date"`
	Count int64  `json:"count"`
}

// StoriesResponse is GET /api/v1/coverage's body.
type StoriesResponse struct {
	Stories []Story    `json:"stories"`
	PerDay  []DayCount `json:"per_day"`
}

// maxStoryHits bounds the search hits read to find a query's stories.
const maxStoryHits = 1000

// storyCoverage reports the stories matching q (through the index; from and
// to bound the published date) or, without q, the most carried stories
// first seen in [from, to]; most carried first, at most limit (default 50).
func (s *Server) storyCoverage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	req, err := parseSearch(v)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	limit, err := intParam(v, "limit", 50, 1, archive.MaxPage)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	var stories []archive.Story
	if req.Query == "" {
		stories, err = s.arch.TopStories(r.Context(), req.From, req.To, limit)
	} else {
		var ids []string
		if ids, err = s.queryClusters(r.Context(), req); err == nil {
			stories, err = s.arch.Stories(r.Context(), ids)
		}
	}
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe), errors.Is(err, index.ErrBadRequest):
		badRequest(w, err.Error())
		return
	case err != nil:
		s.fail(w, "coverage", err)
		return
	}
	stories = stories[:min(len(stories), limit)]
	out := StoriesResponse{Stories: make([]Story, 0, len(stories)), PerDay: []DayCount{}}
	ids := make([]string, 0, len(stories))
	for _, st := range stories {
		out.Stories = append(out.Stories, Story{ClusterID: st.ClusterID, Title: st.Title, Agency: st.Agency,
			First:   StoryFirst{Source: st.FirstSource, URL: st.FirstURL, FirstSeenAt: Time(st.FirstSeenAt)},
			Outlets: st.Outlets, Copies: st.Copies})
		ids = append(ids, st.ClusterID)
	}
	days, err := s.arch.CopiesPerDay(r.Context(), ids)
	if err != nil {
		s.fail(w, "coverage", err)
		return
	}
	for _, d := range days {
		out.PerDay = append(out.PerDay, DayCount{Date: d.Date, Count: d.Count})
	}
	if v.Get("format") == "csv" {
		writeStoriesCSV(w, out)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// queryClusters returns the distinct clusters of the articles matching req,
// in hit order, reading at most maxStoryHits hits.
func (s *Server) queryClusters(ctx context.Context, req index.Request) ([]string, error) {
	req.Size, req.Page, req.NoFacets = index.MaxSize, 1, true
	seen := map[string]bool{}
	var ids []string
	for read := 0; read < maxStoryHits; {
		res, err := s.index.Search(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if h.ClusterID != "" && !seen[h.ClusterID] {
				seen[h.ClusterID] = true
				ids = append(ids, h.ClusterID)
			}
		}
		read += len(res.Hits)
		if res.Next == "" || len(res.Hits) == 0 {
			break
		}
		req.After = res.Next
	}
	return ids, nil
}

func writeStoriesCSV(w http.ResponseWriter, out StoriesResponse) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"cluster_id", "title", "agency", "first_source", "first_url", "first_seen_at", "outlets", "copies"})
	for _, st := range out.Stories {
		_ = cw.Write([]string{st.ClusterID, st.Title, st.Agency, st.First.Source, st.First.URL,
			csvTime(st.First.FirstSeenAt), strconv.FormatInt(st.Outlets, 10), strconv.FormatInt(st.Copies, 10)})
	}
	cw.Flush()
}
