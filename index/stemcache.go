package index

import (
	"hash/maphash"
	"sync"
)

// Bounds of the stem cache: about 64k words, a few MB at most.
const (
	stemShards        = 16
	stemShardCapacity = 4096
)

// stemmed is what the stem filter computes for one word.
type stemmed struct {
	stem  string
	extra []string // candidate stems, shared: never modified
}

// stemCache remembers the stems of recent words. Snowball is the costliest
// step of analysis, and news vocabulary repeats heavily, so most tokens are
// cache hits.
// It is sharded because Bleve analyses a batch's documents in parallel; a
// full shard is emptied, which keeps memory bounded without bookkeeping.
type stemCache struct {
	seed   maphash.Seed
	shards [stemShards]struct {
		mu sync.Mutex
		m  map[string]stemmed
	}
}

// stems is the process-wide cache: stemming is a pure function of the word.
var stems = newStemCache()

func newStemCache() *stemCache {
	c := &stemCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]stemmed)
	}
	return c
}

// lookup returns the cached result for word without allocating.
func (c *stemCache) lookup(word []byte) (stemmed, bool) {
	s := &c.shards[maphash.Bytes(c.seed, word)%stemShards]
	s.mu.Lock()
	v, ok := s.m[string(word)]
	s.mu.Unlock()
	return v, ok
}

// store remembers v for word, emptying the shard first when it is full.
func (c *stemCache) store(word string, v stemmed) {
	s := &c.shards[maphash.String(c.seed, word)%stemShards]
	s.mu.Lock()
	if len(s.m) >= stemShardCapacity {
		clear(s.m)
	}
	s.m[word] = v
	s.mu.Unlock()
}
