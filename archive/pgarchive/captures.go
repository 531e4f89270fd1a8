package pgarchive

import (
	"context"
	"fmt"

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
	caps, err := s.writer.Durable(ctx, resps)
	if err != nil {
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
