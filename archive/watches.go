package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// Watch kinds.
const (
	WatchRelease = "release"
	WatchQuery   = "query"
)

// Delivery channels of the outbox.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
)

// MaxWatches caps the watches an archive keeps: listing them stays bounded.
const MaxWatches = 100_000

// Watch is a stored watch. Package watch builds and interprets it.
type Watch struct {
	ID                        string
	Name                      string
	Kind                      string // WatchRelease or WatchQuery
	ArticleID                 string // release watch by article: the release as archived
	URL                       string // release watch by URL: the page it was read from
	Query                     string // query watch: the saved search
	Source                    string // filters
	Agency                    string
	Title                     string   // release: its headline
	Body                      string   // release: its text
	Credit                    []string // release: the names a credited copy names (agency, releasing body)
	FeedToken                 string   // the unguessable part of the Atom feed's URL
	WebhookURL, WebhookSecret string
	EmailTo                   []string
	EmailEvery                string // "now", "hour", "day" or ""
	CreatedAt                 time.Time
	// AfterSeq is the archive's MaxSeq when the watch was created: a query
	// watch reports articles after it; a release watch's earlier carriers
	// are matched at creation.
	AfterSeq int64
}

// WatchBands are the LSH bands a release watch is found by, per family
// (package watch decides what each family's bands are of).
type WatchBands map[int][]uint64

// Set sets band band of family to v, growing the family's list as needed
// (a store reading bands back row by row).
func (wb WatchBands) Set(family, band int, v uint64) {
	bs := wb[family]
	for len(bs) <= band {
		bs = append(bs, 0)
	}
	bs[band] = v
	wb[family] = bs
}

// Match is one article a watch found.
type Match struct {
	ID              int64 // order of matching, set by the archive
	WatchID         string
	ArticleID       string
	MatchedAt       time.Time
	Similarity      float64
	Relation        string // "original", "copy", "rewrite"; "" for a query watch
	Credited        bool
	HeadlineChanged bool
	Kept            float64 // share of the release's paragraphs the copy kept
	Intro           bool    // the copy added an intro before the release's text
	Copies          int     // query watch: copies of the story when matched
}

// OutboxItem is one delivery owed: a match or an event for one channel.
type OutboxItem struct {
	ID        int64
	WatchID   string
	Channel   string
	Event     string // "watch.matches" or "watch.spike"
	MatchID   int64  // 0 for an event
	Payload   string // events: their JSON
	CreatedAt time.Time
	Attempts  int
	NextAt    time.Time
}

// Delivery is one attempt to deliver, as the delivery log keeps it.
type Delivery struct {
	WatchID string    `json:"-"`
	Channel string    `json:"channel"`
	At      time.Time `json:"at"`
	Items   int       `json:"items"`
	Attempt int       `json:"attempt"`
	Status  int       `json:"status,omitempty"` // HTTP status of a webhook
	Error   string    `json:"error,omitempty"`
}

const watchCols = `id, name, kind, article_id, url, query, source, agency, title, body, credit, feed_token,
	webhook_url, webhook_secret, email_to, email_every, created_at, after_seq`

func scanWatch(r rowScanner) (Watch, error) {
	var (
		w              Watch
		credit, emails string
		created        sql.NullString
	)
	err := r.Scan(&w.ID, &w.Name, &w.Kind, &w.ArticleID, &w.URL, &w.Query, &w.Source, &w.Agency, &w.Title, &w.Body,
		&credit, &w.FeedToken, &w.WebhookURL, &w.WebhookSecret, &emails, &w.EmailEvery, &created, &w.AfterSeq)
	if err != nil {
		return w, err
	}
	if err := json.Unmarshal([]byte(credit), &w.Credit); err != nil {
		return w, fmt.Errorf("archive: watch %s credit: %w", w.ID, err)
	}
	if err := json.Unmarshal([]byte(emails), &w.EmailTo); err != nil {
		return w, fmt.Errorf("archive: watch %s email: %w", w.ID, err)
	}
	w.CreatedAt, err = decTime(created)
	return w, err
}

