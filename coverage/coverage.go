// Package coverage reports how widely a story was carried: every copy of
// one article's story, or the stories matching a search, most carried
// first, with copies per publication day. The API and the CLI both build
// their reports here, as JSON or as CSV.
package coverage

import (
	"context"
	"errors"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/syndication"
)

// Store is the archive coverage reads: clusters and the stories they make.
// Both stores of record (archive, archive/pgarchive) satisfy it.
type Store interface {
	Cluster(ctx context.Context, id string) (*archive.Cluster, error)
	ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error)
	Stories(ctx context.Context, clusterIDs []string) ([]archive.Story, error)
	TopStories(ctx context.Context, from, to time.Time, limit int) ([]archive.Story, error)
	CopiesPerPublishedDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error)
}

// Copy is one outlet's copy of a story.
type Copy struct {
	ID, Source, URL, Title   string
	PublishedAt, FirstSeenAt time.Time
	Similarity               float64 // to the article asked about, 3 digits
}

// Article is the coverage of one article's story: every copy, the article
// itself included, oldest first.
type Article struct {
	ClusterID, Agency string
	Copies            []Copy
}

// OfArticle lists every copy of a's story, each with its similarity to a:
// the share of the shorter text's shingles found in the other
// (syndication.Similarity.Containment), 1 for the same normalised text.
func OfArticle(ctx context.Context, ar Store, a *article.Article) (*Article, error) {
	members, err := ar.ClusterMembers(ctx, a.ClusterID)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 { // an article is always a member of its own cluster
		members = []*article.Article{a}
	}
	out := &Article{ClusterID: a.ClusterID, Copies: make([]Copy, 0, len(members))}
	switch c, err := ar.Cluster(ctx, a.ClusterID); {
	case err == nil:
		out.Agency = c.Agency
	case !errors.Is(err, archive.ErrNotFound):
		return nil, err
	}
	asked := syndication.Shingle(a.Body)
	for _, m := range members {
		out.Copies = append(out.Copies, Copy{ID: m.ID, Source: m.SourceID, URL: m.URL, Title: m.Title,
			PublishedAt: m.PublishedAt, FirstSeenAt: m.FirstSeenAt, Similarity: similarity(a, m, asked)})
		if out.Agency == "" {
			out.Agency = m.Agency
		}
	}
	return out, nil
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

// Query selects stories. Search's Query, Sources, Agency, From and To
// (publication dates) pick the articles whose stories count; SeenFrom and
// SeenTo bound when a story was first seen (crawl time). Zero times are
// open ends.
type Query struct {
	Search           index.Request
	SeenFrom, SeenTo time.Time
	Limit            int // stories, 1..archive.MaxPage
}

// Query.Limit's default and maximum.
const (
	DefaultLimit = 50
	MaxLimit     = archive.MaxPage
)

// maxStoryHits bounds the search hits read to find a query's stories.
const maxStoryHits = 1000

// Stories are the stories a Query selects, most carried first, and the
// copies of those stories per publication day (UTC), oldest day first.
type Stories struct {
	Stories []archive.Story
	PerDay  []archive.DayCount
}

// Find selects stories. Without any article filter every story counts
// (first seen in the seen range); with one, the stories of the first
// 1,000 matching articles.
func Find(ctx context.Context, ix *index.Index, ar Store, q Query) (*Stories, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	r := q.Search
	var stories []archive.Story
	var err error
	if r.Query == "" && len(r.Sources) == 0 && r.Agency == "" && r.From.IsZero() && r.To.IsZero() {
		stories, err = ar.TopStories(ctx, q.SeenFrom, q.SeenTo, limit)
	} else {
		var ids []string
		if ids, err = clusters(ctx, ix, r); err == nil {
			stories, err = ar.Stories(ctx, ids)
		}
		stories = seenIn(stories, q.SeenFrom, q.SeenTo)
	}
	if err != nil {
		return nil, err
	}
	stories = stories[:min(len(stories), limit)]
	ids := make([]string, 0, len(stories))
	for _, st := range stories {
		ids = append(ids, st.ClusterID)
	}
	days, err := ar.CopiesPerPublishedDay(ctx, ids)
	if err != nil {
		return nil, err
	}
	return &Stories{Stories: stories, PerDay: days}, nil
}

// seenIn keeps the stories first seen in [from, to].
func seenIn(stories []archive.Story, from, to time.Time) []archive.Story {
	if from.IsZero() && to.IsZero() {
		return stories
	}
	out := stories[:0]
	for _, st := range stories {
		if (from.IsZero() || !st.FirstSeenAt.Before(from)) && (to.IsZero() || !st.FirstSeenAt.After(to)) {
			out = append(out, st)
		}
	}
	return out
}

// clusters returns the distinct clusters of the articles matching r, in
// hit order, reading at most maxStoryHits hits.
func clusters(ctx context.Context, ix *index.Index, r index.Request) ([]string, error) {
	r.Size, r.Page, r.NoFacets = index.MaxSize, 1, true
	seen := map[string]bool{}
	var ids []string
	for read := 0; read < maxStoryHits; {
		res, err := ix.Search(ctx, r)
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
		r.After = res.Next
	}
	return ids, nil
}
