package coverage

import (
	"io"
	"strconv"

	"github.com/haberci/haberci/csvsafe"
)

// WriteArticleCSV writes an article's coverage, one copy a row.
func WriteArticleCSV(w io.Writer, c *Article) error {
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"cluster_id", "agency", "id", "source", "url", "title", "published_at", "first_seen_at", "similarity"})
	for _, cp := range c.Copies {
		_ = cw.Write([]string{c.ClusterID, c.Agency, cp.ID, cp.Source, cp.URL, cp.Title,
			csvsafe.Time(cp.PublishedAt), csvsafe.Time(cp.FirstSeenAt), strconv.FormatFloat(cp.Similarity, 'f', 3, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteStoriesCSV writes stories, one a row.
func WriteStoriesCSV(w io.Writer, s *Stories) error {
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"cluster_id", "title", "agency", "first_source", "first_url", "first_seen_at", "outlets", "copies"})
	for _, st := range s.Stories {
		_ = cw.Write([]string{st.ClusterID, st.Title, st.Agency, st.FirstSource, st.FirstURL,
			csvsafe.Time(st.FirstSeenAt), strconv.FormatInt(st.Outlets, 10), strconv.FormatInt(st.Copies, 10)})
	}
	cw.Flush()
	return cw.Error()
}
