package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
)

// Copying the watches of a SQLite archive (CopyFrom's last part, after the
// articles): watches with their bands, matches, outbox rows (delivered or
// not), the delivery log and the matchers' state. Matches, outbox rows and
// log entries keep their ids, so an API client paging a watch's matches
// by id goes on where it was; the identities then continue after them.
// A watch's AfterSeq and a matcher's watermark ("watermark:" keys) are
// Seqs, which each store numbers itself: they are mapped through the
// article that has the Seq. Rows are written page by page, each page in
// one transaction, and a row already copied is left as it is (outbox rows
// and state are updated), so a run after an interrupted one copies only
// the rest.

// watermarkPrefix starts the watch_state keys whose values are Seqs.
const watermarkPrefix = "watermark:"

// errNotCopied is what mapping a Seq gives when its article is not here.
var errNotCopied = errors.New("not copied")

// seqMap maps the SQLite archive's Seqs to this store's.
type seqMap struct {
	s    *Store
	from *archive.Archive
	memo map[int64]int64
}

// of returns this store's Seq of the article with SQLite Seq seq, 0 for 0.
// A Seq above the SQLite archive's last (a watermark ahead, which check
// reports) maps to this store's last.
func (m *seqMap) of(ctx context.Context, seq int64) (int64, error) {
	if seq <= 0 {
		return 0, nil
	}
	if v, ok := m.memo[seq]; ok {
		return v, nil
	}
	arts, err := m.from.Since(ctx, seq-1, 1)
	if err != nil {
		return 0, err
	}
	var v int64
	switch {
	case len(arts) == 1 && arts[0].Seq == seq:
		err = m.s.pool.QueryRow(ctx, `SELECT seq FROM article_cursor WHERE article_id = $1`, arts[0].ID).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			err = fmt.Errorf("%w: article %s", errNotCopied, arts[0].ID)
		}
	case len(arts) == 0:
		v, err = m.s.MaxSeq(ctx)
	default:
		err = fmt.Errorf("no article has Seq %d", seq)
	}
	if err != nil {
		return 0, fmt.Errorf("pgarchive: copy: Seq %d: %w", seq, err)
	}
	m.memo[seq] = v
	return v, nil
}

// sequenceAll runs the sequencer until it numbers nothing more (each run
// numbers at most sequenceBatch changes).
func (s *Store) sequenceAll(ctx context.Context) error {
	last := int64(-1)
	for {
		if err := s.sequence(ctx); err != nil {
			return err
		}
		var seq int64
		if err := s.pool.QueryRow(ctx, `SELECT seq FROM change_position`).Scan(&seq); err != nil {
			return fmt.Errorf("pgarchive: sequence: %w", err)
		}
		if seq == last {
			return nil
		}
		last = seq
	}
}

