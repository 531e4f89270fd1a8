package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"slices"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/sources"
)

func runCrawl(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("crawl", "[--source ID]...", "Crawl the sources once (all, or those named), index what was new, print a summary per source.", stdout)
	var only stringList
	fs.Var(&only, "source", "crawl only this source `ID` (repeatable)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"crawl takes no arguments; use --source ID"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := newLogger(stderr, cfg.LogFormat, slog.LevelWarn)
	a, err := openApp(ctx, cfg, stderr, false)
	if errors.Is(err, errOwned) {
		return crawlThroughDaemon(ctx, cfg, only, stdout)
	}
	if err != nil {
		return err
	}
	defer a.close()
	reg := sources.New(cfg, a.arch, nil, log)
	all, paused, err := reg.Runnable(ctx)
	if err != nil {
		return err
	}
	srcs, err := pickSources(all, paused, only)
	if err != nil {
		return usageError{err.Error()}
	}
	bar := newBar(stderr, int64(len(srcs)), "crawling")
	c := crawler.New(cfg, a.arch, log, nil, crawlerOptions(cfg, a.arch, reg)...)
	sums := c.RunAll(ctx, srcs, func(crawler.Summary) { _ = bar.Add(1) })
	_ = bar.Finish()
	// Then the articles due for a revisit, all of them, batch by batch.
	var revisitErr error
	for ctx.Err() == nil {
		s, err := c.Revisit(ctx, all, paused...)
		if err != nil {
			revisitErr = fmt.Errorf("revisit: %w", err)
		}
		if err != nil || s.Due < crawler.RevisitBatch {
			break
		}
	}
	if err := a.catchUp(context.WithoutCancel(ctx), stderr); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	printSummaries(stdout, sums)
	if revisitErr != nil {
		return revisitErr
	}
	failed := 0
	for _, s := range sums {
		if s.Error != "" {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources failed", failed, len(sums))
	}
	return nil
}

// pickSources returns the named sources, or all but the paused ones: a
// pause holds the scheduled runs, a source named here runs all the same.
func pickSources(all []config.Source, paused, ids []string) ([]config.Source, error) {
	var out []config.Source
	if len(ids) == 0 {
		for _, s := range all {
			if !slices.Contains(paused, s.ID) {
				out = append(out, s)
			}
		}
		return out, nil
	}
	for _, id := range ids {
		i := slices.IndexFunc(all, func(s config.Source) bool { return s.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("unknown source %q", id)
		}
		out = append(out, all[i])
	}
	return out, nil
}

func printSummaries(w io.Writer, sums []crawler.Summary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tITEMS\tNEW\tSEEN\tROBOTS\tFAILED\tTIME\tERROR")
	for _, s := range sums {
		items := fmt.Sprint(s.Items)
		if s.NotModified {
			items = "304"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Source, items, s.New, s.Seen, s.Disallowed, s.Failed,
			s.Duration.Round(time.Millisecond), s.Error)
	}
	tw.Flush()
}
