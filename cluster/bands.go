package cluster

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haberci/haberci/syndication"
)

// Row is one LSH band of one article, as a store keeps it.
type Row struct {
	Band  int
	Value uint64
	Seen  time.Time // the article's first_seen_at
	ID    string
}

// key is what a lookup matches: a band and its value.
type key struct {
	band  int
	value uint64
}

// Set holds band rows by key, in the order they were added. Its zero
// value is empty and ready to use. It is not safe for concurrent use; see
// Pending.
type Set struct {
	rows     map[key][]Row
	articles int
}

// Add records the bands of one article.
func (s *Set) Add(id string, seen time.Time, bands []uint64) {
	if s.rows == nil {
		s.rows = make(map[key][]Row)
	}
	for b, v := range bands {
		k := key{b, v}
		s.rows[k] = append(s.rows[k], Row{Band: b, Value: v, Seen: seen, ID: id})
	}
	s.articles++
}

// AddSignature records the bands of one article from its stored signature
// (syndication.Signature.Bytes) and, when terms is not empty, its term
// bands from its stored term signature (Sketch.Terms).
func (s *Set) AddSignature(id string, seen time.Time, signature, terms []byte) error {
	sig, err := syndication.ParseSignature(signature)
	if err != nil {
		return err
	}
	sk := Sketch{Bands: sig.Bands()}
	if len(terms) > 0 {
		ts, err := syndication.ParseSignature(terms)
		if err != nil {
			return fmt.Errorf("term signature: %w", err)
		}
		sk.TermBands = syndication.TermBands(&ts)
	}
	s.Add(id, seen, sk.Keys())
	return nil
}

// Merge adds every row of o. A key new to s shares o's rows, clipped so
// that neither set's appends reach the other's: most keys are new (a band
// value is rarely repeated), and copying each row again was most of a
// merge's cost.
func (s *Set) Merge(o *Set) {
	if s.rows == nil {
		s.rows = make(map[key][]Row, len(o.rows))
	}
	for k, rows := range o.rows {
		if have, ok := s.rows[k]; ok {
			s.rows[k] = append(have, rows...)
		} else {
			s.rows[k] = slices.Clip(rows)
		}
	}
	s.articles += o.articles
}

// Articles says how many articles' bands the set holds.
func (s *Set) Articles() int { return s.articles }

// match appends to ids those of the rows under (band, value) first seen
// within [lo, hi], at most PerBand (PerTermBand for a term band), as a
// stored lookup does.
func (s *Set) match(band int, value uint64, lo, hi time.Time, ids []string) []string {
	n, limit := 0, PerBand
	if band >= TermBand0 {
		limit = PerTermBand
	}
	for _, r := range s.rows[key{band, value}] {
		if n == limit {
			break
		}
		if !r.Seen.Before(lo) && !r.Seen.After(hi) {
			ids = append(ids, r.ID)
			n++
		}
	}
	return ids
}

// Sorted returns every row in key order (band, value as a signed 64-bit
// integer, first seen, id), so that a store writing them touches each page
// of its index once.
func (s *Set) Sorted() []Row {
	out := make([]Row, 0, s.articles*NumKeys)
	for _, rows := range s.rows {
		out = append(out, rows...)
	}
	slices.SortFunc(out, func(a, b Row) int {
		switch {
		case a.Band != b.Band:
			return a.Band - b.Band
		case a.Value != b.Value:
			if int64(a.Value) < int64(b.Value) {
				return -1
			}
			return 1
		case !a.Seen.Equal(b.Seen):
			return a.Seen.Compare(b.Seen)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Pending is a Set shared between the writer, which adds committed
// articles' rows and writes them out, and lookups. Only one writer may add
// and clear, so that a clear after a write forgets only what was written.
type Pending struct {
	mu  sync.Mutex
	set Set
}

// Merge adds a committed group's rows.
func (p *Pending) Merge(o *Set) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set.Merge(o)
}

// Articles says how many articles' rows are pending.
func (p *Pending) Articles() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.articles
}

// Sorted is Set.Sorted under the lock.
func (p *Pending) Sorted() []Row {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.Sorted()
}

// match is Set.match under the lock.
func (p *Pending) match(band int, value uint64, lo, hi time.Time, ids []string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.set.match(band, value, lo, hi, ids)
}

// Clear forgets every pending row, once they are written. The map keeps
// its room: the next flush's rows fill it again without growing it step
// by step.
func (p *Pending) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.set.rows)
	p.set.articles = 0
}
