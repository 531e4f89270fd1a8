// Package cluster decides which stored articles are copies of one story:
// an article's text sketch (shingles, MinHash signature, LSH bands), the
// lookup of archived articles sharing a band, the exact check of each
// candidate (syndication.Same) and the merge of the clusters a new text
// links. It holds no storage of its own: the archive's writer calls Join
// inside its transaction with a Store that reads and writes there, and
// keeps the band rows it has not written yet in a Pending set.
package cluster

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/haberci/haberci/syndication"
)

// Window is how far apart in first-seen time two articles may be and still
// be found as copies of one story (the archive's default).
const Window = 30 * 24 * time.Hour

// MaxCandidates bounds the articles a lookup returns and Join verifies: a
// story carried more widely still joins its cluster through any of them.
// PerBand bounds the articles one band contributes (the earliest first
// seen), so a story carried a thousand times costs no more than one carried
// ten times.
const (
	MaxCandidates = 64
	PerBand       = 8
)

// Term bands (syndication.TermBands) are a second way to become a
// candidate: a short item carried inside a long text shares most of its
// shingles with it (Same's containment) but too few of the long text's for
// the MinHash bands, whose odds follow Jaccard, to meet; the two term sets,
// fewer and repeated, still share a term band (measured in
// syndication/eval_test.go). A store keeps them as band rows numbered from
// TermBand0 on. They are common among stories of one topic, so each
// contributes at most PerTermBand articles and all of them at most
// MaxTermCandidates; each candidate is still checked with Same.
const (
	TermBand0         = syndication.NumBands
	PerTermBand       = 2
	MaxTermCandidates = 16
)

// NumKeys is how many band rows a sketch with term bands has (Keys).
const NumKeys = syndication.NumBands + syndication.NumTermBands

// Sketch is a text's shingles, MinHash signature and LSH bands, and the
// signature and bands of its term set.
type Sketch struct {
	Shingles  syndication.Shingles
	Signature syndication.Signature
	Bands     []uint64 // Signature.Bands(), one value per band
	// Terms is the MinHash signature of syndication.Terms(body), all ones
	// (no signature) when the body has no terms; TermBands are its bands
	// (syndication.TermBands), nil then.
	Terms     syndication.Signature
	TermBands []uint64
}

// NewSketch computes body's sketch, nil when the body is too short to
// compare (fewer than syndication.MinShingles shingles).
func NewSketch(body string) *Sketch {
	words := syndication.Words(body)
	return SketchOf(syndication.FromWords(words), syndication.TermsOf(words))
}

// SketchOf is NewSketch of a body already shingled (sh) and cut into terms.
func SketchOf(sh, terms syndication.Shingles) *Sketch {
	if len(sh) < syndication.MinShingles {
		return nil
	}
	sk := &Sketch{Shingles: sh, Signature: syndication.Sign(sh), Terms: syndication.Sign(terms)}
	sk.Bands = sk.Signature.Bands()
	sk.TermBands = syndication.TermBands(&sk.Terms)
	return sk
}

// Keys returns the band values a store keeps for the sketch, the band
// number of each being its position: Bands, then TermBands from TermBand0
// on (none when the text has no terms).
func (sk *Sketch) Keys() []uint64 {
	if len(sk.TermBands) == 0 {
		return sk.Bands
	}
	return append(slices.Clip(sk.Bands), sk.TermBands...)
}

// SimHash is Charikar's 64-bit fingerprint of a text's shingles: bit i is
// set when more shingle hashes have bit i set than not. Near-copies differ
// in few bits (compare with bits.OnesCount64(a ^ b)); 0 for no shingles.
// The archive stores it with every article and exports it, for tools that
// look for near-duplicates without our signatures.
func SimHash(sh syndication.Shingles) uint64 {
	// counts[i] is how many hashes have bit i set. They are summed eight
	// bits at a time: lane j (byte j) of acc[k] counts bit 8j+k, which
	// takes eight additions a hash instead of 64 unpredictable branches;
	// the lanes are emptied before they can overflow.
	var counts [64]int
	var acc [8]uint64
	const lanes = 0x0101010101010101
	drain := func() {
		for k, a := range acc {
			for j := range 8 {
				counts[8*j+k] += int(a >> (8 * j) & 0xff)
			}
		}
		acc = [8]uint64{}
	}
	for n, h := range sh {
		if n%255 == 254 {
			drain()
		}
		for k := range acc {
			acc[k] += h >> k & lanes
		}
	}
	drain()
	var out uint64
	for i, c := range counts {
		if 2*c > len(sh) { // more set than not
			out |= 1 << i
		}
	}
	return out
}

// StoredBands is the lookup of band rows a store holds.
type StoredBands interface {
	// StoredCandidates returns the ids of articles with a stored band row
	// (band i, value bands[i]) first seen within [lo, hi]: at most PerBand
	// per band and MaxCandidates in all, each once. bands holds NumBands
	// values or NumKeys (Sketch.Keys): then the term bands (from TermBand0
	// on) add at most PerTermBand each and MaxTermCandidates in all, after
	// the others.
	StoredCandidates(ctx context.Context, bands []uint64, lo, hi time.Time) ([]string, error)
}

