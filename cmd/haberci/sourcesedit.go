package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/haberci/haberci/api"
)

// runSourcesAdd is "haberci sources add": one run-time source.
func runSourcesAdd(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("sources add", "--url URL [--type TYPE] [--id ID] [--name NAME] [--schedule SPEC] [--links SEL] [--next SEL]",
		"Add a source at run time (through the daemon's API when one runs). It is checked with the config file's rules,\n"+
			"kept in the archive and crawled at once; it may not reach loopback or private addresses unless\n"+
			"allow_private_sources is true.", stdout)
	fields := map[string]*string{
		"url":      fs.String("url", "", "`URL` of the feed, list page, sitemap or site (required)"),
		"type":     fs.String("type", "feed", "`TYPE`: feed, html, sitemap or auto"),
		"id":       fs.String("id", "", "`ID`, a slug (default: made from --name, else from the URL's host)"),
		"name":     fs.String("name", "", "display `NAME` (default: the id)"),
		"schedule": fs.String("schedule", "", "cron `SPEC` or \"@every 15m\" (default \"@every 15m\")"),
		"links":    fs.String("links", "", "html: `SELECTOR` of the article links on the list page"),
		"next":     fs.String("next", "", "html: `SELECTOR` of the next-page link"),
	}
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"sources add takes no arguments; use --url URL"}
	}
	if *fields["url"] == "" {
		return usageError{"sources add needs --url"}
	}
	entry := map[string]string{}
	for k, v := range fields {
		if *v != "" {
			entry[k] = *v
		}
	}
	var src api.SourceResponse
	if err := sourcesCall(*cfgPath, http.MethodPost, "/api/v1/sources", entry, &src); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s (%s) %s, schedule %s\n", src.ID, src.Type, src.URL, src.Schedule)
	return nil
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
	var src api.SourceResponse
	if err := sourcesCall(*cfgPath, http.MethodPost, "/api/v1/sources/"+url.PathEscape(pos[0])+"/"+verb, nil, &src); err != nil {
		return err
	}
	state := "running"
	if src.Paused {
		state = "paused"
	}
	fmt.Fprintf(stdout, "%s: %s\n", src.ID, state)
	return nil
}

// sourcesCall makes one request of the sources API. A refusal of the
// input (400) is a usage error: the flags said something wrong.
func sourcesCall(cfgPath, method, target string, in, out any) error {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	sa, err := openSourcesAPI(ctx, cfg)
	if err != nil {
		return err
	}
	defer sa.close()
	err = sa.call(ctx, method, target, in, out)
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusBadRequest {
		return usageError{ae.msg}
	}
	return err
}
