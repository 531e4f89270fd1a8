package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// sqlCoordination holds what several nodes on one database agree through:
//
//   - source_lease: when each source is next due and which node crawls it
//     until when. A node claims due rows with FOR UPDATE SKIP LOCKED, so
//     nodes polling together take disjoint sources without waiting on one
//     another; a node that dies stops renewing, its lease expires after the
//     TTL, and the source, still due, goes to the next node that polls.
//   - host_slot: per host (and port) the earliest time the next request to
//     it may start, reserved one request at a time, so the crawl interval
//     per host holds across the cluster.
//   - url_claim: which node fetches a URL, so each is fetched once in the
//     cluster; an unfinished claim of a dead node expires like a lease.
//
// Every time is the database's clock (now()), so nodes' clocks need not
// agree.
const sqlCoordination = `
	CREATE TABLE source_lease (
		source_id  text PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
		due_at     timestamptz NOT NULL,
		node       text NOT NULL DEFAULT '',
		expires_at timestamptz NOT NULL DEFAULT '-infinity'
	);
	CREATE INDEX source_lease_due ON source_lease(due_at);
	CREATE TABLE host_slot (
		host    text PRIMARY KEY,
		next_at timestamptz NOT NULL
	);
	CREATE TABLE url_claim (
		url        text PRIMARY KEY,
		node       text NOT NULL,
		expires_at timestamptz NOT NULL,
		fetched_at timestamptz
	);`

// Lease is a node's right to crawl one source until Expires: the type the
// crawler's Coordinator interface names.
type Lease = article.Lease

// SetDue records when a source is next due; a new source gets a row.
// It does not touch a running lease.
func (s *Store) SetDue(ctx context.Context, sourceID string, due time.Time) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO source_lease (source_id, due_at) VALUES ($1, $2)
		ON CONFLICT (source_id) DO UPDATE SET due_at = EXCLUDED.due_at`, sourceID, due)
	if err != nil {
		return fmt.Errorf("pgarchive: set due %s: %w", sourceID, err)
	}
	return nil
}

// ClaimDue leases up to limit (at most MaxPage) due sources that no live
// lease holds, earliest due first, to node for ttl. Paused sources are
// left alone. Rows another node is claiming at this moment are skipped,
// not waited for.
func (s *Store) ClaimDue(ctx context.Context, node string, ttl time.Duration, limit int) ([]Lease, error) {
	if node == "" || ttl <= 0 {
		return nil, fmt.Errorf("%w: a lease needs a node and a positive TTL", ErrInvalid)
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := s.pool.Query(ctx, `
		UPDATE source_lease l
		SET node = $1, expires_at = now() + $2 * interval '1 microsecond'
		FROM (
			SELECT l.source_id FROM source_lease l JOIN source s ON s.id = l.source_id
			WHERE l.due_at <= now() AND l.expires_at <= now() AND NOT s.paused
			ORDER BY l.due_at
			LIMIT $3
			FOR UPDATE OF l SKIP LOCKED
		) due
		WHERE l.source_id = due.source_id
		RETURNING l.source_id, l.due_at, l.expires_at`, node, micros(ttl), limit)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: claim due sources: %w", err)
	}
	leases, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Lease, error) {
		var l Lease
		err := r.Scan(&l.SourceID, &l.Due, &l.Expires)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: claim due sources: %w", err)
	}
	return leases, nil
}

// Renew extends node's live lease on a source by ttl from now, or returns
// ErrLeaseLost when node no longer holds it. A node renews well within
// the TTL (a third of it, say) while its crawl of the source runs.
func (s *Store) Renew(ctx context.Context, node, sourceID string, ttl time.Duration) (time.Time, error) {
	var exp time.Time
	err := s.pool.QueryRow(ctx, `
		UPDATE source_lease SET expires_at = now() + $3 * interval '1 microsecond'
		WHERE source_id = $1 AND node = $2 AND expires_at > now()
		RETURNING expires_at`, sourceID, node, micros(ttl)).Scan(&exp)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, fmt.Errorf("%w: source %s, node %s", ErrLeaseLost, sourceID, node)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("pgarchive: renew lease %s: %w", sourceID, err)
	}
	return exp, nil
}

// Finish ends node's lease on a source after its crawl and sets when the
// source is next due. When the lease was lost meanwhile it returns
// ErrLeaseLost and changes nothing: the source stays due for whichever
// node holds or takes it.
func (s *Store) Finish(ctx context.Context, node, sourceID string, next time.Time) error {
	tag, err := s.pool.Exec(ctx, `
		UPDATE source_lease SET node = '', expires_at = '-infinity', due_at = $3
		WHERE source_id = $1 AND node = $2 AND expires_at > now()`, sourceID, node, next)
	if err != nil {
		return fmt.Errorf("pgarchive: finish lease %s: %w", sourceID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: source %s, node %s", ErrLeaseLost, sourceID, node)
	}
	return nil
}

// ReserveHost reserves the next request slot to host (host:port, as the
// crawler keys politeness) and returns how long the caller waits before
// starting its request. Slots to one host are at least interval apart
// across every node: each reservation moves the host's next slot to
// max(next, now) + interval under the row's lock. A slot reserved and not
// used (a node died) only leaves a pause.
func (s *Store) ReserveHost(ctx context.Context, host string, interval time.Duration) (slot time.Time, wait time.Duration, err error) {
	if host == "" || interval < 0 {
		return time.Time{}, 0, fmt.Errorf("%w: a host slot needs a host and an interval ≥ 0", ErrInvalid)
	}
	var waitMicros int64
	err = s.pool.QueryRow(ctx, `
		INSERT INTO host_slot AS h (host, next_at) VALUES ($1, now() + $2 * interval '1 microsecond')
		ON CONFLICT (host) DO UPDATE SET next_at = greatest(h.next_at, now()) + $2 * interval '1 microsecond'
		RETURNING h.next_at - $2 * interval '1 microsecond',
			greatest(0, (extract(epoch FROM h.next_at - now()) * 1e6)::bigint - $2)`,
		host, micros(interval)).Scan(&slot, &waitMicros)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("pgarchive: reserve host %s: %w", host, err)
	}
	return slot, time.Duration(waitMicros) * time.Microsecond, nil
}

// DelayHost keeps every node from starting a request to host before
// until (a 429 or 503's Retry-After).
func (s *Store) DelayHost(ctx context.Context, host string, until time.Time) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO host_slot AS h (host, next_at) VALUES ($1, $2)
		ON CONFLICT (host) DO UPDATE SET next_at = greatest(h.next_at, EXCLUDED.next_at)`, host, until)
	if err != nil {
		return fmt.Errorf("pgarchive: delay host %s: %w", host, err)
	}
	return nil
}

