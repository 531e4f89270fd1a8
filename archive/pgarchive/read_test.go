package pgarchive

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// A stored article reads back whole, Turkish text, authors, nullable times
// and captures included; times in UTC.
func TestGet(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 1)
	ist := time.FixedZone("TRT", 3*3600)
	want := &article.Article{
		ID: "a1", SourceID: "src-0", URL: "http://127.0.0.1/haber/1?utm_source=x", CanonicalURL: "http://127.0.0.1/haber/1",
		GUID: "g1", Title: "İstanbul'da IŞIK gösterisi", Lead: "Kadıköy'de", Body: "Birinci paragraf.\n\nİkinci paragraf.",
		Authors: []string{"Ayşe Yılmaz", "Çağrı Öztürk"}, PublishedAt: time.Date(2026, 12, 6, 14, 35, 0, 0, ist).UTC(),
		FirstSeenAt: time.Date(2026, 12, 6, 11, 40, 1, 123456000, time.UTC), Language: "tr", Agency: "İHA",
		ContentSHA256: "abc", SimHash: 1 << 63, ClusterID: "a1",
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO article (id, source_id, url, canonical_url, guid, title, lead, body, authors,
			published_at, first_seen_at, language, agency, content_sha256, simhash, cluster_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		want.ID, want.SourceID, want.URL, want.CanonicalURL, want.GUID, want.Title, want.Lead, want.Body, want.Authors,
		want.PublishedAt.In(ist), want.FirstSeenAt, want.Language, want.Agency, want.ContentSHA256, int64(want.SimHash), want.ClusterID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO cluster (id, first_article_id, created_at, size) VALUES ('a1', 'a1', now(), 1)`); err != nil {
		t.Fatal(err)
	}
	caps := []article.Capture{
		{URL: want.URL, FetchedAt: want.FirstSeenAt, Status: 200, ContentType: "text/html; charset=windows-1254", WARCFile: "x.warc.gz", Offset: 0, Length: 812, Digest: "sha1:AAAA"},
		{URL: want.URL, FetchedAt: want.FirstSeenAt.Add(time.Hour), Status: 404, WARCFile: "x.warc.gz", Offset: 812, Length: 300, Digest: "sha1:BBBB"},
	}
	for _, c := range []article.Capture{caps[1], caps[0]} {
		_, err := tx.Exec(ctx, `INSERT INTO capture (article_id, source_id, url, fetched_at, status, content_type, warc_file, "offset", length, digest)
			VALUES ('a1', 'src-0', $1, $2, $3, $4, $5, $6, $7, $8)`, c.URL, c.FetchedAt, c.Status, c.ContentType, c.WARCFile, c.Offset, c.Length, c.Digest)
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	got, gotCaps, err := s.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Get:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(gotCaps, caps) {
		t.Errorf("captures, oldest first:\n got %+v\nwant %+v", gotCaps, caps)
	}
	if _, _, err := s.Get(ctx, "yok"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(missing) err = %v, want ErrNotFound", err)
	}
}

func TestFetchState(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	never, err := s.FetchState(ctx, "yeni")
	if err != nil || !reflect.DeepEqual(never, article.FetchState{SourceID: "yeni"}) {
		t.Fatalf("never fetched: %+v, %v", never, err)
	}
	st := article.FetchState{SourceID: "yeni", ETag: `"x1"`, LastModified: "Sun, 06 Dec 2026 10:00:00 GMT",
		LastFetchAt: time.Date(2026, 12, 6, 10, 0, 0, 5000, time.UTC), LastStatus: 503,
		LastError: "http: 503 Service Unavailable", ConsecutiveFailures: 3}
	if err := s.SaveFetchState(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.ConsecutiveFailures, st.NextAllowedAt = 4, st.LastFetchAt.Add(time.Minute)
	if err := s.SaveFetchState(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.FetchState(ctx, "yeni")
	if err != nil || !reflect.DeepEqual(got, st) {
		t.Errorf("FetchState:\n got %+v, %v\nwant %+v", got, err, st)
	}
	if err := s.SaveFetchState(ctx, article.FetchState{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no source id: err = %v, want ErrInvalid", err)
	}
}
