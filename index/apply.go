package index

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/haberci/haberci/article"
)

// minSplit is the smallest batch apply builds as two segments at once.
// Bleve analyses a batch on all cores but builds its segment on one; two
// halves built side by side use both. Halves under DefaultBatchSize cost
// more in merging than they save (measured with bench/pipeline: halves of
// 250 took 9.6 CPU s where whole batches of 500 took 8.8).
const minSplit = 2 * DefaultBatchSize

// Apply indexes (or replaces) the articles and sets the watermark after
// them. A crash never leaves the watermark ahead of the articles: at worst
// some are indexed again on the next catch-up, which replaces them.
func (ix *Index) Apply(arts []*article.Article, watermark int64) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.apply(arts, watermark, true)
}

// apply is Apply for callers that hold ix.mu. A small batch carries its
// watermark; a large one, when split allows, is built as two concurrent
// batches, and the watermark follows in a batch of its own once both are in.
// Follow does not split a batch taken while a crawl still streams
// articles in: the crawl keeps the other core busy then, so halves would
// not finish sooner, and the two segments cost a merge (and each half its
// own dictionaries) that one segment does not.
func (ix *Index) apply(arts []*article.Article, watermark int64, split bool) error {
	for _, a := range arts {
		if a == nil || a.ID == "" {
			return fmt.Errorf("index: apply: article without id")
		}
	}
	defer ix.gen.Add(1) // after the batch is visible: searches that began before it cache nothing usable
	if !split || len(arts) < minSplit {
		return ix.batch(arts, watermark)
	}
	half := len(arts) / 2
	var wg sync.WaitGroup
	var errs [2]error
	for i, part := range [][]*article.Article{arts[:half], arts[half:]} {
		wg.Go(func() { errs[i] = ix.batch(part, noWatermark) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ix.batch(nil, watermark)
}

// noWatermark tells batch to leave the watermark as it is.
const noWatermark = -1

// batch indexes arts in one Bleve batch and sets the watermark in it
// unless it is noWatermark.
func (ix *Index) batch(arts []*article.Article, watermark int64) error {
	b := ix.bi.NewBatch()
	for _, a := range arts {
		if err := b.Index(a.ID, toDoc(a)); err != nil {
			return fmt.Errorf("index: apply %s: %w", a.ID, err)
		}
	}
	if watermark != noWatermark {
		b.SetInternal(keyWatermark, []byte(strconv.FormatInt(watermark, 10)))
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index: apply batch: %w", err)
	}
	return nil
}
