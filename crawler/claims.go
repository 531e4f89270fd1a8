package crawler

import (
	"strings"
	"sync"
)

// maxClaims bounds the claim table of a daemon whose sources never all rest
// at once: past it, finished claims are forgotten (the archive's Seen then
// answers for them).
const maxClaims = 100_000

// claims makes each URL (and GUID) fetched once per crawl, whatever number
// of sources list it. Each source checks the archive's Seen before it
// fetches, but sources running side by side would all pass that check
// before the first had stored the page; so an item is claimed by canonical
// URL and GUID before its fetch, and a key once stored (or found archived)
// stays claimed while any source runs: a page whose own canonical URL
// differs from the link is then not fetched again through the link.
type claims struct {
	mu   sync.Mutex
	keys map[string]bool // true once done; false while in flight
}

// claimKeys are the keys of an item: its canonical link and its GUID. A
// GUID that is no URL ("12345") names an item only within its source, as
// the archive's Seen reads it.
func claimKeys(sourceID, link, guid string) []string {
	keys := []string{"url " + link}
	switch {
	case strings.HasPrefix(guid, "http://"), strings.HasPrefix(guid, "https://"):
		keys = append(keys, "guid "+guid)
	case guid != "":
		keys = append(keys, "guid "+sourceID+" "+guid)
	}
	return keys
}

// take claims all keys, or none when any is claimed already.
func (c *claims) take(keys []string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = map[string]bool{}
	}
	for _, k := range keys {
		if _, ok := c.keys[k]; ok {
			return false
		}
	}
	if len(c.keys)+len(keys) > maxClaims {
		c.forgetDoneLocked()
	}
	for _, k := range keys {
		c.keys[k] = false
	}
	return true
}

// also claims extra keys for an item already claimed (its page named
// another canonical URL); it reports false when another item holds one.
func (c *claims) also(keys []string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if _, ok := c.keys[k]; ok {
			return false
		}
	}
	for _, k := range keys {
		c.keys[k] = false
	}
	return true
}

// finish ends the claim on keys: kept as done when the item is archived,
// dropped when it failed (so that a later run may try again).
func (c *claims) finish(keys []string, archived bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if archived {
			c.keys[k] = true
		} else {
			delete(c.keys, k)
		}
	}
}

// reset forgets the finished claims: called when no source runs, which
// ends a crawl.
func (c *claims) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetDoneLocked()
}

func (c *claims) forgetDoneLocked() {
	for k, done := range c.keys {
		if done {
			delete(c.keys, k)
		}
	}
}
