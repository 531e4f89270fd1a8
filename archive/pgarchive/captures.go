package pgarchive

import (
	"context"
	"fmt"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// AddCaptures archives responses that belong to no new article, such as a
// feed document or a list page: WARC first (fsynced), then the capture
// rows.
func (s *Store) AddCaptures(ctx context.Context, sourceID string, resps []article.Response) error {
	if sourceID == "" {
		return fmt.Errorf("%w: captures need a source ID", ErrInvalid)
	}
	if len(resps) == 0 {
		return nil
	}
	if s.warc == nil {
		return ErrNoWARC
	}
	recs, err := encodeWARC(resps)
	if err != nil {
		return err
	}
	caps, err := s.appendWARC(ctx, recs)
	if err != nil {
		return err
	}
	if err := s.syncWARC(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(sqlEnsureSource, sourceID)
		queueCaptures(b, "", sourceID, caps)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("pgarchive: captures of %s: %w", sourceID, err)
		}
		return nil
	})
}

// encodeWARC renders and compresses the responses as WARC records, in the
// caller's goroutine.
func encodeWARC(resps []article.Response) ([]*warc.Encoded, error) {
	recs := make([]*warc.Encoded, 0, len(resps))
	for _, r := range resps {
		rec, err := warc.Encode(r)
		if err != nil {
			return nil, fmt.Errorf("pgarchive: %w", err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// appendWARC appends encoded records to this node's file, not yet durable.
// Capture times are kept as PostgreSQL keeps them.
func (s *Store) appendWARC(ctx context.Context, recs []*warc.Encoded) ([]article.Capture, error) {
	caps := make([]article.Capture, 0, len(recs))
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pgarchive: %w", err)
		}
		c, err := s.warc.Append(rec)
		if err != nil {
			return nil, storageErr(fmt.Errorf("pgarchive: %w", err))
		}
		c.FetchedAt = micro(c.FetchedAt)
		caps = append(caps, c)
	}
	return caps, nil
}

// syncWARC makes every record written so far durable.
func (s *Store) syncWARC() error {
	if err := s.warc.Sync(); err != nil {
		return storageErr(fmt.Errorf("pgarchive: %w", err))
	}
	return nil
}
