package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/sources"
)

// app is an opened data directory: the lock, the store of record (the
// SQLite archive, or PostgreSQL with database:) and the index.
type app struct {
	cfg  *config.Config
	lock *dirLock
	arch store
	ix   *index.Index
}

// openApp takes the data directory, opens the archive and the index, and
// brings the index up to the archive (rebuilding it when it is missing or its
// mapping changed, or from scratch when fresh). Progress goes to
// progressOut when it is a terminal.
func openApp(ctx context.Context, cfg *config.Config, progressOut io.Writer, fresh bool) (*app, error) {
	lock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, lock: lock}
	// The command's logger (serve and crawl make theirs slog's default).
	log := slog.Default()
	if a.arch, err = openStore(ctx, cfg, log); err != nil {
		a.close()
		return nil, err
	}
	// After the archive opened: one that is refused (a newer schema) keeps
	// its index too.
	if fresh {
		if err := os.RemoveAll(indexDir(cfg)); err != nil {
			a.close()
			return nil, err
		}
	}
	if err = a.arch.SyncSources(ctx, sources.Rows(cfg)); err != nil {
		a.close()
		return nil, err
	}
	if a.ix, err = openIndex(indexDir(cfg), log); err != nil {
		a.close()
		return nil, err
	}
	if err = a.catchUp(ctx, progressOut); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

func indexDir(cfg *config.Config) string { return filepath.Join(cfg.DataDir, "index") }

// openIndex opens the index, starting afresh when its mapping changed: the
// index is derived, the archive is the truth.
func openIndex(dir string, log *slog.Logger) (*index.Index, error) {
	ix, err := index.Open(dir, index.WithLogger(log))
	if errors.Is(err, index.ErrMappingChanged) {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		ix, err = index.Open(dir, index.WithLogger(log))
	}
	return ix, err
}

// catchUp indexes what the archive holds beyond the index's watermark.
func (a *app) catchUp(ctx context.Context, out io.Writer) error {
	mark, err := a.ix.Watermark()
	if err != nil {
		return err
	}
	top, err := a.arch.LastChange(ctx)
	if err != nil || top <= mark {
		return err
	}
	bar := newBar(out, top-mark, "indexing")
	_, err = a.ix.CatchUp(ctx, a.arch, 500, func(n int) { _ = bar.Add(n) })
	_ = bar.Finish()
	return err
}

func (a *app) close() {
	if a.ix != nil {
		a.ix.Close()
	}
	if a.arch != nil {
		a.arch.Close()
	}
	a.lock.release()
}

// newBar draws a progress bar on a terminal and nothing elsewhere.
func newBar(out io.Writer, total int64, what string) *progressbar.ProgressBar {
	if !isTerminal(out) {
		return progressbar.DefaultSilent(total, what)
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(out), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
