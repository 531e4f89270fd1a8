package index

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/haberci/haberci/turkish/lemma"
)

// ErrMappingChanged means the index on disk was built with another mapping
// version; the caller deletes the directory and rebuilds from the archive.
var ErrMappingChanged = errors.New("index: mapping version changed; rebuild needed")

// Keys in Bleve's internal storage.
var (
	keyWatermark      = []byte("watermark")
	keyMappingVersion = []byte("mapping_version")
)

// Index is the Bleve index. It is safe for concurrent use; writes are
// serialised so the watermark always describes what the index holds.
type Index struct {
	bi     bleve.Index
	im     mapping.IndexMapping
	mu     sync.Mutex    // serialises Apply and CatchUp
	gen    atomic.Uint64 // bumped after every write: the facet cache's clock
	facets facetCache
	ords   facetOrdinals // what searches count facets from
	flush  chan struct{} // Flush's signal to Follow; holds one
	log    *slog.Logger
}

// Option changes how Open opens an index.
type Option func(*Index)

// WithLogger sets where the index logs (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(ix *Index) {
		if l != nil {
			ix.log = l
		}
	}
}

// Open opens the index in dir, creating it when absent. An index built with
// another MappingVersion is closed again and ErrMappingChanged returned.
func Open(dir string, opts ...Option) (*Index, error) {
	if err := lemma.Load(); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	ix, err := open(dir)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(ix)
	}
	return ix, nil
}

func open(dir string) (*Index, error) {
	_, err := os.Stat(filepath.Join(dir, "index_meta.json"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return create(dir)
	case err != nil:
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	bi, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	v, err := bi.GetInternal(keyMappingVersion)
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		_ = bi.Close()
		if err != nil {
			return nil, fmt.Errorf("index: read mapping version: %w", err)
		}
		return nil, ErrMappingChanged
	}
	return newIndex(bi, bi.Mapping()), nil
}

// create makes a new index in dir. An existing empty dir is removed first
// because Bleve refuses to create an index in an existing path.
func create(dir string) (*Index, error) {
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	bi, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := bi.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion))); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("index: write mapping version: %w", err)
	}
	return newIndex(bi, im), nil
}

// newIndex wraps an opened Bleve index.
func newIndex(bi bleve.Index, im mapping.IndexMapping) *Index {
	ix := &Index{bi: bi, im: im, flush: make(chan struct{}, 1), log: slog.Default()}
	ix.facets.size = DefaultFacetCacheSize
	return ix
}

// Close waits for background facet recounts, then flushes and closes the
// index.
func (ix *Index) Close() error {
	ix.facets.close()
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Watermark returns the last archive change cursor the index holds, 0
// for a new index.
func (ix *Index) Watermark() (int64, error) {
	v, err := ix.bi.GetInternal(keyWatermark)
	if err != nil {
		return 0, fmt.Errorf("index: read watermark: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("index: corrupt watermark %q: %w", v, err)
	}
	return n, nil
}

// Count returns the number of indexed articles.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// Segments returns how many segments the index is made of now. Every batch
// adds one and Bleve merges them in the background, so a count that stays
// high after a bulk load means merging is still under way; searches read
// every segment.
func (ix *Index) Segments() uint64 {
	stats, _ := ix.bi.StatsMap()["index"].(map[string]interface{})
	files, _ := stats["num_root_filesegments"].(uint64)
	mem, _ := stats["num_root_memorysegments"].(uint64)
	return files + mem
}
