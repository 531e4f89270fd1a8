package index

import (
	"context"
	"fmt"
)

// maxIDPage bounds the ids IDs hands over at once.
const maxIDPage = 10000

// IDs calls fn with the id of every indexed article, in slices of at most n
// (default 1000), in the index's own order. It reads one snapshot of the
// index; writes may go on meanwhile. An error from fn stops it.
func (ix *Index) IDs(ctx context.Context, n int, fn func(ids []string) error) error {
	if n <= 0 {
		n = 1000
	}
	n = min(n, maxIDPage)
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("index: ids: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("index: ids: %w", err)
	}
	defer r.Close()
	dr, err := r.DocIDReaderAll()
	if err != nil {
		return fmt.Errorf("index: ids: %w", err)
	}
	defer dr.Close()
	page := make([]string, 0, n)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		iid, err := dr.Next()
		if err != nil {
			return fmt.Errorf("index: ids: %w", err)
		}
		if iid == nil || len(page) == n {
			if len(page) > 0 {
				if err := fn(page); err != nil {
					return err
				}
				page = page[:0]
			}
			if iid == nil {
				return nil
			}
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return fmt.Errorf("index: ids: %w", err)
		}
		page = append(page, id)
	}
}

// Missing returns those of ids that the index does not hold, in the given
// order.
func (ix *Index) Missing(ids []string) ([]string, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: missing: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: missing: %w", err)
	}
	defer r.Close()
	dr, err := r.DocIDReaderOnly(ids)
	if err != nil {
		return nil, fmt.Errorf("index: missing: %w", err)
	}
	defer dr.Close()
	have := make(map[string]bool, len(ids))
	for {
		iid, err := dr.Next()
		if err != nil {
			return nil, fmt.Errorf("index: missing: %w", err)
		}
		if iid == nil {
			break
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return nil, fmt.Errorf("index: missing: %w", err)
		}
		have[id] = true
	}
	var out []string
	for _, id := range ids {
		if !have[id] {
			out = append(out, id)
		}
	}
	return out, nil
}
