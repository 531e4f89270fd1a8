package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Counting facets from ordinals. Bleve counts a terms facet by decoding
// each match's doc values, which costs more per match than finding the
// match did for a one-word query. Scorch segments never change once
// built, so for each segment the facets field is read once, from its term
// dictionary and postings, into an array from the segment's document
// numbers to small ordinals (source, agency, day); a search then counts
// each match by three array reads while its searcher returns it.

// Each document has at most one value of each facet: a slot apiece.
const (
	slotSource = iota
	slotAgency
	slotDay
	facetSlots
)

// facetTerm is a term of the facets field, known by its ordinal.
type facetTerm struct {
	name string    // without its prefix
	slot int       // which facet
	day  time.Time // the slotDay term's day
}

// facetOrdinalsTTL is how long a segment's ordinals are kept after the
// last search that read them: merged-away segments' are dropped then.
const facetOrdinalsTTL = time.Minute

// facetOrdinals numbers the terms of the facets field (ordinal 0 is no
// value) and keeps each segment's ordinals. It is safe for concurrent use.
type facetOrdinals struct {
	mu     sync.Mutex
	terms  []facetTerm // by ordinal; only appended to
	byName map[string]uint32
	segs   map[segment.Segment]*segmentOrdinals
	swept  time.Time
}

// segmentOrdinals are one segment's: facetSlots ordinals per document
// number, deleted documents included (searchers skip those).
type segmentOrdinals struct {
	once sync.Once
	ords []uint32
	// regular is false when a document holds two values of one facet or
	// a term has no known prefix: Bleve's facet counts such a segment.
	regular bool
	err     error
	used    atomic.Int64 // Unix seconds of the last search that read them
}

// ordinal returns the ordinal and slot of a facets term, numbering it if
// new; ok is false for a term facets do not know.
func (o *facetOrdinals) ordinal(term string) (ord uint32, slot int, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ord, ok := o.byName[term]; ok {
		return ord, o.terms[ord].slot, true
	}
	var t facetTerm
	switch {
	case strings.HasPrefix(term, prefixSource):
		t = facetTerm{name: term[len(prefixSource):], slot: slotSource}
	case strings.HasPrefix(term, prefixAgency):
		t = facetTerm{name: term[len(prefixAgency):], slot: slotAgency}
	case strings.HasPrefix(term, prefixDay):
		d, err := time.Parse(time.DateOnly, term[len(prefixDay):])
		if err != nil {
			return 0, 0, false
		}
		t = facetTerm{name: term[len(prefixDay):], slot: slotDay, day: d}
	default:
		return 0, 0, false
	}
	if o.byName == nil {
		o.byName = map[string]uint32{}
		o.terms = []facetTerm{{}} // ordinal 0: no value
	}
	ord = uint32(len(o.terms))
	o.terms = append(o.terms, t)
	o.byName[term] = ord
	return ord, t.slot, true
}

// knownTerms returns the terms numbered so far, by ordinal.
func (o *facetOrdinals) knownTerms() []facetTerm {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.terms
}

// segment returns seg's ordinals, read on first use, and drops those of
// segments no search read for facetOrdinalsTTL.
func (o *facetOrdinals) segment(seg segment.Segment, now time.Time) (*segmentOrdinals, error) {
	o.mu.Lock()
	if now.Sub(o.swept) > facetOrdinalsTTL/4 {
		for k, s := range o.segs {
			if now.Unix()-s.used.Load() > int64(facetOrdinalsTTL/time.Second) {
				delete(o.segs, k)
			}
		}
		o.swept = now
	}
	s, ok := o.segs[seg]
	if !ok {
		if o.segs == nil {
			o.segs = map[segment.Segment]*segmentOrdinals{}
		}
		s = &segmentOrdinals{}
		o.segs[seg] = s
	}
	s.used.Store(now.Unix())
	o.mu.Unlock()
	s.once.Do(func() { s.err = s.read(o, seg) })
	return s, s.err
}

// read fills s from seg's facets terms and their postings.
func (s *segmentOrdinals) read(o *facetOrdinals, seg segment.Segment) error {
	ords := make([]uint32, facetSlots*seg.Count())
	dict, err := seg.Dictionary(fFacets)
	if err != nil {
		return fmt.Errorf("index: facet ordinals: %w", err)
	}
	var (
		pl segment.PostingsList
		pi segment.PostingsIterator
	)
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("index: facet ordinals: %w", err)
		}
		if e == nil {
			break
		}
		ord, slot, ok := o.ordinal(e.Term)
		if !ok {
			return nil // irregular
		}
		if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return fmt.Errorf("index: facet ordinals: %w", err)
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return fmt.Errorf("index: facet ordinals: %w", err)
			}
			if p == nil {
				break
			}
			i := p.Number()*facetSlots + uint64(slot)
			if i >= uint64(len(ords)) || ords[i] != 0 {
				return nil // irregular
			}
			ords[i] = ord
		}
	}
	s.ords, s.regular = ords, true
	return nil
}

