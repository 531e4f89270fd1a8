package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// Coordinator is what several nodes crawling into one archive agree
// through; the PostgreSQL archive (pgarchive.Store) implements it. Every
// time it keeps is its own clock's. A method acting on a lease or claim
// the node no longer holds returns an error wrapping article.ErrLeaseLost.
type Coordinator interface {
	// SetDue records when a source is next due, without touching a
	// running lease.
	SetDue(ctx context.Context, sourceID string, due time.Time) error
	// ClaimDue leases to node for ttl up to limit due sources that no live
	// lease holds and that are not paused.
	ClaimDue(ctx context.Context, node string, ttl time.Duration, limit int) ([]article.Lease, error)
	// Renew extends node's lease on a source by ttl from now.
	Renew(ctx context.Context, node, sourceID string, ttl time.Duration) (time.Time, error)
	// Finish ends node's lease and sets when the source is next due.
	Finish(ctx context.Context, node, sourceID string, next time.Time) error
	// ClaimURL gives node the right to fetch a URL (or any key) for ttl;
	// false when another node holds a live claim or fetched it.
	ClaimURL(ctx context.Context, node, url string, ttl time.Duration) (bool, error)
	// Fetched marks node's claim done for good.
	Fetched(ctx context.Context, node, url string) error
	// Unclaim gives node's unfinished claim back.
	Unclaim(ctx context.Context, node, url string) error
	// ReserveHost and DelayHost space requests per host across the nodes.
	fetch.HostSlots
}

// DefaultLeaseTTL is a source lease's lifetime when Cluster.LeaseTTL is 0:
// a node that dies holds its sources at most this long.
const DefaultLeaseTTL = 30 * time.Second

// Cluster makes a crawler one node of several sharing an archive.
type Cluster struct {
	Coordinator Coordinator
	// Node names this node among those sharing the archive: unique, and
	// stable across restarts so that nothing else needs it.
	Node string
	// LeaseTTL is how long a source lease and a URL claim last without
	// renewal; 0 means DefaultLeaseTTL.
	LeaseTTL time.Duration
	// Lookup returns a source this node was not given, by id: one added
	// over another node's API since this node loaded its sources. Nil, or
	// an error, hands such a source's lease back for the node that knows it.
	Lookup func(ctx context.Context, id string) (config.Source, error)
}

// Option changes how New builds a crawler.
type Option func(*Crawler)

// WithCluster makes the crawler one node of several on one archive: its
// scheduler crawls the sources it leases through cl.Coordinator instead of
// its own cron (see Crawler.Schedule), each request to a host also waits
// for a slot the nodes share, and each article page and revisit is claimed
// before it is fetched, so that no two nodes fetch it. A Run outside the
// scheduler takes no lease but still keeps the shared politeness and claims.
func WithCluster(cl Cluster) Option {
	return func(c *Crawler) {
		if cl.LeaseTTL <= 0 {
			cl.LeaseTTL = DefaultLeaseTTL
		}
		c.cluster = &cl
	}
}

var (
	// errClaimedElsewhere ends a fetch whose URL another node claimed.
	errClaimedElsewhere = errors.New("crawler: claimed by another node")
	// errClaim wraps the Coordinator's failure to claim a URL.
	errClaim = errors.New("crawler: claim url")
)

// claimed is req made to claim key for this node, when it is one of
// several, once its turn at the host has come (a claim taken before would
// lapse while the request waits behind others): the Get then fails with
// errClaimedElsewhere when another node fetches it or did. *ok tells
// whether the claim is this node's, to settle with settleURL.
func (c *Crawler) claimed(req fetch.Request, key string) (_ fetch.Request, ok *bool) {
	ok = new(bool)
	if c.cluster == nil {
		return req, ok
	}
	req.Ready = func(ctx context.Context) error {
		got, err := c.claimURL(ctx, key)
		switch {
		case err != nil:
			return fmt.Errorf("%w: %w", errClaim, err)
		case !got:
			return errClaimedElsewhere
		}
		*ok = true
		return nil
	}
	return req, ok
}

// claimURL claims key for this node, when it is one of several: false when
// another node fetches it or did.
func (c *Crawler) claimURL(ctx context.Context, key string) (bool, error) {
	if c.cluster == nil {
		return true, nil
	}
	return c.cluster.Coordinator.ClaimURL(ctx, c.cluster.Node, key, c.cluster.LeaseTTL)
}

// settleURL ends this node's claim on key: done for good once what it
// fetched is archived; given back at once when it was not fetched (the
// crawl was interrupted) so another node may take it; otherwise (fetched,
// failed) left to expire after the TTL, so that other crawls running now
// do not fetch it again, and later ones retry it as a single node would.
func (c *Crawler) settleURL(ctx context.Context, key string, fetched, archived bool) {
	if c.cluster == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	co, node := c.cluster.Coordinator, c.cluster.Node
	var err error
	switch {
	case archived:
		err = co.Fetched(ctx, node, key)
	case !fetched:
		err = co.Unclaim(ctx, node, key)
	}
	// A claim lost meanwhile means another node fetched it too: the
	// archive kept one article; nothing to undo.
	if err != nil && !errors.Is(err, article.ErrLeaseLost) {
		c.log.Warn("url claim", slog.String("url", key), slog.Any("error", err))
	}
}
