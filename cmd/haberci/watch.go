package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/haberci/haberci/watch"
)

var watchCommands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"add":     runWatchAdd,
	"ls":      runWatchList,
	"show":    runWatchShow,
	"rm":      runWatchRemove,
	"matches": runWatchMatches,
}

// runWatch is "haberci watch COMMAND": watches go through the daemon's API
// when one runs, else through the watch package on the stores (watchStore).
func runWatch(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if sub, ok := watchCommands[args[0]]; ok {
			return sub(args[1:], stdout, stderr)
		}
	}
	fs, _ := newFlags("watch", "add|ls|show|rm|matches …",
		"Watch a release (an archived article, a page, pasted text) or a search and get told where it is carried:\n"+
			"'haberci watch COMMAND --help' for add, ls, show ID, rm ID and matches ID [--csv].", stdout)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"watch needs a command: add, ls, show, rm or matches"}
	}
	return usageError{fmt.Sprintf("unknown watch command %q (want add, ls, show, rm or matches)", pos[0])}
}

func runWatchAdd(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("watch add", "--name NAME (--article ID | --url URL | --text FILE|- | --query QUERY) [flags]",
		"Create a watch. A release watch (--article, --url, --text) matches every archived article that copies or\n"+
			"rewrites the release, now and as articles arrive; a query watch (--query) matches new articles of a search,\n"+
			"one per story. Matches go to the watch's Atom feed and, when given, a webhook and e-mail.", stdout)
	name := fs.String("name", "", "the watch's `NAME` (required)")
	articleID := fs.String("article", "", "watch the archived article `ID`")
	pageURL := fs.String("url", "", "watch the release at `URL` (fetched and extracted now)")
	textFile := fs.String("text", "", "watch the release text in `FILE` (- for standard input)")
	title := fs.String("title", "", "with --text: the release's `HEADLINE`")
	query := fs.String("query", "", "watch new articles matching `QUERY`")
	source := fs.String("source", "", "only articles of source `ID`")
	agency := fs.String("agency", "", "only articles crediting `AGENCY`; a release copy naming it counts as credited")
	credit := fs.String("credit", "", "comma-separated `NAMES` a credited copy names (the releasing body)")
	hookURL := fs.String("webhook", "", "POST matches to `URL` (signed, see README)")
	secret := fs.String("secret", "", "the webhook's signing `SECRET` (16 bytes or more)")
	email := fs.String("email", "", "comma-separated `ADDRESSES` that get e-mail (needs smtp: in the config)")
	every := fs.String("every", "now", "e-mail as matches come (`now`) or as an hourly or daily digest (hour, day)")
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"watch add takes flags only"}
	}
	sp := watch.Spec{Name: *name, ArticleID: *articleID, URL: *pageURL, Title: *title, Query: *query, Source: *source,
		Agency: *agency, Credit: splitList(*credit)}
	if *textFile != "" {
		b, err := readInput(*textFile)
		if err != nil {
			return err
		}
		sp.Text = string(b)
	}
	if *hookURL != "" {
		sp.Webhook = &watch.Webhook{URL: *hookURL, Secret: *secret}
	}
	if *email != "" {
		sp.Email = &watch.Email{To: splitList(*email), Every: *every}
	}
	var w watch.Response
	err := withWatchStore(*cfgPath, stderr, true, func(ctx context.Context, st *watchStore) (err error) {
		w, err = st.create(ctx, sp)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, w)
	}
	fmt.Fprintf(stdout, "watch %s (%s) created\nfeed: %s\n", w.ID, w.Kind, w.FeedURL)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runWatchList(args []string, stdout, stderr io.Writer) error {
	fs, cfgPath := newFlags("watch ls", "[--json]", "List the watches.", stdout)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"watch ls takes no arguments"}
	}
	var res watch.ListResponse
	err := withWatchStore(*cfgPath, stderr, false, func(ctx context.Context, st *watchStore) (err error) {
		res, err = st.list(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, res)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tWATCHES\tFEED")
	for _, w := range res.Watches {
		what := w.ArticleID
		switch {
		case w.Query != "":
			what = "query: " + w.Query
		case what == "" && w.URL != "":
			what = w.URL
		case what == "":
			what = "text: " + w.Title
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", w.ID, w.Kind, w.Name, what, w.FeedURL)
	}
	return tw.Flush()
}

// oneWatch parses "watch CMD ID".
func oneWatch(cmd, help string, args []string, stdout io.Writer, more func(*flag.FlagSet)) (string, *string, error) {
	usage := "ID"
	if more != nil {
		usage = "[flags] ID"
	}
	fs, cfgPath := newFlags("watch "+cmd, usage, help, stdout)
	if more != nil {
		more(fs)
	}
	pos, err := parse(fs, args)
	if err != nil {
		return "", nil, err
	}
	if len(pos) != 1 {
		return "", nil, usageError{"watch " + cmd + " takes one watch ID"}
	}
	return pos[0], cfgPath, nil
}

func runWatchShow(args []string, stdout, stderr io.Writer) error {
	id, cfgPath, err := oneWatch("show", "Show a watch and its delivery log as JSON.", args, stdout, nil)
	if err != nil {
		return err
	}
	return withWatchStore(*cfgPath, stderr, false, func(ctx context.Context, st *watchStore) error {
		w, err := st.show(ctx, id)
		if err != nil {
			return err
		}
		return printJSON(stdout, w)
	})
}

func runWatchRemove(args []string, stdout, stderr io.Writer) error {
	id, cfgPath, err := oneWatch("rm", "Delete a watch with its matches and pending deliveries.", args, stdout, nil)
	if err != nil {
		return err
	}
	err = withWatchStore(*cfgPath, stderr, false, func(ctx context.Context, st *watchStore) error {
		return st.remove(ctx, id)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "watch %s deleted\n", id)
	return nil
}

func runWatchMatches(args []string, stdout, stderr io.Writer) error {
	var asCSV *bool
	id, cfgPath, err := oneWatch("matches", "List a watch's matches, oldest first, as JSON or (--csv) CSV.", args, stdout, func(fs *flag.FlagSet) {
		asCSV = fs.Bool("csv", false, "print CSV (cells a spreadsheet would run as formulas are defused)")
	})
	if err != nil {
		return err
	}
	return withWatchStore(*cfgPath, stderr, false, func(ctx context.Context, st *watchStore) error {
		return st.matches(ctx, id, *asCSV, stdout)
	})
}
