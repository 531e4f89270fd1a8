package pgarchive

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// Nodes starting together on an empty database migrate it once: every
// Open succeeds and the version is the program's.
func TestOpenConcurrentMigrates(t *testing.T) {
	ctx := context.Background()
	_, url := open(t)
	const nodes = 6
	var wg sync.WaitGroup
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Go(func() {
			s, err := Open(ctx, url)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version, rows int
	if err := s.pool.QueryRow(ctx, `SELECT max(version), count(*) FROM schema_version`).Scan(&version, &rows); err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) || rows != 1 {
		t.Errorf("schema_version: version %d in %d rows, want %d in 1", version, rows, len(migrations))
	}
}

// A database migrated by a newer program is refused, not downgraded.
func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	s, url := open(t)
	if _, err := s.pool.Exec(ctx, `UPDATE schema_version SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(ctx, url); err == nil {
		s2.Close()
		t.Fatal("opened a database with a newer schema")
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://[::1"); !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid", err)
	}
}
