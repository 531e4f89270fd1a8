package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
)

// rawBatch is the Bleve batch size of the baseline, the index writer's own.
const rawBatch = 500

// rawDoc is the part of an extracted article the baseline indexes.
type rawDoc struct {
	ID, Title, Body string
}

// archivedDocs reads every archived article back, in change order.
func archivedDocs(ctx context.Context, arch index.Feeder) ([]rawDoc, error) {
	var out []rawDoc
	var after int64
	for {
		arts, err := arch.Changes(ctx, after, archive.MaxPage)
		if err != nil {
			return nil, err
		}
		if len(arts) == 0 {
			return out, nil
		}
		for _, a := range arts {
			out = append(out, rawDoc{ID: a.ID, Title: a.Title, Body: a.Body})
			after = a.ChangeSeq
		}
	}
}

// runRaw indexes docs into a new Bleve index in dir with Bleve's default
// mapping (standard analyzer, _all field) in batches of rawBatch. It returns
// the time from bleve.New until the last batch is searchable, the same end
// point as the pipeline's watermark; Close (the final flush) is not timed in
// either.
func runRaw(dir string, docs []rawDoc) (time.Duration, error) {
	start := time.Now()
	bi, err := bleve.New(filepath.Join(dir, "raw"), bleve.NewIndexMapping())
	if err != nil {
		return 0, fmt.Errorf("pipeline: raw bleve: %w", err)
	}
	for i := 0; i < len(docs); i += rawBatch {
		b := bi.NewBatch()
		for _, d := range docs[i:min(i+rawBatch, len(docs))] {
			if err := b.Index(d.ID, map[string]any{"title": d.Title, "body": d.Body}); err != nil {
				bi.Close()
				return 0, fmt.Errorf("pipeline: raw bleve: %w", err)
			}
		}
		if err := bi.Batch(b); err != nil {
			bi.Close()
			return 0, fmt.Errorf("pipeline: raw bleve: %w", err)
		}
	}
	took := time.Since(start)
	if err := bi.Close(); err != nil {
		return 0, fmt.Errorf("pipeline: raw bleve: %w", err)
	}
	return took, nil
}
