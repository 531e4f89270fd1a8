package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"
)

func runReindex(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("reindex", "", "Rebuild the search index from the archive, with a progress bar. No daemon may run.", stdout)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"reindex takes no arguments"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	a, err := openApp(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer a.close()
	n, err := a.ix.Count()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "indexed %d articles in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
