package main

import (
	"testing"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/index"
)

// The index ends a catch-up at the first short page, so the archive must
// serve every page the index may ask for whole.
func TestArchivePagesFitIndexBatches(t *testing.T) {
	if archive.MaxPage < index.MaxBatchSize {
		t.Errorf("archive pages hold %d articles, index batches ask for up to %d", archive.MaxPage, index.MaxBatchSize)
	}
}
