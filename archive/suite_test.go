package archive

import (
	"context"
	"testing"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
)

// The suite both archive implementations pass (archive/archivetest).
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T) (archivetest.Store, func(*testing.T, *article.Article) *article.Article) {
			a, _ := openTemp(t)
			if err := a.SyncSources(context.Background(), []SourceInfo{{ID: "src", Name: "Kaynak"}}); err != nil {
				t.Fatal(err)
			}
			return a, func(t *testing.T, art *article.Article) *article.Article {
				stored, created, err := a.Put(context.Background(), art, nil)
				if err != nil || !created {
					t.Fatalf("Put: created %v, %v", created, err)
				}
				return stored
			}
		},
		ErrNotFound: ErrNotFound,
		MaxPage:     MaxPage,
	})
}