// AddWatch stores a new watch with its bands. The caller sets every field
// but AfterSeq, which becomes the archive's current MaxSeq.
func (a *Archive) AddWatch(ctx context.Context, w *Watch, bands WatchBands) error {
	if w.ID == "" || w.FeedToken == "" || (w.Kind != WatchRelease && w.Kind != WatchQuery) {
		return fmt.Errorf("%w: watch without id, feed token or kind", ErrInvalid)
	}
	credit, _ := json.Marshal(nonNil(w.Credit))
	emails, _ := json.Marshal(nonNil(w.EmailTo))
	return a.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM watch`).Scan(&n); err != nil {
			return fmt.Errorf("archive: count watches: %w", err)
		}
		if n >= MaxWatches {
			return fmt.Errorf("%w: at most %d watches", ErrInvalid, MaxWatches)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM article`).Scan(&w.AfterSeq); err != nil {
			return fmt.Errorf("archive: max seq: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO watch (`+watchCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.ID, w.Name, w.Kind, w.ArticleID, w.URL, w.Query, w.Source, w.Agency, w.Title, w.Body, string(credit), w.FeedToken,
			w.WebhookURL, w.WebhookSecret, string(emails), w.EmailEvery, timeText(w.CreatedAt), w.AfterSeq)
		if err != nil {
			return fmt.Errorf("archive: add watch: %w", err)
		}
		for family, bs := range bands {
			for b, v := range bs {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO watch_band (family, band, value, watch_id) VALUES (?, ?, ?, ?)`,
					family, b, int64(v), w.ID); err != nil {
					return fmt.Errorf("archive: watch bands: %w", err)
				}
			}
		}
		return nil
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Watch returns the watch with this id, or ErrNotFound.
func (a *Archive) Watch(ctx context.Context, id string) (Watch, error) {
	return a.watchWhere(ctx, `id = ?`, id)
}

// WatchByToken returns the watch whose feed has this token, or ErrNotFound.
func (a *Archive) WatchByToken(ctx context.Context, token string) (Watch, error) {
	return a.watchWhere(ctx, `feed_token = ?`, token)
}

func (a *Archive) watchWhere(ctx context.Context, cond string, arg string) (Watch, error) {
	w, err := scanWatch(a.read.QueryRowContext(ctx, `SELECT `+watchCols+` FROM watch WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return w, fmt.Errorf("%w: watch %s", ErrNotFound, arg)
	}
	if err != nil {
		return w, fmt.Errorf("archive: watch: %w", err)
	}
	return w, nil
}

// Watches returns the watches of kind (all kinds when ""), oldest first.
func (a *Archive) Watches(ctx context.Context, kind string) ([]Watch, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT `+watchCols+` FROM watch WHERE ? = '' OR kind = ? ORDER BY created_at, id`, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("archive: watches: %w", err)
	}
	defer rows.Close()
	var out []Watch
	for rows.Next() {
		w, err := scanWatch(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: watches: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: watches: %w", err)
	}
	return out, nil
}

// WatchCount counts the watches of kind (all kinds when "").
func (a *Archive) WatchCount(ctx context.Context, kind string) (int64, error) {
	var n int64
	if err := a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM watch WHERE ? = '' OR kind = ?`, kind, kind).Scan(&n); err != nil {
		return 0, fmt.Errorf("archive: count watches: %w", err)
	}
	return n, nil
}

// DeleteWatch removes a watch with its bands, matches, outbox and log.
func (a *Archive) DeleteWatch(ctx context.Context, id string) error {
	return a.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM watch WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("archive: delete watch: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: watch %s", ErrNotFound, id)
		}
		return nil
	})
}

