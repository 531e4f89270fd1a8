package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/pgarchive"
)

func runMigrate(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("migrate", "--to postgres://…", "Copy the SQLite archive in data_dir (sources with their fetch state, clusters,\n"+
		"articles, captures, the revisit schedule, article versions, watches) into a PostgreSQL\n"+
		"database, then compare the two: every article field for field (times at microseconds),\n"+
		"every cluster, fetch state, revisit, version and watch, the captures' number and bytes.\n"+
		"With --warc-dir, the WARC files the captures are in are copied there too (a file already\n"+
		"there whole is skipped) and every capture is read back from there.\n"+
		"Needs the daemon stopped and no node writing to the database. Interrupted, it continues\n"+
		"where it stopped when run again.\n"+
		"Exits 0 when the copy is whole, 1 when differences remain.", stdout)
	to := fs.String("to", "", "the PostgreSQL database `URL` (postgres://user@host/db) to copy into")
	warcDir := fs.String("warc-dir", "", "the nodes' warc_dir: copy the archive's WARC files into `DIR` (nothing to copy when it is the archive's own)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"migrate takes no arguments"}
	}
	if !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return usageError{"--to needs a postgres:// URL"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	lock, err := lockDataDir(cfg.DataDir)
	if errors.Is(err, errOwned) {
		return fmt.Errorf("migrate needs the data directory to itself; stop the daemon first (%w)", err)
	}
	if err != nil {
		return err
	}
	defer lock.release()
	from, err := archive.Open(ctx, cfg.DataDir, archive.WithWARCDir(cfg.WARC()), archive.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	if err != nil {
		return err
	}
	defer from.Close()
	var opts []pgarchive.Option
	if *warcDir != "" {
		opts = append(opts, pgarchive.WithWARCDir(*warcDir))
	}
	dst, err := pgarchive.Open(ctx, *to, opts...)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	progress := stdoutIfTerminal(stderr)
	rep, err := dst.CopyFrom(ctx, from, func(what string, n int64) { fmt.Fprintf(progress, "\r%s: %d copied ", what, n) })
	fmt.Fprintln(progress)
	if err != nil {
		return fmt.Errorf("copy stopped (run migrate again to continue): %w", err)
	}
	fmt.Fprintf(stdout, "copied %d sources, %d clusters, %d articles, %d captures, %d revisits, %d article versions, %d watches (%d matches, %d outbox rows, %d deliveries) in %s\n",
		rep.Sources, rep.Clusters, rep.Articles, rep.Captures, rep.Revisits, rep.Versions, rep.Watches, rep.Matches, rep.Outbox, rep.Deliveries,
		time.Since(start).Round(time.Millisecond))
	if *warcDir != "" {
		st, err := from.CopyWARC(ctx, *warcDir, func(name string, _ bool) { fmt.Fprintf(progress, "\rWARC files: %s ", name) })
		fmt.Fprintln(progress)
		if err != nil {
			return fmt.Errorf("copy stopped (run migrate again to continue): %w", err)
		}
		fmt.Fprintf(stdout, "copied %d WARC files (%d bytes) into %s, %d there already\n", st.Files, st.Bytes, *warcDir, st.Skipped)
	}
	problems, err := dst.VerifyCopy(ctx, from)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if *warcDir != "" {
		unread := 0
		n, err := dst.VerifyCaptures(ctx, func(p archive.CaptureProblem) {
			if unread++; unread <= maxListed {
				problems = append(problems, fmt.Sprintf("capture %d (%s) does not read back from %s: %v", p.RowID, p.Capture.URL, p.Capture.WARCFile, p.Err))
			}
		})
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		fmt.Fprintf(stdout, "read %d captures back from %s: %d do not read back\n", n, *warcDir, unread)
		if unread > maxListed {
			problems = append(problems, fmt.Sprintf("%d more captures do not read back", unread-maxListed))
		}
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "difference:", p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d difference(s) between the archive and the database", len(problems))
	}
	fmt.Fprintln(stdout, "verified: the database holds every article, cluster, source, capture, revisit, article version and watch of the archive")
	return nil
}
