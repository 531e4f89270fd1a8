package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
)

// markerFile in a prepared data_dir holds its article count; it is written
// last, so a directory without it is an interrupted preparation.
const markerFile = "LOADTEST-PREPARED"

// catchUpBatch is the index batch size of the pre-build: larger than the
// daemon's (fewer segments to merge), but no larger than one page of
// archive.Since, since CatchUp takes a short page for the end.
const catchUpBatch = archive.MaxPage

// prepare makes dataDir hold n archived and indexed articles, unless a
// previous run already did. It returns how long preparation took (0 when
// reused).
func prepare(ctx context.Context, dataDir, corpus string, n, workers int, log io.Writer) (time.Duration, error) {
	if got, err := os.ReadFile(filepath.Join(dataDir, markerFile)); err == nil {
		if strings.TrimSpace(string(got)) == strconv.Itoa(n) {
			fmt.Fprintf(log, "reusing prepared %s (%d articles)\n", dataDir, n)
			return 0, nil
		}
		return 0, fmt.Errorf("load: %s was prepared for %s articles, not %d", dataDir, strings.TrimSpace(string(got)), n)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) > 0 {
		return 0, fmt.Errorf("load: %s is not empty and not a finished preparation; remove it", dataDir)
	}
	start := time.Now()
	arch, err := archive.Open(ctx, dataDir)
	if err != nil {
		return 0, err
	}
	err = putAll(ctx, arch, corpus, n, workers, log)
	if err == nil {
		err = buildIndex(ctx, arch, filepath.Join(dataDir, "index"), log)
	}
	if cerr := arch.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dataDir, markerFile), []byte(strconv.Itoa(n)+"\n"), 0o644); err != nil {
		return 0, fmt.Errorf("load: %w", err)
	}
	return time.Since(start), nil
}

// putAll streams the corpus as many times as needed (copy k of every file
// before copy k+1) and Puts n articles from several goroutines, so that
// the archive's group commit shares fsyncs between them.
func putAll(ctx context.Context, arch *archive.Archive, corpus string, n, workers int, log io.Writer) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	arts := make(chan *article.Article, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range arts {
				if _, _, err := arch.Put(ctx, a, nil); err != nil {
					cancel(fmt.Errorf("load: put %s: %w", a.URL, err))
					return
				}
			}
		}()
	}
	sent, start := 0, time.Now()
	var err error
	for k := 0; sent < n && err == nil; k++ {
		err = walkCorpus(corpus, func(d doc) error {
			if sent == n {
				return errStop
			}
			select {
			case arts <- newArticle(d, k):
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			if sent++; sent%10000 == 0 {
				fmt.Fprintf(log, "archived %d/%d (%.0f/s)\n", sent, n, float64(sent)/time.Since(start).Seconds())
			}
			return nil
		})
		if err == nil && k == 0 && sent == 0 {
			err = errors.New("load: corpus holds no articles")
		}
	}
	close(arts)
	wg.Wait()
	if err != nil {
		return err
	}
	return context.Cause(ctx)
}

// buildIndex indexes the archive in-process as `haberci serve` would at
// start, so that the daemon under test starts at once.
func buildIndex(ctx context.Context, arch *archive.Archive, dir string, log io.Writer) error {
	ix, err := index.Open(dir)
	if err != nil {
		return err
	}
	start := time.Now()
	done, err := ix.CatchUp(ctx, arch, catchUpBatch, func(n int) {
		if n%10000 < catchUpBatch {
			fmt.Fprintf(log, "indexed %d (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
		}
	})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "index built: %d articles in %s\n", done, time.Since(start).Round(time.Second))
	return nil
}
