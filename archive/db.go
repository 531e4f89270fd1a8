package archive

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// synchronous is the SQLite durability level of the write connection.
//
// FULL, not NORMAL: in WAL mode NORMAL survives a process kill but may lose
// the last commits on power loss, and this is the store of record. Put
// already fsyncs the WARC file before every commit, so FULL adds one more
// fsync per Put. BenchmarkPut (ext4, 2 cores): FULL ~630 articles/s,
// NORMAL ~710 articles/s; about 12 % for durability, far above crawl rates.
const synchronous = "FULL"

// busyTimeoutMS bounds how long a connection waits for a lock held by
// another connection (the readers during a WAL checkpoint, for instance).
const busyTimeoutMS = "10000"

// openDB opens the database at path. The write handle has one connection,
// starts transactions with BEGIN IMMEDIATE (no deadlock-prone lock upgrade)
// and sets the journal mode; the read handle is a query-only pool.
func openDB(ctx context.Context, path string, write bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", busyTimeoutMS)
	q.Set("_foreign_keys", "1")
	if write {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", synchronous)
		q.Set("_txlock", "immediate")
		// 64 MiB of page cache (the default is 2 MiB): the band and
		// article indexes a Put touches stay in memory instead of costing a
		// read system call per page.
		q.Add("_pragma", "cache_size(-65536)")
		// Each Put runs in a savepoint; its statement journal stays in
		// memory instead of a temporary file written page by page.
		q.Add("_pragma", "temp_store(MEMORY)")
		// Checkpoint the WAL every 10,000 pages (40 MiB) instead of 1,000:
		// the single writer pays for each checkpoint inside a commit, and
		// the index and cluster pages a crawl rewrites again and again are
		// copied back once per checkpoint, not once per 4 MiB.
		// bench/pipeline: 0.38 → 0.40× raw Bleve.
		q.Add("_pragma", "wal_autocheckpoint(10000)")
	} else {
		q.Set("_query_only", "1")
	}
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("archive: open db: %w", err)
	}
	if write {
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	}
	// Connections live as long as the Archive: each one re-runs the pragmas.
	db.SetConnMaxIdleTime(0)
	db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("archive: open db: %w", err)
	}
	return db, nil
}
