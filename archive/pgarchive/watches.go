package pgarchive

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
)

// sqlWatches holds the watches (package watch holds their logic), as the
// SQLite archive's schema step 5: the watches, the LSH bands of release
// watches, their matches, the delivery outbox and log, and the matchers'
// state. Two columns are PostgreSQL's own:
//
//   - watch_outbox.claimed_until: the node delivering a row holds it until
//     then (DueOutbox claims with FOR UPDATE SKIP LOCKED), so two nodes
//     never send one row at once, and a dead node's rows are due again
//     once its claim has expired.
//   - watch_match.id stays an identity, but RecordMatches hands a watch's
//     ids out under that watch's row lock, so they commit in id order
//     per watch and Matches can page by them.
const sqlWatches = `
	CREATE TABLE watch (
		id             text PRIMARY KEY,
		name           text NOT NULL,
		kind           text NOT NULL CHECK (kind IN ('release', 'query')),
		article_id     text NOT NULL DEFAULT '',
		url            text NOT NULL DEFAULT '',
		query          text NOT NULL DEFAULT '',
		source         text NOT NULL DEFAULT '',
		agency         text NOT NULL DEFAULT '',
		title          text NOT NULL DEFAULT '',
		body           text NOT NULL DEFAULT '',
		credit         jsonb NOT NULL DEFAULT '[]',
		feed_token     text NOT NULL UNIQUE,
		webhook_url    text NOT NULL DEFAULT '',
		webhook_secret text NOT NULL DEFAULT '',
		email_to       jsonb NOT NULL DEFAULT '[]',
		email_every    text NOT NULL DEFAULT '',
		created_at     timestamptz NOT NULL,
		after_seq      bigint NOT NULL DEFAULT 0
	);
	CREATE INDEX watch_created ON watch(created_at, id);
	CREATE TABLE watch_band (
		family   smallint NOT NULL,
		band     smallint NOT NULL,
		value    bigint NOT NULL,
		watch_id text NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		PRIMARY KEY (family, band, value, watch_id)
	);
	CREATE INDEX watch_band_watch ON watch_band(watch_id);
	CREATE TABLE watch_match (
		id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		watch_id         text NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		article_id       text NOT NULL REFERENCES article(id),
		matched_at       timestamptz NOT NULL,
		similarity       double precision NOT NULL DEFAULT 0,
		relation         text NOT NULL DEFAULT '',
		credited         boolean NOT NULL DEFAULT false,
		headline_changed boolean NOT NULL DEFAULT false,
		kept             double precision NOT NULL DEFAULT 0,
		intro            boolean NOT NULL DEFAULT false,
		copies           integer NOT NULL DEFAULT 0,
		UNIQUE (watch_id, article_id)
	);
	CREATE INDEX watch_match_watch ON watch_match(watch_id, id);
	CREATE INDEX watch_match_article ON watch_match(article_id);
	CREATE TABLE watch_outbox (
		id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		watch_id      text NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		channel       text NOT NULL CHECK (channel IN ('webhook', 'email')),
		event         text NOT NULL,
		match_id      bigint REFERENCES watch_match(id) ON DELETE CASCADE,
		payload       text NOT NULL DEFAULT '',
		created_at    timestamptz NOT NULL,
		attempts      integer NOT NULL DEFAULT 0,
		next_at       timestamptz NOT NULL,
		delivered_at  timestamptz,
		last_error    text NOT NULL DEFAULT '',
		claimed_until timestamptz NOT NULL DEFAULT '-infinity'
	);
	CREATE INDEX watch_outbox_due ON watch_outbox(channel, next_at) WHERE delivered_at IS NULL;
	CREATE INDEX watch_outbox_watch ON watch_outbox(watch_id);
	CREATE INDEX watch_outbox_match ON watch_outbox(match_id);
	CREATE TABLE watch_delivery (
		id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		watch_id text NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		channel  text NOT NULL,
		at       timestamptz NOT NULL,
		items    integer NOT NULL,
		attempt  integer NOT NULL,
		status   integer NOT NULL DEFAULT 0,
		error    text NOT NULL DEFAULT ''
	);
	CREATE INDEX watch_delivery_watch ON watch_delivery(watch_id, id);
	CREATE TABLE watch_state (
		key   text PRIMARY KEY,
		value bigint NOT NULL
	);`

