package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	"github.com/haberci/haberci/archive"
)

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("backup", "DIR", "Copy data_dir into DIR (new or empty) consistently, also while 'haberci serve' runs:\n"+
		"a snapshot of the SQLite archive and the WARC files it refers to. DIR is a working data_dir\n"+
		"(the search index is rebuilt on first use); restore by pointing data_dir at it.", stdout)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"backup takes one argument, the target directory"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	// No lock: the backup reads the archive read-only beside a running daemon.
	st, err := archive.Backup(ctx, cfg.DataDir, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %d articles and %d WARC files (%d bytes) to %s in %s\n",
		st.Articles, st.WARCFiles, st.WARCBytes, pos[0], time.Since(start).Round(time.Millisecond))
	return nil
}
