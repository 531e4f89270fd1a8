package pgarchive

import (
	"encoding/binary"
	"hash/fnv"
	"slices"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
)

// Several nodes write articles at once, each in its own transactions. On
// SQLite one writer made clustering trivially consistent; here two nodes
// storing copies of one story at the same moment could each look for the
// other's copy before it committed, find nothing, and found two clusters.
//
// A group's transaction therefore first takes a transaction-scoped
// advisory lock (pg_advisory_xact_lock) on each key its articles could
// meet another writer's on: every LSH band (band, value) of every sketch,
// shingle and term bands (cluster.Sketch.Keys), the content hash, the ID
// and the canonical URL. Why that suffices:
//
//   - Two copies A and B of one story are found by clustering only through
//     a band they share, shingle or term band (that is what a lookup
//     searches; copies sharing no band are not found by a single writer
//     either). So if A and B are
//     stored at once, both transactions lock that band's key, and one, say
//     B's, waits until A's has committed or rolled back.
//   - B's lookups run after its lock is granted, in statements of their own
//     under READ COMMITTED, so each takes a snapshot after A's commit: B
//     finds A's band rows and cluster, and joins it, exactly as if the two
//     had been stored one after the other. Identical texts and the same
//     URL meet on the content hash and ID/URL keys in the same way, so a
//     page is never inserted twice and identical texts never found two
//     clusters.
//   - Clusters a lookup finds are read with their member's row locked
//     (FOR SHARE, near.go) and a merge locks the cluster it removes before
//     moving its members, so no cluster a writer joins is merged away
//     under it. Writers whose row locks cross are aborted by the server's
//     deadlock detector, and inTx runs the loser again.
//   - Deadlocks among the advisory locks themselves cannot happen: each
//     transaction takes all of its keys in one statement, in ascending
//     order, before any other lock; a waiter holds only smaller keys. The
//     locks are taken before the transaction writes, so a waiting writer
//     has no transaction id yet and does not hold up the change stream.
//
// The locks live until commit; a key is a 64-bit hash (FNV-1a) of a tag and
// the value, so an unrelated pair may share a key: it only waits.

// lockKeys returns the sorted, distinct advisory lock keys of articles
// and their sketches (nil when too short).
func lockKeys(arts []*article.Article, sks []*cluster.Sketch) []int64 {
	var keys []int64
	for i, a := range arts {
		keys = append(keys, key('i', a.ID), key('u', a.CanonicalURL))
		if a.ContentSHA256 != "" {
			keys = append(keys, key('h', a.ContentSHA256))
		}
		if sk := sks[i]; sk != nil {
			var b [10]byte
			for band, v := range sk.Keys() {
				binary.BigEndian.PutUint16(b[:2], uint16(band))
				binary.BigEndian.PutUint64(b[2:], v)
				keys = append(keys, key('b', string(b[:])))
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// key hashes a tagged value into the advisory lock space.
func key(tag byte, v string) int64 {
	h := fnv.New64a()
	h.Write([]byte{tag})
	h.Write([]byte(v))
	return int64(h.Sum64())
}

// sqlLock takes the keys in $1 in the order given (ascending), waiting
// for each: unnest returns the array's elements in order and the function
// is evaluated row by row.
const sqlLock = `SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::bigint[]) AS k`
