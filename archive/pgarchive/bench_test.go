package pgarchive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/pgtest"
)

// BenchmarkPut is the SQLite archive's BenchmarkPut on PostgreSQL: articles
// with the ~3 KB seed İHA body (made unique per article) and one 20 KB page
// capture each, one Put at a time: WARC write + fsync, then one
// transaction (band locks, clustering, article, sketch, bands, capture).
// The test server runs with fsync=off unless PGTEST_FSYNC=on. Run:
//
//	go test -run '^$' -bench 'BenchmarkPut$' -benchtime 2000x ./archive/pgarchive/
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s, _ := openB(b)
	var fsync string
	if err := s.pool.QueryRow(ctx, `SHOW fsync`).Scan(&fsync); err != nil {
		b.Fatal(err)
	}
	b.Logf("server fsync=%s", fsync)
	body := archivetest.Seed(b)
	html, err := os.ReadFile(filepath.Join("..", "warc", "testdata", "mozilla-2.html"))
	if err != nil {
		b.Fatal(err)
	}
	page := article.Response{FetchedAt: time.Now(), Status: 200, Proto: "HTTP/1.1",
		Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}, {"Server", "nginx"}}, Body: html[:20<<10]}
	ist := time.FixedZone("TRT", 3*3600)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		url := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
		art := &article.Article{ID: fmt.Sprintf("%016x", i), SourceID: "kartal-bel", URL: url + "?utm_source=rss",
			CanonicalURL: url, GUID: "guid:" + url, Title: "CHP İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı",
			Lead: "Kartal Belediyesi çalıştaya katıldı.", Body: fmt.Sprintf("%s\n\n%d", body, i),
			Authors: []string{"İHA", "Kartal Belediyesi Basın"}, PublishedAt: time.Date(2020, 6, 13, 14, 5, 0, 0, ist),
			UpdatedAt: time.Date(2020, 6, 13, 15, 0, 0, 987654321, ist), Language: "tr", Agency: "İHA",
			Image: "https://www.kartal.bel.tr/img/calistay.jpg"}
		page.URL = url
		if _, _, err := s.Put(ctx, art, []article.Response{page}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// What coordination costs a crawl per URL: a claim and its release as
// fetched, two round trips to the server.
func BenchmarkClaimURL(b *testing.B) {
	ctx := context.Background()
	s, _ := openB(b)
	i := 0
	for b.Loop() {
		u := fmt.Sprintf("http://127.0.0.1/haber/%d", i)
		i++
		ok, err := s.ClaimURL(ctx, "node", u, time.Minute)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		if err := s.Fetched(ctx, "node", u); err != nil {
			b.Fatal(err)
		}
	}
}

// One host slot reservation, over 8 hosts.
func BenchmarkReserveHost(b *testing.B) {
	ctx := context.Background()
	s, _ := openB(b)
	i := 0
	for b.Loop() {
		if _, _, err := s.ReserveHost(ctx, fmt.Sprintf("127.0.0.%d:80", i%8), 0); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// The change stream's cost per article: b.N articles committed in
// transactions of 100, then numbered and read in pages of 1,000, as an
// index catching up does (the writes are not timed); the baseline reads
// the same articles in pages by primary key, without the stream.
func BenchmarkChanges(b *testing.B) {
	for _, stream := range []bool{true, false} {
		name := "stream"
		if !stream {
			name = "plain-read"
		}
		b.Run(name, func(b *testing.B) { benchChanges(b, stream) })
	}
}

func benchChanges(b *testing.B, stream bool) {
	ctx := context.Background()
	s, _ := openB(b)
	addSources(b, s, 1)
	for i := 0; i < b.N; i += 100 {
		_, err := s.pool.Exec(ctx, `
			WITH a AS (
				INSERT INTO article (id, source_id, url, canonical_url, title, body, first_seen_at, cluster_id)
				SELECT 'a' || n, 'src-0', 'http://127.0.0.1/' || n, 'http://127.0.0.1/' || n, 'Başlık ' || n, 'Gövde', now(), 'a' || n
				FROM generate_series($1::bigint, $2::bigint) n
				RETURNING id)
			INSERT INTO cluster (id, first_article_id, created_at, size) SELECT id, id, now(), 1 FROM a`, i, min(i+100, b.N)-1)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	read := 0
	if stream {
		var wm int64
		for {
			page, err := s.Changes(ctx, wm, MaxPage)
			if err != nil {
				b.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			read += len(page)
			wm = page[len(page)-1].ChangeSeq
		}
	} else {
		after := ""
		for {
			rows, err := s.pool.Query(ctx, `SELECT `+articleCols+` FROM article WHERE id > $1 ORDER BY id LIMIT $2`, after, MaxPage)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				a, err := scanArticle(rows, false)
				if err != nil {
					b.Fatal(err)
				}
				after = a.ID
				n++
			}
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
			if n == 0 {
				break
			}
			read += n
		}
	}
	if read != b.N {
		b.Fatalf("read %d articles, wrote %d", read, b.N)
	}
}

// BenchmarkPutNodes is BenchmarkPut's articles written by one or two nodes
// (stores with their own pools and WARC files) on one database, each node
// with four Puts in flight (so its writer commits them in groups), in two
// workloads: every article a copy of one story (all writers meet on the
// same band locks and cluster row: the worst case) and every article a
// story of its own (the seed's words shuffled). Run:
//
//	go test -run '^$' -bench 'BenchmarkPutNodes' -benchtime 2000x ./archive/pgarchive/
func BenchmarkPutNodes(b *testing.B) {
	for _, story := range []string{"one-story", "distinct"} {
		for _, nodes := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/nodes-%d", story, nodes), func(b *testing.B) { benchNodes(b, nodes, story == "distinct") })
		}
	}
}

func benchNodes(b *testing.B, nodes int, distinct bool) {
	ctx := context.Background()
	url := pgtest.URL(b)
	dir := b.TempDir()
	stores := make([]*Store, nodes)
	for i := range stores {
		s, err := Open(ctx, url, WithWARC(dir, fmt.Sprintf("node-%d", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	words := strings.Fields(archivetest.Seed(b))
	html, err := os.ReadFile(filepath.Join("..", "warc", "testdata", "mozilla-2.html"))
	if err != nil {
		b.Fatal(err)
	}
	bodies := make([]string, b.N)
	for i := range bodies {
		w := slices.Clone(words)
		if distinct {
			rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(w), func(x, y int) { w[x], w[y] = w[y], w[x] })
		}
		bodies[i] = fmt.Sprintf("%s\n\n%d", strings.Join(w, " "), i)
	}
	next := atomic.Int64{}
	b.ResetTimer()
	var wg sync.WaitGroup
	for _, s := range stores {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= b.N {
						return
					}
					u := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
					art := &article.Article{ID: fmt.Sprintf("%016x", i), SourceID: "kartal-bel", URL: u, CanonicalURL: u,
						Title: "Çalıştay", Body: bodies[i], Language: "tr", Agency: "İHA"}
					page := article.Response{URL: u, FetchedAt: time.Now(), Status: 200, Proto: "HTTP/1.1",
						Header: [][2]string{{"Content-Type", "text/html; charset=utf-8"}}, Body: html[:20<<10]}
					if _, _, err := s.Put(ctx, art, []article.Response{page}); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkReads times the coverage report's, the sources list's and the
// index check's reads on an archive of HB_READS_N articles (default
// 200,000) written by SQL: 50 sources, a year of first-seen times, clusters
// of skewed sizes (a few hundred copies at most, most single) whose
// members are scattered over the year, the worst case for counting a
// cluster's outlets. Run:
//
//	go test -run '^$' -bench 'BenchmarkReads' ./archive/pgarchive/
func BenchmarkReads(b *testing.B) {
	ctx := context.Background()
	s, _ := openB(b)
	n := 200_000
	if v := os.Getenv("HB_READS_N"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	// No arguments: pgx sends the script by the simple protocol.
	_, err := s.pool.Exec(ctx, strings.ReplaceAll(`
		INSERT INTO source (id) SELECT 'src-' || i FROM generate_series(0, 49) i;
		INSERT INTO article (id, source_id, url, canonical_url, body, published_at, first_seen_at, cluster_id)
		SELECT 'a' || i, 'src-' || (i % 50), 'http://127.0.0.1/' || i, 'http://127.0.0.1/' || i, 'Haber ' || i,
			t - interval '2 hours', t, 'c' || floor($1 * 0.6 * power(random(), 3))::bigint
		FROM generate_series(1, $1) i,
			LATERAL (SELECT timestamptz '2026-01-01 00:00Z' + i * (interval '365 days' / $1)) x(t);
		INSERT INTO cluster (id, first_article_id, created_at, size)
		SELECT cluster_id, (array_agg(id ORDER BY first_seen_at))[1], min(first_seen_at), count(*)
		FROM article GROUP BY cluster_id;
		ANALYZE`, "$1", fmt.Sprint(n)))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles written in %v", n, time.Since(start).Round(time.Second))
	// The first read folds the writes' count rows; later reads fold what
	// was written since (nothing here).
	start = time.Now()
	if _, err := s.Count(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("first count (folding %d rows) in %v", n, time.Since(start).Round(time.Millisecond))
	// Steady state: autovacuum has removed the folded rows.
	if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var ids []string
	rows, err := s.pool.Query(ctx, `SELECT id FROM cluster ORDER BY random() LIMIT 50`)
	if err != nil {
		b.Fatal(err)
	}
	var id string
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	articles := make([]string, MaxPage)
	for i := range articles {
		articles[i] = fmt.Sprintf("a%d", i*n/MaxPage)
	}
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	reads := map[string]func() error{
		"TopStories/day":   func() error { _, err := s.TopStories(ctx, day, day.Add(24*time.Hour), 50); return err },
		"TopStories/month": func() error { _, err := s.TopStories(ctx, day, day.AddDate(0, 1, 0), 50); return err },
		"TopStories/open":  func() error { _, err := s.TopStories(ctx, time.Time{}, time.Time{}, 50); return err },
		"Stories/50":       func() error { _, err := s.Stories(ctx, ids); return err },
		"PerDay/50":        func() error { _, err := s.CopiesPerPublishedDay(ctx, ids); return err },
		"CountsBySource":   func() error { _, err := s.CountsBySource(ctx); return err },
		"Count":            func() error { _, err := s.Count(ctx); return err },
		"Missing/1000":     func() error { _, err := s.Missing(ctx, articles); return err },
	}
	for name, read := range reads {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if err := read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