// watchAddLock is the advisory lock key AddWatch holds, so nodes adding
// watches at once keep to archive.MaxWatches.
const watchAddLock = 0x68616265_72636933 // "haberci3"

// DefaultOutboxLease is how long a node holds the outbox rows DueOutbox
// gave it, unless WithOutboxLease says otherwise: long enough for a
// delivery batch (webhooks time out after 15 s each), short enough that a
// dead node's deliveries are not held up for long.
const DefaultOutboxLease = 5 * time.Minute

// WithOutboxLease sets how long the outbox rows DueOutbox returns stay
// claimed by this node (default DefaultOutboxLease): until it settles them
// (Delivered, DeliveryFailed, Postpone) or the lease expires, no other
// node is given them. A delivery must finish within it.
func WithOutboxLease(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.outboxLease = d
		}
	}
}

const watchCols = `id, name, kind, article_id, url, query, source, agency, title, body, credit, feed_token,
	webhook_url, webhook_secret, email_to, email_every, created_at, after_seq`

func scanWatch(r pgx.Row) (archive.Watch, error) {
	var w archive.Watch
	err := r.Scan(&w.ID, &w.Name, &w.Kind, &w.ArticleID, &w.URL, &w.Query, &w.Source, &w.Agency, &w.Title, &w.Body,
		&w.Credit, &w.FeedToken, &w.WebhookURL, &w.WebhookSecret, &w.EmailTo, &w.EmailEvery, &w.CreatedAt, &w.AfterSeq)
	w.CreatedAt = w.CreatedAt.UTC()
	return w, err
}

// nonNil stores a missing list as [], as the SQLite archive does.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// AddWatch stores a new watch with its bands, as the SQLite archive's:
// the caller sets every field but AfterSeq, which becomes MaxSeq (after
// the sequencer has numbered what is committed).
func (s *Store) AddWatch(ctx context.Context, w *archive.Watch, bands archive.WatchBands) error {
	if w.ID == "" || w.FeedToken == "" || (w.Kind != archive.WatchRelease && w.Kind != archive.WatchQuery) {
		return fmt.Errorf("%w: watch without id, feed token or kind", ErrInvalid)
	}
	if err := s.sequence(ctx); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(watchAddLock)); err != nil {
			return fmt.Errorf("pgarchive: add watch: %w", err)
		}
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM watch`).Scan(&n); err != nil {
			return fmt.Errorf("pgarchive: count watches: %w", err)
		}
		if n >= archive.MaxWatches {
			return fmt.Errorf("%w: at most %d watches", ErrInvalid, archive.MaxWatches)
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM article_cursor`).Scan(&w.AfterSeq); err != nil {
			return fmt.Errorf("pgarchive: max seq: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO watch (`+watchCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
			w.ID, w.Name, w.Kind, w.ArticleID, w.URL, w.Query, w.Source, w.Agency, w.Title, w.Body, nonNil(w.Credit), w.FeedToken,
			w.WebhookURL, w.WebhookSecret, nonNil(w.EmailTo), w.EmailEvery, w.CreatedAt, w.AfterSeq)
		if err != nil {
			return fmt.Errorf("pgarchive: add watch: %w", err)
		}
		fams, bs, vals := bandColumns(bands)
		if _, err = tx.Exec(ctx, sqlInsertWatchBands+` ON CONFLICT DO NOTHING`, fams, bs, vals, w.ID); err != nil {
			return fmt.Errorf("pgarchive: watch bands: %w", err)
		}
		return nil
	})
}

// sqlInsertWatchBands inserts a watch's bands ($4) from bandColumns.
const sqlInsertWatchBands = `INSERT INTO watch_band (family, band, value, watch_id)
	SELECT f, b, v, $4 FROM unnest($1::smallint[], $2::smallint[], $3::bigint[]) AS t(f, b, v)`

// bandColumns lays bands out as the columns of sqlInsertWatchBands.
func bandColumns(bands archive.WatchBands) (fams, bs []int16, vals []int64) {
	for family, band := range bands {
		for b, v := range band {
			fams, bs, vals = append(fams, int16(family)), append(bs, int16(b)), append(vals, int64(v))
		}
	}
	return fams, bs, vals
}