// tally returns a count over the snapshot's segments, or nil when one of
// them is irregular.
func (o *facetOrdinals) tally(snap *scorch.IndexSnapshot) (*facetTally, error) {
	segs := snap.Segments()
	t := &facetTally{segs: make([][]uint32, len(segs)), starts: make([]uint64, len(segs)+1)}
	now := time.Now()
	var start uint64
	for i, ss := range segs {
		s, err := o.segment(ss.Segment(), now)
		if err != nil {
			return nil, err
		}
		if !s.regular {
			return nil, nil
		}
		// Global document numbers run through the segments in order,
		// each taking its full count, deleted documents included (as
		// scorch's snapshot offsets do).
		t.segs[i], t.starts[i] = s.ords, start
		start += uint64(ss.FullSize())
	}
	t.starts[len(segs)] = start
	// Every ordinal of these segments is known by now; ordinal 0 is
	// counted though no term is known yet.
	t.terms = o.knownTerms()
	t.counts = make([]uint32, max(1, len(t.terms)))
	return t, nil
}

// facetTally counts the facets of one search's matches.
type facetTally struct {
	segs   [][]uint32 // each segment's ordinals
	starts []uint64   // each segment's first global document number, then the end
	cur    int        // the segment of the last match: matches come in order
	counts []uint32   // by ordinal
	terms  []facetTerm
}

// add counts the match with the global document number g.
func (t *facetTally) add(g uint64) {
	i := t.cur
	if g < t.starts[i] || g >= t.starts[i+1] {
		i = sort.Search(len(t.segs), func(j int) bool { return t.starts[j+1] > g })
		if i == len(t.segs) {
			return // not in the snapshot: cannot happen
		}
		t.cur = i
	}
	o := t.segs[i][(g-t.starts[i])*facetSlots:]
	t.counts[o[slotSource]]++
	t.counts[o[slotAgency]]++
	t.counts[o[slotDay]]++
}

// facets are the counts as Bleve's facet request reads them (readFacets):
// the top sources and agencies, most matches first, then by name, and
// the histogram of the days.
func (t *facetTally) facets() (Facets, error) {
	var terms []*search.TermFacet // counted, for the rare case below
	f := emptyFacets()
	var days []dayCount
	nonzero := 0
	for ord, n := range t.counts[1:] {
		if n == 0 {
			continue
		}
		nonzero++
		switch ft := t.terms[ord+1]; ft.slot {
		case slotSource:
			f.Source = append(f.Source, TermCount{Term: ft.name, Count: int(n)})
		case slotAgency:
			f.Agency = append(f.Agency, TermCount{Term: ft.name, Count: int(n)})
		case slotDay:
			days = append(days, dayCount{ft.day, int(n)})
		}
	}
	if nonzero > maxFacetTerms {
		// Bleve keeps only the first maxFacetTerms terms: let readFacets
		// cut them as it does.
		prefix := [facetSlots]string{prefixSource, prefixAgency, prefixDay}
		for ord, n := range t.counts[1:] {
			if n > 0 {
				ft := t.terms[ord+1]
				terms = append(terms, &search.TermFacet{Term: prefix[ft.slot] + ft.name, Count: int(n)})
			}
		}
		return readFacets(termsResult(terms, maxFacetTerms))
	}
	byCount := func(a, b TermCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Term, b.Term)
	}
	slices.SortFunc(f.Source, byCount)
	slices.SortFunc(f.Agency, byCount)
	f.Source = f.Source[:min(len(f.Source), facetTermsTop)]
	f.Agency = f.Agency[:min(len(f.Agency), facetTermsTop)]
	f.Published = histogramOf(days)
	return f, nil
}

// termsResult is Bleve's result of a terms facet that counted terms,
// sorted and cut to size as Bleve does.
func termsResult(terms []*search.TermFacet, size int) search.FacetResults {
	tf := &search.TermFacets{}
	for _, t := range terms {
		tf.Add(t)
	}
	sort.Sort(tf)
	tf.TrimToTopN(min(size, tf.Len()))
	return search.FacetResults{facetAll: &search.FacetResult{Field: fFacets, Terms: tf}}
}

// countedQuery is a query whose searcher counts the facets of each match
// it returns, so that the search that finds the matches counts them too.
type countedQuery struct {
	query.Query
	ords  *facetOrdinals
	tally *facetTally // set by Searcher; nil: Bleve is to count them
}

// Searcher wraps q's searcher in one that counts, when the reader is a
// scorch snapshot whose segments are all regular.
func (c *countedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	c.tally = nil
	s, err := c.Query.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return s, nil
	}
	t, err := c.ords.tally(snap)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	if t == nil {
		return s, nil
	}
	c.tally = t
	return &countingSearcher{Searcher: s, t: t}, nil
}

// countingSearcher counts the facets of the matches its searcher returns.
type countingSearcher struct {
	search.Searcher
	t *facetTally
}

func (s *countingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.t.add(dm.IndexInternalID.Value())
	}
	return dm, err
}

func (s *countingSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.t.add(dm.IndexInternalID.Value())
	}
	return dm, err
}

// counted wraps q to count its matches' facets (see facetsOf).
func (ix *Index) counted(q query.Query) *countedQuery {
	return &countedQuery{Query: q, ords: &ix.ords}
}

// facetsOf returns the facets c counted in the search just run with it,
// or has Bleve count them when c could not.
func (ix *Index) facetsOf(ctx context.Context, c *countedQuery) (Facets, error) {
	if c.tally != nil {
		return c.tally.facets()
	}
	return ix.countFacetsBleve(ctx, c.Query)
}

// countable is q, or c when it counts q's facets.
func countable(q query.Query, c *countedQuery) query.Query {
	if c != nil {
		return c
	}
	return q
}
