package pgarchive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
)

// The suite both archive implementations pass (archive/archivetest). This
// store has no writer yet: the articles are stored with SQL, as the
// writer will store them, each founding its own cluster.
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T) (archivetest.Store, func(*testing.T, *article.Article) *article.Article) {
			s, _ := open(t)
			return s, func(t *testing.T, a *article.Article) *article.Article {
				ctx := context.Background()
				sum := sha256.Sum256([]byte(a.Body))
				stored := *a
				stored.ContentSHA256, stored.ClusterID = hex.EncodeToString(sum[:]), a.ID
				tx, err := s.pool.Begin(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback(ctx)
				_, err = tx.Exec(ctx, `INSERT INTO source (id) VALUES ($1) ON CONFLICT DO NOTHING`, a.SourceID)
				if err == nil {
					_, err = tx.Exec(ctx, `INSERT INTO article (id, source_id, url, canonical_url, guid, title, lead, body,
							authors, published_at, first_seen_at, language, agency, image, content_sha256, simhash, cluster_id)
						VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
						a.ID, a.SourceID, a.URL, a.CanonicalURL, a.GUID, a.Title, a.Lead, a.Body, a.Authors,
						nullTime(a.PublishedAt), a.FirstSeenAt, a.Language, a.Agency, a.Image, stored.ContentSHA256,
						int64(a.SimHash), stored.ClusterID)
				}
				if err == nil {
					_, err = tx.Exec(ctx, `INSERT INTO cluster (id, first_article_id, agency, created_at, size)
						VALUES ($1, $1, $2, $3, 1)`, a.ID, a.Agency, a.FirstSeenAt)
				}
				if err == nil {
					err = tx.Commit(ctx)
				}
				if err != nil {
					t.Fatal(err)
				}
				return &stored
			}
		},
		ErrNotFound: ErrNotFound,
		MaxPage:     MaxPage,
	})
}
