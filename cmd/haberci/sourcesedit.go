package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/sources"
)

// entryFlags are the keys of a sources entry as flags of add and edit.
func entryFlags(fs *flag.FlagSet, typeDefault string) map[string]*string {
	return map[string]*string{
		"url":      fs.String("url", "", "`URL` of the feed, list page, sitemap or site"),
		"type":     fs.String("type", "", "`TYPE`: feed, html, sitemap or auto"+typeDefault),
		"id":       fs.String("id", "", "`ID`, a slug (default: made from --name, else from the URL's host)"),
		"name":     fs.String("name", "", "display `NAME` (default: the id)"),
		"schedule": fs.String("schedule", "", "cron `SPEC` or \"@every 15m\" (default \"@every 15m\"; at least min_schedule_interval apart)"),
		"links":    fs.String("links", "", "html: `SELECTOR` of the article links on the list page"),
		"next":     fs.String("next", "", "html: `SELECTOR` of the next-page link"),
	}
}

// runSourcesAdd is "haberci sources add": one run-time source.
func runSourcesAdd(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("sources add", "--url URL [--type TYPE] [--id ID] [--name NAME] [--schedule SPEC] [--links SEL] [--next SEL]",
		"Add a source at run time (through the daemon's API when one runs). It is checked with the config file's rules,\n"+
			"kept in the archive and crawled at once; it may not reach loopback or private addresses unless\n"+
			"allow_private_sources is true. Without --type, --links or --next make it an html source, else a feed.", stdout)
	fields := entryFlags(fs, " (default: html with --links or --next, else feed)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"sources add takes no arguments; use --url URL"}
	}
	if *fields["url"] == "" {
		return usageError{"sources add needs --url"}
	}
	if *fields["type"] == "" {
		*fields["type"] = config.TypeFeed
		if *fields["links"] != "" || *fields["next"] != "" {
			*fields["type"] = config.TypeHTML
		}
	}
	entry := map[string]any{}
	for k, v := range fields {
		if *v != "" {
			entry[k] = *v
		}
	}
	return withSources(*cfgPath, func(ctx context.Context, s *sourceStore) error {
		src, err := s.add(ctx, entry)
		if err == nil {
			fmt.Fprintf(stdout, "added %s (%s) %s, schedule %s\n", src.ID, src.Type, src.URL, src.Schedule)
		}
		return err
	})
}

// runSourcesEdit is "haberci sources edit ID": change a run-time source.
func runSourcesEdit(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("sources edit", "ID [--url URL] [--type TYPE] [--name NAME] [--schedule SPEC] [--links SEL] [--next SEL]",
		"Change a source added at run time (through the daemon's API when one runs): the flags given replace\n"+
			"those keys, an empty value drops a key back to its default; the whole entry is checked again.\n"+
			"Sources of the config file are changed in the file.", stdout)
	fields := entryFlags(fs, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources edit takes one source ID"}
	}
	patch := map[string]any{}
	fs.Visit(func(f *flag.Flag) {
		if v, ok := fields[f.Name]; ok {
			patch[f.Name] = *v
			if *v == "" {
				patch[f.Name] = nil
			}
		}
	})
	if len(patch) == 0 {
		return usageError{"sources edit: nothing to change (give --url, --type, --name, --schedule, --links or --next)"}
	}
	return withSources(*cfgPath, func(ctx context.Context, s *sourceStore) error {
		src, err := s.edit(ctx, pos[0], patch)
		if err == nil {
			fmt.Fprintf(stdout, "changed %s (%s) %s, schedule %s\n", src.ID, src.Type, src.URL, src.Schedule)
		}
		return err
	})
}

// runSourcesRemove is "haberci sources rm ID".
func runSourcesRemove(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("sources rm", "ID",
		"Remove a source added at run time: it is no longer listed or crawled. Its articles stay in the archive.", stdout)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources rm takes one source ID"}
	}
	return withSources(*cfgPath, func(ctx context.Context, s *sourceStore) error {
		err := s.remove(ctx, pos[0])
		if err == nil {
			fmt.Fprintf(stdout, "removed %s (its articles stay in the archive)\n", pos[0])
		}
		return err
	})
}

// runSourcesPause is "haberci sources pause ID"; resume is its mirror.
func runSourcesPause(args []string, stdout, stderr io.Writer) error {
	return setPaused("pause", "Pause a source: its scheduled runs stop until 'haberci sources resume ID', also across restarts.", args, stdout)
}

func runSourcesResume(args []string, stdout, stderr io.Writer) error {
	return setPaused("resume", "Resume a paused source: its schedule runs it again.", args, stdout)
}

func setPaused(verb, help string, args []string, stdout io.Writer) error {
	fs, cfgPath := newFlags("sources "+verb, "ID", help, stdout)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources " + verb + " takes one source ID"}
	}
	return withSources(*cfgPath, func(ctx context.Context, s *sourceStore) error {
		src, err := s.setPaused(ctx, pos[0], verb == "pause")
		if err == nil {
			fmt.Fprintf(stdout, "%s: %s\n", src.ID, pausedWord(src))
		}
		return err
	})
}

func pausedWord(src api.SourceResponse) string {
	if src.Paused {
		return "paused"
	}
	return "running"
}

// withSources runs fn on the sources of the config at cfgPath. A refusal
// of the input is a usage error: the flags said something wrong.
func withSources(cfgPath string, fn func(context.Context, *sourceStore) error) error {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	s, err := openSourceStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.close()
	err = fn(ctx, s)
	if errors.Is(err, sources.ErrInvalid) {
		return usageError{err.Error()}
	}
	return err
}