// ClaimURL gives node the right to fetch url for ttl, and reports false
// when another node holds a live claim or the URL was already fetched.
// The caller fetches, then calls Fetched; if it fails it calls Unclaim so
// another attempt may be made. Revisits claim a key of their own (the URL
// with the revisit's due time, say): a key is fetched once.
func (s *Store) ClaimURL(ctx context.Context, node, url string, ttl time.Duration) (bool, error) {
	if node == "" || url == "" || ttl <= 0 {
		return false, fmt.Errorf("%w: a URL claim needs a node, a URL and a positive TTL", ErrInvalid)
	}
	var got bool
	err := s.pool.QueryRow(ctx, `
		INSERT INTO url_claim AS c (url, node, expires_at) VALUES ($1, $2, now() + $3 * interval '1 microsecond')
		ON CONFLICT (url) DO UPDATE SET node = EXCLUDED.node, expires_at = EXCLUDED.expires_at
			WHERE c.fetched_at IS NULL AND c.expires_at <= now()
		RETURNING true`, url, node, micros(ttl)).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pgarchive: claim url: %w", err)
	}
	return got, nil
}

// Fetched marks node's claim on url done: no node fetches it again. It
// returns ErrLeaseLost when the claim expired and another node took it
// (both fetched it; the archive keeps one article, two captures).
func (s *Store) Fetched(ctx context.Context, node, url string) error {
	tag, err := s.pool.Exec(ctx, `
		UPDATE url_claim SET fetched_at = now() WHERE url = $1 AND node = $2 AND fetched_at IS NULL`, url, node)
	if err != nil {
		return fmt.Errorf("pgarchive: url fetched: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: url claim %s, node %s", ErrLeaseLost, url, node)
	}
	return nil
}

// Unclaim gives up node's unfinished claim on url (its fetch failed), so
// any node may claim it again.
func (s *Store) Unclaim(ctx context.Context, node, url string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM url_claim WHERE url = $1 AND node = $2 AND fetched_at IS NULL`, url, node)
	if err != nil {
		return fmt.Errorf("pgarchive: unclaim url: %w", err)
	}
	return nil
}
