package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/sources"
)

// runSourcesImport is "haberci sources import FILE.opml".
func runSourcesImport(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("sources import", "[--runtime] FILE.opml",
		"Add the feeds of an OPML subscription list as feed sources (ids made from their titles). With --config,\n"+
			"they are appended to that file's sources list, its comments kept; without it they become run-time\n"+
			"sources in the archive (through the daemon's API when one runs). Feeds whose URL is already a\n"+
			"source are skipped.", stdout)
	runtime := fs.Bool("runtime", false, "with --config: add them as run-time sources of its data_dir instead of to the file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources import takes one OPML file"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	feeds, err := config.ParseOPML(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if *cfgPath != "" && !*runtime {
		return importToFile(*cfgPath, pos[0], feeds, stdout)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	return importToArchive(context.Background(), cfg, feeds, stdout)
}

// importToFile appends the feeds that are not sources yet to the config
// file's sources list. A daemon that owns the file's data directory reads
// them on its next reload.
func importToFile(path, opml string, feeds []config.Feed, w io.Writer) error {
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	add, outcomes := sources.PlanFeeds(cfg, feeds)
	var sum importSummary
	for _, o := range outcomes {
		switch {
		case o.Err == nil:
		case errors.Is(o.Err, sources.ErrConflict):
			sum.skipped(w, o.URL, o.Err.Error())
		default:
			sum.refused(w, o.URL, o.Err.Error())
		}
	}
	note := fmt.Sprintf("Imported from %s by 'haberci sources import' on %s.", filepath.Base(opml), time.Now().Format(time.DateOnly))
	if err := config.AppendSources(path, add, note); err != nil {
		return err
	}
	for _, s := range add {
		sum.added(w, s.ID, s.URL)
	}
	if len(add) > 0 && daemonRuns(cfg) {
		tellDaemon(cfg, path, w)
	}
	return sum.finish(w, path)
}

// importToArchive adds the feeds that are not sources yet as run-time
// sources, each as "sources add" would (the registry makes their ids).
func importToArchive(ctx context.Context, cfg *config.Config, feeds []config.Feed, w io.Writer) error {
	store, err := openSourceStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.close()
	var sum importSummary
	for _, feed := range feeds {
		entry := map[string]any{"type": config.TypeFeed, "url": feed.URL}
		if feed.Title != "" {
			entry["name"] = feed.Title
		}
		src, err := store.add(ctx, entry)
		switch {
		case errors.Is(err, sources.ErrConflict):
			sum.skipped(w, feed.URL, err.Error())
		case errors.Is(err, sources.ErrInvalid):
			sum.refused(w, feed.URL, err.Error())
		case err != nil:
			return err
		default:
			sum.added(w, src.ID, src.URL)
		}
	}
	return sum.finish(w, "the archive")
}

// tellDaemon asks the daemon that owns cfg's data directory to reload its
// config file (SIGHUP), or says that it must be reloaded.
func tellDaemon(cfg *config.Config, path string, w io.Writer) {
	pid, ok := servePID(cfg.DataDir)
	if ok && syscall.Kill(pid, syscall.SIGHUP) == nil {
		fmt.Fprintf(w, "asked the daemon (pid %d) to reload its config file: it crawls the new sources if it runs on %s\n", pid, path)
		return
	}
	fmt.Fprintf(w, "a process owns %s: reload the daemon (kill -HUP its pid, or restart it) to crawl the new sources\n", cfg.DataDir)
}

// daemonRuns reports whether a process holds cfg's data directory.
func daemonRuns(cfg *config.Config) bool {
	lock, err := lockDataDir(cfg.DataDir)
	if err == nil {
		lock.release()
	}
	return errors.Is(err, errOwned)
}
