package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/syndication"
)

// storyPage is a story page's data: every copy of one item.
type storyPage struct {
	ClusterID string
	Agency    string
	Title     string
	First     copyView
	Outlets   int64
	Copies    []copyView // this page's rows: at most storyRows
	Total     int        // every copy listed, on all pages
	From      int        // the first row's place (0-based)
	PrevURL   string
	NextURL   string
	PerDay    *chart
	CSVURL    string
}

// storyRows is how many copies one story page lists, so that a story with
// hundreds of copies stays a light page: later ones are on the next pages
// (?from=N) and all are in the CSV.
var storyRows = 200

// copyView is one outlet's copy.
type copyView struct {
	ID, Source, URL, Title string
	FirstSeenAt            time.Time
	PublishedAt            time.Time
	Similarity             float64 // to the first copy's text: share of the shorter's shingles in the other
	Credited               bool    // the copy names an agency in its credit line
}

func (s *Server) story(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	id := r.PathValue("cluster")
	c, err := s.arch.Cluster(r.Context(), id)
	if errors.Is(err, archive.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, translate(lang, "error.nostory"))
		return
	}
	if err != nil {
		s.internal(w, r, "story", err)
		return
	}
	members, err := s.arch.ClusterMembers(r.Context(), id)
	if err != nil {
		s.internal(w, r, "story", err)
		return
	}
	days, err := s.arch.CopiesPerDay(r.Context(), []string{id})
	if err != nil {
		s.internal(w, r, "story", err)
		return
	}
	if len(members) == 0 {
		s.fail(w, r, http.StatusNotFound, translate(lang, "error.nostory"))
		return
	}
	from, ok := fromOf(r, len(members))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, translate(lang, "error.from", len(members)-1))
		return
	}
	first := members[0]
	for _, m := range members {
		if m.ID == c.FirstArticleID {
			first = m
		}
	}
	path := "/stories/" + url.PathEscape(id)
	p := storyPage{ClusterID: id, Agency: c.Agency, Title: first.Title, PerDay: newDayChart(days),
		CSVURL: path + "/coverage.csv", Total: len(members), From: from}
	shingles := syndication.Shingle(first.Body)
	outlets := map[string]bool{}
	for i, m := range members {
		outlets[m.SourceID] = true
		shown := i >= from && i < from+storyRows
		if !shown && m.ID != first.ID {
			continue // compared only when shown
		}
		cv := copyView{ID: m.ID, Source: m.SourceID, URL: m.URL, Title: m.Title, FirstSeenAt: m.FirstSeenAt,
			PublishedAt: m.PublishedAt, Credited: m.Agency != "", Similarity: 1}
		if m.ID != first.ID && (first.ContentSHA256 == "" || m.ContentSHA256 != first.ContentSHA256) {
			cv.Similarity = syndication.Compare(shingles, syndication.Shingle(m.Body)).Containment
		}
		if m.ID == first.ID {
			p.First = cv
		}
		if shown {
			p.Copies = append(p.Copies, cv)
		}
	}
	p.Outlets = int64(len(outlets))
	p.PrevURL, p.NextURL = rowPages(path, from, storyRows, len(members))
	s.render(w, r, http.StatusOK, "story", first.Title, "", p)
}

// storyCSV is the API's coverage CSV of the story (GET
// /api/v1/articles/{first}/coverage?format=csv), served under the pages'
// sign-in so that a reader with a session can download it.
func (s *Server) storyCSV(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("cluster")
	c, err := s.arch.Cluster(r.Context(), id)
	if errors.Is(err, archive.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, translate(language(r), "error.nostory"))
		return
	}
	if err != nil {
		s.internal(w, r, "story csv", err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="story-`+safeName(id)+`.csv"`)
	s.api.ServeHTTP(w, s.apiRequest(r, http.MethodGet, "/api/v1/articles/"+url.PathEscape(c.FirstArticleID)+"/coverage?format=csv", nil))
}

// safeName keeps the letters, digits and dashes of s, for a file name.
func safeName(s string) string {
	b := make([]byte, 0, len(s))
	for i := range len(s) {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b = append(b, c)
		}
	}
	return string(b)
}

// CopyCount is the number of copies of the story listed, on all pages.
func (p storyPage) CopyCount() int { return p.Total }

// Paged tells whether the copies take more than one page.
func (p storyPage) Paged() bool { return p.PrevURL != "" || p.NextURL != "" }

// Last is the place (1-based) of this page's last row.
func (p storyPage) Last() int { return p.From + len(p.Copies) }

// fromOf reads a paged list's ?from=N, the place of its first row among
// total: ok is false when it is not a place in the list.
func fromOf(r *http.Request, total int) (from int, ok bool) {
	v := r.URL.Query().Get("from")
	if v == "" {
		return 0, true
	}
	from, err := strconv.Atoi(v)
	return from, err == nil && from >= 0 && (from < total || from == 0)
}

// rowPages links the pages before and after rows [from, from+rows) of a
// list of total at path ("" when there is none).
func rowPages(path string, from, rows, total int) (prev, next string) {
	at := func(n int) string {
		if n == 0 {
			return path
		}
		return path + "?from=" + strconv.Itoa(n)
	}
	if from > 0 {
		prev = at(max(0, from-rows))
	}
	if from+rows < total {
		next = at(from + rows)
	}
	return prev, next
}
