package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
)

// batchSize is the batch both indexes are built with: the size the index
// writer uses when it catches up from the archive.
const batchSize = index.DefaultBatchSize

// built is one index build's measurements. They are kept beside the
// index (statsFile), so that a run reusing it still reports them.
type built struct {
	Docs int           `json:"docs"`
	Took time.Duration `json:"took_ns"`
	// CPU is the process's user and system time during the build: a
	// figure that a busy machine inflates far less than Took.
	CPU   time.Duration `json:"cpu_ns"`
	Bytes int64         `json:"bytes"`

	peakRSS uint64 // while the index was open and queried (not kept)
}

func (b built) rate() float64   { return float64(b.Docs) / b.Took.Seconds() }
func (b built) perDoc() float64 { return float64(b.Bytes) / float64(b.Docs) }

// statsFile is where ensureBuilt keeps an index's build figures.
func statsFile(dir string) string { return dir + ".build.json" }

// loadBuilt reads the figures of an earlier build of dir; an index built
// before they were kept reports its size only.
func loadBuilt(dir string, n int) (built, error) {
	var b built
	data, err := os.ReadFile(statsFile(dir))
	if err == nil {
		return b, json.Unmarshal(data, &b)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	return measureDir(dir, n, 0, 0)
}

// each calls fn with the first n articles of the corpus replicated (copy k
// of every article before copy k+1), in batches of batchSize.
func each(corpus []*article.Article, n int, fn func([]*article.Article) error) error {
	batch := make([]*article.Article, 0, batchSize)
	for i := 0; i < n; i++ {
		a := replica(corpus[i%len(corpus)], i/len(corpus))
		a.Seq = int64(i + 1)
		batch = append(batch, a)
		if len(batch) == batchSize || i == n-1 {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}

// buildOurs indexes n articles through index.Apply, as the index writer does.
func buildOurs(dir string, corpus []*article.Article, n int) (built, error) {
	start, cpu := time.Now(), cpuTime()
	ix, err := index.Open(dir)
	if err != nil {
		return built{}, err
	}
	err = each(corpus, n, func(b []*article.Article) error { return ix.Apply(b, b[len(b)-1].Seq) })
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return built{}, err
	}
	return measureDir(dir, n, time.Since(start), cpuTime()-cpu)
}

// rawDoc is what raw Bleve indexes of an article: the same text and the
// fields its queries filter, sort and facet on.
func rawDoc(a *article.Article) map[string]interface{} {
	return map[string]interface{}{"title": a.Title, "lead": a.Lead, "body": a.Body,
		"source": a.SourceID, "agency": a.Agency, "published": a.PublishedAt}
}

// buildRaw indexes the same articles into Bleve with its default mapping
// (standard analyzer, dynamic fields, _all).
func buildRaw(dir string, corpus []*article.Article, n int) (built, error) {
	start, cpu := time.Now(), cpuTime()
	bi, err := bleve.New(dir, rawMapping())
	if err != nil {
		return built{}, fmt.Errorf("search: raw bleve: %w", err)
	}
	err = each(corpus, n, func(arts []*article.Article) error {
		b := bi.NewBatch()
		for _, a := range arts {
			if err := b.Index(a.ID, rawDoc(a)); err != nil {
				return err
			}
		}
		return bi.Batch(b)
	})
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return built{}, fmt.Errorf("search: raw bleve: %w", err)
	}
	return measureDir(dir, n, time.Since(start), cpuTime()-cpu)
}

// rawMapping is Bleve's default mapping (standard analyzer, dynamic
// fields, _all) with source and agency as keywords, so that they filter
// and facet as whole values as ours do.
func rawMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	for _, f := range []string{"source", "agency"} {
		fm := bleve.NewKeywordFieldMapping()
		im.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	return im
}

// measureDir adds the on-disk size of the closed index in dir.
func measureDir(dir string, n int, took, cpu time.Duration) (built, error) {
	b := built{Docs: n, Took: took, CPU: cpu}
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			b.Bytes += info.Size()
		}
		return err
	})
	if err != nil {
		return b, fmt.Errorf("search: size of %s: %w", dir, err)
	}
	return b, nil
}

// ensureBuilt builds an index into dir unless a finished one is there: a
// build writes to dir.tmp and renames it when done, and an index of ours
// built with another mapping version is built again. It returns the
// build's figures, those of the earlier build when the index was reused.
func ensureBuilt(dir, name string, n int, log io.Writer, build func(dir string) (built, error)) (built, error) {
	if _, err := os.Stat(dir); err == nil {
		if name != "ours" {
			fmt.Fprintf(log, "%s: reusing %s\n", name, dir)
			return loadBuilt(dir, n)
		}
		ix, err := index.Open(dir)
		if err == nil {
			fmt.Fprintf(log, "%s: reusing %s\n", name, dir)
			if err := ix.Close(); err != nil {
				return built{}, err
			}
			return loadBuilt(dir, n)
		}
		if !errors.Is(err, index.ErrMappingChanged) {
			return built{}, err
		}
		fmt.Fprintf(log, "%s: %s has another mapping version: rebuilding\n", name, dir)
		if err := os.RemoveAll(dir); err != nil {
			return built{}, err
		}
	}
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return built{}, err
	}
	b, err := build(tmp)
	if err != nil {
		return built{}, err
	}
	fmt.Fprintf(log, "%s: %d docs in %s (CPU %s)\n", name, b.Docs, b.Took.Round(time.Second), b.CPU.Round(time.Second))
	data, err := json.Marshal(b)
	if err != nil {
		return built{}, err
	}
	if err := os.WriteFile(statsFile(dir), data, 0o644); err != nil {
		return built{}, err
	}
	return b, os.Rename(tmp, dir)
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