// MaxWatchCandidates bounds the watches one WatchCandidates lookup
// returns; per band at most WatchPerBand are read, so a lookup costs
// NumBands index searches however many watches there are (both stores).
const (
	MaxWatchCandidates = 512
	WatchPerBand       = 64
)

// WatchCandidates returns the ids of the watches that share at least one
// band of family with bands: an index lookup per band, never a scan.
func (a *Archive) WatchCandidates(ctx context.Context, family int, bands []uint64) ([]string, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	st, err := a.watchLookups.stmt(ctx, a.read, len(bands))
	if err != nil {
		return nil, err
	}
	args := make([]any, 0, 1+len(bands))
	args = append(args, family)
	for _, v := range bands {
		args = append(args, int64(v))
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: watch candidates: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("archive: watch candidates: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: watch candidates: %w", err)
	}
	return out, nil
}

// watchLookups holds WatchCandidates' statements by band count, prepared
// on first use: parsing a union of 32 or more selects cost more than
// running it.
type watchLookups struct {
	mu    sync.Mutex
	stmts map[int]*sql.Stmt
}

func (l *watchLookups) stmt(ctx context.Context, db *sql.DB, n int) (*sql.Stmt, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st, ok := l.stmts[n]; ok {
		return st, nil
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" UNION ")
		}
		fmt.Fprintf(&b, `SELECT watch_id FROM (SELECT watch_id FROM watch_band WHERE family = ?1 AND band = %d AND value = ?%d LIMIT %d)`, i, i+2, WatchPerBand)
	}
	fmt.Fprintf(&b, " LIMIT %d", MaxWatchCandidates)
	st, err := db.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, fmt.Errorf("archive: prepare watch candidates: %w", err)
	}
	if l.stmts == nil {
		l.stmts = map[int]*sql.Stmt{}
	}
	l.stmts[n] = st
	return st, nil
}

func (l *watchLookups) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for _, st := range l.stmts {
		errs = append(errs, st.Close())
	}
	l.stmts = nil
	return errors.Join(errs...)
}

