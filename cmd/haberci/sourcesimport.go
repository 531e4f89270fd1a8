package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
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
// file's sources list.
func importToFile(path, opml string, feeds []config.Feed, w io.Writer) error {
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	have := newURLSet()
	taken := map[string]bool{}
	for _, s := range cfg.Sources {
		have.add(s.URL, s.ID)
		taken[s.ID] = true
	}
	var add []config.Source
	var sum importSummary
	for _, feed := range feeds {
		if id, dup := have.holder(feed.URL); dup {
			sum.skipped(w, feed.URL, "already source "+id)
			continue
		}
		id := config.UniqueID(config.IDBase(feed.Title, feed.URL), taken)
		name := feed.Title
		if name == "" {
			name = id
		}
		src := config.NewFeedSource(id, name, feed.URL)
		if err := checkEntry(src); err != nil {
			sum.refused(w, feed.URL, err.Error())
			continue
		}
		taken[id] = true
		have.add(feed.URL, id)
		add = append(add, src)
	}
	note := fmt.Sprintf("Imported from %s by 'haberci sources import' on %s.", filepath.Base(opml), time.Now().Format(time.DateOnly))
	if err := config.AppendSources(path, add, note); err != nil {
		return err
	}
	for _, s := range add {
		sum.added(w, s.ID, s.URL)
	}
	return sum.finish(w, path)
}

// importToArchive adds the feeds that are not sources yet as run-time
// sources; the API makes their ids.
func importToArchive(ctx context.Context, cfg *config.Config, feeds []config.Feed, w io.Writer) error {
	sa, err := openSourcesAPI(ctx, cfg)
	if err != nil {
		return err
	}
	defer sa.close()
	var list api.SourcesResponse
	if err := sa.call(ctx, http.MethodGet, "/api/v1/sources", nil, &list); err != nil {
		return err
	}
	have := newURLSet()
	for _, s := range list.Sources {
		have.add(s.URL, s.ID)
	}
	var sum importSummary
	for _, feed := range feeds {
		if id, dup := have.holder(feed.URL); dup {
			sum.skipped(w, feed.URL, "already source "+id)
			continue
		}
		entry := map[string]string{"type": config.TypeFeed, "url": feed.URL} // the API makes the id, as IDBase does
		if feed.Title != "" {
			entry["name"] = feed.Title
		}
		var src api.SourceResponse
		err := sa.call(ctx, http.MethodPost, "/api/v1/sources", entry, &src)
		var ae *apiError
		switch {
		case errors.As(err, &ae) && ae.status == http.StatusConflict:
			sum.skipped(w, feed.URL, ae.msg)
		case errors.As(err, &ae) && ae.status == http.StatusBadRequest:
			sum.refused(w, feed.URL, ae.msg)
		case err != nil:
			return err
		default:
			have.add(feed.URL, src.ID)
			sum.added(w, src.ID, src.URL)
		}
	}
	return sum.finish(w, "the archive")
}