// Watch returns the watch with this id, or ErrNotFound.
func (s *Store) Watch(ctx context.Context, id string) (archive.Watch, error) {
	return s.watchWhere(ctx, `id = $1`, id)
}

// WatchByToken returns the watch whose feed has this token, or ErrNotFound.
func (s *Store) WatchByToken(ctx context.Context, token string) (archive.Watch, error) {
	return s.watchWhere(ctx, `feed_token = $1`, token)
}

func (s *Store) watchWhere(ctx context.Context, cond, arg string) (archive.Watch, error) {
	w, err := scanWatch(s.pool.QueryRow(ctx, `SELECT `+watchCols+` FROM watch WHERE `+cond, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return w, fmt.Errorf("%w: watch %s", ErrNotFound, arg)
	}
	if err != nil {
		return w, fmt.Errorf("pgarchive: watch: %w", err)
	}
	return w, nil
}

// Watches returns the watches of kind (all kinds when ""), oldest first.
func (s *Store) Watches(ctx context.Context, kind string) ([]archive.Watch, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+watchCols+` FROM watch WHERE $1 = '' OR kind = $1 ORDER BY created_at, id`, kind)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watches: %w", err)
	}
	ws, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.Watch, error) { return scanWatch(r) })
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watches: %w", err)
	}
	return ws, nil
}

// WatchCount counts the watches of kind (all kinds when "").
func (s *Store) WatchCount(ctx context.Context, kind string) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM watch WHERE $1 = '' OR kind = $1`, kind).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgarchive: count watches: %w", err)
	}
	return n, nil
}

// DeleteWatch removes a watch with its bands, matches, outbox and log.
func (s *Store) DeleteWatch(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM watch WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("pgarchive: delete watch: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: watch %s", ErrNotFound, id)
	}
	return nil
}

// WatchCandidates returns the ids of the watches that share at least one
// band of family with bands (bands[i] is band i): an index lookup per
// band, never a scan, bounded as on SQLite (archive.WatchPerBand,
// archive.MaxWatchCandidates).
func (s *Store) WatchCandidates(ctx context.Context, family int, bands []uint64) ([]string, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT DISTINCT w.watch_id
		FROM unnest($2::bigint[]) WITH ORDINALITY AS b(value, n)
		CROSS JOIN LATERAL (SELECT watch_id FROM watch_band
			WHERE family = $1 AND band = b.n - 1 AND value = b.value LIMIT %d) w
		LIMIT %d`, archive.WatchPerBand, archive.MaxWatchCandidates), family, signed(bands))
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watch candidates: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watch candidates: %w", err)
	}
	return ids, nil
}

// WatchState reads a persisted counter (a matcher's watermark); 0 when unset.
func (s *Store) WatchState(ctx context.Context, key string) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT value FROM watch_state WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pgarchive: watch state %s: %w", key, err)
	}
	return v, nil
}

// RecordMatches stores matches, their outbox rows, the events and the
// state in one transaction by the SQLite archive's rules
// (archive.RecordMatchesIn), and is as safe when several nodes match the
// same articles at once: the watches matched are locked (in id order, so
// recorders cannot deadlock) before their match ids are taken, so a
// watch's match ids commit in increasing order and Matches never skips a
// late one. It returns the matches stored, with IDs.
func (s *Store) RecordMatches(ctx context.Context, nm archive.NewMatches) ([]archive.Match, error) {
	var stored []archive.Match
	now := time.Now().UTC()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		stored, err = archive.RecordMatchesIn(ctx, matchTx{tx}, nm, now)
		return err
	})
	return stored, err
}

// matchTx is archive.RecordMatchesIn's MatchTx on PostgreSQL.
type matchTx struct{ tx pgx.Tx }

