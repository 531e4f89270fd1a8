package archive

import (
	"context"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// TestRevisited: a new article is due its first revisit after
// WithRevisitAfter, with its page's ETag; a revisit that saw a new text keeps the old one in
// article_version, adds the capture, renews the change cursor and moves the
// schedule; the last one ends it.
func TestRevisited(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, t.TempDir(), WithRevisitAfter(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	in := newArticle(t, "kartal", "https://www.kartal.bel.tr/haber/calistay", seedBody(t))
	page := pageResponse(t, in.URL)
	page.Header = append(page.Header, [2]string{"ETag", `"v1"`})
	stored, _, err := a.Put(ctx, in, []article.Response{page})
	if err != nil {
		t.Fatal(err)
	}
	if due, err := a.DueRevisits(ctx, stored.FirstSeenAt.Add(59*time.Minute), 10); err != nil || len(due) != 0 {
		t.Fatalf("due before the hour: %v, %v", due, err)
	}
	due, err := a.DueRevisits(ctx, stored.FirstSeenAt.Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].Step != 0 || due[0].Article.ID != stored.ID || !due[0].DueAt.Equal(stored.FirstSeenAt.Add(time.Hour)) ||
		due[0].ETag != `"v1"` {
		t.Fatalf("due at the hour: %+v, %v", due, err)
	}
	at := stored.FirstSeenAt.Add(time.Hour)
	next := stored.FirstSeenAt.Add(24 * time.Hour)
	resp := pageResponse(t, in.URL)
	err = a.Revisited(ctx, article.Revisited{ArticleID: stored.ID, SourceID: "kartal", At: at, Responses: []article.Response{resp},
		Changed:  &article.Article{Title: "Çalıştay ertelendi", Lead: "Yeni tarih açıklanacak.", Body: "Çalıştay ileri bir tarihe ertelendi."},
		NextStep: 1, NextAt: next, ETag: `"v2"`})
	if err != nil {
		t.Fatal(err)
	}
	got, caps, err := a.Get(ctx, stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Çalıştay ertelendi" || got.Body != "Çalıştay ileri bir tarihe ertelendi." || !got.UpdatedAt.Equal(at) ||
		got.ChangeSeq <= stored.ChangeSeq || got.ContentSHA256 != ContentHash(got.Body) || len(caps) != 2 ||
		got.ClusterID != stored.ClusterID || got.Agency != stored.Agency || !got.FirstSeenAt.Equal(stored.FirstSeenAt) || got.Seq != stored.Seq {
		t.Errorf("after the edit: %+v, %d captures", got, len(caps))
	}
	var title, body string
	if err := a.read.QueryRowContext(ctx, `SELECT title, body FROM article_version WHERE article_id = ?`, stored.ID).Scan(&title, &body); err != nil ||
		title != stored.Title || body != stored.Body {
		t.Errorf("old version %q (%d bytes), %v; want the first text", title, len(body), err)
	}
	due, err = a.DueRevisits(ctx, next, 10)
	if err != nil || len(due) != 1 || due[0].Step != 1 || due[0].ETag != `"v2"` {
		t.Fatalf("second revisit: %+v, %v", due, err)
	}
	if err := a.Revisited(ctx, article.Revisited{ArticleID: stored.ID, SourceID: "kartal", At: next}); err != nil {
		t.Fatal(err)
	}
	if due, err := a.DueRevisits(ctx, next.Add(1000*time.Hour), 10); err != nil || len(due) != 0 {
		t.Errorf("revisits after the last: %v, %v", due, err)
	}
	if err := a.Revisited(ctx, article.Revisited{}); err == nil {
		t.Error("a revisit without IDs was accepted")
	}
}
