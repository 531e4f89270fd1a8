package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// execer is what the write helpers need: a *sql.Tx, a cachedTx, or (for
// reads only) a *sql.DB.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmtCache holds the write connection's prepared Put statements.
// Compiling the SQL was a visible share of a Put's CPU time, and every Put
// runs the same few statements. They are prepared when the archive opens,
// while the one write connection is free: preparing on the handle inside a
// transaction would wait for that very connection. The map is read-only
// afterwards.
type stmtCache map[string]*sql.Stmt

// prepareAll prepares queries on db.
func prepareAll(ctx context.Context, db *sql.DB, queries []string) (stmtCache, error) {
	c := stmtCache{}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("archive: prepare: %w", err)
		}
		c[q] = st
	}
	return c, nil
}

// close closes every statement.
func (c stmtCache) close() error {
	var errs []error
	for _, st := range c {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}

// cachedTx runs a transaction's statements through the cache; database/sql
// reuses a statement already prepared on the transaction's connection (and
// prepares it there if the connection was replaced). Queries not in the
// cache run as plain statements.
type cachedTx struct {
	tx    *sql.Tx
	cache stmtCache
}

// ExecContext executes query within the transaction.
func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st, ok := t.cache[query]; ok {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext queries with the cached statement for query within the
// transaction.
func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := t.cache[query]; ok {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query within the transaction.
func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := t.cache[query]; ok {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