// WatchState reads a persisted counter (a matcher's watermark); 0 when unset.
func (a *Archive) WatchState(ctx context.Context, key string) (int64, error) {
	var v int64
	err := a.read.QueryRowContext(ctx, `SELECT value FROM watch_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("archive: watch state %s: %w", key, err)
	}
	return v, nil
}

// NewMatches is what RecordMatches commits at once.
type NewMatches struct {
	Matches []Match
	// Events are outbox rows that belong to no match (a volume spike).
	// They are stored only when every key of State grows.
	Events []OutboxItem
	// State is set in watch_state with the matches (a watermark, the day
	// of a spike). Its values only grow: a lower value leaves a key as it
	// is.
	State map[string]int64
}

// RecordMatches stores matches (those already recorded are skipped), an
// outbox row for each channel their watch delivers to, the events and the
// state, in one transaction (RecordMatchesIn). It returns the matches
// stored, with IDs.
func (a *Archive) RecordMatches(ctx context.Context, nm NewMatches) ([]Match, error) {
	var stored []Match
	now := time.Now()
	err := a.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		stored, err = RecordMatchesIn(ctx, matchTx{tx}, nm, now)
		return err
	})
	return stored, err
}

// MatchTx is what RecordMatchesIn needs of a store's transaction: the
// rules are the same on both stores, the SQL is each store's.
type MatchTx interface {
	// Targets returns what each of these watches (sorted ids) delivers
	// to, leaving out those that do not exist (deleted meanwhile).
	Targets(ctx context.Context, watchIDs []string) (map[string]Targets, error)
	// InsertMatch stores m unless its watch matched its article before,
	// and reports whether it did, with m.ID set.
	InsertMatch(ctx context.Context, m *Match) (bool, error)
	// RaiseState sets key to v unless it holds v or more, and reports
	// whether it did.
	RaiseState(ctx context.Context, key string, v int64) (bool, error)
	InsertOutbox(ctx context.Context, o OutboxItem) error
}

// Targets is what a watch delivers to besides its feed.
type Targets struct{ Webhook, Email bool }

// channels are the outbox channels of t.
func (t Targets) channels() []string {
	var chs []string
	if t.Webhook {
		chs = append(chs, ChannelWebhook)
	}
	if t.Email {
		chs = append(chs, ChannelEmail)
	}
	return chs
}

// RecordMatchesIn is RecordMatches on either store, in its transaction
// tx: each match not recorded before (a watch matches an article once)
// is stored with an outbox row for each channel of its watch, a match of
// a deleted watch is dropped, the state keys are raised, and the events
// are stored only when every state key grew. Repeating a call stores
// nothing more, which makes it safe for several matchers (nodes on one
// PostgreSQL database) to record the same articles: a matcher behind
// another does not move the state back, and an event guarded by a state
// key (a spike's day) is stored once. Times left zero become now.
func RecordMatchesIn(ctx context.Context, tx MatchTx, nm NewMatches, now time.Time) ([]Match, error) {
	var watchIDs []string
	for _, m := range nm.Matches {
		watchIDs = append(watchIDs, m.WatchID)
	}
	slices.Sort(watchIDs)
	targets, err := tx.Targets(ctx, slices.Compact(watchIDs))
	if err != nil {
		return nil, err
	}
	var stored []Match
	for _, m := range nm.Matches {
		t, ok := targets[m.WatchID]
		if !ok {
			continue // deleted meanwhile
		}
		if m.MatchedAt.IsZero() {
			m.MatchedAt = now
		}
		if ok, err := tx.InsertMatch(ctx, &m); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue // recorded before
		}
		for _, ch := range t.channels() {
			if err := tx.InsertOutbox(ctx, OutboxItem{WatchID: m.WatchID, Channel: ch, Event: "watch.matches", MatchID: m.ID, CreatedAt: now, NextAt: now}); err != nil {
				return nil, err
			}
		}
		stored = append(stored, m)
	}
	grew := true
	for _, k := range slices.Sorted(maps.Keys(nm.State)) {
		ok, err := tx.RaiseState(ctx, k, nm.State[k])
		if err != nil {
			return nil, err
		}
		grew = grew && ok
	}
	if !grew {
		return stored, nil
	}
	for _, e := range nm.Events {
		if e.CreatedAt.IsZero() {
			e.CreatedAt, e.NextAt = now, now
		}
		if err := tx.InsertOutbox(ctx, e); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// matchTx is RecordMatchesIn's MatchTx on SQLite.
type matchTx struct{ tx *sql.Tx }

func (t matchTx) Targets(ctx context.Context, watchIDs []string) (map[string]Targets, error) {
	out := make(map[string]Targets, len(watchIDs))
	for _, id := range watchIDs {
		var hook, emails string
		err := t.tx.QueryRowContext(ctx, `SELECT webhook_url, email_to FROM watch WHERE id = ?`, id).Scan(&hook, &emails)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("archive: watch %s: %w", id, err)
		}
		out[id] = Targets{Webhook: hook != "", Email: emails != "[]" && emails != ""}
	}
	return out, nil
}

func (t matchTx) InsertMatch(ctx context.Context, m *Match) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `INSERT OR IGNORE INTO watch_match (watch_id, article_id, matched_at, similarity, relation,
		credited, headline_changed, kept, intro, copies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.WatchID, m.ArticleID, timeText(m.MatchedAt), m.Similarity, m.Relation, m.Credited, m.HeadlineChanged, m.Kept, m.Intro, m.Copies)
	if err != nil {
		return false, fmt.Errorf("archive: record match: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return false, fmt.Errorf("archive: record match: %w", err)
	}
	return true, nil
}

func (t matchTx) RaiseState(ctx context.Context, key string, v int64) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `INSERT INTO watch_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value < excluded.value`, key, v)
	if err != nil {
		return false, fmt.Errorf("archive: watch state: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func (t matchTx) InsertOutbox(ctx context.Context, o OutboxItem) error {
	var match any
	if o.MatchID != 0 {
		match = o.MatchID
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO watch_outbox (watch_id, channel, event, match_id, payload, created_at, next_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, o.WatchID, o.Channel, o.Event, match, o.Payload, timeText(o.CreatedAt), timeText(o.NextAt))
	if err != nil {
		return fmt.Errorf("archive: outbox: %w", err)
	}
	return nil
}

const matchCols = `id, watch_id, article_id, matched_at, similarity, relation, credited, headline_changed, kept, intro, copies`

func scanMatch(r rowScanner) (Match, error) {
	var m Match
	var at sql.NullString
	err := r.Scan(&m.ID, &m.WatchID, &m.ArticleID, &at, &m.Similarity, &m.Relation, &m.Credited, &m.HeadlineChanged, &m.Kept, &m.Intro, &m.Copies)
	if err != nil {
		return m, err
	}
	m.MatchedAt, err = decTime(at)
	return m, err
}

// Matches returns a watch's matches with ID > after, oldest first, at most
// limit (clamped to 1..MaxPage).
func (a *Archive) Matches(ctx context.Context, watchID string, after int64, limit int) ([]Match, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	return queryMatches(a.read.QueryContext(ctx, `SELECT `+matchCols+` FROM watch_match WHERE watch_id = ? AND id > ? ORDER BY id LIMIT ?`, watchID, after, limit))
}

// LatestMatches returns a watch's newest matches, newest first (a feed).
func (a *Archive) LatestMatches(ctx context.Context, watchID string, limit int) ([]Match, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	return queryMatches(a.read.QueryContext(ctx, `SELECT `+matchCols+` FROM watch_match WHERE watch_id = ? ORDER BY id DESC LIMIT ?`, watchID, limit))
}

// MatchesByID returns the matches with these ids (missing ones are left out).
func (a *Archive) MatchesByID(ctx context.Context, ids []int64) ([]Match, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return queryMatches(a.read.QueryContext(ctx, `SELECT `+matchCols+` FROM watch_match WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY id`, args...))
}

func queryMatches(rows *sql.Rows, err error) ([]Match, error) {
	if err != nil {
		return nil, fmt.Errorf("archive: matches: %w", err)
	}
	defer rows.Close()
	var out []Match
	for rows.Next() {
		m, err := scanMatch(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: matches: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: matches: %w", err)
	}
	return out, nil
}

// DueOutbox returns undelivered outbox rows of channel due at now, oldest
// first, at most limit.
func (a *Archive) DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]OutboxItem, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, watch_id, channel, event, COALESCE(match_id, 0), payload, created_at, attempts, next_at
		FROM watch_outbox WHERE delivered_at IS NULL AND next_at <= ? AND channel = ? ORDER BY id LIMIT ?`, timeText(now), channel, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var o OutboxItem
		var created, next sql.NullString
		if err := rows.Scan(&o.ID, &o.WatchID, &o.Channel, &o.Event, &o.MatchID, &o.Payload, &created, &o.Attempts, &next); err != nil {
			return nil, fmt.Errorf("archive: outbox: %w", err)
		}
		if o.CreatedAt, err = decTime(created); err == nil {
			o.NextAt, err = decTime(next)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: outbox: %w", err)
	}
	return out, nil
}

// Delivered marks outbox rows delivered and logs the delivery.
func (a *Archive) Delivered(ctx context.Context, ids []int64, d Delivery) error {
	return a.settle(ctx, ids, d, time.Time{})
}

// DeliveryFailed logs a failed delivery and makes the rows due again at next.
func (a *Archive) DeliveryFailed(ctx context.Context, ids []int64, d Delivery, next time.Time) error {
	return a.settle(ctx, ids, d, next)
}

func (a *Archive) settle(ctx context.Context, ids []int64, d Delivery, next time.Time) error {
	return a.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var err error
			if next.IsZero() {
				_, err = tx.ExecContext(ctx, `UPDATE watch_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`, timeText(d.At), id)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE watch_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?`, timeText(next), d.Error, id)
			}
			if err != nil {
				return fmt.Errorf("archive: outbox %d: %w", id, err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO watch_delivery (watch_id, channel, at, items, attempt, status, error)
			SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM watch WHERE id = ?)`,
			d.WatchID, d.Channel, timeText(d.At), d.Items, d.Attempt, d.Status, d.Error, d.WatchID)
		if err != nil {
			return fmt.Errorf("archive: delivery log: %w", err)
		}
		return nil
	})
}

// Deliveries returns a watch's delivery log, newest first, at most limit.
func (a *Archive) Deliveries(ctx context.Context, watchID string, limit int) ([]Delivery, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT channel, at, items, attempt, status, error FROM watch_delivery
		WHERE watch_id = ? ORDER BY id DESC LIMIT ?`, watchID, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d := Delivery{WatchID: watchID}
		var at sql.NullString
		if err := rows.Scan(&d.Channel, &at, &d.Items, &d.Attempt, &d.Status, &d.Error); err != nil {
			return nil, fmt.Errorf("archive: deliveries: %w", err)
		}
		if d.At, err = decTime(at); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: deliveries: %w", err)
	}
	return out, nil
}