// Targets locks the rows of these watches (sorted ids) until the
// transaction ends.
func (t matchTx) Targets(ctx context.Context, ids []string) (map[string]archive.Targets, error) {
	out := make(map[string]archive.Targets, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := t.tx.Query(ctx, `SELECT id, webhook_url <> '', jsonb_array_length(email_to) > 0 FROM watch
		WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, ids)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: lock watches: %w", err)
	}
	var id string
	var tg archive.Targets
	_, err = pgx.ForEachRow(rows, []any{&id, &tg.Webhook, &tg.Email}, func() error {
		out[id] = tg
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: lock watches: %w", err)
	}
	return out, nil
}

func (t matchTx) InsertMatch(ctx context.Context, m *archive.Match) (bool, error) {
	m.MatchedAt = micro(m.MatchedAt)
	err := t.tx.QueryRow(ctx, `INSERT INTO watch_match (watch_id, article_id, matched_at, similarity, relation,
		credited, headline_changed, kept, intro, copies) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (watch_id, article_id) DO NOTHING RETURNING id`,
		m.WatchID, m.ArticleID, m.MatchedAt, m.Similarity, m.Relation, m.Credited, m.HeadlineChanged, m.Kept, m.Intro, m.Copies).Scan(&m.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pgarchive: record match: %w", err)
	}
	return true, nil
}

func (t matchTx) RaiseState(ctx context.Context, key string, v int64) (bool, error) {
	tag, err := t.tx.Exec(ctx, `INSERT INTO watch_state (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE watch_state.value < EXCLUDED.value`, key, v)
	if err != nil {
		return false, fmt.Errorf("pgarchive: watch state: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

func (t matchTx) InsertOutbox(ctx context.Context, o archive.OutboxItem) error {
	var match *int64
	if o.MatchID != 0 {
		match = &o.MatchID
	}
	_, err := t.tx.Exec(ctx, `INSERT INTO watch_outbox (watch_id, channel, event, match_id, payload, created_at, next_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, o.WatchID, o.Channel, o.Event, match, o.Payload, o.CreatedAt, o.NextAt)
	if err != nil {
		return fmt.Errorf("pgarchive: outbox: %w", err)
	}
	return nil
}

const matchCols = `id, watch_id, article_id, matched_at, similarity, relation, credited, headline_changed, kept, intro, copies`

func queryMatches(rows pgx.Rows, err error) ([]archive.Match, error) {
	if err != nil {
		return nil, fmt.Errorf("pgarchive: matches: %w", err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.Match, error) {
		var m archive.Match
		err := r.Scan(&m.ID, &m.WatchID, &m.ArticleID, &m.MatchedAt, &m.Similarity, &m.Relation, &m.Credited, &m.HeadlineChanged, &m.Kept, &m.Intro, &m.Copies)
		m.MatchedAt = m.MatchedAt.UTC()
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: matches: %w", err)
	}
	return ms, nil
}

// clampPage is a page size as the SQLite archive clamps it: 1..MaxPage.
func clampPage(limit int) int {
	if limit <= 0 || limit > MaxPage {
		return MaxPage
	}
	return limit
}

// Matches returns a watch's matches with ID > after, oldest first, at most
// limit (clamped to 1..MaxPage).
func (s *Store) Matches(ctx context.Context, watchID string, after int64, limit int) ([]archive.Match, error) {
	return queryMatches(s.pool.Query(ctx, `SELECT `+matchCols+` FROM watch_match WHERE watch_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
		watchID, after, clampPage(limit)))
}

// LatestMatches returns a watch's newest matches, newest first (a feed).
func (s *Store) LatestMatches(ctx context.Context, watchID string, limit int) ([]archive.Match, error) {
	return queryMatches(s.pool.Query(ctx, `SELECT `+matchCols+` FROM watch_match WHERE watch_id = $1 ORDER BY id DESC LIMIT $2`,
		watchID, clampPage(limit)))
}

// MatchesByID returns the matches with these ids (missing ones are left out).
func (s *Store) MatchesByID(ctx context.Context, ids []int64) ([]archive.Match, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return queryMatches(s.pool.Query(ctx, `SELECT `+matchCols+` FROM watch_match WHERE id = ANY($1) ORDER BY id`, ids))
}

// ClusterMatched reports whether a watch already matched an article of
// the cluster: a query watch reports each story once.
func (s *Store) ClusterMatched(ctx context.Context, watchID, clusterID string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM watch_match m JOIN article a ON a.id = m.article_id
		WHERE m.watch_id = $1 AND a.cluster_id = $2)`, watchID, clusterID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("pgarchive: cluster matched: %w", err)
	}
	return ok, nil
}

// DueOutbox returns undelivered outbox rows of channel due at now (the
// caller's clock, as the retry times it set) that no node holds, oldest
// first, at most limit, and claims them for this node for the outbox
// lease (the database's clock): other nodes are not given them until
// they are settled (Delivered, DeliveryFailed, Postpone) or the lease
// has expired. Rows another node is claiming at this moment are skipped,
// not waited for.
func (s *Store) DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]archive.OutboxItem, error) {
	rows, err := s.pool.Query(ctx, `UPDATE watch_outbox o SET claimed_until = now() + $4 * interval '1 microsecond'
		FROM (SELECT id FROM watch_outbox
			WHERE delivered_at IS NULL AND channel = $1 AND next_at <= $2 AND claimed_until <= now()
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) d
		WHERE o.id = d.id
		RETURNING o.id, o.watch_id, o.channel, o.event, coalesce(o.match_id, 0), o.payload, o.created_at, o.attempts, o.next_at`,
		channel, now, clampPage(limit), micros(s.outboxLease))
	if err != nil {
		return nil, fmt.Errorf("pgarchive: outbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.OutboxItem, error) {
		var o archive.OutboxItem
		err := r.Scan(&o.ID, &o.WatchID, &o.Channel, &o.Event, &o.MatchID, &o.Payload, &o.CreatedAt, &o.Attempts, &o.NextAt)
		o.CreatedAt, o.NextAt = o.CreatedAt.UTC(), o.NextAt.UTC()
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b archive.OutboxItem) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Delivered marks outbox rows delivered and logs the delivery.
func (s *Store) Delivered(ctx context.Context, ids []int64, d archive.Delivery) error {
	return s.settle(ctx, ids, d, time.Time{})
}

// DeliveryFailed logs a failed delivery and makes the rows due again at
// next, for any node.
func (s *Store) DeliveryFailed(ctx context.Context, ids []int64, d archive.Delivery, next time.Time) error {
	return s.settle(ctx, ids, d, next)
}

func (s *Store) settle(ctx context.Context, ids []int64, d archive.Delivery, next time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if next.IsZero() {
			_, err = tx.Exec(ctx, `UPDATE watch_outbox SET delivered_at = $1, attempts = attempts + 1, last_error = '',
				claimed_until = '-infinity' WHERE id = ANY($2)`, d.At, ids)
		} else {
			_, err = tx.Exec(ctx, `UPDATE watch_outbox SET attempts = attempts + 1, next_at = $1, last_error = $2,
				claimed_until = '-infinity' WHERE id = ANY($3)`, next, d.Error, ids)
		}
		if err != nil {
			return fmt.Errorf("pgarchive: outbox: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO watch_delivery (watch_id, channel, at, items, attempt, status, error)
			SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM watch WHERE id = $1)`,
			d.WatchID, d.Channel, d.At, d.Items, d.Attempt, d.Status, d.Error)
		if err != nil {
			return fmt.Errorf("pgarchive: delivery log: %w", err)
		}
		return nil
	})
}

// Postpone makes outbox rows due at next without counting an attempt (an
// e-mail digest waits for its hour or day), and gives up this node's claim.
func (s *Store) Postpone(ctx context.Context, ids []int64, next time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE watch_outbox SET next_at = $1, claimed_until = '-infinity' WHERE id = ANY($2)`, next, ids)
	if err != nil {
		return fmt.Errorf("pgarchive: postpone: %w", err)
	}
	return nil
}

// Deliveries returns a watch's delivery log, newest first, at most limit.
func (s *Store) Deliveries(ctx context.Context, watchID string, limit int) ([]archive.Delivery, error) {
	rows, err := s.pool.Query(ctx, `SELECT channel, at, items, attempt, status, error FROM watch_delivery
		WHERE watch_id = $1 ORDER BY id DESC LIMIT $2`, watchID, clampPage(limit))
	if err != nil {
		return nil, fmt.Errorf("pgarchive: deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.Delivery, error) {
		d := archive.Delivery{WatchID: watchID}
		err := r.Scan(&d.Channel, &d.At, &d.Items, &d.Attempt, &d.Status, &d.Error)
		d.At = d.At.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: deliveries: %w", err)
	}
	return out, nil
}