// copyWatches copies the watches and what hangs on them; seqs must see
// every article copied.
func (s *Store) copyWatches(ctx context.Context, from *archive.Archive, size int, seqs *seqMap, note func(string, *int64, int), rep *CopyReport) error {
	// Seqs are mapped through the copied articles' numbers.
	if err := s.sequenceAll(ctx); err != nil {
		return err
	}
	ws, err := from.Watches(ctx, "")
	if err != nil {
		return err
	}
	for page := range slices.Chunk(ws, size) {
		b := &pgx.Batch{}
		for _, w := range page {
			bands, err := from.WatchBandsOf(ctx, w.ID)
			if err != nil {
				return err
			}
			if w.AfterSeq, err = seqs.of(ctx, w.AfterSeq); err != nil {
				return err
			}
			queueWatch(b, w, bands)
		}
		if err := s.sendPage(ctx, "watches", b); err != nil {
			return err
		}
		note("watches", &rep.Watches, len(page))
	}
	for _, w := range ws {
		for after := int64(0); ; {
			ms, err := from.Matches(ctx, w.ID, after, size)
			if err != nil || len(ms) == 0 {
				if err != nil {
					return err
				}
				break
			}
			b := &pgx.Batch{}
			for _, m := range ms {
				b.Queue(`INSERT INTO watch_match (`+matchCols+`) OVERRIDING SYSTEM VALUE
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
					m.ID, m.WatchID, m.ArticleID, micro(m.MatchedAt), m.Similarity, m.Relation, m.Credited, m.HeadlineChanged, m.Kept, m.Intro, m.Copies)
			}
			if err := s.sendPage(ctx, "matches", b); err != nil {
				return err
			}
			after = ms[len(ms)-1].ID
			note("matches", &rep.Matches, len(ms))
		}
	}
	for after := int64(0); ; {
		rows, err := from.OutboxAfter(ctx, after, size)
		if err != nil || len(rows) == 0 {
			if err != nil {
				return err
			}
			break
		}
		b := &pgx.Batch{}
		for _, o := range rows {
			var match *int64
			if o.MatchID != 0 {
				match = &o.MatchID
			}
			b.Queue(`INSERT INTO watch_outbox (id, watch_id, channel, event, match_id, payload, created_at, attempts, next_at, delivered_at, last_error)
				OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
				ON CONFLICT (id) DO UPDATE SET attempts = excluded.attempts, next_at = excluded.next_at,
					delivered_at = excluded.delivered_at, last_error = excluded.last_error`,
				o.ID, o.WatchID, o.Channel, o.Event, match, o.Payload, o.CreatedAt, o.Attempts, o.NextAt, nullTime(o.DeliveredAt), o.LastError)
		}
		if err := s.sendPage(ctx, "outbox", b); err != nil {
			return err
		}
		after = rows[len(rows)-1].ID
		note("outbox", &rep.Outbox, len(rows))
	}
	for after := int64(0); ; {
		rows, err := from.DeliveriesAfter(ctx, after, size)
		if err != nil || len(rows) == 0 {
			if err != nil {
				return err
			}
			break
		}
		b := &pgx.Batch{}
		for _, d := range rows {
			b.Queue(`INSERT INTO watch_delivery (id, watch_id, channel, at, items, attempt, status, error)
				OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
				d.ID, d.WatchID, d.Channel, d.At, d.Items, d.Attempt, d.Status, d.Error)
		}
		if err := s.sendPage(ctx, "deliveries", b); err != nil {
			return err
		}
		after = rows[len(rows)-1].ID
		note("deliveries", &rep.Deliveries, len(rows))
	}
	states, err := mappedStates(ctx, from, seqs)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	for k, v := range states {
		b.Queue(`INSERT INTO watch_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
	}
	// The identities go on after the copied ids.
	for _, table := range []string{"watch_match", "watch_outbox", "watch_delivery"} {
		b.Queue(`SELECT setval(pg_get_serial_sequence('` + table + `', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ` + table + `), false)`)
	}
	return s.sendPage(ctx, "watch state", b)
}

// mappedStates is the SQLite archive's watch state with its watermarks
// mapped to this store's Seqs.
func mappedStates(ctx context.Context, from *archive.Archive, seqs *seqMap) (map[string]int64, error) {
	states, err := from.WatchStates(ctx)
	if err != nil {
		return nil, err
	}
	for k, v := range states {
		if len(k) > len(watermarkPrefix) && k[:len(watermarkPrefix)] == watermarkPrefix {
			if states[k], err = seqs.of(ctx, v); err != nil {
				return nil, err
			}
		}
	}
	return states, nil
}

func queueWatch(b *pgx.Batch, w archive.Watch, bands archive.WatchBands) {
	b.Queue(`INSERT INTO watch (`+watchCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (id) DO NOTHING`,
		w.ID, w.Name, w.Kind, w.ArticleID, w.URL, w.Query, w.Source, w.Agency, w.Title, w.Body, nonNil(w.Credit), w.FeedToken,
		w.WebhookURL, w.WebhookSecret, nonNil(w.EmailTo), w.EmailEvery, micro(w.CreatedAt), w.AfterSeq)
	fams, bs, vals := bandColumns(bands)
	b.Queue(sqlInsertWatchBands+` ON CONFLICT DO NOTHING`, fams, bs, vals, w.ID)
}

// verifyWatches compares the watches and what hangs on them with the
// SQLite archive's: every watch field for field (times at microseconds,
// AfterSeq mapped), its bands and matches (ids included), every outbox row
// and the state (watermarks mapped); the delivery log by count.
func (s *Store) verifyWatches(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	seqs := &seqMap{s: s, from: from, memo: map[int64]int64{}}
	if err := s.sequenceAll(ctx); err != nil {
		return err
	}
	err := s.verifyWatchRows(ctx, from, seqs, bad)
	if errors.Is(err, errNotCopied) {
		bad("watches not verified: %v", err)
		return nil
	}
	return err
}

func (s *Store) verifyWatchRows(ctx context.Context, from *archive.Archive, seqs *seqMap, bad func(string, ...any)) error {
	ws, err := from.Watches(ctx, "")
	if err != nil {
		return err
	}
	var matches int64
	for _, want := range ws {
		if want.AfterSeq, err = seqs.of(ctx, want.AfterSeq); err != nil {
			return err
		}
		want.CreatedAt = micro(want.CreatedAt)
		want.Credit, want.EmailTo = nonNil(want.Credit), nonNil(want.EmailTo)
		got, err := s.Watch(ctx, want.ID)
		if err != nil {
			bad("watch %s: %v", want.ID, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			bad("watch %s differs:\n  sqlite   %+v\n  postgres %+v", want.ID, want, got)
		}
		wantBands, err := from.WatchBandsOf(ctx, want.ID)
		if err != nil {
			return err
		}
		if gotBands, err := s.watchBands(ctx, want.ID); err != nil {
			return err
		} else if !reflect.DeepEqual(gotBands, wantBands) {
			bad("watch %s: bands differ", want.ID)
		}
		for after := int64(0); ; {
			wantMs, err := from.Matches(ctx, want.ID, after, MaxPage)
			if err != nil || len(wantMs) == 0 {
				if err != nil {
					return err
				}
				break
			}
			gotMs, err := s.Matches(ctx, want.ID, after, MaxPage)
			if err != nil {
				return err
			}
			for i := range wantMs {
				wantMs[i].MatchedAt = micro(wantMs[i].MatchedAt)
			}
			if !reflect.DeepEqual(gotMs, wantMs) {
				bad("watch %s: matches after %d differ", want.ID, after)
			}
			matches += int64(len(wantMs))
			after = wantMs[len(wantMs)-1].ID
		}
	}
	if err := s.verifyCount(ctx, "watch", int64(len(ws)), bad); err != nil {
		return err
	}
	if err := s.verifyCount(ctx, "watch_match", matches, bad); err != nil {
		return err
	}
	if err := s.verifyOutbox(ctx, from, bad); err != nil {
		return err
	}
	var deliveries int64
	for after := int64(0); ; {
		rows, err := from.DeliveriesAfter(ctx, after, MaxPage)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		deliveries += int64(len(rows))
		after = rows[len(rows)-1].ID
	}
	if err := s.verifyCount(ctx, "watch_delivery", deliveries, bad); err != nil {
		return err
	}
	want, err := mappedStates(ctx, from, seqs)
	if err != nil {
		return err
	}
	rows, err := s.pool.Query(ctx, `SELECT key, value FROM watch_state`)
	if err != nil {
		return fmt.Errorf("pgarchive: verify: %w", err)
	}
	got := map[string]int64{}
	var k string
	var v int64
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error { got[k] = v; return nil }); err != nil {
		return fmt.Errorf("pgarchive: verify: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		bad("watch state differs: sqlite %v, postgres %v", want, got)
	}
	return nil
}

func (s *Store) verifyOutbox(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var n int64
	for after := int64(0); ; {
		page, err := from.OutboxAfter(ctx, after, MaxPage)
		if err != nil || len(page) == 0 {
			if err == nil {
				err = s.verifyCount(ctx, "watch_outbox", n, bad)
			}
			return err
		}
		rows, err := s.pool.Query(ctx, `SELECT id, watch_id, channel, event, coalesce(match_id, 0), payload, created_at, attempts,
			next_at, delivered_at, last_error FROM watch_outbox WHERE id > $1 AND id <= $2 ORDER BY id`, after, page[len(page)-1].ID)
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.OutboxRow, error) {
			var o archive.OutboxRow
			var delivered *time.Time
			err := r.Scan(&o.ID, &o.WatchID, &o.Channel, &o.Event, &o.MatchID, &o.Payload, &o.CreatedAt, &o.Attempts, &o.NextAt, &delivered, &o.LastError)
			o.CreatedAt, o.NextAt, o.DeliveredAt = o.CreatedAt.UTC(), o.NextAt.UTC(), utc(delivered)
			return o, err
		})
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		for i := range page {
			o := &page[i]
			o.CreatedAt, o.NextAt, o.DeliveredAt = micro(o.CreatedAt), micro(o.NextAt), micro(o.DeliveredAt)
		}
		if !reflect.DeepEqual(got, page) {
			bad("outbox rows %d to %d differ", page[0].ID, page[len(page)-1].ID)
		}
		n += int64(len(page))
		after = page[len(page)-1].ID
	}
}

// watchBands reads a watch's bands as archive.Archive.WatchBandsOf does.
func (s *Store) watchBands(ctx context.Context, id string) (archive.WatchBands, error) {
	rows, err := s.pool.Query(ctx, `SELECT family, band, value FROM watch_band WHERE watch_id = $1 ORDER BY family, band`, id)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watch bands: %w", err)
	}
	out := archive.WatchBands{}
	var family, band int16
	var v int64
	_, err = pgx.ForEachRow(rows, []any{&family, &band, &v}, func() error {
		out.Set(int(family), int(band), uint64(v))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: watch bands: %w", err)
	}
	return out, nil
}
