package index

import (
	"fmt"
	"testing"
)

// TestStemCacheGenerations checks that the cache stays within two
// generations per shard and that a word read often outlives many rarer
// ones passing through.
func TestStemCacheGenerations(t *testing.T) {
	c := newWordCache[stemmed]()
	hot := stemmed{stem: "belediye"}
	c.store("belediyesi", hot)
	for i := range 8 * stemShards * stemShardCapacity {
		w := fmt.Sprintf("kelime%d", i)
		c.store(w, stemmed{stem: w})
		if i%1000 == 0 {
			if got, ok := c.lookup([]byte("belediyesi")); !ok || got.stem != hot.stem {
				t.Fatalf("after %d words the hot word is gone: %+v, %v", i, got, ok)
			}
		}
	}
	for i := range c.shards {
		s := &c.shards[i]
		if n := len(s.cur) + len(s.old); n > 2*stemShardCapacity {
			t.Errorf("shard %d holds %d words, bound %d", i, n, 2*stemShardCapacity)
		}
	}
	if _, ok := c.lookup([]byte("kelime0")); ok {
		t.Error("a word seen once, long ago, is still cached")
	}
}