// Store is what Join reads and changes, inside the writer's transaction.
type Store interface {
	StoredBands
	// Text returns a stored article's body and cluster id.
	Text(ctx context.Context, id string) (body, cluster string, err error)
	// ClusterCreated returns when a cluster's earliest article was first seen.
	ClusterCreated(ctx context.Context, id string) (time.Time, error)
	// Merge moves every article of cluster from into cluster into (each
	// must be seen again by whoever follows changes) and deletes from.
	Merge(ctx context.Context, from, into string) error
}

// Lookup says where copies are looked for besides the stored band rows.
type Lookup struct {
	Window    time.Duration // how far apart in first-seen time copies may be
	Unwritten []Unwritten   // band rows not stored yet, searched too
	// Terms makes Join look up the term bands too: for a store that keeps
	// them (Sketch.Keys).
	Terms bool
	// Memo, when not nil, keeps candidates' shingle sets between Joins.
	Memo *Memo
}

// Unwritten is a *Set or a *Pending: band rows a store does not hold yet.
type Unwritten interface {
	match(band int, value uint64, lo, hi time.Time, ids []string) []string
}

// Candidates returns the ids of articles sharing at least one of bands
// (Signature.Bands) and first seen within lk.Window of around, from the
// stored rows and lk.Unwritten, at most MaxCandidates. It reads an index,
// not a scan; watches use it to find the articles carrying a text.
func Candidates(ctx context.Context, st StoredBands, bands []uint64, around time.Time, lk Lookup) ([]string, error) {
	if len(bands) != syndication.NumBands && len(bands) != NumKeys {
		return nil, fmt.Errorf("cluster: %d bands, want %d or %d", len(bands), syndication.NumBands, NumKeys)
	}
	lo, hi := around.Add(-lk.Window), around.Add(lk.Window)
	out, err := st.StoredCandidates(ctx, bands, lo, hi)
	if err != nil {
		return nil, err
	}
	if len(lk.Unwritten) == 0 {
		return out, nil
	}
	seen := make(map[string]bool, len(out))
	for _, id := range out {
		seen[id] = true
	}
	out = addUnwritten(out, seen, bands[:syndication.NumBands], 0, lo, hi, lk.Unwritten, MaxCandidates)
	return addUnwritten(out, seen, bands[syndication.NumBands:], TermBand0, lo, hi, lk.Unwritten, MaxTermCandidates), nil
}

// addUnwritten appends to out the ids under bands (numbered from first on)
// in the unwritten rows that seen does not hold, at most limit of them and
// up to MaxCandidates in all.
func addUnwritten(out []string, seen map[string]bool, bands []uint64, first int, lo, hi time.Time, sets []Unwritten, limit int) []string {
	var extra []string
	for b, v := range bands {
		for _, s := range sets {
			extra = s.match(first+b, v, lo, hi, extra)
		}
	}
	added := 0
	for _, id := range extra {
		if len(out) == MaxCandidates || added == limit {
			break
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
			added++
		}
	}
	return out
}

// Join finds the stored copies of a text with sketch sk first seen at seen
// and returns the cluster it belongs to: "" when it has no copy, else the
// cluster of its copies, created first, into which the clusters of its
// other copies merge (the text links them). own, when not empty, is the
// text's own cluster (an article stored before it was sketched): it counts
// as one of them. merged is how many clusters merged.
func Join(ctx context.Context, st Store, sk *Sketch, seen time.Time, own string, lk Lookup) (target string, merged int, err error) {
	matched := map[string]bool{}
	if own != "" {
		matched[own] = true
	}
	keys := sk.Bands
	if lk.Terms {
		keys = sk.Keys()
	}
	ids, err := Candidates(ctx, st, keys, seen, lk)
	if err != nil {
		return "", 0, err
	}
	for _, id := range ids {
		body, cluster, err := st.Text(ctx, id)
		if err != nil {
			return "", 0, fmt.Errorf("cluster: candidate %s: %w", id, err)
		}
		if matched[cluster] {
			continue // one copy per cluster is proof enough
		}
		if _, same := syndication.Same(sk.Shingles, lk.Memo.Shingles(id, body)); same {
			matched[cluster] = true
		}
	}
	if len(matched) == 0 {
		return "", 0, nil
	}
	if target, err = oldest(ctx, st, matched); err != nil {
		return "", 0, err
	}
	for c := range matched {
		if c == target {
			continue
		}
		if err := st.Merge(ctx, c, target); err != nil {
			return "", merged, err
		}
		merged++
	}
	return target, merged, nil
}

// oldest returns the cluster of ids created first (ties: lowest id).
func oldest(ctx context.Context, st Store, ids map[string]bool) (string, error) {
	best := ""
	var bestAt time.Time
	for id := range ids {
		at, err := st.ClusterCreated(ctx, id)
		if err != nil {
			return "", fmt.Errorf("cluster: %s: %w", id, err)
		}
		if best == "" || at.Before(bestAt) || (at.Equal(bestAt) && id < best) {
			best, bestAt = id, at
		}
	}
	return best, nil
}
