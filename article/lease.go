package article

import (
	"errors"
	"time"
)

// ErrLeaseLost is wrapped by a store's errors when a node acts on a lease
// or claim it no longer holds: it expired, and another node may have taken
// it. The crawler then stops the crawl that lease covered.
var ErrLeaseLost = errors.New("lease lost")

// Lease is a node's right to crawl one source until Expires, given by a
// store that several nodes share.
type Lease struct {
	SourceID string
	Due      time.Time // when the source became due
	Expires  time.Time
}
