package archive

import (
	"fmt"
	"sort"
	"sync"

	"github.com/haberci/haberci/syndication"
)

// An article's LSH band rows are not inserted with the article: 32 rows
// keyed by random hash values land on 32 random pages of lsh_band, and
// every commit wrote all the pages it touched to the WAL again. The
// committer keeps them in memory instead (pendingBands) and inserts them in
// key order in one transaction every flushArticles articles or when it has
// been idle for flushIdle (see flush.go). Lookups read lsh_band and the
// pending bands. They are derived data: the article's signature row, which
// is written with the article, holds them, and Open re-derives those of
// articles after lsh_state.flushed_seq, so a crash loses none
// (bench/pipeline: the band inserts were a fifth of the pipeline's CPU).

// bandRow is one LSH band of one article, as lsh_band holds it.
type bandRow struct {
	band  int
	value uint64
	seen  string // first_seen_at, encoded (text order is time order)
	id    string
}

// bandKey is what a lookup matches: a band and its value.
type bandKey struct {
	band  int
	value uint64
}

// bandSet holds band rows by key, in the order they were added.
type bandSet struct {
	rows     map[bandKey][]bandRow
	articles int
}

// add records the bands of one article.
func (s *bandSet) add(id, seen string, bands []uint64) {
	if s.rows == nil {
		s.rows = make(map[bandKey][]bandRow)
	}
	for b, v := range bands {
		k := bandKey{b, v}
		s.rows[k] = append(s.rows[k], bandRow{band: b, value: v, seen: seen, id: id})
	}
	s.articles++
}

// addStored records the bands of one article from its stored signature.
func (s *bandSet) addStored(id, seen string, signature []byte) error {
	sig, err := syndication.ParseSignature(signature)
	if err != nil {
		return fmt.Errorf("archive: signature of %s: %w", id, err)
	}
	s.add(id, seen, sig.Bands())
	return nil
}

// merge adds every row of o.
func (s *bandSet) merge(o *bandSet) {
	if s.rows == nil {
		s.rows = make(map[bandKey][]bandRow, len(o.rows))
	}
	for k, rows := range o.rows {
		s.rows[k] = append(s.rows[k], rows...)
	}
	s.articles += o.articles
}

// match appends to ids those of the rows under (band, value) first seen
// within [lo, hi], at most perBand, as the lsh_band lookup does.
func (s *bandSet) match(band int, value uint64, lo, hi string, ids []string) []string {
	n := 0
	for _, r := range s.rows[bandKey{band, value}] {
		if n == perBand {
			break
		}
		if lo <= r.seen && r.seen <= hi {
			ids = append(ids, r.id)
			n++
		}
	}
	return ids
}

// sorted returns every row in lsh_band's key order, so that a flush
// touches each page of the table once.
func (s *bandSet) sorted() []bandRow {
	out := make([]bandRow, 0, s.articles*syndication.NumBands)
	for _, rows := range s.rows {
		out = append(out, rows...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.band != b.band:
			return a.band < b.band
		case a.value != b.value:
			return int64(a.value) < int64(b.value) // stored as INTEGER
		case a.seen != b.seen:
			return a.seen < b.seen
		}
		return a.id < b.id
	})
	return out
}

// pendingBands is the bandSet of committed articles whose rows lsh_band
// does not hold yet. It is safe for concurrent use, but only the committer
// adds to it and flushes it (or Close once the committer has stopped): a
// flush that clears what it wrote then clears nothing else.
type pendingBands struct {
	mu  sync.Mutex
	set bandSet
}

// merge adds a committed group's bands.
func (p *pendingBands) merge(o *bandSet) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set.merge(o)
}

// articles says how many articles' bands are pending.
func (p *pendingBands) articles() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.articles
}

// sorted is bandSet.sorted under the lock.
func (p *pendingBands) sorted() []bandRow {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.sorted()
}

// clear forgets every pending band, once a flush has committed them.
func (p *pendingBands) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set = bandSet{}
}

// match is bandSet.match under the lock.
func (p *pendingBands) match(band int, value uint64, lo, hi string, ids []string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.match(band, value, lo, hi, ids)
}
