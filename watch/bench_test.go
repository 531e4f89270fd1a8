package watch

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/shareddata"
)

// kemikBodies reads up to n Kemik 42bin bodies (title line dropped) of at
// least 80 words, in tarball order.
func kemikBodies(b *testing.B, n int) []string {
	f, err := os.Open(shareddata.Path(b, "kemik-42bin-haber/42bin_haber_news.tar.gz"))
	if err != nil {
		shareddata.Missing(b, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	tr := tar.NewReader(gz)
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(io.LimitReader(tr, 1<<20))
		if err != nil {
			b.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		body := strings.Join(lines[min(1, len(lines)):], "\n\n")
		if h.Typeflag != tar.TypeReg || len(strings.Fields(body)) < 80 || seen[body] {
			continue
		}
		seen[body] = true
		out = append(out, body)
	}
	if len(out) < n {
		b.Fatalf("only %d articles", len(out))
	}
	return out
}

// BenchmarkMatch10kWatches measures matching one new article against
// 10,000 release watches (Kemik articles): "lsh" is MatchArticle, which
// reads only the watches sharing an LSH band with the article; "scan" is
// the baseline it avoids, comparing the article with every watch's
// prepared text in memory (no storage reads at all). Half the articles
// copy a watched release (intro added, last paragraph cut), half are
// other Kemik articles.
func BenchmarkMatch10kWatches(b *testing.B) {
	const watches, probes = 10_000, 200
	bodies := kemikBodies(b, watches+probes/2)
	ctx := context.Background()
	ar, err := archive.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ar.Close()
	prepared := make([]cachedWatch, 0, watches)
	for i, body := range bodies[:watches] {
		w := archive.Watch{ID: fmt.Sprintf("w%05d", i), Name: "w", Kind: archive.WatchRelease, Body: body,
			FeedToken: fmt.Sprintf("t%05d", i), CreatedAt: time.Now()}
		rel := newRelease(&w)
		if err := ar.AddWatch(ctx, &w, rel.bands()); err != nil {
			b.Fatal(err)
		}
		prepared = append(prepared, cachedWatch{w: w, rel: rel})
	}
	var arts []*article.Article
	for i := range probes / 2 {
		paras := strings.Split(bodies[i*37%watches], "\n\n")
		copied := "Belediyemizden yapılan açıklamaya göre konu ile ilgili çalışmalar sürüyor.\n\n" + strings.Join(paras[:max(1, len(paras)-1)], "\n\n")
		arts = append(arts, &article.Article{ID: fmt.Sprintf("copy%d", i), Body: copied},
			&article.Article{ID: fmt.Sprintf("other%d", i), Body: bodies[watches+i]})
	}
	m := NewMatcher(ar, nil, nil)
	// Warm the matcher's cache and check that the copies are found.
	found, compared := 0, 0
	for _, a := range arts {
		ms, err := m.MatchArticle(ctx, a)
		if err != nil {
			b.Fatal(err)
		}
		if strings.HasPrefix(a.ID, "copy") && len(ms) > 0 {
			found++
		}
		ids := map[string]bool{}
		for family, bands := range newArticleText(a).bands() {
			c, err := ar.WatchCandidates(ctx, family, bands)
			if err != nil {
				b.Fatal(err)
			}
			for _, id := range c {
				ids[id] = true
			}
		}
		compared += len(ids)
	}
	if found < probes/2*95/100 {
		b.Fatalf("only %d of %d copies matched", found, probes/2)
	}
	b.Run("lsh", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := m.MatchArticle(ctx, arts[i%len(arts)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(compared)/float64(len(arts)), "watches-read/op")
	})
	b.Run("scan", func(b *testing.B) {
		i := 0
		for b.Loop() {
			t := newArticleText(arts[i%len(arts)])
			for j := range prepared {
				prepared[j].rel.compare(&prepared[j].w, t)
			}
			i++
		}
	})
}
