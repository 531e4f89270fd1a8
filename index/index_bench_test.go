package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/haberci/haberci/article"
)

// benchBatch is the Bleve batch size both benchmarks use.
const benchBatch = 500

// ttcArticles reads the whole TTC-3600 corpus from ../../shared/data,
// skipping the benchmark or test where it is absent.
func ttcArticles(b testing.TB) []*article.Article {
	b.Helper()
	root := filepath.Join("..", "..", "shared", "data", "ttc-3600", "TTC-3600_Orj")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Skipf("corpus not found under %s", root)
	}
	base := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]*article.Article, 0, len(files))
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text := cleanText(string(raw))
		cat := filepath.Base(filepath.Dir(f))
		arts = append(arts, &article.Article{
			ID: cat + "/" + filepath.Base(f), Seq: int64(i + 1), SourceID: "ttc-" + cat,
			URL:   "https://example.org/" + cat + "/" + strings.TrimSuffix(filepath.Base(f), ".txt"),
			Title: firstSentence(text), Body: text, Agency: "AA", Language: "tr",
			PublishedAt: base.Add(time.Duration(i) * time.Hour),
		})
	}
	return arts
}

// reportDocs reports indexing throughput and the closed index's size on
// disk per document (of the last of b.N builds, in dir).
func reportDocs(b *testing.B, n int, dir string) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(size)/float64(n), "bytes/doc")
}

// BenchmarkApply indexes the corpus into a new index through Apply.
func BenchmarkApply(b *testing.B) {
	arts := ttcArticles(b)
	b.ResetTimer()
	var dir string
	for i := 0; i < b.N; i++ {
		dir = filepath.Join(b.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < len(arts); j += benchBatch {
			end := min(j+benchBatch, len(arts))
			if err := ix.Apply(arts[j:end], arts[end-1].Seq); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportDocs(b, len(arts), dir)
}

// BenchmarkRawBleve is the baseline: the same documents and batches into
// a scorch index with Bleve's default mapping (standard analyzer, one
// analysis per field, no term vectors on our terms).
func BenchmarkRawBleve(b *testing.B) {
	arts := ttcArticles(b)
	b.ResetTimer()
	var dir string
	for i := 0; i < b.N; i++ {
		dir = filepath.Join(b.TempDir(), "raw")
		bi, err := bleve.New(dir, bleve.NewIndexMapping())
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < len(arts); j += benchBatch {
			batch := bi.NewBatch()
			for _, a := range arts[j:min(j+benchBatch, len(arts))] {
				doc := map[string]interface{}{"url": a.URL, "title": a.Title, "body": a.Body,
					"source": a.SourceID, "agency": a.Agency, "published": a.PublishedAt}
				if err := batch.Index(a.ID, doc); err != nil {
					b.Fatal(err)
				}
			}
			if err := bi.Batch(batch); err != nil {
				b.Fatal(err)
			}
		}
		if err := bi.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportDocs(b, len(arts), dir)
}
