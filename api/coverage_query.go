package api

import (
	"net/http"

	"github.com/haberci/haberci/coverage"
	"github.com/haberci/haberci/params"
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

// DayCount is the number of copies published on one day (UTC).
type DayCount struct {
	Date  string `json:"date"`
	Count int64  `json:"count"`
}

// StoriesResponse is GET /api/v1/coverage's body.
type StoriesResponse struct {
	Stories []Story    `json:"stories"`
	PerDay  []DayCount `json:"per_day"`
}

// NewStoriesResponse is a story report on the wire.
func NewStoriesResponse(c *coverage.Stories) StoriesResponse {
	out := StoriesResponse{Stories: make([]Story, 0, len(c.Stories)), PerDay: make([]DayCount, 0, len(c.PerDay))}
	for _, st := range c.Stories {
		out.Stories = append(out.Stories, Story{ClusterID: st.ClusterID, Title: st.Title, Agency: st.Agency,
			First:   StoryFirst{Source: st.FirstSource, URL: st.FirstURL, FirstSeenAt: Time(st.FirstSeenAt)},
			Outlets: st.Outlets, Copies: st.Copies})
	}
	for _, d := range c.PerDay {
		out.PerDay = append(out.PerDay, DayCount{Date: d.Date, Count: d.Count})
	}
	return out
}

// storyCoverage is GET /api/v1/coverage: the stories that q, source,
// agency, from and to (publication dates) select, first seen within
// seen_from and seen_to, most carried first, at most limit (default 50);
// format=csv gives CSV.
func (s *Server) storyCoverage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := params.Coverage(v)
	var format string
	if err == nil {
		format, err = params.Format(v, "json", "csv")
	}
	var c *coverage.Stories
	if err == nil {
		c, err = coverage.Find(r.Context(), s.index, s.arch, q)
	}
	if err != nil {
		s.answerError(w, r, "coverage", err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_ = coverage.WriteStoriesCSV(w, c)
		return
	}
	s.writeJSON(w, http.StatusOK, NewStoriesResponse(c))
}
