package index

import (
	"hash/maphash"
	"sync"
)

// Bounds of a word cache: two generations of about 64k words each, a few
// MB at most.
const (
	stemShards        = 16
	stemShardCapacity = 4096
)

// stemmed is what the stem filter computes for one word.
type stemmed struct {
	stem  string
	extra []string // further lemmas or candidate stems, shared: never modified
}

// wordCache remembers what analysis computed for recent words: their
// stems (lemmatising is the costliest step of analysis) and the terms the
// index holds for them. News vocabulary repeats heavily, so most tokens are
// cache hits.
// It is sharded because Bleve analyses a batch's documents in parallel.
// Each shard keeps two generations: when the current one is full it
// becomes the old one and the words read from the old one move back into
// the new, so frequent words survive and memory stays bounded without
// per-entry bookkeeping.
type wordCache[V any] struct {
	seed   maphash.Seed
	shards [stemShards]wordShard[V]
}

// wordShard is one lock's worth of the cache.
type wordShard[V any] struct {
	mu       sync.Mutex
	cur, old map[string]V
}

// The process-wide caches: both are pure functions of the word.
var (
	stems  = newWordCache[stemmed]()
	unions = newWordCache[[][]byte]()
)

func newWordCache[V any]() *wordCache[V] {
	c := &wordCache[V]{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].cur = make(map[string]V)
	}
	return c
}

// lookup returns the cached result for word, allocating only to move a
// word from the old generation into the current one.
func (c *wordCache[V]) lookup(word []byte) (V, bool) {
	s := &c.shards[maphash.Bytes(c.seed, word)%stemShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.cur[string(word)]; ok {
		return v, true
	}
	v, ok := s.old[string(word)]
	if ok {
		s.put(string(word), v)
	}
	return v, ok
}

// store remembers v for word.
func (c *wordCache[V]) store(word string, v V) {
	s := &c.shards[maphash.String(c.seed, word)%stemShards]
	s.mu.Lock()
	s.put(word, v)
	s.mu.Unlock()
}

// put adds to the current generation, first retiring it when it is full.
func (s *wordShard[V]) put(word string, v V) {
	if len(s.cur) >= stemShardCapacity {
		s.old, s.cur = s.cur, make(map[string]V, stemShardCapacity)
	}
	s.cur[word] = v
}