// SourceCount counts articles first seen in [from, to) matching the
// watch filters source and agency ("" for any): the volume-spike baseline.
func (a *Archive) SourceCount(ctx context.Context, source, agency string, from, to time.Time) (int64, error) {
	var n int64
	err := a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM article WHERE first_seen_at >= ? AND first_seen_at < ?
		AND (? = '' OR source_id = ?) AND (? = '' OR agency = ?)`, timeText(from), timeText(to), source, source, agency, agency).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("archive: count: %w", err)
	}
	return n, nil
}

// WatchProblems checks the watch tables beyond what the foreign key check
// covers: a matcher watermark ahead of the archive, and outbox rows of a
// match event without their match. One line per problem.
func (a *Archive) WatchProblems(ctx context.Context) ([]string, error) {
	var problems []string
	var top, ahead, orphan int64
	err := a.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM article`).Scan(&top)
	if err == nil {
		err = a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM watch_state WHERE key LIKE 'watermark:%' AND value > ?`, top).Scan(&ahead)
	}
	if err == nil {
		err = a.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM watch_outbox WHERE event = 'watch.matches' AND match_id IS NULL`).Scan(&orphan)
	}
	if err != nil {
		return nil, fmt.Errorf("archive: watch check: %w", err)
	}
	if ahead > 0 {
		problems = append(problems, fmt.Sprintf("watch matcher watermark is ahead of the archive (max seq %d)", top))
	}
	if orphan > 0 {
		problems = append(problems, fmt.Sprintf("%d watch outbox rows owe a match that is gone", orphan))
	}
	return problems, nil
}

// ClusterMatched reports whether a watch already matched an article of
// the cluster: a query watch reports each story once.
func (a *Archive) ClusterMatched(ctx context.Context, watchID, clusterID string) (bool, error) {
	var ok bool
	err := a.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM watch_match m JOIN article a ON a.id = m.article_id
		WHERE m.watch_id = ? AND a.cluster_id = ?)`, watchID, clusterID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("archive: cluster matched: %w", err)
	}
	return ok, nil
}

// Postpone makes outbox rows due at next without counting an attempt: an
// e-mail digest waits for its hour or day.
func (a *Archive) Postpone(ctx context.Context, ids []int64, next time.Time) error {
	return a.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE watch_outbox SET next_at = ? WHERE id = ?`, timeText(next), id); err != nil {
				return fmt.Errorf("archive: outbox %d: %w", id, err)
			}
		}
		return nil
	})
}
