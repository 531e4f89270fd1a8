package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/haberci/haberci/archive"
)

// datedLayout names a dated backup (backup --dated): UTC, sortable as text.
const datedLayout = "2006-01-02T150405Z"

// errBackupPostgres is backup's answer with database: set.
var errBackupPostgres = errors.New("backup copies the SQLite archive of data_dir; with database: the archive is in PostgreSQL: " +
	"back it up with PostgreSQL's own tools (pg_dump, or base backups with WAL archiving) and copy warc_dir beside it")

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("backup", "[--dated [--keep N]] DIR", "Copy data_dir into DIR (new or empty) consistently, also while 'haberci serve' runs:\n"+
		"a snapshot of the SQLite archive and the WARC files it refers to. DIR is a working data_dir\n"+
		"(the search index is rebuilt on first use); restore by pointing data_dir at it.\n"+
		"With --dated, DIR holds the backups: each run writes DIR/YYYY-MM-DDTHHMMSSZ (UTC), and\n"+
		"--keep N then removes all but the newest N of those dated directories (nothing else).", stdout)
	dated := fs.Bool("dated", false, "write into a new directory named for the current UTC time under DIR")
	keep := fs.Int("keep", 0, "with --dated: keep the newest `N` dated backups in DIR, remove older ones (0 keeps all)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usageError{"backup takes one argument, the target directory"}
	case *keep < 0:
		return usageError{"--keep takes a count of backups, 0 or more"}
	case *keep > 0 && !*dated:
		return usageError{"--keep needs --dated: only dated backups are ever removed"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if cfg.Database != "" {
		return errBackupPostgres
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	dir := pos[0]
	if *dated {
		dir = filepath.Join(pos[0], start.UTC().Format(datedLayout))
	}
	// No lock: the backup reads the archive read-only beside a running daemon.
	st, err := archive.Backup(ctx, cfg.DataDir, cfg.WARC(), dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %d articles and %d WARC files (%d bytes) to %s in %s\n",
		st.Articles, st.WARCFiles, st.WARCBytes, dir, time.Since(start).Round(time.Millisecond))
	if *keep > 0 {
		removed, err := pruneBackups(pos[0], *keep)
		for _, r := range removed {
			fmt.Fprintf(stdout, "removed the older backup %s\n", r)
		}
		if err != nil {
			return fmt.Errorf("backup done, but removing older ones failed: %w", err)
		}
	}
	return nil
}

// pruneBackups removes all but the newest keep dated backups in parent and
// returns the paths it removed. Only directories whose whole name is a
// datedLayout time are counted or touched.
func pruneBackups(parent string, keep int) ([]string, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, err
	}
	var dated []string
	for _, e := range entries {
		if _, err := time.Parse(datedLayout, e.Name()); err == nil && e.IsDir() {
			dated = append(dated, e.Name())
		}
	}
	slices.Sort(dated) // the layout sorts as time
	var removed []string
	var errs []error
	for _, name := range dated[:max(0, len(dated)-keep)] {
		path := filepath.Join(parent, name)
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}
