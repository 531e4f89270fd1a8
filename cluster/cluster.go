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

// Sketch is a text's shingles, MinHash signature and LSH bands.
type Sketch struct {
	Shingles  syndication.Shingles
	Signature syndication.Signature
	Bands     []uint64 // Signature.Bands(), one value per band
}

// NewSketch computes body's sketch, nil when the body is too short to
// compare (fewer than syndication.MinShingles shingles).
func NewSketch(body string) *Sketch { return SketchOf(syndication.Shingle(body)) }

// SketchOf is NewSketch of a body already shingled.
func SketchOf(sh syndication.Shingles) *Sketch {
	if len(sh) < syndication.MinShingles {
		return nil
	}
	sk := &Sketch{Shingles: sh, Signature: syndication.Sign(sh)}
	sk.Bands = sk.Signature.Bands()
	return sk
}

// SimHash is Charikar's 64-bit fingerprint of a text's shingles: bit i is
// set when more shingle hashes have bit i set than not. Near-copies differ
// in few bits (compare with bits.OnesCount64(a ^ b)); 0 for no shingles.
// The archive stores it with every article and exports it, for tools that
// look for near-duplicates without our signatures.
func SimHash(sh syndication.Shingles) uint64 {
	var votes [64]int
	for _, h := range sh {
		for i := range votes {
			if h&(1<<i) != 0 {
				votes[i]++
			} else {
				votes[i]--
			}
		}
	}
	var out uint64
	for i, v := range votes {
		if v > 0 {
			out |= 1 << i
		}
	}
	return out
}

// StoredBands is the lookup of band rows a store holds.
type StoredBands interface {
	// StoredCandidates returns the ids of articles with a stored band row
	// (band i, value bands[i]) first seen within [lo, hi]: at most PerBand
	// per band and MaxCandidates in all, each once.
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
	if len(bands) != syndication.NumBands {
		return nil, fmt.Errorf("cluster: %d bands, want %d", len(bands), syndication.NumBands)
	}
	lo, hi := around.Add(-lk.Window), around.Add(lk.Window)
	out, err := st.StoredCandidates(ctx, bands, lo, hi)
	if err != nil {
		return nil, err
	}
	if len(lk.Unwritten) == 0 {
		return out, nil
	}
	var extra []string
	for b, v := range bands {
		for _, s := range lk.Unwritten {
			extra = s.match(b, v, lo, hi, extra)
		}
	}
	seen := make(map[string]bool, len(out))
	for _, id := range out {
		seen[id] = true
	}
	for _, id := range extra {
		if len(out) == MaxCandidates {
			break
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
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
	ids, err := Candidates(ctx, st, sk.Bands, seen, lk)
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
		if _, same := syndication.Same(sk.Shingles, syndication.Shingle(body)); same {
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
